"""The PostgreSQL pool pings a connection only when it idled (kiosk.central.db._ping_when_idle):
a connection the server closed while it sat in the pool is replaced at checkout, and a connection
used a moment ago is handed out without a round trip."""

from __future__ import annotations

import time

import psycopg
import pytest
from sqlalchemy import text

from kiosk.central import db

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _backend_pid(engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(pid: int) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        gone = "SELECT count(*) FROM pg_stat_activity WHERE pid = %s"
        while admin.execute(gone, (pid,)).fetchone() != (0,):
            time.sleep(0.01)


def test_an_idle_connection_the_server_closed_is_replaced(
    pg_database_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = db.make_engine(pg_database_factory())
    try:
        first = _backend_pid(engine)
        _terminate(first)
        monkeypatch.setattr(db, "PING_AFTER_IDLE_S", -1.0)  # every checkout counts as idle
        assert _backend_pid(engine) != first  # no error: the dead connection was replaced
    finally:
        engine.dispose()


def test_a_connection_used_a_moment_ago_is_not_pinged(
    pg_database_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = db.make_engine(pg_database_factory())
    try:
        pings: list[object] = []
        monkeypatch.setattr(engine.dialect, "do_ping", pings.append)
        _backend_pid(engine)
        _backend_pid(engine)
        assert pings == []
    finally:
        engine.dispose()
