"""A spreadsheet as people keep it: its cells as text, which were numbers, and where the header is.

District offices' sheets are not tidy tables. :func:`read_table` reads CSV (UTF-8, with or without
BOM; ``,`` or ``;`` as Excel writes it in an Indonesian locale) and the first sheet of an XLSX,
keeping for each cell whether Excel stored it as a number: a NIK typed into Excel becomes a number
and keeps only 15 significant digits, so such a cell must be refused, never trusted.
:func:`find_header` finds the header among the first rows: title rows above it (merged cells
saying "DAFTAR UMKM KECAMATAN ..."), a two-row header (a merged "Alamat" over "Desa" and
"Kecamatan"), the export's row of field keys under it, and a row numbering the columns
("1 2 3 ..." or "(1) (2) ...") are all recognised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.errors import UserFacingError
from kiosk.importexport.headers import field_for, is_key_row, keys_of

HEADER_SCAN = 15  # rows looked at for the header
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,3}\)?$")


@dataclass
class Table:
    rows: list[list[str]]
    numeric: set[tuple[int, int]] = field(default_factory=set)  # (row index, column) numbers

    def is_number(self, row: int, column: int) -> bool:
        return (row, column) in self.numeric


@dataclass(frozen=True)
class Header:
    names: list[str]  # the header text of each column (a two-row header joined)
    keys: list[str] | None  # the export's field keys when its key row is there
    first_data: int  # index of the first row below the header


def read_table(path: Path) -> Table:
    """All rows of the file as text cells (XLSX by content, CSV otherwise)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserFacingError("import.file.missing", name=path.name) from None
    except (IsADirectoryError, PermissionError):
        raise UserFacingError("import.file.unreadable", name=path.name) from None
    if raw[:2] == b"PK":
        return _xlsx_table(raw, path.name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserFacingError("import.file.unreadable", name=path.name) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error:
        raise UserFacingError("import.file.unreadable", name=path.name) from None
    return Table(rows)


def _xlsx_table(raw: bytes, name: str) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean "unreadable"
        raise UserFacingError("import.file.unreadable", name=name) from None
    table = Table([])
    try:
        for index, values in enumerate(book.worksheets[0].iter_rows(values_only=True)):
            cells = []
            for column, value in enumerate(values):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    table.numeric.add((index, column))
                cells.append(cell_text(value))
            table.rows.append(cells)
    finally:
        book.close()  # read-only workbooks keep the file open until closed
    return table


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _score(names: list[str]) -> int:
    return sum(1 for n in names if field_for(n) is not None)


def _joined(upper: list[str], lower: list[str]) -> list[str]:
    """A two-row header: the lower row's text where it has some, else the merged cell above."""
    width = max(len(upper), len(lower))
    up = [*upper, *[""] * (width - len(upper))]
    low = [*lower, *[""] * (width - len(lower))]
    return [b.strip() or t.strip() for t, b in zip(up, low, strict=True)]


def find_header(table: Table) -> Header | None:
    """The header of ``table`` (None when the first rows hold nothing)."""
    best: tuple[int, int, list[str], int] | None = None  # score, -index, names, rows used
    rows = table.rows
    for index in range(min(HEADER_SCAN, len(rows))):
        single = [c.strip() for c in rows[index]]
        candidates = [(single, 1)]
        if index + 1 < len(rows) and not is_key_row(rows[index + 1]):
            candidates.append((_joined(rows[index], rows[index + 1]), 2))
        for names, used in candidates:
            score = _score(names)
            if score and (best is None or score > best[0]):
                best = (score, -index, names, used)
    if best is None:
        first = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
        if first is None:
            return None
        best = (0, -first, [c.strip() for c in rows[first]], 1)
    _, neg_index, names, used = best
    start = -neg_index + used
    keys = None
    if start < len(rows) and is_key_row(rows[start]):
        keys = keys_of(rows[start])
        start += 1
    if start < len(rows) and _numbers_columns(rows[start]):
        start += 1
    names = [n.lstrip("\ufeff") for n in names]
    return Header(names, keys, start)


def _numbers_columns(cells: list[str]) -> bool:
    """A row that only numbers the columns: "1", "2", ... or "(1)", "(2)", ... in order."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) < 3 or not all(_COLUMN_NUMBER.match(c) for c in filled):
        return False
    return [int(c.strip("()")) for c in filled] == list(range(1, len(filled) + 1))
