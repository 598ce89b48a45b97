"""A session with more registrations than one record holds reaches the central whole, and every
stored session record is in the central's audit trail (issues 14 follow-up).

Real parts: a kiosk store with its vault, a central on loopback over a fresh PostgreSQL database,
the kiosk's own report path (:func:`kiosk.sync.intake_sessions.report`).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import sqlalchemy as sa

from kiosk import protocol as p
from kiosk.intake.sessions import open_session
from kiosk.sync import intake_sessions as sync_sessions
from tests.central.test_intake_sessions_central import _client, _rows
from tests.core.test_sync_support import (
    central_database,
    enrolled_kiosk,
    make_registration,
    running_central,
)

TEAM = ["Ani Suryani Wulandari", "Budi Hartono Sembiring"]
EXTRA = p.MAX_SESSION_REGISTRATIONS + 1  # with the one made for real: 5,002 in the session


def _copies(store_engine: sa.Engine, of_id: str, count: int) -> list[str]:
    """``count`` submitted copies of registration ``of_id`` in the kiosk's store, in its session
    (only the session's list of ids reads them: they are never pushed here)."""
    ids = [str(uuid.uuid4()) for _ in range(count)]
    with store_engine.begin() as conn:
        columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(registrations)")]
        fixed = {"id": ":id", "reg_no": "reg_no || '-' || :n", "num": "NULL"}
        picked = ", ".join(fixed.get(c, c) for c in columns)
        statement = sa.text(
            f"INSERT INTO registrations ({', '.join(columns)}) "  # the table's own columns
            f"SELECT {picked} FROM registrations WHERE id = :src"
        )
        conn.execute(statement, [{"id": i, "n": n, "src": of_id} for n, i in enumerate(ids)])
    return ids


def test_a_session_of_more_than_5000_registrations_reaches_the_central_whole(
    tmp_path: Path,
) -> None:
    storage = tmp_path / "central"
    with (
        central_database("postgres", tmp_path) as db_url,
        running_central(db_url, storage) as central,
    ):
        kiosk = enrolled_kiosk(tmp_path, "loket-besar", central.url, db_url)
        intake = open_session(kiosk.store, place="Lapangan Kantor Gubernur",
                              day=dt.date(2026, 12, 3), team=TEAM, staff_id="sup")  # fmt: skip
        reg, images = make_registration(7301, kiosk.vault)
        made = kiosk.submit(reg, images)
        ids = [made.id, *_copies(kiosk.store.engine, made.id, EXTRA)]

        parts = sync_sessions.pending(kiosk.store)
        assert [(r.part, r.parts) for r in parts] == [(0, 2), (1, 2)]
        assert sorted(i for r in parts for i in r.registration_ids) == sorted(ids)
        with _client(kiosk) as client:
            assert sync_sessions.report(kiosk.store, client) == 1
        held = _rows(db_url, "SELECT registered FROM central_intake_sessions WHERE id = :i",
                     i=intake.id)  # fmt: skip
        assert held[0].registered == len(ids) == p.MAX_SESSION_REGISTRATIONS + 2
        members = _rows(db_url, "SELECT registration_id FROM central_intake_session_members")
        assert sorted(r.registration_id for r in members) == sorted(ids)
        assert sync_sessions.pending(kiosk.store) == []  # marked sent as a whole

        entries = _rows(db_url, "SELECT actor, target, details FROM central_audit "
                                "WHERE action = 'intake_session.stored'")  # fmt: skip
        assert [(e.actor, e.target) for e in entries] == [
            (f"kiosk:{kiosk.store.kiosk_code}", intake.id)
        ]
        details = json.loads(entries[0].details)
        assert details["registrations"] == str(len(ids)) and details["parts"] == "2"
        assert details["via"] == "sync"
        everything = " ".join(str(e) for e in _rows(db_url, "SELECT * FROM central_audit"))
        assert not any(name in everything for name in TEAM)  # no team names in the trail
        assert "Lapangan Kantor" not in everything


def test_an_incomplete_or_mixed_set_of_parts_is_not_kept(tmp_path: Path) -> None:
    storage = tmp_path / "central"
    with (
        central_database("postgres", tmp_path) as db_url,
        running_central(db_url, storage) as central,
    ):
        kiosk = enrolled_kiosk(tmp_path, "loket-sebagian", central.url, db_url)
        intake = open_session(kiosk.store, place="Pasar Segiri", day=dt.date(2026, 12, 3),
                              team=TEAM, staff_id="sup")  # fmt: skip
        reg, images = make_registration(7302, kiosk.vault)
        made = kiosk.submit(reg, images)
        _copies(kiosk.store.engine, made.id, EXTRA)
        first, second = sync_sessions.pending(kiosk.store)
        # the second part of another revision of the same session (closed), validly signed
        other = sync_sessions.sign(kiosk.store, second.model_copy(
            update={"closed_at": "2026-12-03T09:00:00+00:00", "signature": ""}))  # fmt: skip
        with _client(kiosk) as client:
            alone = sync_sessions.sign(kiosk.store, first.model_copy(
                update={"part": 5, "parts": 1, "signature": ""}))  # fmt: skip
            for sent in (
                [first],  # a part missing
                [first, other],  # parts of two revisions
                [first, second.model_copy(update={"part": 0})],  # the same part twice
                [alone],  # one part, numbered out of its range
            ):
                body = p.IntakeSessionReport(sessions=sent).model_dump()
                answer = client.call("POST", sync_sessions.ENDPOINT, json=body).json()
                assert answer["accepted"] == []
        assert _rows(db_url, "SELECT id FROM central_intake_sessions") == []
        assert _rows(db_url, "SELECT id FROM central_audit "
                             "WHERE action = 'intake_session.stored'") == []  # fmt: skip
        assert intake.id == first.id


def test_a_one_part_record_is_signed_as_an_older_kiosk_signs_it(tmp_path: Path) -> None:
    """An older kiosk knows no ``part``/``parts``: its signing bytes are the record without them,
    and the central verifies exactly those for a one-part record."""
    record = p.IntakeSessionRecord(
        id=str(uuid.uuid4()), place="Balai", day="2026-12-03", opened_at="2026-12-03T01:00:00Z"
    )
    old_body = record.model_dump(exclude={"signature", "part", "parts"})
    old = (
        p.INTAKE_SESSION_CONTEXT
        + json.dumps(old_body, sort_keys=True, separators=(",", ":")).encode()
    )
    assert p.intake_session_signing_bytes(record) == old
    two = record.model_copy(update={"parts": 2})
    assert b'"part":0' in p.intake_session_signing_bytes(two)  # a part's number is signed
