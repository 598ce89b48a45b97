"""End-to-end sync against a real central on loopback, on SQLite and on a fresh PostgreSQL.

Enrolment, push + page upload, verdicts and staff coming back, pulling twice, a record the
central refuses being set aside while the rest flows, revocation, the status the app shows, the
``kiosk sync`` exit code, and retention.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from kiosk.domain.model import Status
from tests.core.test_sync_support import (
    BACKENDS,
    central_on,
    central_page,
    central_versions,
    digest_of,
    enrolled_kiosk,
    enrolment_code,
    make_registration,
    open_kiosk,
)


@pytest.fixture(scope="module", params=BACKENDS)
def central(request, tmp_path_factory):
    yield from central_on(request, tmp_path_factory)


def submit_some(kiosk, n: int, seed0: int) -> list:
    shared: dict[str, str] = {}
    regs = []
    for i in range(n):
        reg, images = make_registration(seed0 + i, kiosk.vault, shared=shared)
        regs.append(kiosk.submit(reg, images))
    return regs


def test_enrolment_stores_credentials_and_refuses_a_spent_code(central, tmp_path: Path) -> None:
    from kiosk.sync.enrol import enroll
    from kiosk.sync.messages import SyncError
    from kiosk.sync.state import SyncState

    kiosk = open_kiosk(tmp_path, "enrol-a")
    provisional = kiosk.store.kiosk_code
    code = enrolment_code(central.db_url, "enrol-a")
    creds = enroll(kiosk.store, central.url, code, kiosk_name="enrol-a")
    assert kiosk.store.kiosk_code == creds.kiosk_code != provisional
    assert kiosk.store.keys.central_document_key is not None
    assert SyncState(kiosk.store.engine, kiosk.store.keys).credentials() == creds
    raw = kiosk.store.paths.database.read_bytes()
    for suffix in ("", "-wal"):
        path = Path(str(kiosk.store.paths.database) + suffix)
        if path.exists():
            assert creds.token.encode() not in path.read_bytes()  # sealed, never plaintext
    assert raw
    again = enrolment_code(central.db_url, "enrol-a2")
    with pytest.raises(SyncError) as info:  # enrolled already: a new identity needs --force
        enroll(kiosk.store, central.url, again, kiosk_name="enrol-a")
    assert info.value.code == "sync.enroll.already"
    other = open_kiosk(tmp_path, "enrol-b")
    with pytest.raises(SyncError) as info:
        enroll(other.store, central.url, code, kiosk_name="enrol-b")
    assert info.value.code == "sync.enroll.refused"
    assert SyncState(other.store.engine, other.store.keys).credentials() is None


def test_work_done_before_enrolment_reaches_the_central(central, tmp_path: Path) -> None:
    """A laptop registers offline before it was ever enrolled: its pages are sealed only to the
    local key; enrolment wraps them to the central's key so the central can verify them."""
    from kiosk.documents import envelope
    from kiosk.security.keys import key_id
    from kiosk.sync.enrol import enroll

    kiosk = open_kiosk(tmp_path, "early-a")
    regs = submit_some(kiosk, 2, 900)
    enroll(kiosk.store, central.url, enrolment_code(central.db_url, "early-a"))
    central_kid = key_id(kiosk.store.keys.central_document_key)
    for sha in kiosk.pages:
        assert central_kid in envelope.inspect(kiosk.vault.envelope(sha)).recipients
    assert kiosk.engine().run_round().complete
    held = {(r, v): h for r, v, h in central_versions(central.db_url)}
    assert all(held[(r.id, 1)] == kiosk.submitted[(r.id, 1)] for r in regs)
    for sha, plain in kiosk.pages.items():
        assert central_page(central.storage, sha) == plain


