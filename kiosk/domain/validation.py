"""Validation of a whole registration, and of one field as it is typed.

* ``validate_registration(reg, stage="draft")``: only what is filled in is checked (a draft may be
  incomplete, never wrong without saying so). ``stage="submit"`` also requires the required fields,
  at least one KBLI code and one product, the consent record, and the documents of the checklist.
* ``validate_field(field, value, reg)``: the UI's validate-as-you-type for one field (``value`` as
  typed: text, or an already typed value), including the cross-checks that land on that field.
* ``clean_field(field, value)`` gives the normalised value too; ``normalize_registration(reg)``
  returns a copy with every valid value normalised and the PP 7/2021 scale suggestion filled in.
  The store and the importer call it before saving, so stored values are always the normal form.

Every issue is an :class:`~kiosk.domain.issues.Issue` whose message exists in Bahasa Indonesia and
English and names the field. Errors block submission; warnings are shown but do not block.
The decisions on which cross-checks are errors are in :mod:`kiosk.domain.crosschecks`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, Literal

from kiosk.domain import checklist, consent
from kiosk.domain.crosschecks import cross_checks
from kiosk.domain.field_rules import CLEANERS, clean, is_empty, using_reference
from kiosk.domain.issues import FieldError, Issue, Severity, field_label, label_code
from kiosk.domain.model import Registration
from kiosk.domain.scale import suggest_scale
from kiosk.i18n import register
from kiosk.reference import Reference

__all__ = [
    "REQUIRED",
    "FieldError",
    "Issue",
    "Severity",
    "Stage",
    "clean_field",
    "errors",
    "field_label",
    "normalize_registration",
    "validate_field",
    "validate_registration",
]

Stage = Literal["draft", "submit"]

# Required at submission (products.* for every product).
REQUIRED: tuple[str, ...] = (
    "business.name",
    "business.legal_form",
    "business.scale",
    "business.capital_idr",
    "business.nib",
    "business.npwp",
    "business.kbli",
    "owner.nik",
    "owner.full_name",
    "owner.position",
    "owner.phone",
    "address.province_code",
    "address.regency_code",
    "address.district_code",
    "address.village_code",
    "address.street",
    "address.postal_code",
    "products.name",
    "products.unit",
    "products.price_idr",
    "bank.bank",
    "bank.account_number",
    "bank.holder_name",
)
_SECTIONS = ("business", "owner", "address", "bank")


def iter_fields(reg: Registration) -> Iterator[tuple[str, Any]]:
    """``(path, value)`` for every field that has a rule, products with their index."""
    for key in CLEANERS:
        section, name = key.split(".", 1)
        if section in _SECTIONS:
            yield key, getattr(getattr(reg, section), name)
    for index, product in enumerate(reg.products):
        for key in CLEANERS:
            section, name = key.split(".", 1)
            if section == "products":
                yield f"products.{index}.{name}", getattr(product, name)


def clean_field(field: str, value: Any) -> tuple[Any, list[Issue]]:
    """``(normalised value, issues)`` for one field; invalid values come back unchanged."""
    return clean(field, value)


def _set(reg: Registration, path: str, value: Any) -> bool:
    parts = path.split(".")
    target: Any = reg
    for part in parts[:-1]:
        if part.isdigit():
            index = int(part)
            if index >= len(target):
                return False
            target = target[index]
        else:
            target = getattr(target, part)
    last = parts[-1]
    if last.isdigit():
        if int(last) >= len(target):
            return False
        target[int(last)] = value
    else:
        setattr(target, last, value)
    return True


def validate_field(
    field: str, value: Any, reg: Registration | None = None, refs: Reference | None = None
) -> list[Issue]:
    """Issues for ``field`` if it held ``value`` (the rest of ``reg`` as it is).

    Unknown field names give ``[]`` (a page may have inputs the core has no rule for).
    """
    with using_reference(refs):
        try:
            cleaned, issues = clean(field, value)
        except KeyError:
            return []
        if issues or reg is None:
            return issues
        trial = copy.deepcopy(reg)
        if not _set(trial, field, cleaned):
            return issues
        return issues + [i for i in cross_checks(trial) if i.field == field]


def validate_registration(
    reg: Registration, *, stage: Stage = "draft", refs: Reference | None = None
) -> list[Issue]:
    """All issues of ``reg`` at ``stage``; errors first, in form order."""
    if stage not in ("draft", "submit"):
        raise ValueError(f"unknown stage {stage!r}")
    with using_reference(refs):
        issues: list[Issue] = []
        for path, value in iter_fields(reg):
            issues += clean(path, value)[1]
        issues += cross_checks(reg)
        if stage == "submit":
            issues += _required(reg) + _consent(reg) + _documents(reg)
    return sorted(issues, key=lambda i: i.severity != "error")


def errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == "error"]


def _required(reg: Registration) -> list[Issue]:
    issues = []
    for path in REQUIRED:
        section, name = path.split(".", 1)
        if section == "products":
            continue
        if is_empty(getattr(getattr(reg, section), name)):
            issues.append(Issue(path, "validation.required"))
    if not reg.products:
        issues.append(Issue("products", "validation.products.none"))
    for index, product in enumerate(reg.products):
        for path in REQUIRED:
            if path.startswith("products."):
                name = path.split(".", 1)[1]
                if is_empty(getattr(product, name)):
                    issues.append(Issue(f"products.{index}.{name}", "validation.required"))
    return issues


def _consent(reg: Registration) -> list[Issue]:
    c = reg.consent
    if c.given_at is None or not c.text_version or not c.text_sha256:
        return [Issue("consent", "validation.consent.missing")]
    if not consent.is_known(c.text_version, c.text_sha256):
        return [Issue("consent", "validation.consent.unknown")]
    return []


def _documents(reg: Registration) -> list[Issue]:
    return [
        Issue("documents", "validation.documents.missing", params={"document": item.label_code})
        for item in checklist.missing_documents(reg)
    ]


def normalize_registration(reg: Registration, refs: Reference | None = None) -> Registration:
    """A copy with valid values in their normal form and the scale suggestion filled in."""
    out = copy.deepcopy(reg)
    with using_reference(refs):
        for path, value in list(iter_fields(out)):
            cleaned, issues = clean(path, value)
            if not issues and cleaned is not value:
                _set(out, path, cleaned)
        b = out.business
        capital = b.capital_idr if isinstance(b.capital_idr, int) else None
        sales = b.annual_sales_idr if isinstance(b.annual_sales_idr, int) else None
        suggested, rule = suggest_scale(capital, sales, "id")
        b.scale_suggested = suggested
        b.scale_rule = rule if suggested is not None else ""
        if b.scale is None and suggested is not None:
            b.scale = suggested
    return out


def _label_is_registered(path: str) -> bool:  # used by tests: every rule has a label
    from kiosk.i18n import has

    return has(label_code(path))


register(
    {
        "validation.products.none": {
            "id": "{field}: isi paling sedikit satu produk untuk katalog.",
            "en": "{field}: enter at least one product for the catalogue.",
        },
        "validation.consent.missing": {
            "id": "{field} belum diberikan. Bacakan naskah persetujuan dan minta persetujuan "
            "pemilik.",
            "en": "{field} has not been given. Show the consent text and ask the owner to agree.",
        },
        "validation.consent.unknown": {
            "id": "{field}: naskah yang disetujui tidak dikenal di kiosk ini. Minta persetujuan "
            "ulang.",
            "en": "{field}: the agreed text is unknown on this kiosk. Ask for consent again.",
        },
        "validation.documents.missing": {
            "id": "{field}: {document} belum dipindai.",
            "en": "{field}: {document} has not been scanned yet.",
        },
    }
)
