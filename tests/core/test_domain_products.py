"""The catalogue fields of a product: every check, its message in both languages, the
domestic-priority rule, older stored products, and properties of the price and TKDN fields."""

from __future__ import annotations

import datetime as dt
import hashlib

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.examples import complete_registration
from kiosk.domain.field_rules import is_empty
from kiosk.domain.formatting import MAX_RUPIAH
from kiosk.domain.model import PageRef, Product, Registration
from kiosk.domain.product_checks import catalogue_readiness
from kiosk.domain.products import (
    PRICE_RANGES,
    UNITS,
    domestic_priority,
    price_range,
    standard_unit,
    tkdn_bmp,
)
from kiosk.domain.validation import clean_field, validate_field, validate_registration


def _issues(reg: Registration, index: int = 0) -> dict[str, tuple[str, str]]:
    found = validate_registration(reg, stage="draft")
    return {i.field: (i.code, i.severity) for i in found if i.field.startswith(f"products.{index}")}


def _photo(tag: str) -> PageRef:
    return PageRef(hashlib.sha256(tag.encode()).hexdigest(), "image/jpeg", 1200, 900, 0, 90_000)


def _reg(**fields: object) -> Registration:
    reg = complete_registration(3)
    product = Product(name="Roti Tawar Gandum", brand="Sebengkok", unit="buah", price_idr=18_000,
                      kbli="10710", price_includes_ppn=False, min_order=10,
                      photos=[_photo("a")])  # fmt: skip
    for key, value in fields.items():
        setattr(product, key, value)
    reg.products = [product]
    return reg


def test_a_complete_catalogue_product_has_no_issue_and_is_ready() -> None:
    reg = _reg(tkdn_percent=35.5, bmp_percent=5, tkdn_cert_no="1234/SJ-IND.8/TKDN/11/2025",
               tkdn_cert_date=dt.date(2025, 11, 3), regencies=["65.71", "65.01"])  # fmt: skip
    assert validate_registration(reg, stage="submit") == []
    assert catalogue_readiness(reg) == []
    assert domestic_priority(reg.products[0])  # 35.5 + 5 >= 40


def test_price_must_be_more_than_zero() -> None:
    assert _issues(_reg(price_idr=0))["products.0.price_idr"] == (
        "validation.price.positive",
        "error",
    )


def test_price_unusual_for_its_unit_is_a_warning_naming_the_range() -> None:
    issue = next(
        i for i in validate_registration(_reg(price_idr=8_500_000, unit="bungkus"))
        if i.field == "products.0.price_idr"
    )  # fmt: skip
    assert (issue.code, issue.severity) == ("validation.product.price_unusual", "warning")
    assert "Rp 200 sampai Rp 5.000.000" in issue.text("id")
    assert "bungkus" in issue.text("en") and "zeros" in issue.text("en")
    assert "products.0.price_idr" not in _issues(_reg(price_idr=8_500, unit="bungkus"))
    # an older kiosk's "pcs" is read as buah; an own unit has no range
    assert price_range("PCS") == PRICE_RANGES["buah"] and price_range("loyang") is None
    assert "products.0.price_idr" not in _issues(_reg(price_idr=9_000_000_000, unit="loyang"))


def test_tkdn_and_bmp_ranges() -> None:
    for value, ok in ((0, True), (100, True), ("43,25", True), ("43.25 %", True), (100.01, False),
                      (-1, False), ("abc", False), (True, False)):  # fmt: skip
        _, issues = clean_field("products.0.tkdn_percent", value)
        assert (issues == []) is ok, value
    assert clean_field("products.0.tkdn_percent", "43,25")[0] == 43.25
    code = clean_field("products.0.bmp_percent", 16)[1][0].code
    assert code == "validation.bmp.range"
    text = validate_field("products.1.tkdn_percent", "120")[0].text("id")
    assert text == "Nilai TKDN produk 2 (%) harus antara 0 dan 100 persen."


def test_tkdn_without_certificate_or_on_a_foreign_product_warns() -> None:
    assert _issues(_reg(tkdn_percent=42))["products.0.tkdn_cert_no"] == (
        "validation.tkdn.cert_missing",
        "warning",
    )
    found = _issues(_reg(tkdn_percent=42, tkdn_cert_no="12/TKDN/2025", pdn=False))
    assert found["products.0.tkdn_percent"] == ("validation.tkdn.not_pdn", "warning")
    assert (
        _issues(_reg(bmp_percent=10))["products.0.bmp_percent"][0] == "validation.bmp.without_tkdn"
    )


def test_certificate_date_not_in_the_future() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert _issues(_reg(tkdn_cert_date=tomorrow))["products.0.tkdn_cert_date"][0] == (
        "validation.tkdn_date.range"
    )


def test_kbli_must_be_one_of_the_business() -> None:
    found = _issues(_reg(kbli="47111"))
    assert found["products.0.kbli"] == ("validation.product.kbli_not_business", "error")
    assert _issues(_reg(kbli="1071"))["products.0.kbli"][0] == "validation.kbli.format"