def test_push_uploads_pages_and_sanity_matches(central, tmp_path: Path) -> None:
    kiosk = enrolled_kiosk(tmp_path, "push-a", central.url, central.db_url)
    regs = submit_some(kiosk, 6, 100)
    result = kiosk.engine(batch_size=4).run_round()
    assert result.error is None and result.complete, result
    assert result.push.stored == 6 and result.pages.uploaded == len(kiosk.pages)
    held = {(r, v): h for r, v, h in central_versions(central.db_url)}
    for key, chash in kiosk.submitted.items():
        assert held[key] == chash
    for sha, plain in kiosk.pages.items():
        assert central_page(central.storage, sha) == plain
    assert all(kiosk.store.get(r.id).status == Status.SYNCED for r in regs)
    again = kiosk.engine().run_round()  # nothing new: nothing sent, still complete
    assert again.complete and again.push.stored == again.push.unchanged == 0
    assert again.pages.uploaded == 0


def test_verdicts_and_staff_arrive_and_pulling_twice_changes_nothing(central, tmp_path) -> None:
    from kiosk.central import admin
    from kiosk.staff.accounts import authenticate

    kiosk = enrolled_kiosk(tmp_path, "pull-a", central.url, central.db_url, mpp="MPP Balikpapan")
    regs = submit_some(kiosk, 3, 200)
    assert kiosk.engine().run_round().complete
    admin.set_verdict(central.db_url, regs[0].id, "verified", "")
    admin.set_verdict(central.db_url, regs[1].id, "needs_fix", "Foto KTP buram")
    admin.create_staff(central.db_url, "MPP Balikpapan", "rina", "Rina Wati", "operator",
                       "kata-sandi-rahasia-9")  # fmt: skip
    banks = [{"code": "124", "name": "Bank Kaltimtara"}, {"code": "002", "name": "BRI"}]
    admin.publish_reference(central.db_url, "banks", "2099.1", banks)
    first = kiosk.engine().run_round()
    assert first.complete and first.pull.verdicts == 2 and first.pull.staff == 1
    fixed = kiosk.store.get(regs[1].id)
    assert kiosk.store.get(regs[0].id).status == Status.VERIFIED
    assert (fixed.status, fixed.verdict_reason) == (Status.NEEDS_FIX, "Foto KTP buram")
    assert kiosk.store.get(regs[2].id).status == Status.SYNCED
    assert authenticate(kiosk.store, "rina", "kata-sandi-rahasia-9").username == "rina"
    dropped = tmp_path / "pull-a" / "reference" / "banks.json"
    assert json.loads(dropped.read_text())["version"] == "2099.1"
    assert first.pull.references == 1
    from kiosk.reference import Reference

    try:  # the pushed list is what the bank picker offers now
        assert [b.name for b in Reference.load(tmp_path / "pull-a").banks()][:1] == [
            "Bank Kaltimtara"
        ]
    finally:
        Reference.reset()
    audit_before = len(kiosk.store.audit_entries(limit=10_000))
    second = kiosk.engine().run_round()
    assert second.complete and second.pull.events == 0 and second.pull.verdicts == 0
    assert len(kiosk.store.audit_entries(limit=10_000)) == audit_before
    assert kiosk.store.get(regs[1].id).verdict_reason == "Foto KTP buram"


def test_a_conflicting_record_is_set_aside_and_the_rest_flows(central, tmp_path: Path) -> None:
    """A kiosk restored from a backup re-enters a registration under the same id and version
    with other content: the central keeps the first, refuses the second as a conflict."""
    kiosk = enrolled_kiosk(tmp_path, "conf-a", central.url, central.db_url)
    kiosk.store.close()  # copy a closed database, as a backup would
    shutil.copytree(tmp_path / "conf-a", tmp_path / "conf-a-restored")
    kiosk = open_kiosk(tmp_path, "conf-a")
    restored = open_kiosk(tmp_path, "conf-a-restored")
    reg, images = make_registration(300, kiosk.vault)
    reg = kiosk.submit(reg, images)
    assert kiosk.engine().run_round().complete

    twin, twin_images = make_registration(301, restored.vault)
    twin.id = reg.id  # same id and version 1, different content
    restored.submit(twin, twin_images)
    good = submit_some(restored, 3, 310)
    result = restored.engine().run_round()
    assert result.push.set_aside == 1 and result.push.stored == 3
    assert result.set_aside == 1 and result.pending_records == 0 and not result.complete
    assert all(restored.store.get(r.id).status == Status.SYNCED for r in good)
    status = _status(restored)
    assert status.set_aside == 1
    assert any(
        p.code == "sync.item.set_aside" and p.params["reason"] == "sync.reason.conflict"
        for p in status.problems
    )
    held = {(r, v): h for r, v, h in central_versions(central.db_url)}
    assert held[(reg.id, 1)] == reg.content_hash()  # the first one stays, nothing overwritten
    # the restored copy never saw the first version confirmed: the cross-check says so
    assert any(p.code == "sync.sanity.mismatch" for p in status.problems)


