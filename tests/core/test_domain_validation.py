"""Whole-registration and per-field validation: required fields, ranges, cross-checks."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.domain.examples import complete_registration
from kiosk.domain.model import LegalForm, Product, Registration, Scale, Sex
from kiosk.domain.validation import (
    clean_field,
    errors,
    normalize_registration,
    validate_field,
    validate_registration,
)


def _codes(issues, field=None):
    return {(i.field, i.code, i.severity) for i in issues if field is None or i.field == field}


@pytest.mark.parametrize("seed", [1, 2, 77, 4096, 9998])
def test_complete_registration_passes_submit(seed: int) -> None:
    assert validate_registration(complete_registration(seed), stage="submit") == []


def test_empty_draft_is_fine_but_cannot_be_submitted() -> None:
    reg = Registration()
    assert validate_registration(reg, stage="draft") == []
    issues = validate_registration(reg, stage="submit")
    required = {i.field for i in issues if i.code == "validation.required"}
    assert {"business.name", "owner.nik", "address.village_code", "bank.account_number"} <= required
    assert ("products", "validation.products.none", "error") in _codes(issues)
    assert ("consent", "validation.consent.missing", "error") in _codes(issues)


def test_required_fields_of_each_product() -> None:
    reg = complete_registration(1)
    reg.products.append(Product(name="Kue"))
    fields = {i.field for i in validate_registration(reg, stage="submit")}
    assert {"products.2.unit", "products.2.price_idr"} <= fields
    assert "products.2.category" not in fields  # the KBLI code replaced the free-text category


def test_nik_birth_date_and_sex_mismatch_are_errors() -> None:
    reg = complete_registration(3)  # male, born 4 Jan 1985
    reg.owner.birth_date = dt.date(1985, 1, 5)
    reg.owner.sex = Sex.FEMALE
    issues = validate_registration(reg)
    assert ("owner.birth_date", "validation.nik.birth_mismatch", "error") in _codes(issues)
    assert ("owner.sex", "validation.nik.sex_mismatch", "error") in _codes(issues)
    text = next(i for i in issues if i.field == "owner.sex").text("id")
    assert "Jenis kelamin" in text and "laki-laki" in text
    reg.owner.birth_date = None  # the documented way out: leave it empty
    reg.owner.sex = None
    assert errors(validate_registration(reg, stage="submit")) == []


def test_nik_region_prefix_unknown_is_only_a_warning() -> None:
    reg = complete_registration(3)
    reg.owner.nik = "6599" + reg.owner.nik[4:]  # province 65 exists, regency 65.99 does not
    issues = validate_registration(reg, stage="submit")
    assert _codes(issues) == {("owner.nik", "validation.nik.region_unknown", "warning")}


def test_address_codes_must_nest() -> None:
    reg = complete_registration(5)
    reg.address.district_code = "65.71.01"  # Tarakan Barat; the village is in Tarakan Tengah
    issues = validate_registration(reg)
    assert ("address.village_code", "validation.region.outside", "error") in _codes(issues)
    reg.address.village_code = "64.71.01.1001"
    assert ("address.village_code", "validation.region.outside", "error") in _codes(
        validate_registration(reg)
    )
    reg.address.village_code = "65.71.99.1001"
    assert ("address.village_code", "validation.region.unknown", "error") in _codes(
        validate_registration(reg)
    )


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("address.postal_code", "7711", "validation.postal_code"),
        ("address.postal_code", "07711", "validation.postal_code"),
        ("address.province_code", "99", "validation.region.unknown"),
        ("address.regency_code", "65", "validation.region.unknown"),
        ("business.kbli", ["1071"], "validation.kbli.format"),
        ("business.kbli", ["62010"], "validation.kbli.unknown"),  # a KBLI 2015 code
        ("business.kbli.0", "99999", "validation.kbli.unknown"),
        ("business.year_established", "1700", "validation.year.range"),
        ("business.year_established", str(dt.date.today().year + 1), "validation.year.range"),
        ("business.employees", -1, "validation.employees.range"),
        ("business.employees", "dua", "validation.number"),
        ("products.0.price_idr", 0, "validation.price.positive"),
        ("products.0.price_idr", "Rp 0", "validation.price.positive"),
        ("products.0.price_idr", True, "validation.rupiah.format"),
        ("bank.account_number", "1234", "validation.account.length"),
        ("bank.account_number", "123456789012345678901", "validation.account.length"),
        ("bank.account_number", "12345x7890", "validation.account.digits"),
        ("owner.full_name", "Siti\u200bRahma", "validation.text.invisible"),
        ("owner.full_name", "Siti\x07Rahma", "validation.text.control"),
        ("owner.full_name", "Siti 😀", "validation.text.characters"),
        ("owner.full_name", "007", "validation.text.characters"),
        ("owner.full_name", "S" * 101, "validation.text.too_long"),
        ("business.name", "Toko 😀", "validation.text.symbols"),
        ("business.name", "X", "validation.text.too_short"),
        ("business.name", "Toko\u202eabc", "validation.text.invisible"),
        ("owner.birth_date", dt.date.today() + dt.timedelta(days=1), "validation.birth_date.range"),
        ("owner.birth_date", "31-02-1990", "validation.date.invalid"),
        ("owner.sex", "X", "validation.choice"),
        ("business.legal_form", "bumn", "validation.choice"),
        ("business.pkp", "ya", "validation.type"),
        ("products.0.tkdn_cert_no", "TKDN😀", "validation.text.characters"),
    ],
)
def test_field_rules(field: str, value: object, code: str) -> None:
    issues = validate_field(field, value, complete_registration(1))
    assert code in {i.code for i in issues}, issues
    for issue in issues:
        assert issue.field.startswith(field.split(".")[0])


@pytest.mark.parametrize(
    ("field", "value", "normal"),
    [
        ("owner.nik", "6571 0245 1285 0007", "6571024512850007"),
        ("owner.phone", "0812-3456-7890", "+6281234567890"),
        ("owner.full_name", "  Siti   Rahmawati ", "Siti Rahmawati"),
        ("owner.full_name", "I Gusti Ngurah Rai", "I Gusti Ngurah Rai"),
        ("owner.full_name", "Muh. Ali, S.E.", "Muh. Ali, S.E."),
        ("owner.full_name", "Nasi'ah", "Nasi'ah"),
        ("owner.full_name", "Cafe\u0301", "Café"),  # NFC
        ("owner.birth_date", "25-11-1990", dt.date(1990, 11, 25)),
        ("owner.sex", "p", Sex.FEMALE),
        ("business.legal_form", "CV", LegalForm.CV),
        ("business.capital_idr", "Rp 250.000.000", 250_000_000),
        ("business.employees", "12", 12),
        ("business.kbli", [" 10710 "], ["10710"]),
        ("bank.account_number", "0012-3456-78", "0012345678"),
        ("products.0.description", "Baris satu  \r\nbaris   dua\n", "Baris satu\nbaris dua"),
        ("products.0.description", "Enak 😀", "Enak 😀"),
    ],
)
def test_clean_field_normalises(field: str, value: object, normal: object) -> None:
    cleaned, issues = clean_field(field, value)
    assert issues == []
    assert cleaned == normal
    assert clean_field(field, cleaned) == (normal, [])


def test_validate_field_runs_the_cross_checks_of_that_field() -> None:
    reg = complete_registration(3)
    issues = validate_field("owner.birth_date", "05-01-1985", reg)
    assert {i.code for i in issues} == {"validation.nik.birth_mismatch"}
    assert validate_field("owner.birth_date", "04-01-1985", reg) == []
    assert reg.owner.birth_date == dt.date(1985, 1, 4)  # the registration itself is untouched


def test_warnings() -> None:
    reg = complete_registration(7)
    reg.business.scale = Scale.MENENGAH
    reg.bank.holder_name = "Budi Hartono"
    reg.products[1].pdn = False
    reg.owner.birth_date = None
    issues = validate_registration(reg, stage="submit")
    assert _codes(issues) == {
        ("business.scale", "validation.scale.differs", "warning"),
        ("bank.holder_name", "validation.bank.holder_mismatch", "warning"),
        ("products.1.tkdn_cert_no", "validation.tkdn.not_pdn", "warning"),
    }
    reg.bank.holder_name = "ROTI SEBENGKOK 7 CV"  # legal prefix and case do not matter
    assert "bank.holder_name" not in {i.field for i in validate_registration(reg)}


def test_young_owner_and_perorangan_npwp_of_someone_else() -> None:
    reg = complete_registration(3)
    reg.owner.nik = "6571020401150003"  # born 2015
    reg.owner.birth_date = dt.date(2015, 1, 4)
    reg.business.legal_form = LegalForm.PERORANGAN
    reg.business.npwp = "6471010101900001"
    codes = _codes(validate_registration(reg))
    assert ("owner.birth_date", "validation.owner.young", "warning") in codes
    assert ("business.npwp", "validation.npwp.other_nik", "warning") in codes


def test_normalize_registration() -> None:
    reg = complete_registration(9)
    reg.owner.nik = "6571 0210 0185 0010"
    reg.owner.phone = "0812 5400 0009"
    reg.business.scale = None
    reg.business.capital_idr = 3_000_000_000
    out = normalize_registration(reg)
    assert out.owner.nik == "6571021001850010"
    assert out.owner.phone == "+6281254000009"
    assert out.business.scale is Scale.KECIL and out.business.scale_suggested is Scale.KECIL
    assert "PP 7/2021" in out.business.scale_rule
    assert reg.owner.nik == "6571 0210 0185 0010"  # the input is not changed
    assert normalize_registration(out).content_hash() == out.content_hash()


def test_bad_stage_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        validate_registration(Registration(), stage="final")  # type: ignore[arg-type]


def test_validate_field_ignores_names_without_a_rule() -> None:
    assert validate_field("owner.favourite_colour", "biru", complete_registration(1)) == []
    assert validate_field("products.7.name", "Kue", complete_registration(1)) == []  # no product 8


@pytest.mark.parametrize(
    ("holder", "warned"),
    [
        ("CV Roti Sebengkok 1", False),
        ("ROTI SEBENGKOK 1", False),
        ("Ahmad Fauzi", False),  # the owner's own account
        ("AHMAD F", False),  # banks abbreviate
        ("Budi Hartono", True),
        ("Toko Lain", True),
    ],
)
def test_bank_holder_name_matching(holder: str, warned: bool) -> None:
    reg = complete_registration(1)  # owner Ahmad Fauzi, business CV Roti Sebengkok 1
    reg.bank.holder_name = holder
    codes = {i.code for i in validate_registration(reg)}
    assert ("validation.bank.holder_mismatch" in codes) is warned
