"""The owner's screen names fields in everyday words; jargon only behind the "?" help."""

from __future__ import annotations

import pytest

from kiosk.domain.issues import Issue, field_label
from kiosk.domain.plain_labels import HELP, JARGON, PLAIN_LABELS, help_text
from kiosk.i18n import LANGS


@pytest.mark.parametrize("lang", LANGS)
def test_plain_names_carry_no_jargon_and_differ_where_the_official_one_has_it(lang) -> None:
    for path in PLAIN_LABELS:
        plain = field_label(path, lang, plain=True)
        assert not [term for term in JARGON if term.casefold() in plain.casefold()], plain
    official = field_label("business.capital_idr", "id")
    assert "tanpa tanah dan bangunan" in official  # the staff form keeps the official name
    assert field_label("business.capital_idr", "id", plain=True) == "Modal usaha"


def test_messages_name_the_field_as_its_plain_label_does() -> None:
    issue = Issue("business.capital_idr", "validation.required")
    assert issue.text("id", plain=True).startswith("Modal usaha ")
    assert "tanpa tanah" not in issue.text("id", plain=True)
    assert "tanpa tanah dan bangunan" in issue.text("id")
    # A field without a plain name keeps its official one.
    assert field_label("address.street", "id", plain=True) == field_label("address.street", "id")


@pytest.mark.parametrize("lang", LANGS)
def test_every_help_text_exists_in_both_languages(lang) -> None:
    for path in HELP:
        assert help_text(path, lang).strip()
    assert "tanah dan bangunan" in help_text("business.capital_idr", "id")  # behind the "?"
    assert help_text("business.name", lang) == ""
