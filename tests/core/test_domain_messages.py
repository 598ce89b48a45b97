"""Every message the domain registers exists in both languages, with the same placeholders."""

from __future__ import annotations

import dataclasses
import string

import kiosk.domain.checklist
import kiosk.domain.consent
import kiosk.domain.crosschecks
import kiosk.domain.scale
import kiosk.domain.validation
import kiosk.domain.wizard  # noqa: F401  (imports register the messages)
from kiosk.domain import field_rules, fields, model
from kiosk.i18n import _CATALOGUE, has, tr

PREFIXES = ("validation.", "field.", "scale.", "checklist.", "wizard.", "consent.", "sex.")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_domain_message_has_both_languages_and_the_same_placeholders() -> None:
    codes = [c for c in _CATALOGUE if c.startswith(PREFIXES)]
    assert len(codes) > 100
    for code in codes:
        texts = _CATALOGUE[code]
        assert texts["id"].strip() and texts["en"].strip(), code
        assert _placeholders(texts["id"]) == _placeholders(texts["en"]), code


def test_every_validation_message_names_the_field() -> None:
    for code, texts in _CATALOGUE.items():
        if code.startswith("validation."):
            assert "{field}" in texts["id"] and "{field}" in texts["en"], code


def test_every_model_field_is_labelled_and_has_a_rule_or_is_not_typed() -> None:
    sections = {
        "business": model.Business,
        "owner": model.Owner,
        "address": model.Address,
        "products": model.Product,
        "bank": model.BankAccount,
    }
    for section, cls in sections.items():
        for f in dataclasses.fields(cls):
            path = f"{section}.{f.name}"
            if path == "products.id":
                continue  # generated, never typed
            assert has(f"field.{path}"), path
            assert path in field_rules.CLEANERS or path in fields.NOT_ENTERED, path
    assert set(fields.FIELDS) == set(field_rules.CLEANERS)


def test_indexed_labels_count_from_one() -> None:
    from kiosk.domain.issues import field_label

    assert field_label("products.0.price_idr", "id") == "Harga produk 1"
    assert field_label("products.9.name", "en") == "Name of product 10"
    assert field_label("business.kbli.2", "id") == "Kode KBLI"
    assert tr("wizard.progress", "id", n=2, total=10) == "Langkah 2 dari 10"
