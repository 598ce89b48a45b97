"""Property tests: every validator and parser, fed hostile input, never crashes.

Each input is either accepted, and then its normal form is a fixed point (cleaning it again gives
the same value and no issue), or rejected with issues whose messages exist in both languages and
name the field. Example counts: 300 per field (x 40 fields) plus 2,000 for whole registrations.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.examples import complete_registration
from kiosk.domain.fields import FIELDS
from kiosk.domain.issues import Issue, field_label
from kiosk.domain.validation import (
    Stage,
    clean_field,
    normalize_registration,
    validate_registration,
)
from kiosk.i18n import has
from tests.core.test_domain_nasty import nasty_text

PATHS = [
    f.replace("products.", "products.0.") for f in FIELDS if not f.startswith("business.scale_")
]
PATHS += ["business.kbli.0"]

values = st.one_of(
    nasty_text(),
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.dates(),
    st.lists(nasty_text(), max_size=4),
    st.floats(allow_nan=True),
)


def assert_well_formed(issue: Issue, field: str) -> None:
    assert issue.field == field or issue.field.startswith(field + ".")
    assert issue.severity in ("error", "warning")
    assert has(issue.code), issue.code
    for lang in ("id", "en"):
        text = issue.text(lang)
        assert text and "{" not in text.replace("{0}", "").replace("{field}", ""), text
        assert field_label(issue.field, lang) in text


@pytest.mark.parametrize("field", PATHS)
@settings(max_examples=300)
@given(value=values)
def test_every_field_accepts_or_explains(field: str, value: object) -> None:
    cleaned, issues = clean_field(field, value)
    for issue in issues:
        assert_well_formed(issue, field)
    if not issues:
        again, issues_again = clean_field(field, cleaned)
        assert issues_again == []
        assert again == cleaned


def _mutate(reg, field: str, value: object):
    section, name = field.split(".", 1)
    if section == "products":
        setattr(reg.products[0], name.split(".", 1)[1], value)
    elif name.startswith("kbli."):
        if isinstance(reg.business.kbli, list) and reg.business.kbli:
            reg.business.kbli[0] = value
    else:
        setattr(getattr(reg, section), name, value)
    return reg


@settings(max_examples=2000)
@given(st.sampled_from(PATHS), values, st.sampled_from(["draft", "submit"]))
def test_whole_registration_with_one_hostile_value(field: str, value: object, stage: Stage) -> None:
    reg = _mutate(complete_registration(11), field, value)
    issues = validate_registration(reg, stage=stage)
    for issue in issues:
        assert has(issue.code)
        assert issue.text("id") and issue.text("en")
    if not [i for i in issues if i.severity == "error"]:
        normal = normalize_registration(reg)
        assert normalize_registration(normal).content_hash() == normal.content_hash()
        assert [
            i for i in validate_registration(normal, stage=stage) if i.severity == "error"
        ] == []


def test_the_today_dependent_rules_use_today() -> None:
    # a birth date of today is possible (a NIK is issued at birth), tomorrow is not
    assert clean_field("owner.birth_date", dt.date.today())[1] == []


@settings(max_examples=1000)
@given(
    st.dictionaries(st.sampled_from(PATHS), values, max_size=12),
    st.integers(0, 3),
    st.sampled_from(["draft", "submit"]),
)
def test_registrations_with_many_hostile_values(
    changes: dict[str, object], products: int, stage: Stage
) -> None:
    from kiosk.domain.model import Product, Registration

    reg = Registration(products=[Product() for _ in range(max(products, 1))])
    reg.business.kbli = [""]
    for field, value in changes.items():
        _mutate(reg, field, value)
    issues = validate_registration(reg, stage=stage)
    for issue in issues:
        assert has(issue.code) and issue.text("id") and issue.text("en")
    normal = normalize_registration(reg)  # never raises, whatever was entered
    assert normalize_registration(normal).content_hash() == normal.content_hash()
