"""Retention: ``Store.redact`` removes personal data of confirmed registrations, keeps the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain.examples import complete_registration
from kiosk.domain.model import LegalForm
from kiosk.errors import UserFacingError
from kiosk.store import Store


@pytest.fixture
def store(data_dir: Path):
    with Store.open(data_dir) as s:
        yield s


def test_redact_removes_personal_data_and_keeps_the_record(store: Store, data_dir: Path) -> None:
    original = complete_registration(1)
    reg = store.submit(original, staff_id="s")
    with pytest.raises(UserFacingError):
        store.redact(reg.id)  # not confirmed yet
    store.outbox_mark_sent(store.outbox_pending()[0].seq)
    hashes_before = [v.content_hash for v in store.history(reg.id)]
    store.redact(reg.id)
    store.redact(reg.id)  # idempotent
    got = store.get(reg.id)
    assert (got.reg_no, got.version, got.status) == (reg.reg_no, reg.version, "synced")
    assert got.owner.nik == got.owner.full_name == got.bank.account_number == ""
    assert got.business.nib == got.business.npwp == "" and got.products == [] == got.documents
    assert got.business.name == reg.business.name  # a CV's name is not a person's
    assert got.address.village_code == reg.address.village_code and got.address.street == ""
    assert [v.content_hash for v in store.history(reg.id)] == hashes_before
    assert store.version_content(reg.id, 1)["owner"]["nik"] == ""
    assert store.referenced_page_hashes() == set()
    [summary] = store.search(reg.reg_no)
    assert (
        summary.redacted
        and summary.nik_masked == reg.owner.nik[:4] + "••••••••" + reg.owner.nik[-4:]
    )
    assert store.search(original.owner.nik) == []  # blind index gone
    assert store.search(original.owner.full_name) == []  # owner name gone from FTS
    assert "registration.redacted" in [e["action"] for e in store.audit_entries(target=reg.id)]
    store.optimize_search_index()
    store.close()
    raw = b"".join(p.read_bytes() for p in data_dir.glob("kiosk.sqlite3*"))
    assert original.owner.full_name.encode() not in raw
    for word in original.owner.full_name.split():  # nobody else has these names here
        assert word.encode() not in raw and word.lower().encode() not in raw, word


def test_sole_proprietor_business_name_goes_too(store: Store) -> None:
    reg = complete_registration(2)
    reg.business.legal_form = LegalForm.PERORANGAN
    reg.business.name = "UD Ahmad Fauzi"
    reg.documents = []
    from kiosk.domain.checklist import required_documents
    from kiosk.domain.examples import complete_registration as again

    template = again(2)
    template.business.legal_form = LegalForm.PERORANGAN
    for doc in template.documents:
        if doc.doc_type in {i.doc_type for i in required_documents(reg) if i.required}:
            reg.documents.append(doc)
    saved = store.submit(reg, staff_id="s")
    store.apply_verdict(saved.id, "verified", "")
    store.redact(saved.id)
    assert store.get(saved.id).business.name == "" and store.search("Fauzi") == []