def test_a_damaged_local_version_is_set_aside_and_the_rest_flows(central, tmp_path) -> None:
    """A version whose sealed blob no longer opens (disk damage) must not block the batch."""
    from sqlalchemy import update

    from kiosk.store.models import RegistrationVersion

    kiosk = enrolled_kiosk(tmp_path, "dmg-a", central.url, central.db_url)
    regs = submit_some(kiosk, 4, 420)
    with kiosk.store.engine.begin() as conn:
        conn.execute(
            update(RegistrationVersion)
            .where(RegistrationVersion.registration_id == regs[1].id)
            .values(sealed=b"\x00" * 64)
        )
    result = kiosk.engine().run_round()
    assert result.push.stored == 3 and result.push.set_aside == 1
    held = {r for r, _, _ in central_versions(central.db_url)} & {r.id for r in regs}
    assert held == {regs[0].id, regs[2].id, regs[3].id}  # the central is shared by the module
    assert kiosk.store.outbox_counts() == {"pending": 0, "sent": 3, "set_aside": 1}
    assert any(p.code == "sync.item.set_aside" for p in _status(kiosk).problems)


def test_revoked_kiosk_stops_and_says_so(central, tmp_path: Path) -> None:
    from kiosk.central import admin
    from kiosk.sync.service import SyncService

    kiosk = enrolled_kiosk(tmp_path, "rev-a", central.url, central.db_url)
    submit_some(kiosk, 1, 400)
    service = SyncService(kiosk.store, engine=kiosk.engine(), retention=False)
    seen = []
    service.add_listener(seen.append)
    assert service.sync_now().online is True
    admin.revoke_kiosk(central.db_url, "rev-a")
    submit_some(kiosk, 1, 410)
    status = service.sync_now()
    assert status.revoked and status.pending_records == 1
    assert any(p.code == "sync.revoked" for p in status.problems)
    assert "dicabut" in status.problems[0] and "revoked" in status.problems[0].text("en")
    assert seen[-1].revoked and any(s.syncing for s in seen)
    assert kiosk.engine().run_round().revoked  # no further request: the flag is kept locally
    # the administrator enrols it anew: a new identity; what waited goes up, the cross-check
    # counts only what the new identity holds
    from kiosk.sync.enrol import enroll

    enroll(kiosk.store, central.url, enrolment_code(central.db_url, "rev-a2"), kiosk_name="rev-a2")
    result = kiosk.engine().run_round()
    assert result.complete and result.push.stored == 1 and not result.revoked
    assert not service.status().revoked


def test_background_service_syncs_and_reports(central, tmp_path: Path) -> None:
    import threading

    from kiosk.sync.service import SyncService

    kiosk = enrolled_kiosk(tmp_path, "svc-a", central.url, central.db_url)
    submit_some(kiosk, 2, 500)
    service = SyncService(kiosk.store, engine=kiosk.engine(), interval_s=3600, retention=False)
    done = threading.Event()
    service.add_listener(lambda s: done.set() if s.last_success and not s.syncing else None)
    before = service.status()
    assert before.pending_records == 2 and before.last_success is None
    service.start()
    try:
        assert done.wait(60)
        status = service.status()
        assert status.online and status.pending_records == 0 and status.pending_pages == 0
        assert status.problems == [] and not status.revoked
        done.clear()
        submit_some(kiosk, 1, 520)
        service.sync_now()  # wakes the thread instead of waiting an hour
        assert done.wait(60)
        assert service.status().pending_records == 0
    finally:
        service.stop()


