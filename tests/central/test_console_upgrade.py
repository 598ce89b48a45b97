"""A central database from before the console (revision 0002, with registrations) upgrades in
place: the console's tables appear, nothing held changes, and the queue lists what was there."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from kiosk.central.db import make_engine, migrate, session_factory, session_scope


def _upgrade_to(engine, revision: str) -> None:
    import kiosk.central.db as db

    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def test_a_database_of_revision_0002_upgrades_and_its_registrations_are_queued(tmp_path) -> None:
    from kiosk.central.console.queue import QueueFilter, find
    from kiosk.central.console.queue_facts import catch_up

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        _upgrade_to(engine, "0002")
        content = {
            "business": {"name": "Toko Lama", "legal_form": "cv", "kbli": ["47911"]},
            "owner": {"full_name": "Budi"},
            "address": {"regency_code": "64.72"},
        }
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO central_mpps (id, name, prefix, created_at) "
                              "VALUES (1, 'MPP Lama', 'LAMA', '2026-11-01 00:00:00')"))  # fmt: skip
            conn.execute(
                text(
                    "INSERT INTO central_kiosks (id, name, mpp_id, code, token_hash, "
                    "signing_public_key, signing_key_id, document_public_key, enrolled_at) "
                    "VALUES ('k1', 'Loket', 1, 'LMA1', 'h', 'p', 'kid', 'd', '2026-11-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO central_registrations (id, kiosk_id, reg_no, current_version, "
                    "status, verdict_reason, created_at, updated_at) VALUES ('r1', 'k1', "
                    "'LMA1-20261102-0001', 1, 'submitted', '', '2026-11-02', '2026-11-02')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO central_versions (registration_id, version, content_hash, "
                    "content, kiosk_status, kiosk_id, received_at) "
                    "VALUES ('r1', 1, 'x', :c, 'submitted', 'k1', '2026-11-02')"
                ),
                {"c": json.dumps(content)},
            )
        migrate(engine)  # to the newest revision, in place
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM console_users")).scalar() == 0
            assert conn.execute(text("SELECT content FROM central_versions")).scalar() == (
                json.dumps(content)
            )
        with session_scope(session_factory(engine)) as session:
            assert catch_up(session) == 1
        with session_scope(session_factory(engine)) as session:
            page = find(session, QueueFilter(legal_form="cv", kbli="4791", q="toko"), None)
            assert [(r.reg_no, r.business_name, r.regency) for r in page.rows] == [
                ("LMA1-20261102-0001", "Toko Lama", "64.72")
            ]
            assert page.rows[0].reg_date.isoformat() == "2026-11-02"
    finally:
        engine.dispose()


def test_deleting_a_registration_takes_its_work_list_row_along(tmp_path) -> None:
    """The subject erasure deletes the registration itself; the queue's row must not stop it
    (ON DELETE CASCADE, with SQLite's foreign keys on as the central sets them)."""
    from kiosk.central.console.queue_facts import catch_up
    from kiosk.central.models import CentralRegistration, QueueFacts

    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    try:
        migrate(engine)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO central_mpps (id, name, prefix, created_at) "
                    "VALUES (1, 'MPP', 'M', '2026-11-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO central_kiosks (id, name, mpp_id, code, token_hash, "
                    "signing_public_key, signing_key_id, document_public_key, "
                    "enrolled_at) VALUES ('k1', 'L', 1, 'M1', 'h', 'p', 'k', 'd', "
                    "'2026-11-01')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO central_registrations (id, kiosk_id, reg_no, "
                    "current_version, status, verdict_reason, created_at, updated_at) "
                    "VALUES ('r1', 'k1', 'M1-20261102-0001', 1, 'submitted', '', "
                    "'2026-11-02', '2026-11-02')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO central_versions (registration_id, version, "
                    "content_hash, content, kiosk_status, kiosk_id, received_at) "
                    "VALUES ('r1', 1, 'x', '{}', 'submitted', 'k1', '2026-11-02')"
                )
            )
        with session_scope(session_factory(engine)) as session:
            assert catch_up(session) == 1
        with session_scope(session_factory(engine)) as session:
            session.execute(text("DELETE FROM central_versions"))
            session.delete(session.get(CentralRegistration, "r1"))
        with session_scope(session_factory(engine)) as session:
            assert session.get(QueueFacts, "r1") is None
    finally:
        engine.dispose()
