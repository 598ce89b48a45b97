"""Fixtures for the central's tests: one real central per backend (SQLite and PostgreSQL).

Every test module runs against both backends (``central`` is parametrised). PostgreSQL gets a fresh
database ``kiosk_test_<random>`` created and dropped through psycopg on the ``postgres`` database;
without a server the PostgreSQL half skips locally and fails under ``CI=true``. The central is a
real uvicorn server on loopback (:func:`kiosk.central.server.start_in_thread`), driven with httpx.
Tests keep apart by enrolling their own kiosks at their own MPPs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.central.helpers import Central
from tests.conftest import require_service

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN):
            return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_database_factory() -> Iterator:
    """Creates fresh PostgreSQL databases; drops every one of them at the end of the run."""
    import psycopg

    created: list[str] = []

    def create() -> str:
        require_service(postgres_available(), "PostgreSQL at 127.0.0.1:5432")
        name = f"kiosk_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"

    yield create
    if created:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            for name in created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(backend: str, folder: Path, pg_factory) -> str:
    if backend == "postgres":
        return pg_factory()
    return f"sqlite:///{folder / 'central.sqlite3'}"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def central(request, tmp_path_factory, pg_database_factory) -> Iterator[Central]:
    folder = tmp_path_factory.mktemp(f"central-{request.param}")
    url = database_url(request.param, folder, pg_database_factory)
    with Central.start(url, folder, backend=request.param) as running:
        yield running


@pytest.fixture
def make_central(tmp_path, pg_database_factory, request) -> Iterator:
    """Start an extra central with its own settings (limits) on the backend of ``central``."""
    started: list[Central] = []

    def make(backend: str = "sqlite", **settings) -> Central:
        folder = tmp_path / f"extra-{len(started)}"
        folder.mkdir()
        url = database_url(backend, folder, pg_database_factory)
        running = Central.start(url, folder, backend=backend, **settings)
        started.append(running)
        return running

    yield make
    for running in started:
        running.stop()