def test_a_page_missing_on_the_kiosk_is_a_problem_until_it_is_back(central, tmp_path) -> None:
    kiosk = enrolled_kiosk(tmp_path, "page-a", central.url, central.db_url)
    (reg,) = submit_some(kiosk, 1, 540)
    ktp = reg.documents[0].pages[0].sha256
    aside = tmp_path / "ktp.envelope"
    shutil.move(kiosk.vault.path(ktp), aside)
    first = kiosk.engine().run_round()
    assert first.push.stored == 1 and first.pages.failed == 1 and first.pending_pages == 1
    assert not first.complete
    assert any(p.code == "sync.page.missing_local" for p in _status(kiosk).problems)
    shutil.move(aside, kiosk.vault.path(ktp))  # e.g. restored from the backup drive
    second = kiosk.engine().run_round()
    assert second.complete and second.pages.uploaded == 1
    assert central_page(central.storage, ktp) == kiosk.pages[ktp]
    assert _status(kiosk).problems == []


def test_offline_is_reported_and_nothing_is_lost(central, tmp_path: Path) -> None:
    from kiosk.sync.service import SyncService
    from kiosk.sync.tables import STATE

    kiosk = enrolled_kiosk(tmp_path, "off-a", central.url, central.db_url)
    submit_some(kiosk, 2, 560)
    with kiosk.store.engine.begin() as conn:
        conn.execute(STATE.update().values(central_url="http://127.0.0.1:9"))
    status = SyncService(kiosk.store, engine=kiosk.engine(), retention=False).sync_now()
    assert status.online is False and status.pending_records == 2
    assert status.problems[0].code == "sync.offline"
    with kiosk.store.engine.begin() as conn:
        conn.execute(STATE.update().values(central_url=central.url))
    status = SyncService(kiosk.store, engine=kiosk.engine(), retention=False).sync_now()
    assert status.online and status.pending_records == 0 and status.problems == []


def test_background_thread_stops_when_revoked_and_returns_after_enrolment(central, tmp_path):
    import time

    from kiosk.central import admin
    from kiosk.sync.enrol import enroll
    from kiosk.sync.service import SyncService

    kiosk = enrolled_kiosk(tmp_path, "svc-r", central.url, central.db_url)
    admin.revoke_kiosk(central.db_url, "svc-r")
    submit_some(kiosk, 1, 580)
    service = SyncService(kiosk.store, engine=kiosk.engine(), interval_s=0.05, retention=False)
    service.start()
    try:
        deadline = time.monotonic() + 30
        while service.running and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not service.running and service.status().revoked
        enroll(kiosk.store, central.url, enrolment_code(central.db_url, "svc-r2"))
        service.sync_now()
        assert service.running
        while service.status().pending_records and time.monotonic() < deadline:
            time.sleep(0.05)
        assert service.status().pending_records == 0 and not service.status().revoked
    finally:
        service.stop()


def test_cli_sync_exit_status(central, tmp_path: Path, capsys) -> None:
    kiosk = enrolled_kiosk(tmp_path, "cli-a", central.url, central.db_url)
    submit_some(kiosk, 1, 600)
    data_dir = str(tmp_path / "cli-a")
    assert _cli(["sync", "--data-dir", data_dir]) == 0
    assert _cli(["sync", "status", "--data-dir", data_dir, "--json"]) == 0
    assert '"pending_records": 0' in capsys.readouterr().out
    assert _cli(["sync", "status", "--data-dir", data_dir]) == 0  # for people: in Indonesian
    shown = capsys.readouterr().out
    assert "Pendaftaran menunggu: 0" in shown and "Terdaftar di pusat: ya" in shown
    assert "pending_records" not in shown
    from kiosk.sync.tables import STATE

    with kiosk.store.engine.begin() as conn:  # point it at a closed port: offline
        conn.execute(STATE.update().values(central_url="http://127.0.0.1:9"))
    submit_some(kiosk, 1, 610)
    assert _cli(["sync", "--data-dir", data_dir, "--attempts", "2"]) == 1
    assert "tidak dapat dihubungi" in capsys.readouterr().out


