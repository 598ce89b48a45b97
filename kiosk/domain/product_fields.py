"""Cleaners of the catalogue fields of a product (TKDN and BMP percentages, minimum order, the
certificate date, delivery regencies, the product's KBLI code).

Same contract as :mod:`kiosk.domain.field_rules`: ``clean(path, value) -> (value, issues)``, never
raising for bad input, idempotent. Percentages are typed as people write them (``43,25`` or
``43.25``, with or without ``%``) and kept as a float with two decimals, the precision of a TKDN
certificate.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kiosk.domain import formatting
from kiosk.domain.issues import FieldError, Issue
from kiosk.domain.products import MAX_BMP_PERCENT
from kiosk.domain.reference_rules import reference
from kiosk.i18n import register

Cleaned = tuple[Any, list[Issue]]
MAX_MIN_ORDER = 1_000_000_000
MAX_REGENCIES = 600  # Indonesia has 514 regencies and cities
_PERCENT = re.compile(r"^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$")


def _percent(path: str, value: Any, high: float, code: str) -> Cleaned:
    if isinstance(value, bool):
        return value, [Issue(path, "validation.percent.format")]
    if isinstance(value, int | float):
        number = float(value)
        if number != number:  # NaN
            return value, [Issue(path, "validation.percent.format")]
    elif isinstance(value, str):
        match = _PERCENT.match(value)
        if not match:
            return value, [Issue(path, "validation.percent.format")]
        number = float(f"{match.group(1)}.{match.group(2) or '0'}")
    else:
        return value, [Issue(path, "validation.type")]
    if not 0.0 <= number <= high:
        return value, [Issue(path, code, params={"max": f"{high:g}"})]
    return round(number, 2), []


def tkdn_percent(path: str, value: Any) -> Cleaned:
    return _percent(path, value, 100.0, "validation.tkdn.range")


def bmp_percent(path: str, value: Any) -> Cleaned:
    return _percent(path, value, MAX_BMP_PERCENT, "validation.bmp.range")


def min_order(path: str, value: Any) -> Cleaned:
    if isinstance(value, str):
        text = value.strip()
        if not text.isascii() or not text.isdigit() or len(text) > 10:
            return value, [Issue(path, "validation.number")]
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        return value, [Issue(path, "validation.number")]
    if not 1 <= value <= MAX_MIN_ORDER:
        return value, [Issue(path, "validation.min_order.range", params={"max": MAX_MIN_ORDER})]
    return value, []


def cert_date(path: str, value: Any) -> Cleaned:
    if isinstance(value, str):
        try:
            value = formatting.parse_date(value, field=path)
        except FieldError as exc:
            return value, [exc.issue()]
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        return value, [Issue(path, "validation.type")]
    if value > dt.date.today() or value.year < 2000:
        return value, [Issue(path, "validation.tkdn_date.range")]
    return value, []


def regencies(path: str, value: Any) -> Cleaned:
    """Regency codes (``65.71``), each once, in the order given."""
    if not isinstance(value, list):
        return value, [Issue(path, "validation.type")]
    cleaned: list[Any] = []
    issues: list[Issue] = []
    for index, item in enumerate(value):
        code = item.strip() if isinstance(item, str) else item
        region = (
            reference().region(code) if isinstance(code, str) and code.count(".") == 1 else None
        )
        if region is None or region.level != "regency":
            issues.append(Issue(f"{path}.{index}", "validation.region.unknown"))
        elif code in cleaned:
            continue  # the same regency twice means it once
        cleaned.append(code)
    if len(cleaned) > MAX_REGENCIES:
        issues.append(Issue(path, "validation.regencies.too_many", params={"max": MAX_REGENCIES}))
    return (value if issues else cleaned), issues


register(
    {
        "validation.percent.format": {
            "id": "{field}: tulis persen sebagai angka, misalnya 43,25.",
            "en": "{field}: write the percentage as a number, e.g. 43.25.",
        },
        "validation.tkdn.range": {
            "id": "{field} harus antara 0 dan {max} persen.",
            "en": "{field} must be between 0 and {max} per cent.",
        },
        "validation.bmp.range": {
            "id": "{field} harus antara 0 dan {max} persen (BMP paling tinggi 15 %).",
            "en": "{field} must be between 0 and {max} per cent (BMP is at most 15 %).",
        },
        "validation.min_order.range": {
            "id": "{field} harus paling sedikit 1.",
            "en": "{field} must be at least 1.",
        },
        "validation.tkdn_date.range": {
            "id": "{field} tidak mungkin (di masa depan atau sebelum tahun 2000).",
            "en": "{field} is not possible (in the future or before 2000).",
        },
        "validation.regencies.too_many": {
            "id": "{field}: paling banyak {max} kabupaten/kota.",
            "en": "{field}: at most {max} regencies/cities.",
        },
    }
)
