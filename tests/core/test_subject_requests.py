"""Data-subject requests and audit anchors end to end: a real central on loopback, two kiosks.

- every sync round anchors the kiosk's audit chain at the central; the kiosk's verification uses
  those anchors and names a removed entry;
- ``subject export`` holds everything about one NIK (registrations from both kiosks, every version,
  the documents decrypted, the audit entries) and nothing about anyone else; its PDF summary is
  read back with pdftotext;
- ``subject erase`` removes the data at the central, both kiosks erase their copies on their next
  sync and confirm, the request completes with its deadline in the audit trail, and neither a
  re-push nor a later round brings anything back;
- consent withdrawn at the desk (a supervisor confirms) erases at once and starts the same erasure.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from kiosk.central import subject_admin
from kiosk.staff import accounts, audit_anchors
from kiosk.store import erasure as local_erasure
from kiosk.store.records import RegistrationNotFound
from tests.conftest import require_service
from tests.core.test_sync_support import (
    central_for_admin,
    central_rows,
    central_versions,
    enrolled_kiosk,
    make_registration,
)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def central(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"central-subjects-{request.param}")
    with central_for_admin(request.param, root) as server:
        yield server


def _round(kiosk):
    result = kiosk.engine().run_round()
    assert result.error is None, result.error
    return result


def _same_person(reg, owner_of):
    reg.owner = dataclasses.replace(owner_of.owner)
    reg.bank = dataclasses.replace(reg.bank, holder_name=owner_of.owner.full_name)
    return reg


def test_anchors_export_erasure_and_withdrawal(central, tmp_path: Path) -> None:
    a = enrolled_kiosk(tmp_path, "subj-a", central.url, central.db_url)
    b = enrolled_kiosk(tmp_path, "subj-b", central.url, central.db_url)
    c = enrolled_kiosk(tmp_path, "subj-c", central.url, central.db_url)  # same MPP, holds nothing
    shared: dict[str, str] = {}
    reg_a, images = make_registration(501, a.vault, shared=shared)
    person = a.submit(reg_a, images)  # the person: a registration at kiosk A …
    reg_b, images_b = make_registration(502, b.vault)
    at_b = b.submit(_same_person(reg_b, person), images_b)  # … and another at kiosk B
    other_reg, other_images = make_registration(503, a.vault, shared=shared)
    other = a.submit(other_reg, other_images)  # someone else, at kiosk A
    for kiosk in (a, b):
        assert _round(kiosk).sanity_ok is True

    # -- anchors: each round left the head at the central; the kiosk checks against them --------
    seq_a, hash_a = audit_anchors.head(a.store)
    anchors = central_rows(central.db_url, "SELECT seq, entry_hash FROM central_audit_anchors")
    assert (seq_a, hash_a) in [tuple(r) for r in anchors]
    assert audit_anchors.check(a.store, [(seq_a, hash_a)]).ok
    assert audit_anchors.anchors(a.store)[-1] == (seq_a, hash_a)  # remembered locally too

    # -- export: everything about the NIK, nothing about anyone else ------------------------------
    nik = person.owner.nik
    out = tmp_path / "salinan.zip"
    done = subject_admin.export_subject(central.settings, nik, out, "admin-test")
    assert sorted(done.registrations) == sorted([person.reg_no, at_b.reg_no])
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
        blobs = {name: archive.read(name) for name in names}
    held = {r["reg_no"]: r for r in data["registrations"]}
    assert set(held) == {person.reg_no, at_b.reg_no}
    assert held[person.reg_no]["versions"][0]["content"]["owner"]["nik"] == nik
    assert held[person.reg_no]["audit"] == [] or all(
        e["action"] for e in held[person.reg_no]["audit"]
    )
    assert data["requests"][0]["kind"] == "export" and data["requests"][0]["audit"]
    for sha, plain in {**images, **images_b}.items():  # the person's own pages, decrypted
        [name] = [n for n in names if sha[:16] in n]
        assert blobs[name] == plain
    for secret in (other.owner.nik, other.owner.full_name, other.reg_no, other.owner.phone,
                   other.bank.account_number):  # fmt: skip
        assert all(secret.encode() not in blob for blob in blobs.values()), secret
    (tmp_path / "ringkasan.pdf").write_bytes(blobs["ringkasan.pdf"])
    require_service(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    summary = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "ringkasan.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for expected in ("Ringkasan data pribadi", nik, person.reg_no, at_b.reg_no,
                     person.owner.full_name, "batas waktu", "3 × 24 jam"):  # fmt: skip
        assert expected in summary, expected
    assert other.owner.full_name not in summary and other.reg_no not in summary

    # -- erasure at the central; both kiosks erase and confirm ------------------------------------
    from kiosk.sync.push import build_item

    stale = [build_item(a.store, row) for row in _outbox_rows(a, person.id)]
    erased = subject_admin.erase_subject(central.settings, nik, "permohonan tertulis", "admin")
    assert sorted(erased.pending_kiosks) == sorted(_kiosk_ids(central, a, b))
    assert not [v for v in central_versions(central.db_url) if v[0] in (person.id, at_b.id)]
    ktp_a = next(iter(images))
    assert not (central.settings.storage_dir / "pages" / ktp_a[:2] / ktp_a).exists()
    from kiosk.central.storage import LocalPageStorage

    assert not LocalPageStorage(central.settings.storage_dir).has(ktp_a)  # nor in a pack
    from kiosk.sync.reconcile import requeue_confirmed

    requeue_confirmed(a.store, a.engine().state)  # A re-pushes: answered push.erased, erases
    for kiosk in (a, b):
        result = _round(kiosk)
        assert result.sanity_ok is True and result.set_aside == 0
    for kiosk, reg in ((a, person), (b, at_b)):
        with pytest.raises(RegistrationNotFound):
            kiosk.store.get(reg.id)
        assert local_erasure.tombstones(kiosk.store)[reg.id] == reg.reg_no
        assert not local_erasure.unreported(kiosk.store)  # confirmed to the central
    assert not a.vault.has(ktp_a) and a.vault.has(next(iter(other_images)))
    _round(c)  # told too (it could hold a restored copy): it holds nothing and says so
    assert {r["registration_id"]: r["held"] for r in _tombstone_rows(c)} == {
        person.id: False,
        at_b.id: False,
    }
    assert not local_erasure.unreported(c.store)
    assert a.store.get(other.id).reg_no == other.reg_no  # the other person's data stays
    [request] = [r for r in subject_admin.list_requests(central.settings) if r.kind == "erasure"]
    assert request.completed_at is not None and request.pending_kiosks == []
    actions = [r[0] for r in central_rows(central.db_url, "SELECT action FROM central_audit")]
    for action in ("subject.erasure.requested", "subject.erasure.central_done",
                   "subject.erasure.completed", "registration.erased"):  # fmt: skip
        assert action in actions
    # never resurrected: the old versions pushed again are refused, later rounds bring nothing
    with _client(a) as client:
        answer = client.push(stale)
    assert {r.error.code for r in answer.results if r and r.error} == {"push.erased"}
    for kiosk in (a, b):
        _round(kiosk)
    assert not [v for v in central_versions(central.db_url) if v[0] in (person.id, at_b.id)]

    # -- consent withdrawn at the desk -------------------------------------------------------
    staff = accounts.create_first_supervisor(a.store, "sari", "Sari", "rahasia-sekali-1")
    operator = accounts.create_staff(a.store, "budi", "Budi", "operator", "rahasia-sekali-2")
    from kiosk.errors import UserFacingError
    from kiosk.sync.erasure import withdraw_consent

    with pytest.raises(UserFacingError):
        withdraw_consent(a.store, other.id, operator, operator)  # no supervisor, no withdrawal
    withdraw_consent(a.store, other.id, operator, staff)
    with pytest.raises(RegistrationNotFound):
        a.store.get(other.id)
    _round(a)
    assert not [v for v in central_versions(central.db_url) if v[0] == other.id]
    kinds = {r.kind: r for r in subject_admin.list_requests(central.settings)}
    assert kinds["withdrawal"].completed_at is not None

    # -- the audit trail: intact at the central; a removed kiosk entry is named ---------------
    verdict = subject_admin.verify_audit(central.settings)
    assert verdict.ok and verdict.regressions == []
    from kiosk.sync.anchor import central_anchors

    with _client(a) as client:
        held_anchors = central_anchors(client)
    assert audit_anchors.check(a.store, held_anchors).ok
    with a.store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log WHERE id = 3")
    report = audit_anchors.check(a.store, held_anchors)
    assert ("removed", 3) in {(f.kind, f.seq) for f in report.findings}


def _outbox_rows(kiosk, reg_id: str) -> list:
    from kiosk.store import OutboxItem

    rows = _rows_sqlite(kiosk, reg_id)
    return [
        OutboxItem(seq=s, registration_id=r, version=v, content_hash=h, attempts=0, last_error="")
        for s, r, v, h in rows
    ]


def _rows_sqlite(kiosk, reg_id: str) -> list:
    with kiosk.store.engine.connect() as conn:
        return list(
            conn.exec_driver_sql(
                "SELECT seq, registration_id, version, content_hash FROM outbox "
                "WHERE registration_id = ?",
                (reg_id,),
            )
        )


def _kiosk_ids(central, *kiosks) -> list[str]:
    from kiosk.sync.state import SyncState

    creds = [SyncState(k.store.engine, k.store.keys).credentials() for k in kiosks]
    return [c.central_kiosk_id for c in creds if c is not None]


def _client(kiosk):
    engine = kiosk.engine()
    creds = engine.state.credentials()
    assert creds is not None
    return engine._default_client(creds)


def _tombstone_rows(kiosk) -> list:
    with kiosk.store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT registration_id, held FROM erasures").mappings()
        return [dict(r) for r in rows]