def test_retention_redacts_confirmed_registrations_after_the_period(central, tmp_path) -> None:
    from kiosk.central import admin
    from kiosk.sync.retention import Retention

    kiosk = enrolled_kiosk(tmp_path, "ret-a", central.url, central.db_url)
    regs = submit_some(kiosk, 3, 700)
    assert kiosk.engine().run_round().complete
    admin.set_verdict(central.db_url, regs[0].id, "verified", "")
    admin.set_verdict(central.db_url, regs[1].id, "needs_fix", "NPWP salah")
    assert kiosk.engine().run_round().complete
    kiosk.store.set_setting("sync.retention_days", 30)
    soon = Retention(kiosk.store, vault=kiosk.vault).run()
    assert soon.redacted == 0  # not yet 30 days
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    result = Retention(kiosk.store, vault=kiosk.vault, now=later).run()
    assert result.available and result.redacted == 2  # verified + synced; needs_fix stays
    gone = kiosk.store.get(regs[0].id)
    assert gone.reg_no == regs[0].reg_no and gone.status == Status.VERIFIED
    assert gone.owner.nik == "" and gone.bank.account_number == ""
    assert kiosk.store.get(regs[1].id).owner.nik == regs[1].owner.nik  # needs fix: kept
    own_pages = {p.sha256 for d in regs[0].documents for p in d.pages}
    kept_pages = {p.sha256 for d in regs[1].documents for p in d.pages}
    for sha in own_pages - kept_pages:
        assert not kiosk.vault.has(sha)
        assert central_page(central.storage, sha) == kiosk.pages[sha]  # the central keeps it
    assert Retention(kiosk.store, vault=kiosk.vault, now=later).run().redacted == 0
    assert kiosk.engine().run_round().sanity_ok  # the ledger survives retention


def test_sanity_mismatch_repushes_what_the_central_lost(central, tmp_path: Path) -> None:
    """The central lost a registration (restored from an older backup): the cross-check notices,
    the kiosk sends its confirmed versions again, and the second check agrees."""
    import sqlalchemy as sa

    kiosk = enrolled_kiosk(tmp_path, "san-a", central.url, central.db_url)
    regs = submit_some(kiosk, 4, 800)
    assert kiosk.engine().run_round().complete
    lost = regs[2].id
    engine = sa.create_engine(central.db_url)
    with engine.begin() as conn:
        versions = "SELECT id FROM central_versions WHERE registration_id = :r"
        conn.execute(sa.text(f"DELETE FROM central_page_refs WHERE version_id IN ({versions})"),
                     {"r": lost})  # fmt: skip
        for table, column in [("central_identifiers", "registration_id"),
                              ("central_duplicates", "registration_a"),
                              ("central_duplicates", "registration_b"),
                              ("central_versions", "registration_id"),
                              ("central_registrations", "id")]:  # fmt: skip
            conn.execute(sa.text(f"DELETE FROM {table} WHERE {column} = :r"), {"r": lost})
    engine.dispose()
    assert (lost, 1) not in {(r, v) for r, v, _ in central_versions(central.db_url)}
    result = kiosk.engine().run_round()
    assert result.sanity_ok and result.complete, result
    assert result.push.stored == 1 and result.push.unchanged == 3
    held = {(r, v): h for r, v, h in central_versions(central.db_url)}
    assert held[(lost, 1)] == kiosk.submitted[(lost, 1)]
    assert not any(p.code == "sync.sanity.mismatch" for p in _status(kiosk).problems)


def _status(kiosk):
    from kiosk.sync.service import read_status

    return read_status(kiosk.engine())


def _cli(argv: list[str]) -> int:
    from kiosk.cli import sync as cli_sync

    parser = argparse.ArgumentParser(prog="kiosk")
    cli_sync.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_sanity_digest_matches_the_protocol_rule() -> None:
    from kiosk.protocol import sanity_digest
    from kiosk.sync.state import ledger_digest

    rows = [("b", 2, "h2"), ("a", 1, "h1"), ("a", 2, "h3")]
    assert ledger_digest(rows) == (3, sanity_digest(rows)) == (3, digest_of(rows))
