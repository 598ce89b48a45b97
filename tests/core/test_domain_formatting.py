"""Rupiah, numbers and dates the Indonesian way; parsing what people type."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain import formatting as f
from kiosk.domain.issues import FieldError
from kiosk.i18n import Lang
from tests.core.test_domain_nasty import nasty_text


def test_rupiah_and_numbers() -> None:
    assert f.format_rupiah(1_250_000) == "Rp 1.250.000"
    assert f.format_rupiah(0) == "Rp 0"
    assert f.format_rupiah(999) == "Rp 999"
    assert f.format_rupiah(1_250_000, "en") == "Rp 1,250,000"
    assert f.format_number(-12_345) == "-12.345"


@pytest.mark.parametrize(
    "text",
    [
        "Rp 1.250.000",
        "1250000",
        "1.250.000",
        "Rp1.250.000,00",
        "Rp. 1.250.000",
        "1,250,000",
        " 1 250 000 ",
    ],
)
def test_parse_rupiah_accepts_the_usual_ways_of_writing(text: str) -> None:
    assert f.parse_rupiah(text) == 1_250_000


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1.25", "validation.rupiah.decimal"),
        ("12,5", "validation.rupiah.decimal"),
        ("1.250.000,50", "validation.rupiah.decimal"),
        ("1.2500.000", "validation.rupiah.decimal"),
        ("-5000", "validation.rupiah.negative"),
        ("lima ribu", "validation.rupiah.format"),
        ("Rp", "validation.rupiah.format"),
        ("", "validation.required"),
        ("1" + "0" * 16, "validation.rupiah.too_large"),
        ("١٢٣", "validation.rupiah.format"),
    ],
)
def test_parse_rupiah_rejects_unclear_amounts(text: str, code: str) -> None:
    with pytest.raises(FieldError) as info:
        f.parse_rupiah(text, field="products.1.price_idr")
    assert info.value.code == code
    assert "Harga produk 2" in info.value.text("id")
    assert "Price of product 2" in info.value.text("en")


@settings(max_examples=2000)
@given(st.integers(min_value=0, max_value=f.MAX_RUPIAH), st.sampled_from(["id", "en"]))
def test_format_then_parse_is_identity(value: int, lang: Lang) -> None:
    assert f.parse_rupiah(f.format_rupiah(value, lang)) == value


@settings(max_examples=2000)
@given(nasty_text())
def test_parse_rupiah_never_crashes(text: str) -> None:
    try:
        value = f.parse_rupiah(text)
    except FieldError as exc:
        assert exc.text("id") and exc.text("en")
    else:
        assert 0 <= value <= f.MAX_RUPIAH
        assert f.parse_rupiah(f.format_rupiah(value)) == value


def test_dates() -> None:
    day = dt.date(2026, 11, 25)
    assert f.format_date(day) == "25 November 2026"
    assert f.format_date(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    assert f.format_date(dt.date(2026, 8, 17), "en") == "17 August 2026"
    assert f.format_date(day, weekday=True) == "Rabu, 25 November 2026"
    wita = dt.timezone(dt.timedelta(hours=8), "WITA")
    at = dt.datetime(2026, 11, 25, 6, 5, tzinfo=dt.UTC)
    assert f.format_datetime(at, tz=wita) == "25 November 2026 14.05 WITA"
    assert f.format_datetime(at, "en", tz=wita) == "25 November 2026 14:05 WITA"


def test_datetimes_default_to_the_kiosks_zone_not_the_machines(monkeypatch) -> None:
    """A time stored in UTC is shown in the kiosk's zone (a desk in Tarakan: WITA), also on a
    machine set to UTC (issue 12: search and history showed UTC)."""
    import time

    from kiosk.domain import timezones

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        at = dt.datetime(2026, 12, 3, 1, 15, tzinfo=dt.UTC)
        assert f.format_datetime(at) == "3 Desember 2026 08.15 WIB"  # not configured: WIB
        timezones.set_display_zone("Asia/Makassar")
        assert f.format_datetime(at) == "3 Desember 2026 09.15 WITA"
        assert f.format_datetime(at, "en") == "3 December 2026 09:15 WITA"
    finally:
        timezones.set_display_zone(timezones.DEFAULT_ZONE)
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    "text",
    [
        "25-11-2026",
        "25/11/2026",
        "2026-11-25",
        "25 November 2026",
        "25 nov 2026",
        "25 Nopember 2026",
    ],
)
def test_parse_date(text: str) -> None:
    if text == "25 Nopember 2026":  # old spelling: not recognised, says how to write it
        with pytest.raises(FieldError):
            f.parse_date(text)
        return
    assert f.parse_date(text) == dt.date(2026, 11, 25)


def test_parse_date_rejects_impossible_dates() -> None:
    with pytest.raises(FieldError) as info:
        f.parse_date("31-02-2026")
    assert info.value.code == "validation.date.invalid"


@settings(max_examples=2000)
@given(st.dates(), st.sampled_from(["id", "en"]))
def test_date_format_then_parse_round_trips(day: dt.date, lang: Lang) -> None:
    if day.year < 1000:
        return
    assert f.parse_date(f.format_date(day, lang)) == day
