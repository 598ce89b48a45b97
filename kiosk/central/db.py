"""Engines, sessions and migrations for the central database.

PostgreSQL (``postgresql+psycopg://…``) in production; SQLite (``sqlite:///…``) to try it. SQLite
gets WAL, ``synchronous=FULL``, foreign keys and ``BEGIN IMMEDIATE`` transactions: several request
threads write at once, and a deferred transaction that later wants to write would fail with
"database is locked" instead of waiting for the busy timeout.

Engines hide SQL parameters in error messages (``hide_parameters``): a logged traceback of a
failed insert must never carry a NIK or an account number.

PostgreSQL connections are pinged at checkout only when they sat unused in the pool for more than
``PING_AFTER_IDLE_S`` (SQLAlchemy's ``pool_pre_ping`` pings at every checkout: a round trip per
checkout, several per request on a busy worker, for connections used a few milliseconds before).
A connection that idled may have been closed by a server restart or an idle timeout, and is
replaced before any request uses it; a busy connection is one a request just used. If the server
goes away while connections are busy, the request that meets the dead connection fails and
SQLAlchemy invalidates every connection the pool held (its disconnect handling): the next
requests get fresh ones.

Migrations are the central's own Alembic scripts (:mod:`kiosk.central.migrations`, version table
``central_alembic_version``), run programmatically. On PostgreSQL an advisory lock makes processes
that start together migrate one after the other; within one process a lock does the same, because
Alembic's ``context`` is a module-level global and not thread-safe.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, exc, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

if TYPE_CHECKING:
    import psycopg

VERSION_TABLE = "central_alembic_version"
_MIGRATION_LOCK = 7_301_946_001  # pg_advisory_lock key: "central migrations"
_IN_PROCESS = threading.Lock()
PING_AFTER_IDLE_S = 10.0
_LAST_USED = "kiosk_last_used"  # ConnectionPoolEntry.info key: time.monotonic() of its checkin


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str) -> Engine:
    if is_sqlite(url):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20, hide_parameters=True)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection at checkout only if it idled more than ``PING_AFTER_IDLE_S``."""

    def used(_dbapi_connection: object, entry: ConnectionPoolEntry) -> None:
        entry.info[_LAST_USED] = time.monotonic()

    def checkout(
        dbapi_connection: Any, entry: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        if time.monotonic() - entry.info.get(_LAST_USED, 0.0) <= PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
            dbapi_connection.rollback()  # out of the ping's transaction: checked out idle
        except engine.dialect.loaded_dbapi.Error as error:
            # the pool drops this connection and checks out another (up to three tries)
            raise exc.DisconnectionError("idle connection is gone") from error
        entry.info[_LAST_USED] = time.monotonic()

    event.listen(engine, "connect", used)
    event.listen(engine, "checkin", used)
    event.listen(engine, "checkout", checkout)


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        "busy_timeout=30000",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(bind: Engine | Connection) -> sessionmaker[Session]:
    """Sessions on the engine's pool, or all on one checked-out connection (each still commits)."""
    return sessionmaker(bind, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any exception."""
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def database_session(url: str) -> Iterator[Session]:
    """A committing session on the database at ``url`` (migrated first), for one CLI command:
    the engine lives as long as the session."""
    engine = open_database(url)
    try:
        with session_scope(session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def psycopg_connection(session: Session) -> psycopg.Connection[Any]:
    """The psycopg connection under a PostgreSQL session, for statements SQLAlchemy would slow
    down; they run inside the session's transaction (commit and rollback stay the session's)."""
    import psycopg

    connection = session.connection().connection.driver_connection
    if not isinstance(connection, psycopg.Connection):
        raise TypeError("not a PostgreSQL (psycopg) session")
    return connection


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with _IN_PROCESS, engine.connect() as connection:
        dialect = connection.dialect.name
        if dialect == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
            connection.commit()
        elif dialect == "sqlite":
            _sqlite_pragma(connection, "foreign_keys=OFF")
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
            if dialect == "sqlite" and _sqlite_pragma(connection, "foreign_key_check"):
                raise RuntimeError(
                    "the central database holds rows whose referenced rows are missing "
                    "(PRAGMA foreign_key_check lists them)"
                )
        finally:
            if dialect == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
                connection.commit()
            elif dialect == "sqlite":
                connection.rollback()
                _sqlite_pragma(connection, "foreign_keys=ON")


def _sqlite_pragma(connection: Connection, pragma: str) -> list[tuple]:
    """A PRAGMA on the raw connection, outside any transaction (SQLite ignores ``foreign_keys``
    inside one). Batch migrations rebuild a table (copy, drop, rename): with foreign keys on,
    dropping a table other tables refer to fails, so they are off while migrating and checked
    afterwards, SQLite's own procedure for such changes (``lang_altertable``)."""
    raw = connection.connection.dbapi_connection
    assert isinstance(raw, sqlite3.Connection)
    return list(raw.execute(f"PRAGMA {pragma}").fetchall())


def open_database(url: str, *, run_migrations: bool = True) -> Engine:
    engine = make_engine(url)
    if run_migrations:
        migrate(engine)
    return engine
