"""Read registrations from a CSV or XLSX in the export's columns (district offices' UMKM lists).

Every row is checked like the form: cell by cell (numbers, dates, choices), then the whole record
with ``validate_registration(..., stage="submit")``. A rejected row is reported with its row
number (as the spreadsheet shows it: the header is row 1), the column and the reason, and nothing
of it is stored; accepted rows are stored as submitted registrations (each in its own transaction,
with its outbox row), keeping the file's id, registration number and version when given, so an
export imported into another kiosk reproduces the same registrations (same content hashes).
A row whose id is already on this kiosk is rejected (importing a file twice adds nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.domain.model import Registration, Status, new_id
from kiosk.errors import UserFacingError
from kiosk.i18n import Lang, register, tr
from kiosk.importexport.columns import COLUMNS, Column, column_for, parse_cell

if TYPE_CHECKING:
    from kiosk.store import Store

register(
    {
        "import.value.integer": {"id": "harus bilangan bulat", "en": "must be a whole number"},
        "import.value.boolean": {"id": "harus ya atau tidak", "en": "must be yes or no"},
        "import.value.choice": {"id": "pilihan tidak dikenal", "en": "unknown choice"},
        "import.value.date": {"id": "tanggal tidak valid", "en": "invalid date"},
        "import.value.datetime": {"id": "waktu tidak valid", "en": "invalid date and time"},
        "import.value.json": {"id": "daftar tidak valid", "en": "invalid list"},
        "import.row.exists": {
            "id": "pendaftaran dengan id ini sudah ada di kios ini",
            "en": "a registration with this id is already on this kiosk",
        },
        "import.row.repeated": {
            "id": "id ini sudah muncul di baris {row}",
            "en": "this id already appeared in row {row}",
        },
        "import.column.unknown": {
            "id": "kolom tidak dikenal, diabaikan",
            "en": "unknown column, ignored",
        },
        "import.file.unreadable": {
            "id": "Berkas {name} tidak dapat dibaca sebagai CSV atau XLSX.",
            "en": "The file {name} cannot be read as CSV or XLSX.",
        },
        "import.file.missing": {
            "id": "Berkas {name} tidak ditemukan.",
            "en": "The file {name} does not exist.",
        },
        "import.file.empty": {
            "id": "Berkas {name} tidak berisi baris judul kolom.",
            "en": "The file {name} has no header row.",
        },
    }
)


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def line(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class ImportReport:
    accepted: int = 0
    rejected_rows: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    stored_ids: list[str] = field(default_factory=list)


def read_table(path: Path) -> list[list[str]]:
    """All rows of the file as text cells (XLSX by content, CSV otherwise)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserFacingError("import.file.missing", name=path.name) from None
    except (IsADirectoryError, PermissionError):
        raise UserFacingError("import.file.unreadable", name=path.name) from None
    if raw[:2] == b"PK":
        return _xlsx_rows(raw, path.name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserFacingError("import.file.unreadable", name=path.name) from None
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error:
        raise UserFacingError("import.file.unreadable", name=path.name) from None


def _xlsx_rows(raw: bytes, name: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:
        raise UserFacingError("import.file.unreadable", name=name) from None
    try:
        sheet = book.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()  # read-only workbooks keep the file open until closed


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def import_file(
    store: Store, path: Path, *, dry_run: bool = False, staff_id: str = "import", lang: Lang = "en"
) -> ImportReport:
    from kiosk.domain.validation import validate_registration

    rows = read_table(path)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise UserFacingError("import.file.empty", name=path.name)
    header = [h.strip().lstrip("\ufeff") for h in rows[0]]
    known = {c.name: c for c in COLUMNS}
    report = ImportReport()
    for name in header:
        if name and name not in known:
            report.problems.append(Problem(1, name, tr("import.column.unknown", lang)))
    seen: dict[str, int] = {}
    for offset, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines between blocks are common in hand-kept sheets
        problems, reg = _parse_row(header, known, cells, offset, lang)
        if reg is not None:
            problems += [
                Problem(offset, column_for(i.field), i.text(lang))
                for i in validate_registration(reg, stage="submit")
                if i.severity == "error"
            ]
            problems += _identity_problems(store, reg, offset, seen, lang)
        if problems:
            report.rejected_rows.add(offset)
            report.problems += problems
            continue
        assert reg is not None
        if not dry_run:
            try:
                stored = store.submit_imported(reg, staff_id=staff_id)
            except UserFacingError as exc:
                report.rejected_rows.add(offset)
                report.problems.append(Problem(offset, "id", exc.text(lang)))
                continue
            report.stored_ids.append(stored.id)
        report.accepted += 1
    return report


def _parse_row(
    header: list[str], known: dict[str, Column], cells: list[str], row: int, lang: Lang
) -> tuple[list[Problem], Registration | None]:
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    for name, text in zip(header, cells, strict=False):
        column = known.get(name)
        if column is None:
            continue
        try:
            value = parse_cell(column, text)
        except ValueError as exc:
            problems.append(Problem(row, name, tr(str(exc), lang)))
            continue
        head, _, tail = name.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = value
        elif value not in (None, ""):
            data[head] = value
    if problems:
        return problems, None
    try:
        reg = Registration.from_dict(data)
    except (TypeError, ValueError, KeyError, AttributeError):
        return [Problem(row, column_for("products"), tr("import.value.json", lang))], None
    reg.id = reg.id or new_id()
    reg.version = max(int(reg.version or 1), 1)
    reg.status = Status.SUBMITTED
    return [], reg


def _identity_problems(
    store: Store, reg: Registration, row: int, seen: dict[str, int], lang: Lang
) -> list[Problem]:
    from kiosk.store import RegistrationNotFound

    if reg.id in seen:
        return [Problem(row, "id", tr("import.row.repeated", lang, row=seen[reg.id]))]
    seen[reg.id] = row
    try:
        store.summary(reg.id)
    except RegistrationNotFound:
        return []
    return [Problem(row, "id", tr("import.row.exists", lang))]
