"""The detail page writes stored values for a person: region names beside their codes, rupiah,
code-list labels; the stored value is never hidden, and what does not parse is shown as stored."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.central.console import texts, texts_verifier
from kiosk.central.console.field_values import field_value
from kiosk.central.console.formatting import Formatter
from kiosk.central.console.templating import region_name
from kiosk.i18n import as_lang

texts_verifier.register_texts()  # the labels of legal forms, scales and sex (as routes_queue does)


def _value(path: str, value: str, lang: str = "id", zone: str = "Asia/Makassar") -> str:
    def label_of(prefix: str, code: str) -> str:
        return texts.text(f"{prefix}.{code}", as_lang(lang)) if texts.has(prefix, code) else code

    return field_value(
        path,
        value,
        fmt=Formatter(lang, zone),
        label_of=label_of,
        region_name=region_name,
    )


def test_regions_are_named_beside_their_codes() -> None:
    assert _value("address.regency_code", "65.71") == "Kota Tarakan (65.71)"
    assert _value("address.province_code", "65") == "Kalimantan Utara (65)"
    village = _value("address.village_code", "65.71.01.1001")
    assert village.endswith("(65.71.01.1001)") and not village.startswith("65.")
    assert _value("address.district_code", "99.99.99") == "99.99.99"  # unknown: as stored


def test_money_codes_and_sex_read_as_words() -> None:
    assert _value("business.capital_idr", "25000000") == "Rp 25.000.000"
    assert _value("products[2].price_idr", "12500") == "Rp 12.500"
    assert _value("business.legal_form", "cv") == "CV"
    assert _value("business.scale", "mikro") == "Mikro"
    assert _value("owner.sex", "P") == "Perempuan"
    assert _value("owner.sex", "P", "en") == "Female"
    assert _value("business.name", "CV Sinar Nunukan") == "CV Sinar Nunukan"


def test_dates_the_indonesian_way_and_times_in_the_viewers_zone_beside_the_stored_value() -> None:
    assert _value("owner.birth_date", "1985-12-03") == "3 Desember 1985 (1985-12-03)"
    assert _value("owner.birth_date", "1985-12-03", "en") == "3 December 1985 (1985-12-03)"
    assert _value("products[1].tkdn_cert_date", "2026-08-17") == "17 Agustus 2026 (2026-08-17)"
    given = "2026-12-03T06:05:00+00:00"  # as the kiosk stores it: UTC
    assert _value("consent.given_at", given) == f"3 Desember 2026 14.05 WITA ({given})"
    assert _value("consent.given_at", given, "en") == f"3 December 2026 14:05 WITA ({given})"
    assert _value("consent.given_at", given, zone="Asia/Jakarta").startswith(
        "3 Desember 2026 13.05 WIB"
    )
    assert _value("consent.given_at", given, zone="Asia/Jayapura").startswith(
        "3 Desember 2026 15.05 WIT"
    )
    late = "2026-12-31T20:00:00+00:00"  # already the next day (and year) in WIT
    assert _value("consent.given_at", late, zone="Asia/Jayapura").startswith(
        "1 Januari 2027 05.00 WIT"
    )
    for damaged in ("1985-02-30", "1985-13-01", "9999-12-31T23:00:00+00:00", "kemarin"):
        assert _value("owner.birth_date", damaged) == damaged
        assert _value("consent.given_at", damaged) == damaged


@given(st.text(max_size=40))
def test_a_value_that_does_not_parse_is_shown_as_stored(text: str) -> None:
    paths = ("business.capital_idr", "business.legal_form", "owner.sex", "business.name")
    for path in (*paths, "owner.birth_date", "consent.given_at"):
        shown = _value(path, text)
        assert shown == text or text in shown or shown.startswith("Rp ")
