"""The typed base of the :class:`~kiosk.store.Store`: what every part of the store shares.

``Store`` is assembled from mixins (writes, bulk, reads, search, outbox, settings, retention),
one module per concern. Each mixin inherits :class:`StoreCore`, so what they share is declared
once and typed: the data folder's ``paths``, the key ring ``keys``, the SQLite ``engine``, the
session contexts ``_write()`` / ``_read()``, the reference data ``_reference()``, the save path's
cache of known name words ``_known_terms``, and :meth:`StoreCore.set_status` (used by the writes
and by the outbox). A mixin never reaches into another mixin; what two of them need lives here.

Invariants:

- Every call opens its own short session from the engine's pool (thread-safe); ``_write()``
  takes SQLite's write lock at ``BEGIN`` (``BEGIN IMMEDIATE``, see :mod:`kiosk.store.engine`),
  so writers serialise on the busy timeout instead of failing midway.
- Sessions do not expire loaded objects at commit: rows read in a session stay usable after it.
- ``_known_terms`` is only ever replaced by a new frozenset (after a commit), never mutated, so
  readers in other threads never see it change under them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.config import Paths
from kiosk.domain.model import Status, utcnow
from kiosk.security.keys import KeyRing
from kiosk.store import codec
from kiosk.store.engine import immediate
from kiosk.store.models import RegistrationRow

if TYPE_CHECKING:
    from kiosk.reference import Reference


class StoreCore:
    """One data folder's engine, keys and sessions; the base of every ``Store`` mixin."""

    def __init__(self, paths: Paths, keys: KeyRing, engine: Engine) -> None:
        self.paths = paths
        self.keys = keys
        self.engine = engine
        self.last_backup: Path | None = None
        self._known_terms: frozenset[str] = frozenset()  # name words known to be stored

    def close(self) -> None:
        self.engine.dispose()

    def _reference(self) -> Reference:
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

    # -- shared by writes and outbox --------------------------------------------------------------
    def set_status(
        self, session: Session, row: RegistrationRow, status: Status, reason: str
    ) -> None:
        """Change status (and verdict reason) in the column and in the sealed JSON alike."""
        now = utcnow()
        row.sealed = codec.restamp_status(
            self.keys, row.id, row.sealed, Status(status).value, reason, now
        )
        row.status, row.updated_at = str(status), now
