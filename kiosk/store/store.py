"""The :class:`Store` facade: one object per data directory, shared by the UI, sync and CLI.

It composes the mixins of this package (writes, bulk, imports, reads, search, outbox, settings,
retention); each inherits :class:`~kiosk.store.core.StoreCore`, which holds the one engine, the key
ring and the session contexts they share, so the mixins call each other through typed attributes.
Thread-safe: every call opens its own short session from the engine's pool; writers serialise on
SQLite's write lock (``BEGIN IMMEDIATE`` with a busy timeout).
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Paths, resolve_data_dir
from kiosk.security.datakey import Unlock
from kiosk.security.keys import KeyRing
from kiosk.store import migrate
from kiosk.store.bulk import BulkMixin
from kiosk.store.engine import make_engine
from kiosk.store.imports import ImportsMixin
from kiosk.store.outbox import OutboxMixin
from kiosk.store.reads import ReadsMixin
from kiosk.store.retention import RetentionMixin
from kiosk.store.search import SearchMixin
from kiosk.store.settings import SettingsMixin, ensure_identity
from kiosk.store.writes import WritesMixin


class Store(
    WritesMixin,
    BulkMixin,
    ImportsMixin,
    ReadsMixin,
    SearchMixin,
    OutboxMixin,
    SettingsMixin,
    RetentionMixin,
):
    """One data folder's store; the shared state and sessions are in :class:`StoreCore`."""

    @classmethod
    def open(
        cls,
        data_dir: str | Path | None = None,
        *,
        migrate_to: str = "head",
        unlock: Unlock | None = None,
    ) -> Store:
        """Open (creating if needed) the store in ``data_dir`` and bring its schema to head.

        An existing database that needs an upgrade is first backed up (SQLite backup API) into
        ``<data dir>/backups``. ``migrate_to`` exists for the migration tests. ``unlock`` gives
        the data key's passphrase when the kiosk keeps it so (:mod:`kiosk.security.datakey`).
        """
        paths = Paths(resolve_data_dir(data_dir))
        with migrate.open_lock(paths.root):  # another process may be opening it right now
            keys = KeyRing.load_or_create(paths.keys, unlock)
            engine = make_engine(paths.database)
            try:
                backup = migrate.upgrade(engine, paths.backups, target=migrate_to, keys=keys)
                store = cls(paths, keys, engine)
                store.last_backup = backup
                with store._write() as session:
                    ensure_identity(session)
            except BaseException:
                engine.dispose()
                raise
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
