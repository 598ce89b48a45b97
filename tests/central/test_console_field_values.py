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


def _value(path: str, value: str, lang: str = "id") -> str:
    def label_of(prefix: str, code: str) -> str:
        return texts.text(f"{prefix}.{code}", as_lang(lang)) if texts.has(prefix, code) else code

    return field_value(
        path,
        value,
        fmt=Formatter(lang, "Asia/Makassar"),
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


@given(st.text(max_size=40))
def test_a_value_that_does_not_parse_is_shown_as_stored(text: str) -> None:
    for path in ("business.capital_idr", "business.legal_form", "owner.sex", "business.name"):
        shown = _value(path, text)
        assert shown == text or text in shown or shown.startswith("Rp ")
