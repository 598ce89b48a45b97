"""The settings of every connection to the kiosk's database, for SQLAlchemy's pool and plain
``sqlite3`` alike (standard library only).

:mod:`kiosk.store.engine` applies :func:`configure` to each connection its pool opens; the log-in
before the store opens (:mod:`kiosk.staff.early_login`) applies it to its own short connection, so
a write from either is as durable as the other (``synchronous=FULL``: the WAL is fsync'd at every
commit) and waits on the same busy timeout. Why each pragma: see :mod:`kiosk.store.engine`.
"""

from __future__ import annotations

import sqlite3

BUSY_TIMEOUT_MS = 10_000


def configure(dbapi_connection: sqlite3.Connection, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """The kiosk's pragmas on a new connection; the driver's implicit BEGIN switched off."""
    dbapi_connection.isolation_level = None  # BEGIN is emitted by the caller
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = FAST")  # zero deleted cells (names, redactions)
    finally:
        cursor.close()
