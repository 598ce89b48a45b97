"""One cleaner per field: ``clean(field, value) -> (normalised value, issues)``.

A cleaner accepts what a form or an import gives (text as typed, or an already typed value),
never raises for bad input, and returns the normalised value (unchanged when invalid) plus issues.
Normalisation is idempotent: cleaning a cleaned value gives the same value and no new issue.
Empty values (``""``, ``None``, ``[]``) produce no issue here: whether a field is required is
decided
by the stage in :mod:`kiosk.domain.validation`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from kiosk.domain import contact, formatting, ids, product_fields
from kiosk.domain.fields import TEXT_RULES
from kiosk.domain.issues import FieldError, Issue, label_code
from kiosk.domain.model import LegalForm, Scale, Sex
from kiosk.domain.reference_rules import (
    kbli_code,
    kbli_list,
    reference,
    region_rule,
    using_reference,
)
from kiosk.i18n import register
from kiosk.text import check_text, digits_only, is_ascii_digits, normalize_text

Cleaned = tuple[Any, list[Issue]]
__all__ = ["CLEANERS", "clean", "is_empty", "reference", "using_reference"]
ACCOUNT_DIGITS = (5, 20)  # Indonesian account numbers seen: 10 (BCA, BNI) to 16 (BRI 15, some BPD)
MAX_EMPLOYEES = 10_000_000
EARLIEST_YEAR = 1800


def is_empty(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def _text(path: str, value: Any) -> Cleaned:
    rule = TEXT_RULES[label_code(path)[len("field.") :]]
    if not isinstance(value, str):
        return value, [Issue(path, "validation.type")]
    cleaned = normalize_text(value, rule.kind)
    code = check_text(cleaned, rule.kind, rule.max_length, rule.min_length)
    if code:
        return value, [Issue(path, code, params={"max": rule.max_length, "min": rule.min_length})]
    return cleaned, []


def _raising(fn: Callable[..., Any]) -> Callable[[str, Any], Cleaned]:
    """Adapt a validator that raises :class:`FieldError` into a cleaner."""

    def clean(path: str, value: Any) -> Cleaned:
        if not isinstance(value, str):
            return value, [Issue(path, "validation.type")]
        try:
            return fn(value, field=path), []
        except FieldError as exc:
            return value, [exc.issue()]

    return clean


def _choice(enum: type[StrEnum]) -> Callable[[str, Any], Cleaned]:
    def clean(path: str, value: Any) -> Cleaned:
        if isinstance(value, enum):
            return value, []
        if isinstance(value, str):
            for member in enum:
                if value.strip().casefold() in (member.value.casefold(), member.name.casefold()):
                    return member, []
        return value, [Issue(path, "validation.choice")]

    return clean


def _flag(path: str, value: Any) -> Cleaned:
    return (value, []) if isinstance(value, bool) else (value, [Issue(path, "validation.type")])


def _whole(low: int, high: int, code: str) -> Callable[[str, Any], Cleaned]:
    def clean(path: str, value: Any) -> Cleaned:
        if isinstance(value, str):
            raw = digits_only(value)
            if not is_ascii_digits(raw) or len(raw) > 12:
                return value, [Issue(path, "validation.number")]
            value = int(raw)
        if isinstance(value, bool) or not isinstance(value, int):
            return value, [Issue(path, "validation.number")]
        if not low <= value <= high:
            return value, [Issue(path, code, params={"min": low, "max": high})]
        return value, []

    return clean


def _year(path: str, value: Any) -> Cleaned:
    return _whole(EARLIEST_YEAR, dt.date.today().year, "validation.year.range")(path, value)


def _rupiah(minimum: int) -> Callable[[str, Any], Cleaned]:
    def clean(path: str, value: Any) -> Cleaned:
        if isinstance(value, bool) or not isinstance(value, int | str):
            return value, [Issue(path, "validation.rupiah.format")]
        try:
            amount = formatting.parse_rupiah(value, field=path)
        except FieldError as exc:
            return value, [exc.issue()]
        if amount < minimum:
            return value, [Issue(path, "validation.price.positive")]
        return amount, []

    return clean


def _birth_date(path: str, value: Any) -> Cleaned:
    if isinstance(value, str):
        try:
            value = formatting.parse_date(value, field=path)
        except FieldError as exc:
            return value, [exc.issue()]
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        return value, [Issue(path, "validation.type")]
    today = dt.date.today()
    if value > today or value.year < today.year - 120:
        return value, [Issue(path, "validation.birth_date.range")]
    return value, []


def _account(path: str, value: Any) -> Cleaned:
    if not isinstance(value, str):
        return value, [Issue(path, "validation.type")]
    raw = digits_only(value)
    if not is_ascii_digits(raw):
        return value, [Issue(path, "validation.account.digits")]
    low, high = ACCOUNT_DIGITS
    if not low <= len(raw) <= high:
        return value, [Issue(path, "validation.account.length", params={"min": low, "max": high})]
    return raw, []


def _postal(path: str, value: Any) -> Cleaned:
    if not isinstance(value, str):
        return value, [Issue(path, "validation.type")]
    raw = value.strip()
    if not (is_ascii_digits(raw) and len(raw) == 5 and raw[0] != "0"):
        return value, [Issue(path, "validation.postal_code")]
    return raw, []


CLEANERS: dict[str, Callable[[str, Any], Cleaned]] = {
    **dict.fromkeys(TEXT_RULES, _text),
    "business.legal_form": _choice(LegalForm),
    "business.scale": _choice(Scale),
    "business.capital_idr": _rupiah(0),
    "business.annual_sales_idr": _rupiah(0),
    "business.nib": _raising(ids.validate_nib),
    "business.npwp": _raising(ids.validate_npwp),
    "business.pkp": _flag,
    "business.kbli": kbli_list,
    "business.year_established": _year,
    "business.employees": _whole(0, MAX_EMPLOYEES, "validation.employees.range"),
    "owner.nik": _raising(ids.validate_nik),
    "owner.birth_date": _birth_date,
    "owner.sex": _choice(Sex),
    "owner.is_owner": _flag,
    "owner.phone": _raising(contact.normalize_phone),
    "owner.email": _raising(contact.validate_email),
    "address.province_code": region_rule("province", 0),
    "address.regency_code": region_rule("regency", 1),
    "address.district_code": region_rule("district", 2),
    "address.village_code": region_rule("village", 3),
    "address.postal_code": _postal,
    "products.price_idr": _rupiah(1),
    "products.pdn": _flag,
    "products.kbli": kbli_code,
    "products.price_includes_ppn": _flag,
    "products.min_order": product_fields.min_order,
    "products.tkdn_percent": product_fields.tkdn_percent,
    "products.bmp_percent": product_fields.bmp_percent,
    "products.tkdn_cert_date": product_fields.cert_date,
    "products.regencies": product_fields.regencies,
    "bank.account_number": _account,
}


def clean(path: str, value: Any) -> Cleaned:
    """Normalise and check one value; ``path`` may carry indexes (``products.0.price_idr``)."""
    key = label_code(path)[len("field.") :]
    if key == "business.kbli" and path != "business.kbli":
        cleaner: Callable[[str, Any], Cleaned] | None = kbli_code  # one code: business.kbli.N
    else:
        cleaner = CLEANERS.get(key)
    if cleaner is None:
        raise KeyError(f"no validation rule for field {path!r}")
    if is_empty(value):
        return value, []
    return cleaner(path, value)


register(
    {
        "validation.type": {
            "id": "{field}: isian tidak terbaca. Isi ulang.",
            "en": "{field}: the entry could not be read. Please fill it in again.",
        },
        "validation.choice": {
            "id": "{field}: pilih salah satu pilihan yang tersedia.",
            "en": "{field}: choose one of the options.",
        },
        "validation.number": {
            "id": "{field} harus berupa bilangan bulat.",
            "en": "{field} must be a whole number.",
        },
        "validation.year.range": {
            "id": "{field} harus antara {min} dan {max}.",
            "en": "{field} must be between {min} and {max}.",
        },
        "validation.employees.range": {
            "id": "{field} harus antara {min} dan {max}.",
            "en": "{field} must be between {min} and {max}.",
        },
        "validation.price.positive": {
            "id": "{field} harus lebih dari Rp 0.",
            "en": "{field} must be more than Rp 0.",
        },
        "validation.birth_date.range": {
            "id": "{field} tidak mungkin (di masa depan atau lebih dari 120 tahun lalu).",
            "en": "{field} is not possible (in the future or more than 120 years ago).",
        },
        "validation.account.digits": {
            "id": "{field} hanya boleh berisi angka.",
            "en": "{field} may contain only digits.",
        },
        "validation.account.length": {
            "id": "{field} harus {min} sampai {max} angka.",
            "en": "{field} must have {min} to {max} digits.",
        },
        "validation.postal_code": {
            "id": "{field} harus 5 angka dan tidak diawali 0, misalnya 77111.",
            "en": "{field} must be 5 digits not starting with 0, e.g. 77111.",
        },
    }
)
