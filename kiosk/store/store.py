"""The :class:`Store` facade: one object per data directory, shared by the UI, sync and CLI.

It composes the mixins of this package (writes, reads, search, outbox, settings) over one engine
and one key ring; the contract other parts code against is in ``docs/dev/CONTRACTS.md``.
Thread-safe: every call opens its own short session from the engine's pool; writers serialise on
SQLite's write lock (``BEGIN IMMEDIATE`` with a busy timeout).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.config import Paths, resolve_data_dir
from kiosk.security.keys import KeyRing
from kiosk.store import migrate
from kiosk.store.bulk import BulkMixin
from kiosk.store.engine import immediate, make_engine
from kiosk.store.outbox import OutboxMixin
from kiosk.store.reads import ReadsMixin
from kiosk.store.retention import RetentionMixin
from kiosk.store.search import SearchMixin
from kiosk.store.settings import SettingsMixin, ensure_identity
from kiosk.store.writes import WritesMixin


class Store(
    WritesMixin, BulkMixin, ReadsMixin, SearchMixin, OutboxMixin, SettingsMixin, RetentionMixin
):
    def __init__(self, paths: Paths, keys: KeyRing, engine: Engine) -> None:
        self.paths = paths
        self.keys = keys
        self.engine = engine
        self.last_backup: Path | None = None
        self._known_terms: frozenset[str] = frozenset()  # name words known to be stored

    @classmethod
    def open(cls, data_dir: str | Path | None = None, *, migrate_to: str = "head") -> Store:
        """Open (creating if needed) the store in ``data_dir`` and bring its schema to head.

        An existing database that needs an upgrade is first backed up (SQLite backup API) into
        ``<data dir>/backups``. ``migrate_to`` exists for the migration tests.
        """
        paths = Paths(resolve_data_dir(data_dir))
        keys = KeyRing.load_or_create(paths.keys)
        engine = make_engine(paths.database)
        try:
            backup = migrate.upgrade(engine, paths.backups, target=migrate_to)
            store = cls(paths, keys, engine)
            store.last_backup = backup
            with store._write() as session:
                ensure_identity(session)
        except BaseException:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _reference(self):  # type: ignore[no-untyped-def]
        """Reference data for validation (this data dir's updates win; the domain caches it)."""
        from kiosk.reference import Reference

        return Reference.load(self.paths.root)

    # -- sessions ---------------------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """A session for other parts' tables; commits on success, rolls back on error.

        ``write=True`` (default) takes the write lock at BEGIN (see :mod:`kiosk.store.engine`).
        """
        with self._write() if write else self._read() as session:
            yield session

    @contextlib.contextmanager
    def _write(self) -> Iterator[Session]:
        with immediate(), Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextlib.contextmanager
    def _read(self) -> Iterator[Session]:
        # Closing (not rolling back) ends the read transaction and keeps loaded attributes usable.
        with Session(self.engine, expire_on_commit=False) as session:
            yield session
