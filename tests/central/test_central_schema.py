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


def test_a_sqlite_central_rebuilding_referenced_tables_keeps_rows_and_foreign_keys(
    tmp_path: Path,
) -> None:
    """Migration 0012 rebuilds tables other tables refer to (SQLite's batch mode: copy, drop,
    rename), which foreign-key enforcement forbids; the migration runs with it off, and every
    connection enforces it again afterwards: the keys that stay still refuse an orphan."""
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS.parent))
    rows = (
        "INSERT INTO central_mpps (id, name, prefix, created_at)"
        " VALUES (1, 'M', 'MMM', '2026-12-01')",
        "INSERT INTO central_kiosks (id, name, mpp_id, code, token_hash, signing_public_key,"
        " signing_key_id, document_public_key, enrolled_at) VALUES ('k1', 'Loket', 1, 'MMM1', 't',"
        " 'pem', 'kid', 'pem', '2026-12-01')",
        "INSERT INTO central_registrations (id, kiosk_id, reg_no, current_version, status,"
        " verdict_reason, created_at, updated_at) VALUES ('r1', 'k1', 'MMM1-20261201-0001', 1,"
        " 'submitted', '', '2026-12-01', '2026-12-01')",
        "INSERT INTO central_versions (registration_id, version, content_hash, content,"
        " kiosk_status, kiosk_id, received_at) VALUES ('r1', 1, 'h', '{}', 'submitted', 'k1',"
        " '2026-12-01')",
        "INSERT INTO central_page_refs (kiosk_id, sha256, version_id) VALUES ('k1', 'p', 1)",
        "INSERT INTO central_identifiers (registration_id, kind, value) VALUES"
        " ('r1', 'nik', '6501010101010001')",
    )
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0011")
        for row in rows:
            connection.execute(sa.text(row))
        connection.commit()
    migrate(engine)
    with engine.connect() as connection:
        kept = [
            connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("central_registrations", "central_versions", "central_page_refs",
                          "central_identifiers")
        ]  # fmt: skip
        enforced = connection.execute(sa.text("PRAGMA foreign_keys")).scalar()
        orphan = sa.text(
            "INSERT INTO central_versions (registration_id, version, content_hash, content,"
            " kiosk_status, kiosk_id, received_at) VALUES ('gone', 1, 'h', '{}', 'submitted',"
            " 'k1', '2026-12-01')"
        )
        refused = False
        try:
            connection.execute(orphan)
        except sa.exc.IntegrityError:
            refused = True
        connection.rollback()
    engine.dispose()
    assert kept == [1, 1, 1, 1]
    assert enforced == 1
    assert refused


def test_a_sqlite_central_with_a_dangling_reference_is_refused_at_start(tmp_path: Path) -> None:
    """Foreign keys are off while SQLite migrates; the check afterwards still finds a row whose
    referenced row is missing, and the keys are on again for the connections that follow."""
    import pytest
    import sqlalchemy as sa

    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    migrate(engine)
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")  # on the raw connection: before any transaction
        connection.execute(
            sa.text(
                "INSERT INTO central_versions (registration_id, version, content_hash, content,"
                " kiosk_status, kiosk_id, received_at) VALUES ('gone', 1, 'h', '{}', 'submitted',"
                " 'k1', '2026-12-01')"
            )
        )
        connection.commit()
        raw.execute("PRAGMA foreign_keys=ON")
    with pytest.raises(RuntimeError, match="referenced rows are missing"):
        migrate(engine)
    with engine.connect() as connection:
        enforced = connection.execute(sa.text("PRAGMA foreign_keys")).scalar()
    engine.dispose()
    assert enforced == 1
