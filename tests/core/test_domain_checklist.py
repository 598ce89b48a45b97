"""The document checklist by legal form and answers, from the versioned JSON."""

from __future__ import annotations

import copy
import json

import pytest

from kiosk.config import resources_dir
from kiosk.domain import checklist
from kiosk.domain.examples import complete_registration
from kiosk.domain.model import DocumentType as D
from kiosk.domain.model import LegalForm, Product, Registration
from kiosk.reference.checklist import parse_checklist


def _types(reg: Registration, required_only: bool = True) -> set[D]:
    return {
        i.doc_type for i in checklist.required_documents(reg) if i.required or not required_only
    }


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (LegalForm.PERORANGAN, set()),
        (LegalForm.OTHER, set()),
        (LegalForm.CV, {D.DEED_ESTABLISHMENT, D.SK_KEMENKUMHAM}),
        (LegalForm.FIRMA, {D.DEED_ESTABLISHMENT, D.SK_KEMENKUMHAM}),
        (LegalForm.PT, {D.DEED_ESTABLISHMENT, D.SK_KEMENKUMHAM}),
        (LegalForm.KOPERASI, {D.DEED_ESTABLISHMENT, D.SK_KEMENKUMHAM}),
        (LegalForm.YAYASAN, {D.DEED_ESTABLISHMENT, D.SK_KEMENKUMHAM}),
    ],
)
def test_documents_by_legal_form(form: LegalForm, expected: set[D]) -> None:
    reg = Registration()
    reg.business.legal_form = form
    base = {D.KTP, D.NPWP, D.NIB, D.NON_PKP_STATEMENT}
    assert _types(reg) == base | expected
    amendment = D.DEED_AMENDMENT in _types(reg, required_only=False)
    assert amendment == bool(expected)  # offered as "if any" wherever there is a deed


def test_pkp_power_of_attorney_and_tkdn() -> None:
    reg = Registration()
    reg.business.legal_form = LegalForm.PERORANGAN
    reg.business.pkp = True
    reg.owner.is_owner = False
    reg.products = [
        Product(name="A", tkdn_cert_no="1/TKDN/2025"),
        Product(name="B", tkdn_cert_no=" 1/tkdn/2025 "),  # same certificate, other spelling
        Product(name="C", tkdn_cert_no="2/TKDN/2025"),
        Product(name="D"),
    ]
    items = {i.doc_type: i for i in checklist.required_documents(reg)}
    assert D.PKP in items and D.NON_PKP_STATEMENT not in items
    assert items[D.POWER_OF_ATTORNEY].required
    assert items[D.TKDN].count == 2
    assert "2" in items[D.TKDN].reason("id")


def test_legal_form_items_wait_for_the_legal_form() -> None:
    assert D.DEED_ESTABLISHMENT not in _types(Registration(), required_only=False)


def test_missing_documents_counts_pages() -> None:
    reg = complete_registration(4)
    assert checklist.missing_documents(reg) == []
    ktp = next(d for d in reg.documents if d.doc_type is D.KTP)
    ktp.pages.clear()  # a document without pages was not scanned
    assert [i.doc_type for i in checklist.missing_documents(reg)] == [D.KTP]
    reg.documents = [d for d in reg.documents if d.doc_type is not D.TKDN]
    assert D.TKDN in {i.doc_type for i in checklist.missing_documents(reg)}


def test_every_item_has_both_languages_and_the_file_is_versioned() -> None:
    data = json.loads((resources_dir() / "data" / "checklist.json").read_text("utf-8"))
    assert data["version"] == checklist.checklist_version()
    reg = complete_registration(1)
    for item in checklist.required_documents(reg):
        assert item.label("id") != item.label("en")
        assert item.reason("id") and item.reason("en")


def test_a_broken_checklist_is_refused() -> None:
    data = json.loads((resources_dir() / "data" / "checklist.json").read_text("utf-8"))
    bad = copy.deepcopy(data)
    bad["items"][0]["when"] = {"moon_phase": "full"}
    with pytest.raises(ValueError, match="unknown condition"):
        parse_checklist(bad)
    bad = copy.deepcopy(data)
    bad["items"][0]["doc_type"] = "passport"
    with pytest.raises(ValueError):
        parse_checklist(bad)
