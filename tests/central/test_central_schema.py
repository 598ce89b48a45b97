"""The central's Alembic migrations build exactly the models' schema, on both backends, and can
run again (or from two processes at once) without harm."""

from __future__ import annotations

import threading
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiosk.central.db import VERSION_TABLE, make_engine, migrate
from kiosk.central.models import CentralBase
from tests.central.helpers import Central

MIGRATIONS = Path(__file__).parents[2] / "kiosk" / "central" / "migrations" / "versions"


def test_migrations_match_the_models(central: Central) -> None:
    engine = make_engine(central.db_url)
    try:
        migrate(engine)  # again: a no-op at head
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
            assert compare_metadata(context, CentralBase.metadata) == []
            newest = sorted(p.name for p in MIGRATIONS.glob("0*.py"))[-1].split("_")[0]
            assert context.get_current_revision() == newest
    finally:
        engine.dispose()


def test_processes_starting_together_migrate_once(tmp_path, pg_database_factory, central) -> None:
    url = pg_database_factory() if central.backend == "postgres" else f"sqlite:///{tmp_path}/c.db"
    engines = [make_engine(url) for _ in range(3)]
    errors: list[BaseException] = []

    def run(engine) -> None:
        try:
            migrate(engine)
        except BaseException as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    assert errors == []
