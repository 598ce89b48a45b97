"""Rupiah, numbers and dates the Indonesian way (and the English way for the English UI).

Indonesian: ``Rp 1.250.000`` (dot groups thousands, no decimals: prices are whole rupiah),
``25 November 2026``. English UI: ``Rp 1,250,000`` and ``25 November 2026``; rupiah stay rupiah.

:func:`parse_rupiah` reads what people type: ``Rp 1.250.000``, ``1250000``, ``1.250.000``,
``Rp1.250.000,00``, ``1,250,000``. Decimal cents other than ``,00``/``.00`` are refused (prices and
capital are whole rupiah); so are negative amounts, letters and ambiguous groupings such as
``1.25`` (is it 1.25 or a mistyped 125?), each with a message naming the field.
"""

from __future__ import annotations

import datetime as dt
import re

from kiosk.domain.issues import FieldError
from kiosk.i18n import Lang, register

MONTHS: dict[Lang, tuple[str, ...]] = {
    "id": tuple("Januari Februari Maret April Mei Juni Juli Agustus September".split())
    + tuple("Oktober November Desember".split()),
    "en": tuple("January February March April May June July August September".split())
    + tuple("October November December".split()),
}
DAYS: dict[Lang, tuple[str, ...]] = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MAX_RUPIAH = 10**15  # a quadrillion rupiah: far above any supplier's figures, below float trouble
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_CENTS = re.compile(r"(.*?)[.,]00?$")


def format_number(value: int, lang: Lang = "id") -> str:
    """``1250000`` -> ``1.250.000`` (id) or ``1,250,000`` (en)."""
    text = f"{abs(int(value)):,}"
    if lang == "id":
        text = text.replace(",", ".")
    return ("-" if value < 0 else "") + text


def format_rupiah(value: int, lang: Lang = "id") -> str:
    """``1250000`` -> ``Rp 1.250.000``."""
    if value < 0:
        return "-Rp " + format_number(-value, lang)
    return "Rp " + format_number(value, lang)


def parse_rupiah(text: str | int, *, field: str = "products.0.price_idr") -> int:
    """Whole rupiah from what people type; :class:`FieldError` (``validation.rupiah.*``) if not."""
    if isinstance(text, bool):
        raise FieldError(field, "validation.rupiah.format")
    if isinstance(text, int):
        value = text
    else:
        value = _parse_text(str(text), field)
    if value < 0:
        raise FieldError(field, "validation.rupiah.negative")
    if value > MAX_RUPIAH:
        raise FieldError(field, "validation.rupiah.too_large")
    return value


def _parse_text(text: str, field: str) -> int:
    raw = "".join(text.split())  # all whitespace, including non-breaking spaces
    if not raw:
        raise FieldError(field, "validation.required")
    if raw.startswith("-"):
        raise FieldError(field, "validation.rupiah.negative")
    if raw[:2].casefold() == "rp":
        raw = raw[2:].lstrip(".")  # "Rp." is a common way to write it
    if len(raw) > 40 or not raw.isascii():
        raise FieldError(field, "validation.rupiah.format")
    cents = _CENTS.fullmatch(raw)
    if cents and cents.group(1) and (len(raw) - len(cents.group(1))) in (2, 3):
        # "1.250.000,00" / "1250000.00": whole rupiah written with zero cents
        head = cents.group(1)
        if head.isdigit() or _GROUPED.fullmatch(head):
            raw = head
    if raw.isdigit():
        return int(raw)
    if _GROUPED.fullmatch(raw):
        return int(raw.replace(".", "").replace(",", ""))
    if re.fullmatch(r"[\d.,]+", raw):
        raise FieldError(field, "validation.rupiah.decimal")
    raise FieldError(field, "validation.rupiah.format")


def format_date(value: dt.date, lang: Lang = "id", *, weekday: bool = False) -> str:
    """``25 November 2026`` (both languages); with ``weekday``: ``Rabu, 25 November 2026``."""
    text = f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"
    if weekday:
        text = f"{DAYS[lang][value.weekday()]}, {text}"
    return text


def format_datetime(value: dt.datetime, lang: Lang = "id", tz: dt.tzinfo | None = None) -> str:
    """``25 November 2026 14.05 WITA`` style: Indonesian writes the time with a dot and the zone
    label after it.

    An aware value is shown in ``tz``, by default in the kiosk's zone
    (:func:`kiosk.domain.timezones.display_zone`: WIB, WITA or WIT by the hall's province), never
    in the machine's own zone; naive values are shown as they are.
    """
    if value.tzinfo is not None:
        if tz is None:
            from kiosk.domain.timezones import display_zone

            tz = display_zone()
        value = value.astimezone(tz)
    sep = "." if lang == "id" else ":"
    zone = value.tzname() or ""
    return (
        f"{format_date(value.date(), lang)} {value.hour:02d}{sep}{value.minute:02d} {zone}".strip()
    )


def parse_date(text: str, *, field: str = "owner.birth_date") -> dt.date:
    """``25-11-2026``, ``25/11/2026``, ``2026-11-25`` or ``25 November 2026`` (either language)."""
    raw = " ".join(text.split())
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", raw)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", raw)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = re.fullmatch(r"(\d{1,2}) ([^\W\d_]+) (\d{4})", raw)
        if m:
            name = m.group(2).casefold()
            for months in MONTHS.values():
                for index, month in enumerate(months):
                    if month.casefold() == name or (
                        len(name) >= 3 and month.casefold()[:3] == name
                    ):
                        return dt.date(int(m.group(3)), index + 1, int(m.group(1)))
    except ValueError:
        raise FieldError(field, "validation.date.invalid") from None
    raise FieldError(field, "validation.date.format")


register(
    {
        "validation.rupiah.format": {
            "id": "{field}: tulis jumlah rupiah dengan angka, misalnya 1.250.000.",
            "en": "{field}: write the rupiah amount in digits, for example 1,250,000.",
        },
        "validation.rupiah.decimal": {
            "id": "{field}: jumlah tidak jelas. Tulis rupiah penuh tanpa sen, misalnya 1.250.000.",
            "en": "{field}: the amount is unclear. Write whole rupiah without cents, e.g. "
            "1,250,000.",
        },
        "validation.rupiah.negative": {
            "id": "{field} tidak boleh negatif.",
            "en": "{field} cannot be negative.",
        },
        "validation.rupiah.too_large": {
            "id": "{field} terlalu besar. Periksa jumlah angka nol.",
            "en": "{field} is too large. Check the number of zeros.",
        },
        "validation.date.format": {
            "id": "{field}: tulis tanggal seperti 25-11-2026 atau 25 November 2026.",
            "en": "{field}: write the date like 25-11-2026 or 25 November 2026.",
        },
        "validation.date.invalid": {
            "id": "{field}: tanggal itu tidak ada di kalender.",
            "en": "{field}: that date does not exist.",
        },
    }
)
