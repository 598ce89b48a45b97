"""NIK, NPWP and NIB rules (python-stdnum underneath), with real-format numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain import ids
from kiosk.domain.issues import FieldError
from kiosk.domain.model import Sex
from tests.core.test_domain_nasty import nasty_text

VALID_NIKS = [
    "6471010101900001",  # Balikpapan (Kalimantan Timur), male, 1 Jan 1990
    "6571024512850007",  # Tarakan Tengah (Kalimantan Utara: missing from stdnum's place list)
    "3171011708450001",  # stdnum's own example (Jakarta Pusat, 17 Aug 1945)
    "9301014107050123",  # Papua Selatan (2022 province), female born 1 Jul 2005
]


@pytest.mark.parametrize("nik", VALID_NIKS)
def test_valid_niks_are_accepted_and_normalised(nik: str) -> None:
    spaced = f"{nik[:4]} {nik[4:8]}-{nik[8:12]}.{nik[12:]}"
    assert ids.validate_nik(spaced) == nik
    assert ids.validate_nik(nik) == nik


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "validation.required"),
        ("647101010190000", "validation.nik.length"),
        ("64710101019000012", "validation.nik.length"),
        ("64710101019O0001", "validation.nik.digits"),  # letter O, not zero
        ("٦٤٧١٠١٠١٠١٩٠٠٠٠١", "validation.nik.digits"),  # Arabic-Indic digits are not 0-9
        ("0071010101900001", "validation.nik.province"),
        ("9971010101900001", "validation.nik.province"),
        ("6471013201900001", "validation.nik.birth_date"),  # day 32
        ("6471017201900001", "validation.nik.birth_date"),  # female day 32 (72)
        ("6471010113900001", "validation.nik.birth_date"),  # month 13
        ("6471010101900000", "validation.nik.serial"),
    ],
)
def test_invalid_niks_are_rejected_with_their_reason(text: str, code: str) -> None:
    with pytest.raises(FieldError) as info:
        ids.validate_nik(text)
    assert info.value.code == code
    assert info.value.field == "owner.nik"
    assert "NIK" in info.value.text("id") and "NIK" in info.value.text("en")


def test_nik_facts_decode_district_birth_date_and_sex() -> None:
    today = dt.date(2026, 11, 25)
    assert ids.nik_facts("6471010101900001", today) == ("64.71.01", dt.date(1990, 1, 1), Sex.MALE)
    assert ids.nik_facts("6571024512850007", today) == (
        "65.71.02",
        dt.date(1985, 12, 5),
        Sex.FEMALE,
    )


def test_nik_two_digit_year_resolves_to_the_latest_past_century() -> None:
    today = dt.date(2026, 11, 25)
    assert ids.nik_facts("6471010101050001", today)[1] == dt.date(2005, 1, 1)
    assert ids.nik_facts("6471010101300001", today)[1] == dt.date(1930, 1, 1)
    # 25 Nov 26 is today: 2026; 26 Nov 26 would be tomorrow: 1926
    assert ids.nik_facts("6471012511260001", today)[1] == dt.date(2026, 11, 25)
    assert ids.nik_facts("6471012611260001", today)[1] == dt.date(1926, 11, 26)
    # 29 Feb 00 exists only in 2000 (1900 was no leap year)
    assert ids.nik_facts("6471012902000001", today)[1] == dt.date(2000, 2, 29)


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("01.312.166.0-091.000", "013121660091000"),  # legacy 15 digits
        ("016090524017000", "016090524017000"),
        ("0013121660091000", "0013121660091000"),  # 2024 form: 0 + legacy
        ("6471010101900001", "6471010101900001"),  # NIK used as NPWP
        ("6571 0245 1285 0007", "6571024512850007"),
    ],
)
def test_valid_npwp_forms(text: str, normal: str) -> None:
    assert ids.validate_npwp(text) == normal
    assert ids.validate_npwp(normal) == normal


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("01.312.166.1-091.000", "validation.npwp.checksum"),  # check digit 0 -> 1
        ("0013121661091000", "validation.npwp.checksum"),
        ("6471013201900001", "validation.npwp.nik"),  # NIK with day 32
        ("01312166009100", "validation.npwp.length"),
        ("01.312.166.0-091.00A", "validation.npwp.digits"),
        ("", "validation.required"),
    ],
)
def test_invalid_npwp(text: str, code: str) -> None:
    with pytest.raises(FieldError) as info:
        ids.validate_npwp(text)
    assert info.value.code == code
    assert info.value.field == "business.npwp"


def test_npwp_display_form() -> None:
    assert ids.format_npwp("013121660091000") == "01.312.166.0-091.000"
    assert ids.format_npwp("0013121660091000") == "0013 1216 6009 1000"


def test_nib_length_rule_lives_in_one_constant() -> None:
    good = "9" * ids.NIB_LENGTH
    assert ids.validate_nib(good[:4] + " " + good[4:]) == good
    for n in (ids.NIB_LENGTH - 1, ids.NIB_LENGTH + 1):
        with pytest.raises(FieldError) as info:
            ids.validate_nib("1" * n)
        assert info.value.code == "validation.nib.length"
        assert str(ids.NIB_LENGTH) in info.value.text("id")


@settings(max_examples=2000)
@given(nasty_text())
def test_nik_npwp_nib_never_crash_and_normal_forms_are_fixed_points(text: str) -> None:
    for validate, field in (
        (ids.validate_nik, "owner.nik"),
        (ids.validate_npwp, "business.npwp"),
        (ids.validate_nib, "business.nib"),
    ):
        try:
            normal = validate(text)
        except FieldError as exc:
            assert exc.field == field
            assert exc.text("id") and exc.text("en") and exc.text("id") != exc.code
        else:
            assert normal.isascii() and normal.isdigit()
            assert validate(normal) == normal


@settings(max_examples=2000)
@given(st.from_regex(r"[1-9][0-9]{5}[0-7][0-9][01][0-9]{3}[0-9]{3}[1-9]", fullmatch=True))
def test_nik_facts_round_trip_for_every_valid_nik(nik: str) -> None:
    try:
        ids.validate_nik(nik)
    except FieldError:
        return
    district, born, sex = ids.nik_facts(nik)
    day = born.day + (40 if sex is Sex.FEMALE else 0)
    assert f"{district.replace('.', '')}{day:02d}{born:%m%y}" == nik[:12]
    assert born <= dt.date.today()