def test_minimum_order_and_regencies() -> None:
    assert _issues(_reg(min_order=0))["products.0.min_order"][0] == "validation.min_order.range"
    assert _issues(_reg(regencies=["65.71", "99.99"]))["products.0.regencies.1"][0] == (
        "validation.region.unknown"
    )
    assert clean_field("products.0.regencies", ["65.71", "65.71", "65.01"])[0] == [
        "65.71",
        "65.01",
    ]


def test_duplicates_within_the_business_are_flagged() -> None:
    reg = _reg()
    twin = Product(name=" roti tawar  GANDUM", brand="SEBENGKOK", unit="pcs", price_idr=18_000,
                   photos=[_photo("a")])  # fmt: skip
    reg.products.append(twin)
    found = _issues(reg, 1)
    assert found["products.1.name"] == ("validation.product.duplicate", "warning")
    assert found["products.1.photos"] == ("validation.photos.shared", "warning")
    reg.products[0].photos = [_photo("b"), _photo("b")]
    assert _issues(reg)["products.0.photos"] == ("validation.photos.same_twice", "error")
    reg.products[0].photos = [_photo(str(n)) for n in range(4)]
    assert _issues(reg)["products.0.photos"] == ("validation.photos.too_many", "error")


def test_readiness_lists_what_the_catalogue_lacks_without_blocking() -> None:
    reg = _reg(kbli="", price_includes_ppn=None, photos=[])
    assert {(i.field, i.code) for i in catalogue_readiness(reg)} == {
        ("products.0.kbli", "validation.catalogue.needs"),
        ("products.0.price_includes_ppn", "validation.catalogue.ppn"),
        ("products.0.photos", "validation.catalogue.photo"),
    }
    assert [i for i in validate_registration(reg, stage="submit") if i.is_error] == []


def test_every_message_names_the_field_in_both_languages() -> None:
    reg = _reg(kbli="47111", tkdn_percent=42, bmp_percent=3, pdn=False, unit="kg", price_idr=1)
    reg.products.append(Product(name="Roti Tawar Gandum", brand="Sebengkok", unit="kg"))
    for issue in validate_registration(reg) + catalogue_readiness(reg):
        if issue.field.startswith("products."):
            assert "produk" in issue.text("id").lower() and "product" in issue.text("en").lower()
            assert "{" not in issue.text("id") + issue.text("en")


def test_a_product_stored_before_the_catalogue_fields_loads_and_keeps_its_hash() -> None:
    reg = complete_registration(5)
    old = reg.to_dict()
    # what a kiosk before issue 11 stored: exactly the old keys
    assert set(old["products"][0]) == {"id", "name", "brand", "category", "unit", "price_idr",
                                       "description", "pdn", "tkdn_cert_no"}  # fmt: skip
    again = Registration.from_dict(old)
    assert again.products[0].photos == [] and again.products[0].tkdn_percent is None
    assert again.content_hash() == reg.content_hash()
    assert again.to_dict() == old
    assert validate_registration(again, stage="submit") == []
    assert standard_unit(again.products[0].unit) == "buah"  # "pcs"


def test_catalogue_fields_round_trip_through_the_canonical_form() -> None:
    reg = _reg(tkdn_percent=12.5, tkdn_cert_date=dt.date(2025, 1, 2), regencies=["65.71"])
    again = Registration.from_dict(reg.to_dict())
    assert again.products == reg.products


def test_units_are_distinct_and_each_has_a_range() -> None:
    assert len(set(UNITS)) == len(UNITS) and set(PRICE_RANGES) == set(UNITS)


@given(st.one_of(st.integers(-(10**13), 10**13), st.text(max_size=20)))
def test_price_property(value: object) -> None:
    cleaned, issues = clean_field("products.0.price_idr", value)
    if is_empty(value):
        assert issues == []  # empty is "not given": required-ness is the stage's business
    elif not issues:
        assert isinstance(cleaned, int) and 0 < cleaned <= MAX_RUPIAH
        assert clean_field("products.0.price_idr", cleaned) == (cleaned, [])
    for issue in issues:
        assert issue.text("id") and issue.text("en")


@given(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-1000, 1000),
        st.text(max_size=12),
        st.from_regex(r"\A\d{1,3}([.,]\d{1,2})? ?%?\Z"),
    ),
    st.one_of(st.none(), st.floats(0, 15), st.integers(0, 15)),
)
def test_tkdn_property(value: object, bmp: float | None) -> None:
    cleaned, issues = clean_field("products.0.tkdn_percent", value)
    if is_empty(value):
        assert issues == []
    elif not issues:
        assert isinstance(cleaned, float) and 0.0 <= cleaned <= 100.0
        assert cleaned == round(cleaned, 2)
        assert clean_field("products.0.tkdn_percent", cleaned) == (cleaned, [])
        product = Product(pdn=True, tkdn_percent=cleaned, bmp_percent=bmp)
        total = tkdn_bmp(product)
        assert total is not None and domestic_priority(product) == (total >= 40)
    else:
        assert all(i.code in {"validation.percent.format", "validation.tkdn.range",
                              "validation.type"} for i in issues)  # fmt: skip
