"""Read registrations from a CSV or XLSX in the export's columns (another kiosk's export).

The header may be the export's readable labels (``Nama usaha``, ``NIK pemilik``; either language),
its row of field keys, or field keys alone (older exports); :mod:`.headers` maps them. Every row is
checked like the form: cell by cell (numbers, dates, choices), then the whole record with
``validate_registration(..., stage="submit")``; a row whose status is ``draft`` stays a draft (it
is stored as typed, never validated into a version); a row without a status is a submission. A
district office's list (no status, names of places) is refused as a whole with the way to import
it: ``--drafts`` (:mod:`.district`). A NIK that Excel stored as a number is refused
(Excel keeps 15 digits: the number cannot be trusted). A rejected row is reported with its row
number as the spreadsheet shows it, the column and the reason.

All or nothing: with any rejected row nothing is stored (``partial=True`` stores the rows without
problems); what is stored is written in one transaction (:meth:`kiosk.store.Store.import_rows`),
keeping the file's id, registration number and version, so an export imported into another kiosk
reproduces the same registrations (same content hashes). A row whose id is already on this kiosk
is rejected (importing a file twice adds nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.domain.model import Registration, Status
from kiosk.errors import UserFacingError
from kiosk.i18n import Lang, register, tr
from kiosk.importexport.columns import COLUMNS, Column, column_for, parse_cell

if TYPE_CHECKING:
    from kiosk.store import Store

register(
    {
        "import.nik.number": {
            "id": "NIK tersimpan sebagai angka di Excel (Excel hanya menyimpan 15 digit, jadi "
            "digit terakhir bisa berubah). Format kolom sebagai Teks dan ketik ulang NIK-nya.",
            "en": "the NIK is stored as a number in Excel (Excel keeps only 15 digits, so the "
            "last digits may have changed). Format the column as Text and retype the NIK.",
        },
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
        "import.file.district_list": {
            "id": "Berkas ini tampak seperti daftar dinas, bukan ekspor kios: impor dengan "
            "--drafts (di aplikasi: Impor daftar dinas). Tidak ada yang disimpan.",
            "en": "This file looks like a district office's list, not a kiosk export: import it "
            "with --drafts (in the app: Import district list). Nothing was stored.",
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
    stored: bool = False  # False: nothing was stored (a dry run, or rejected rows without partial)


def read_table(path: Path) -> list[list[str]]:
    """All rows of the file as text cells (XLSX by content, CSV otherwise)."""
    from kiosk.importexport.table import read_table as read

    return read(path).rows


def import_file(
    store: Store,
    path: Path,
    *,
    dry_run: bool = False,
    partial: bool = False,
    staff_id: str = "import",
    lang: Lang = "en",
) -> ImportReport:
    from kiosk.domain.validation import validate_registration
    from kiosk.importexport.headers import field_for
    from kiosk.importexport.table import find_header
    from kiosk.importexport.table import read_table as read

    table = read(path)
    found = find_header(table)
    if found is None or not any(name.strip() for name in found.names):
        raise UserFacingError("import.file.empty", name=path.name)
    known = {c.name: c for c in COLUMNS}
    header = []
    for index, name in enumerate(found.names):
        key = found.keys[index] if found.keys and index < len(found.keys) else ""
        target = key if key in known else (field_for(name) or "")
        header.append("" if target in header else target)  # a repeated column is not used
    report = ImportReport()
    if "status" not in header and any(t.startswith("list.") for t in header):
        # A district office's list, not an export: its rows are drafts to complete with people.
        report.rejected_rows.add(1)
        report.problems.append(Problem(1, "-", tr("import.file.district_list", lang)))
        return report
    for index, name in enumerate(found.names):
        if name and header[index] not in known:
            report.problems.append(Problem(1, name, tr("import.column.unknown", lang)))
            header[index] = ""  # unknown, or a list's pseudo-field (no export column)
    seen: dict[str, int] = {}
    submitted: list[Registration] = []
    drafts: list[Registration] = []
    for index in range(found.first_data, len(table.rows)):
        cells, offset = table.rows[index], index + 1
        if not any(cell.strip() for cell in cells):
            continue  # blank lines between blocks are common in hand-kept sheets
        problems, reg = _parse_row(header, known, cells, offset, lang)
        if reg is not None and not reg.id:  # a new registration: an ID of this kiosk's key
            reg.id = store.keys.new_registration_id()
        problems += [
            Problem(offset, "owner.nik", tr("import.nik.number", lang))
            for column, key in enumerate(header)
            if key == "owner.nik" and table.is_number(index, column)
        ]
        if reg is not None and not problems:
            if reg.status != Status.DRAFT:
                reg.status = Status.SUBMITTED
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
        (drafts if reg.status == Status.DRAFT else submitted).append(reg)
        report.accepted += 1
    if dry_run or (report.rejected_rows and not partial):
        return report
    from kiosk.store.imports import ImportedDraft

    store.import_rows(
        submitted=submitted,
        drafts=[ImportedDraft(reg) for reg in drafts],
        links=[],
        staff_id=staff_id,
    )
    report.stored_ids = [reg.id for reg in [*submitted, *drafts]]
    report.stored = True
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
    if not data.get("id"):  # a row without an ID: a new registration (given one by the caller)
        reg.id = ""
    reg.version = max(int(reg.version or 1), 1)
    if "status" not in data:
        reg.status = Status.SUBMITTED  # only a row that says "draft" stays a draft
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
