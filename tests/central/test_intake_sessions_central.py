"""Issue 14: a kiosk's intake sessions reach the central with sync, and the console shows them.

Real parts: a kiosk store with its vault, a central on loopback over a fresh PostgreSQL database,
the sync engine's round, the console through httpx with a logged-in user.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiosk import protocol as p
from kiosk.intake.sessions import close_session, open_session
from kiosk.sync import intake_sessions as sync_sessions
from tests.central.console_helpers import add_user, login
from tests.core.test_sync_support import (
    central_database,
    enrolled_kiosk,
    make_registration,
    running_central,
)

MPP = "MPP Kota Samarinda"
TEAM = ["Ani Suryani Wulandari", "Budi Hartono Sembiring"]


def _rows(db_url: str, statement: str, **params: object) -> list[sa.Row[tuple[object, ...]]]:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text(statement), params))
    finally:
        engine.dispose()


def test_a_session_synced_to_the_central_is_listed_with_its_registrations(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    storage = tmp_path / "central"
    with (
        central_database("postgres", tmp_path) as db_url,
        running_central(db_url, storage) as central,
    ):
        kiosk = enrolled_kiosk(tmp_path, "loket-lapangan", central.url, db_url, mpp=MPP)
        shared: dict[str, str] = {}
        first, images = make_registration(7100, kiosk.vault, shared=shared)
        before = kiosk.submit(first, images)  # before the session: carries none
        intake = open_session(
            kiosk.store, place="Balai Desa Sebengkok", day=dt.date(2026, 12, 3), team=TEAM,
            staff_id="sup", target_count=40,
        )  # fmt: skip
        made = []
        for seed in (7101, 7102, 7103):
            reg, images = make_registration(seed, kiosk.vault, shared=shared)
            made.append(kiosk.submit(reg, images))
        draft, _ = make_registration(7104, kiosk.vault, shared=shared)
        kiosk.store.save_draft(draft, staff_id="staff-1", step="owner")  # a draft never travels

        result = kiosk.engine().run_round()
        assert result.error is None, result.error
        held = _rows(db_url, "SELECT id, place, registered, closed_at, team "
                             "FROM central_intake_sessions")  # fmt: skip
        assert [(r.id, r.place, r.registered, r.closed_at) for r in held] == [
            (intake.id, "Balai Desa Sebengkok", 3, None)
        ]
        members = _rows(db_url, "SELECT registration_id FROM central_intake_session_members")
        assert sorted(r.registration_id for r in members) == sorted(r.id for r in made)
        assert sync_sessions.pending(kiosk.store) == []  # accepted: not sent again

        close_session(kiosk.store, staff_id="sup")
        assert len(sync_sessions.pending(kiosk.store)) == 1  # closing changed the record
        assert kiosk.engine().run_round().error is None
        closed = _rows(db_url, "SELECT closed_at FROM central_intake_sessions")
        assert closed[0].closed_at is not None
        assert sync_sessions.pending(kiosk.store) == []
        late = kiosk.submit(kiosk.store.get(draft.id), {})  # the session's draft, finished later
        [grown] = sync_sessions.pending(kiosk.store)
        assert late.id in grown.registration_ids and len(grown.registration_ids) == 4
        assert kiosk.engine().run_round().error is None
        counted = _rows(db_url, "SELECT registered FROM central_intake_sessions")
        assert counted[0].registered == 4
        stored = _rows(db_url, "SELECT details FROM central_audit "
                               "WHERE action = 'intake_session.stored' ORDER BY seq")  # fmt: skip
        assert len(stored) == 3  # opened, closed, grown: one entry per record stored
        assert ['"registrations": "4"' in s.details for s in stored] == [False, False, True]
        made.append(late)
        for name in TEAM:  # personal-ish: stored and shown, never logged
            assert name not in caplog.text

        supervisor = add_user(db_url, "supervisor", mpp=MPP)
        with login(central.url, supervisor) as client:
            listed = html.unescape(client.get("/console/sessions").text)
            assert "Balai Desa Sebengkok" in listed and intake.id in listed
            assert TEAM[0] in listed
            page = client.get(f"/console/sessions/{intake.id}")
            assert page.status_code == 200
            text = html.unescape(page.text)
            assert all(r.reg_no in text for r in made) and before.reg_no not in text
            assert 'id="session-registered">4<' in text
            assert "WITA" in text  # opened and closed in the viewer's zone (Asia/Makassar)
            detail = html.unescape(client.get(f"/console/registrations/{made[0].reg_no}").text)
            assert 'id="intake-session"' in detail and "Balai Desa Sebengkok" in detail
            other = html.unescape(client.get(f"/console/registrations/{before.reg_no}").text)
            assert 'id="intake-session"' not in other
            for params, shown in (
                ({"kiosk": kiosk.store.kiosk_code.lower()}, True),  # the kiosk's code
                ({"kiosk": "ZZZZ"}, False),
                ({"from": "2026-12-03", "to": "2026-12-03"}, True),
                ({"from": "2026-12-04"}, False),
                ({"to": "not-a-date"}, True),  # ignored, not refused
            ):
                answer = client.get("/console/sessions", params=params)
                assert answer.status_code == 200
                assert (intake.id in answer.text) is shown, params

        add_user(db_url, "admin", name="admin-sesi")
        admin_mpp = _rows(db_url, "SELECT id FROM central_mpps WHERE name = :n", n=MPP)[0].id
        with login(central.url, "admin-sesi") as client:
            assert intake.id in client.get("/console/sessions", params={"mpp": admin_mpp}).text
            page = client.get("/console/sessions", params={"mpp": admin_mpp + 1000})
            assert intake.id not in page.text

        enrolled_kiosk(tmp_path, "loket-lain", central.url, db_url, mpp="MPP Kota Balikpapan")
        stranger = add_user(db_url, "supervisor", mpp="MPP Kota Balikpapan")
        with login(central.url, stranger) as client:
            assert intake.id not in client.get("/console/sessions").text
            assert client.get(f"/console/sessions/{intake.id}").status_code == 403
            assert client.get("/console/sessions/not-a-session").status_code == 404


def test_a_record_not_signed_by_the_kiosk_or_of_another_kiosk_is_not_kept(tmp_path: Path) -> None:
    storage = tmp_path / "central"
    with (
        central_database("postgres", tmp_path) as db_url,
        running_central(db_url, storage) as central,
    ):
        first = enrolled_kiosk(tmp_path, "loket-a", central.url, db_url, mpp=MPP)
        second = enrolled_kiosk(tmp_path, "loket-b", central.url, db_url, mpp=MPP)
        intake = open_session(first.store, place="Pasar Gusher", day=dt.date(2026, 12, 3),
                              team=["Ani"], staff_id="sup")  # fmt: skip
        record = sync_sessions.pending(first.store)[0]

        def post(kiosk, body: dict[str, object]) -> list[str]:
            engine = kiosk.engine()
            creds = engine.state.credentials()
            assert creds is not None
            with engine.client_factory(creds) as client:
                answer = client.call("POST", sync_sessions.ENDPOINT, json=body).json()
            return list(p.IntakeSessionReportResponse.model_validate(answer).accepted)

        tampered = record.model_copy(update={"place": "Pasar Lain"})
        assert post(first, {"sessions": [tampered.model_dump()]}) == []
        assert _rows(db_url, "SELECT id FROM central_intake_sessions") == []
        assert post(first, {"sessions": [record.model_dump()]}) == [intake.id]
        assert post(first, {"sessions": [record.model_dump()]}) == [intake.id]  # again: unchanged
        # the second kiosk signs a record with the first kiosk's session id: not taken over
        stolen = p.IntakeSessionRecord.model_validate(
            {**record.model_dump(), "place": "Bukan milikmu", "signature": ""}
        )
        import base64

        signed = second.store.keys.signing_key.sign(p.intake_session_signing_bytes(stolen))
        stolen = stolen.model_copy(update={"signature": base64.b64encode(signed).decode()})
        assert post(second, {"sessions": [stolen.model_dump()]}) == []
        places = _rows(db_url, "SELECT place FROM central_intake_sessions")
        assert [r.place for r in places] == ["Pasar Gusher"]
        impossible = record.model_copy(update={"day": "2026-02-30"})
        assert post(first, {"sessions": [impossible.model_dump()]}) == []


def test_a_bundle_carries_the_session_through_the_same_path(tmp_path: Path) -> None:
    """Offline: the session and its registrations reach the central in a bundle; the next sync
    finds the record held (unchanged) and marks it sent."""
    from kiosk.bundle.export import export_bundle
    from tests.core.test_bundle import import_files

    storage = tmp_path / "central"
    with (
        central_database("postgres", tmp_path) as db_url,
        running_central(db_url, storage) as central,
    ):
        kiosk = enrolled_kiosk(tmp_path, "loket-bundel", central.url, db_url, mpp=MPP)
        intake = open_session(kiosk.store, place="Pasar Gusher", day=dt.date(2026, 12, 3),
                              team=TEAM, staff_id="sup")  # fmt: skip
        shared: dict[str, str] = {}
        made = []
        for seed in (7201, 7202):
            reg, images = make_registration(seed, kiosk.vault, shared=shared)
            made.append(kiosk.submit(reg, images))
        close_session(kiosk.store, staff_id="sup")
        files = export_bundle(kiosk.store, tmp_path / "out" / "kiosk.bundle").files
        import_files(db_url, storage, files)
        held = _rows(db_url, "SELECT id, registered, closed_at FROM central_intake_sessions")
        assert [(r.id, r.registered) for r in held] == [(intake.id, 2)]
        assert held[0].closed_at is not None
        members = _rows(db_url, "SELECT registration_id FROM central_intake_session_members")
        assert sorted(r.registration_id for r in members) == sorted(r.id for r in made)
        stored = _rows(db_url, "SELECT target, details FROM central_audit "
                               "WHERE action = 'intake_session.stored'")  # fmt: skip
        assert [s.target for s in stored] == [intake.id]  # in the central's audit trail
        assert '"via": "bundle"' in stored[0].details
        assert not any(name in stored[0].details for name in TEAM)
        assert len(sync_sessions.pending(kiosk.store)) == 1  # the kiosk has not heard yet
        with _client(kiosk) as client:
            assert sync_sessions.report(kiosk.store, client) == 1
        assert sync_sessions.pending(kiosk.store) == []


def _client(kiosk):  # type: ignore[no-untyped-def]
    engine = kiosk.engine()
    creds = engine.state.credentials()
    assert creds is not None
    return engine.client_factory(creds)
