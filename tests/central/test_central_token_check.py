"""kiosk.central.token_check: one rule for the device token on both databases (the same answers
for the same headers on SQLite and PostgreSQL), and on PostgreSQL a lost server costs one request,
not one per pooled connection."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine, text

from kiosk.central import admin, db
from kiosk.central.http_errors import ApiError
from kiosk.central.token_check import AuthedKiosk, kiosk_of_token
from tests.central.helpers import Central

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def engine(central: Central) -> Iterator[Engine]:
    made = db.make_engine(central.db_url)
    yield made
    made.dispose()


def _refusal(engine: Engine, authorization: str | None) -> str:
    with pytest.raises(ApiError) as refused:
        kiosk_of_token(engine, authorization)
    assert refused.value.status == 401
    return refused.value.code


def test_the_same_answers_on_either_database(central: Central, engine: Engine) -> None:
    kiosk = central.enroll()
    revoked = central.enroll()
    admin.revoke_kiosk(central.db_url, revoked.name)
    authed = kiosk_of_token(engine, f"Bearer {kiosk.token}")
    assert isinstance(authed, AuthedKiosk)
    assert (authed.id, authed.name, authed.code) == (kiosk.kiosk_id, kiosk.name, kiosk.kiosk_code)
    (mpp_id,) = central.sql("SELECT mpp_id FROM central_kiosks WHERE id = :k", k=kiosk.kiosk_id)
    assert authed.mpp_id == mpp_id[0]
    assert kiosk_of_token(engine, f"bearer  {kiosk.token} ") == authed  # scheme, spaces
    assert _refusal(engine, f"Bearer {revoked.token}") == "auth.revoked"
    for header in (
        None,
        "",
        "Bearer",
        "Bearer unknown",
        f"Basic {kiosk.token}",
        "Bearer " + "x" * 201,
    ):
        assert _refusal(engine, header) == "auth.invalid", header


def _backend_pids(engine: Engine, count: int) -> list[int]:
    """Check ``count`` connections out at once (so the pool holds that many), note their server
    processes, and give them back."""
    connections = [engine.connect() for _ in range(count)]
    try:
        return [int(c.execute(text("SELECT pg_backend_pid()")).scalar_one()) for c in connections]
    finally:
        for connection in connections:
            connection.close()


def _terminate(pids: list[int]) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as server:
        for pid in pids:
            server.execute("SELECT pg_terminate_backend(%s)", (pid,))
        gone = "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)"
        while server.execute(gone, (pids,)).fetchone() != (0,):
            time.sleep(0.01)


@pytest.mark.postgres
def test_a_lost_server_fails_one_check_then_the_pool_is_fresh(pg_database_factory) -> None:
    url = pg_database_factory()
    engine = db.open_database(url)
    try:
        pids = _backend_pids(engine, 3)  # used a moment ago: no ping at the next checkouts
        _terminate(pids)
        with pytest.raises(psycopg.OperationalError):
            kiosk_of_token(engine, "Bearer not-a-token")  # this request meets the dead server
        for _ in range(3):  # the next ones get fresh connections, not the pool's other dead ones
            assert _refusal(engine, "Bearer not-a-token") == "auth.invalid"
    finally:
        engine.dispose()
