"""The Store facade: drafts, submissions, corrections, verdicts, outbox, settings, pages."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from kiosk.domain.examples import complete_registration
from kiosk.domain.model import Registration, Status
from kiosk.errors import UserFacingError
from kiosk.store import RegistrationNotFound, Store, ValidationFailed
from kiosk.store.engine import pragmas


@pytest.fixture
def store(data_dir: Path):
    with Store.open(data_dir) as s:
        yield s


def test_open_sets_pragmas_on_every_connection(store: Store) -> None:
    # Two connections at once: both must carry the pragmas (set by the connect listener).
    with store.engine.connect() as a, store.engine.connect() as b:
        for conn in (a, b):
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    assert pragmas(store.engine)["journal_mode"] == "wal"


def test_draft_gets_number_and_round_trips(store: Store) -> None:
    saved = store.save_draft(complete_registration(1), staff_id="s1", step="owner")
    assert re.fullmatch(rf"{store.kiosk_code}-\d{{8}}-0001", saved.reg_no)
    assert saved.status == Status.DRAFT
    assert store.get(saved.id) == saved
    assert store.get_by_reg_no(saved.reg_no.lower()) == saved
    assert store.draft_step(saved.id) == "owner"
    assert [s.id for s in store.list_drafts()] == [saved.id]
    assert store.outbox_counts()["pending"] == 0  # drafts never reach the outbox
    again = store.save_draft(saved, staff_id="s1", step="address")
    assert again.reg_no == saved.reg_no and again.created_at == saved.created_at
    assert store.draft_step(saved.id) == "address"


def test_numbers_are_sequential_and_unique(store: Store) -> None:
    numbers = [store.save_draft(complete_registration(i)).reg_no for i in range(1, 6)]
    assert [n.rsplit("-", 1)[1] for n in numbers] == ["0001", "0002", "0003", "0004", "0005"]
    store.set_kiosk_code("tarakan1")
    assert store.kiosk_code == "TARAKAN1" and not store.kiosk_code_is_provisional
    assert store.save_draft(complete_registration(9)).reg_no.startswith("TARAKAN1-")
    with pytest.raises(UserFacingError):
        store.set_kiosk_code("bad code!")


def test_submit_writes_version_outbox_and_audit_together(store: Store) -> None:
    reg = store.submit(complete_registration(2), staff_id="s1")
    assert reg.status == Status.SUBMITTED and reg.version == 1
    [item] = store.outbox_pending()
    assert (item.registration_id, item.version) == (reg.id, 1)
    assert item.content_hash == reg.content_hash() == store.history(reg.id)[0].content_hash
    assert store.version_content(reg.id, 1) == reg.content()
    assert store.history(reg.id)[0].created_at == reg.updated_at == store.get(reg.id).updated_at
    assert store.audit_entries(target=reg.id)[0]["at"].tzinfo is not None
    actions = [e["action"] for e in store.audit_entries(target=reg.id)]
    assert "registration.submitted" in actions
    with pytest.raises(UserFacingError) as err:
        store.save_draft(reg)
    assert err.value.code == "store.not_a_draft"
    with pytest.raises(UserFacingError):
        store.submit(reg, staff_id="s1")


def test_submit_imported_keeps_the_files_number_and_version(store: Store) -> None:
    reg = complete_registration(3)
    reg.reg_no, reg.version = "TNJ1-20261126-0042", 3  # as another kiosk numbered it
    stored = store.submit_imported(reg, staff_id="import")
    assert (stored.id, stored.reg_no, stored.version) == (reg.id, "TNJ1-20261126-0042", 3)
    assert stored.status == Status.SUBMITTED
    [item] = store.outbox_pending()
    assert (item.registration_id, item.version) == (reg.id, 3)
    actions = [e["action"] for e in store.audit_entries(target=reg.id)]
    assert actions == ["registration.imported"]
    with pytest.raises(UserFacingError) as err:  # the same id again: refused, nothing changes
        store.submit_imported(reg, staff_id="import")
    assert err.value.code == "store.not_a_draft"


def test_invalid_draft_is_kept_as_typed_but_cannot_be_submitted(store: Store) -> None:
    reg = complete_registration(12)
    reg.owner.nik = "6471 0101 0190"  # half typed
    reg.owner.phone = "0812-3456-78901"
    draft = store.save_draft(reg, step="owner")
    assert store.get(draft.id).owner.nik == "6471 0101 0190"  # nothing typed is lost
    with pytest.raises(ValidationFailed) as err:
        store.submit(draft, staff_id="s1")
    assert any(i.field == "owner.nik" for i in err.value.issues)
    assert store.get(draft.id) == draft and store.outbox_counts()["pending"] == 0
    draft.owner.nik = complete_registration(12).owner.nik
    draft.owner.phone = complete_registration(12).owner.phone
    assert store.submit(draft, staff_id="s1").status == Status.SUBMITTED


def test_submit_rejects_incomplete_registration_and_writes_nothing(store: Store) -> None:
    with pytest.raises(ValidationFailed) as err:
        store.submit(Registration(), staff_id="s1")
    assert err.value.issues and all(i.severity == "error" for i in err.value.issues)
    assert any(line.startswith("owner.nik") for line in err.value.details("en"))
    assert store.count_registrations() == 0 and store.outbox_counts()["pending"] == 0


def test_correction_is_a_new_version_with_reason(store: Store) -> None:
    reg = store.submit(complete_registration(3), staff_id="s1")
    with pytest.raises(UserFacingError) as unchanged:
        store.correct(reg, reason="nothing", staff_id="s2")
    assert unchanged.value.code == "store.correction.unchanged"
    with pytest.raises(UserFacingError):
        store.correct(reg, reason="  ", staff_id="s2")
    reg.business.name = "CV Roti Sebengkok Baru"
    fixed = store.correct(reg, reason="nama salah ketik", staff_id="s2")
    assert fixed.version == 2 and store.get(reg.id).business.name == "CV Roti Sebengkok Baru"
    history = store.history(reg.id)
    assert [(v.version, v.reason, v.staff_id) for v in history] == [
        (1, "", "s1"),
        (2, "nama salah ketik", "s2"),
    ]
    assert store.version_content(reg.id, 1)["business"]["name"] != "CV Roti Sebengkok Baru"
    assert [(i.version) for i in store.outbox_pending()] == [1, 2]


def test_outbox_lifecycle_and_synced_status(store: Store) -> None:
    a = store.submit(complete_registration(4), staff_id="s1")
    b = store.submit(complete_registration(5), staff_id="s1")
    first, second = store.outbox_pending()
    assert first.seq < second.seq and first.registration_id == a.id
    store.outbox_set_aside(first.seq, "push.invalid", "bad record")
    assert [i.seq for i in store.outbox_pending()] == [second.seq]
    store.outbox_mark_sent(second.seq)
    assert store.get(b.id).status == Status.SYNCED
    assert store.outbox_counts() == {"pending": 0, "sent": 1, "set_aside": 1}
    store.outbox_retry(first.seq)
    assert [i.seq for i in store.outbox_pending()] == [first.seq]
    assert store.outbox_requeue(b.id, 1) == second.seq
    assert store.outbox_counts()["pending"] == 2
    with pytest.raises(UserFacingError):
        store.outbox_requeue(b.id, 7)
    with pytest.raises(UserFacingError):
        store.outbox_mark_sent(9999)


def test_outbox_batch_mark_sent_is_all_or_nothing(store: Store) -> None:
    regs = [store.submit(complete_registration(40 + i), staff_id="s1") for i in range(3)]
    seqs = [i.seq for i in store.outbox_pending()]
    with pytest.raises(UserFacingError):
        store.outbox_mark_sent_many([seqs[0], 9999])  # one unknown seq: none is marked
    assert store.outbox_counts()["pending"] == 3
    assert store.get(regs[0].id).status == Status.SUBMITTED
    before = store.get(regs[0].id)
    store.outbox_mark_sent_many(seqs[:2])
    after = store.get(regs[0].id)  # the sealed record re-stamped in place opens to the same data
    assert after.content() == before.content() and after.updated_at > before.updated_at
    assert after.to_dict() == {**before.to_dict(), "status": "synced",
                               "updated_at": after.to_dict()["updated_at"]}  # fmt: skip
    assert [store.get(r.id).status for r in regs] == [
        Status.SYNCED,
        Status.SYNCED,
        Status.SUBMITTED,
    ]
    assert store.outbox_counts() == {"pending": 1, "sent": 2, "set_aside": 0}


def test_verdicts(store: Store) -> None:
    reg = store.submit(complete_registration(6), staff_id="s1")
    assert store.apply_verdict(reg.id, "needs_fix", "foto KTP buram")
    got = store.get(reg.id)
    assert got.status == Status.NEEDS_FIX and got.verdict_reason == "foto KTP buram"
    audits = len(store.audit_entries(target=reg.id))
    assert store.apply_verdict(reg.id, Status.NEEDS_FIX, "foto KTP buram")  # pulled twice
    assert len(store.audit_entries(target=reg.id)) == audits
    got.owner.position = "Pemilik"
    store.correct(got, reason="foto baru", staff_id="s1")
    assert not store.apply_verdict(reg.id, "verified", "", version=1)  # stale verdict
    assert store.get(reg.id).status == Status.SUBMITTED
    with pytest.raises(UserFacingError):
        store.apply_verdict(reg.id, "draft", "")
    with pytest.raises(RegistrationNotFound):
        store.apply_verdict("nope", "verified", "")


def test_delete_draft(store: Store) -> None:
    draft = store.save_draft(complete_registration(7))
    store.delete_draft(draft.id, "s1")
    with pytest.raises(RegistrationNotFound):
        store.get(draft.id)
    assert store.referenced_page_hashes() == set()
    submitted = store.submit(complete_registration(8), staff_id="s1")
    with pytest.raises(UserFacingError):
        store.delete_draft(submitted.id, "s1")


def test_document_pages_follow_the_documents(store: Store) -> None:
    reg = store.save_draft(complete_registration(10))
    hashes = {p.sha256 for d in reg.documents for p in d.pages}
    assert store.referenced_page_hashes() == hashes
    one = next(iter(hashes))
    assert store.flag_page(one, "missing") == 1
    reg = store.save_draft(reg)  # a save that keeps the page keeps the sweep's state
    assert "missing" in {s for *_, s in store.page_states(reg.id)}
    dropped = reg.documents.pop()
    reg = store.save_draft(reg)
    assert store.referenced_page_hashes() == hashes - {p.sha256 for p in dropped.pages}


def test_settings_are_json(store: Store) -> None:
    assert store.get_setting("x", 5) == 5
    store.set_setting("x", {"a": [1, "dua"]})
    assert store.get_setting("x") == {"a": [1, "dua"]}
    with pytest.raises(TypeError):
        store.set_setting("bad", object())
    assert len(store.kiosk_id) == 36


def test_no_personal_numbers_in_database_files(store: Store, data_dir: Path) -> None:
    reg = complete_registration(11)
    store.submit(reg, staff_id="s1")
    raw = b"".join(p.read_bytes() for p in data_dir.glob("kiosk.sqlite3*") if p.is_file())
    for number in (
        reg.owner.nik,
        reg.business.npwp,
        reg.business.nib,
        reg.bank.account_number,
        reg.owner.phone.lstrip("+"),
    ):
        assert number.encode() not in raw, number
    assert reg.business.name.encode() in raw  # names are plaintext (search), as designed
    conn = sqlite3.connect(data_dir / "kiosk.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_concurrent_writers_wait_instead_of_failing(store: Store) -> None:
    import threading

    errors: list[BaseException] = []
    saved: list[str] = []

    def work(first: int) -> None:
        try:
            for seed in range(first, first + 6):
                saved.append(store.submit(complete_registration(seed), staff_id="t").reg_no)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(100 + 10 * i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(saved) == len(set(saved)) == 18
    assert store.outbox_counts()["pending"] == 18


def test_pages_of_older_versions_stay_referenced(store: Store) -> None:
    reg = store.submit(complete_registration(13), staff_id="s1")
    old_page = reg.documents[0].pages[0].sha256
    reg.documents[0].pages[0].sha256 = "ab" * 32  # the KTP scanned again in a correction
    store.correct(reg, reason="scan ulang KTP", staff_id="s1")
    refs = store.referenced_page_hashes()
    assert old_page in refs and "ab" * 32 in refs  # version 1 may still have to be pushed
    assert old_page not in {sha for _, _, sha, _ in store.page_states(reg.id)}
    store.outbox_mark_sent(store.outbox_pending()[-1].seq)
    store.redact(reg.id)
    assert store.referenced_page_hashes() == set()
