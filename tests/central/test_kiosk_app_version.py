"""Migration 0006 (the kiosk app's version) upgrades an older central in place, and the version a
kiosk names in its User-Agent is what the central keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from kiosk.central.db import make_engine, migrate
from kiosk.central.enrolment import reported_version


def upgrade_to(engine, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    import kiosk.central.db as db

    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_an_older_central_upgrades_in_place(backend, tmp_path, pg_database_factory):
    url = pg_database_factory() if backend == "postgres" else f"sqlite:///{tmp_path}/c.db"
    engine = make_engine(url)
    try:
        upgrade_to(engine, "0005")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO central_mpps (id, name, prefix, created_at) "
                              "VALUES (1, 'MPP Lama', 'MLM', CURRENT_TIMESTAMP)"))  # fmt: skip
            conn.execute(text(
                "INSERT INTO central_kiosks (id, name, mpp_id, code, token_hash, "
                "signing_public_key, signing_key_id, document_public_key, enrolled_at) VALUES "
                "('k1', 'Loket 1', 1, 'MLM1', 'h', 'p', 'kid', 'd', CURRENT_TIMESTAMP)"
            ))  # fmt: skip
        migrate(engine)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, name, app_version FROM central_kiosks")).all()
        assert [tuple(r) for r in rows] == [("k1", "Loket 1", "")]
    finally:
        engine.dispose()


def test_the_version_is_read_from_the_user_agent():
    assert reported_version("kiosk/0.1.0 kiosk-sync/1") == "0.1.0"
    assert reported_version("kiosk/1.2.3rc1") == "1.2.3rc1"
    assert reported_version("kiosk-sync/1") == ""  # an older kiosk
    assert reported_version("python-httpx/0.28") == ""
    assert reported_version(None) == ""
    assert reported_version("kiosk/<script>") == ""
