"""The spreadsheet columns: one row per registration, one column per field of the model.

Columns are named by the model's dotted paths (``business.name``, ``owner.nik``), the same names the
validator uses for its issues, so a rejected value is reported in the column it came from. They
are derived from :class:`~kiosk.domain.model.Registration`'s dataclasses, so a field added to the
model appears in the export without touching this module. Lists of plain values (KBLI codes) are
joined with ``;``; lists of records (products, documents) are one JSON cell each.

Spreadsheet-formula injection: a text cell that starts with ``= + - @``, a tab or a carriage
return would be run as a formula by Excel/LibreOffice. :func:`neutralize` puts an apostrophe in
front (also in front of a value that already starts with one, so :func:`restore` can strip
exactly one apostrophe and give back the original text, whatever it was).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.domain.model import Registration

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
TRUE_WORDS = {"ya", "y", "true", "1", "yes", "benar"}
FALSE_WORDS = {"tidak", "t", "n", "false", "0", "no", "salah"}
TOP_LEVEL = ("id", "reg_no", "version", "status", "verdict_reason")
SECTIONS = ("business", "owner", "address", "bank", "consent")
JSON_LISTS = ("products", "documents")
TIMESTAMPS = ("created_at", "updated_at")


@dataclass(frozen=True)
class Column:
    name: str  # dotted model path, the header text
    kind: str  # str | int | bool | date | datetime | enum | list | json
    enum: type[StrEnum] | None = None


def _kind(tp: Any) -> tuple[str, type[StrEnum] | None]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        tp = next(a for a in typing.get_args(tp) if a is not type(None))
        origin = typing.get_origin(tp)
    if origin is list:
        return "list", None
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        return "enum", tp
    if tp is bool:
        return "bool", None
    if tp is int:
        return "int", None
    if tp is dt.datetime:
        return "datetime", None
    if tp is dt.date:
        return "date", None
    return "str", None


def _columns() -> list[Column]:
    hints = typing.get_type_hints(Registration)
    out = []
    for name in TOP_LEVEL:
        kind, enum = _kind(hints[name])
        out.append(Column(name, kind, enum))
    for section in SECTIONS:
        section_hints = typing.get_type_hints(hints[section])
        for f in dataclasses.fields(hints[section]):
            kind, enum = _kind(section_hints[f.name])
            out.append(Column(f"{section}.{f.name}", kind, enum))
    out += [Column(name, "json") for name in JSON_LISTS]
    out += [Column(name, "datetime") for name in TIMESTAMPS]
    return out


COLUMNS: list[Column] = _columns()
COLUMN_NAMES = [c.name for c in COLUMNS]


_NEUTRALISED = (*DANGEROUS_START, "'")


def neutralize(text: str) -> str:
    return "'" + text if text.startswith(_NEUTRALISED) else text


def restore(text: str) -> str:
    return text[1:] if text.startswith("'") else text


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def cell_text(column: Column, value: Any) -> str:
    """The text of one cell (before neutralising)."""
    if value is None:
        return ""
    if column.kind == "bool":
        return "ya" if value else "tidak"
    if column.kind == "list":
        return ";".join(str(v) for v in value)
    if column.kind == "json":
        return _JSON.encode(value)  # json.dumps(value, ...) with these options, one encoder
    return str(value)


def row_of(reg: Registration) -> list[str]:
    return row_of_dict(reg.to_dict())


# (column, head, tail, whether a str value is its own text: not for bool, list, json)
_PATHS = [(c, *c.name.partition(".")[::2], c.kind not in ("bool", "list", "json")) for c in COLUMNS]


def row_of_dict(data: dict[str, Any]) -> list[str]:
    """The neutralised cells of a registration's canonical dict (:meth:`Registration.to_dict`,
    or :meth:`Registration.canonical` of a stored version)."""
    cells = []
    for column, head, tail, str_is_text in _PATHS:
        value = data[head][tail] if tail else data[head]
        text = value if str_is_text and type(value) is str else cell_text(column, value)
        cells.append("'" + text if text.startswith(_NEUTRALISED) else text)  # neutralize()
    return cells


def parse_cell(column: Column, text: str) -> Any:
    """The model value of one cell; raises ValueError with a message code on bad input."""
    text = restore(text)
    stripped = text.strip()
    kind = column.kind
    if kind == "str":
        return text
    if not stripped:
        return [] if kind in ("list", "json") else (False if kind == "bool" else None)
    if kind == "int":
        cleaned = stripped.lower().removeprefix("rp").replace(".", "").replace(" ", "")
        if not cleaned.lstrip("-").isascii() or not cleaned.lstrip("-").isdigit():
            raise ValueError("import.value.integer")
        return int(cleaned)
    if kind == "bool":
        lowered = stripped.casefold()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        raise ValueError("import.value.boolean")
    if kind == "enum":
        assert column.enum is not None
        for member in column.enum:
            if stripped.casefold() in (member.value.casefold(), member.name.casefold()):
                return member.value
        raise ValueError("import.value.choice")
    if kind == "date":
        return _parse_date(stripped).isoformat()
    if kind == "datetime":
        try:
            parsed = dt.datetime.fromisoformat(stripped)
        except ValueError:
            raise ValueError("import.value.datetime") from None
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)).isoformat()
    if kind == "list":
        return [part.strip() for part in stripped.replace(",", ";").split(";") if part.strip()]
    try:
        value = json.loads(stripped)
    except ValueError:
        raise ValueError("import.value.json") from None
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError("import.value.json")
    return value


def _parse_date(text: str) -> dt.date:
    """The domain's date reading (``2026-11-25``, ``25/11/2026``, ``25 November 2026``, ...)."""
    from kiosk.domain.formatting import parse_date

    try:
        return parse_date(text)
    except Exception:  # any refusal is reported as this cell's problem
        raise ValueError("import.value.date") from None


def column_for(field: str) -> str:
    """The column that holds an issue's field (``products.2.price_idr`` -> ``products``)."""
    best = ""
    for name in COLUMN_NAMES:
        if (field == name or field.startswith(name + ".")) and len(name) > len(best):
            best = name
    return best or field
