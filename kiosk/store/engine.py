"""The SQLite engine of the kiosk: one file, WAL, fsync on every commit.

Pragmas are set on *every* new DBAPI connection by a ``connect`` event listener (a pool may open
connections at any time, and pragmas are per connection):

- ``journal_mode=WAL``: readers never block the writer; a crash leaves the last committed state.
- ``synchronous=FULL``: the WAL is fsync'd at each commit. A printed receipt promises that the
  record exists, also after a power cut, so the ~0.3 ms fsync per commit is paid on purpose.
- ``foreign_keys=ON``: SQLite's default is off.
- ``busy_timeout``: a second writer (UI thread pool, sync thread, CLI) waits instead of failing.
- ``secure_delete=FAST``: overwritten and deleted cells are zeroed in their page (no extra I/O),
  so a redacted name does not linger in the file's free space.

Transactions: the pysqlite driver's own implicit BEGIN is switched off (``isolation_level=None``)
and SQLAlchemy's ``begin`` event emits ``BEGIN`` itself, so DDL is transactional (migrations roll
back as a whole). Writing transactions start with ``BEGIN IMMEDIATE`` (see :func:`immediate`): a
deferred transaction that reads first and writes later can fail with ``SQLITE_BUSY`` without
waiting when another connection committed in between; taking the write lock up front makes the
busy handler apply instead.

Storage faults: a ``handle_error`` listener turns SQLite's "database or disk is full", "attempt to
write a readonly database", "disk I/O error", "unable to open database file" and "database is
locked" (after the busy timeout) into a named :class:`~kiosk.errors.StorageFault`, wherever they
happen: a statement, the ``COMMIT`` (where a full disk usually shows), a new connection's pragmas.
Anything else stays SQLAlchemy's own error. Parameters are never part of an error's text
(``hide_parameters``): they hold names and identifiers, and errors reach the logs.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext

from kiosk.errors import StorageFault, storage_fault
from kiosk.store.connection import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS  # home: connection
from kiosk.store.connection import configure

_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("kiosk_immediate", default=False)


@contextlib.contextmanager
def immediate() -> Iterator[None]:
    """Transactions begun inside this block take SQLite's write lock at ``BEGIN``."""
    token = _immediate.set(True)
    try:
        yield
    finally:
        _immediate.reset(token)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    configure(dbapi_connection, BUSY_TIMEOUT_MS)  # the pragmas (see the module docstring)


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


def _name_storage_fault(context: ExceptionContext) -> StorageFault | None:
    """SQLAlchemy raises the returned exception instead of its own (chained ``from`` it)."""
    return storage_fault(context.original_exception)


def make_engine(database: Path) -> Engine:
    """An engine on ``database`` with the kiosk's pragmas on every connection.

    The file is made (or tightened to) 0600 before SQLite opens it: SQLite gives its ``-wal`` and
    ``-shm`` files the database's own mode, so they are owner-only too."""
    from kiosk.config import owner_only

    database = Path(database)
    if os.name != "nt" and database.parent.is_dir():
        if not database.exists():
            os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
        for part in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            owner_only(part)
    engine = create_engine(
        f"sqlite:///{Path(database)}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        pool_pre_ping=False,
        hide_parameters=True,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "handle_error", _name_storage_fault)
    return engine


def pragmas(engine: Engine) -> dict[str, Any]:
    """The pragmas a connection of ``engine`` runs with (for tests and diagnostics)."""
    with engine.connect() as conn:
        return {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
