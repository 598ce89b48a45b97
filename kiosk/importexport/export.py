"""Write registrations to CSV (UTF-8 with BOM, which Excel needs to show Indonesian names right)
or XLSX.

Two header rows: the labels a district officer reads (``Nama usaha``, ``NIK pemilik``; English
with ``lang="en"``, :mod:`.headers`), then the field keys (``#kolom:id``, ``reg_no``, ...) that
make the import exact whatever the labels say.

Formula injection is handled per format. CSV has no cell types, so every text cell is neutralised
(a leading apostrophe, see :mod:`.columns`). XLSX has them: every text cell is written as a typed
string cell (``t="inlineStr"``), which Excel and LibreOffice show and never evaluate, so it needs
no apostrophe and a phone number reads ``+62…``, not ``'+62…``. The one exception keeps the import
round trip exact: a value that itself starts with an apostrophe gets one more, the one that the
importer's :func:`~kiosk.importexport.columns.restore` strips (as it does for both formats; an
older XLSX export's ``'+62…`` therefore still imports as ``+62…``).

Times (``created_at``, ``updated_at``, the consent's ``given_at``) are written in the kiosk's zone
with its offset (``2026-12-03T09:15:00+08:00`` at a WITA desk, :mod:`kiosk.domain.timezones`):
the district office reads the desk's own clock, and the offset keeps the import exact.

The central's console sends the same bytes in pieces (:func:`csv_chunks`, :func:`write_xlsx`
over :func:`zoned_rows`): a list of 100,000 registrations is never held whole.

The file is written under a temporary name, fsync'd and renamed: a crash never leaves a
half-written export that looks complete. It holds personal data in full (that is its purpose: the
district office's list), so it is created readable by the owner only (0600).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.domain.model import Status
from kiosk.domain.timezones import store_zone, tz
from kiosk.fsutil import fsync_dir
from kiosk.i18n import Lang
from kiosk.importexport.columns import COLUMNS, restore, row_of, row_of_dict
from kiosk.importexport.headers import export_header, key_row

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import BinaryIO

    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from kiosk.domain.model import Registration
    from kiosk.store import Store


def export_registrations(
    store: Store,
    path: Path,
    fmt: str,
    *,
    include_drafts: bool = False,
    lang: Lang = "id",
    actor: str = "cli",
) -> int:
    """Write the file; the export is an entry in the audit log (how many, which format: an export
    carries every registration's personal data out of the kiosk)."""
    from kiosk.staff import audit

    regs = [
        reg for reg in store.iter_registrations() if include_drafts or reg.status != Status.DRAFT
    ]
    zone = tz(store_zone(store))
    rows = [_in_zone(row_of(reg), zone) for reg in regs]
    header = [export_header(lang), key_row()]
    data = _csv_bytes(header, rows) if fmt == "csv" else _xlsx_bytes(header, rows)
    _write_durably(Path(path), data)
    audit.log(
        store, actor, "registrations.exported", "",
        {"count": len(rows), "format": fmt, "drafts": include_drafts},
    )  # fmt: skip
    return len(rows)


def registrations_file(
    regs: Iterable[Registration], fmt: str, zone: dt.tzinfo, lang: Lang = "id"
) -> bytes:
    """The bytes :func:`export_registrations` writes, for ``regs`` with times in ``zone``: the
    central's console exports its filtered lists with the same columns and the same rules."""
    rows = list(zoned_rows(regs, zone))
    header = file_header(lang)
    return _csv_bytes(header, rows) if fmt == "csv" else _xlsx_bytes(header, rows)


_TIMES = [i for i, column in enumerate(COLUMNS) if column.kind == "datetime"]


def _in_zone(row: list[str], zone: dt.tzinfo) -> list[str]:
    """The row with its aware times shown in ``zone`` (ISO 8601 with the offset)."""
    for index in _TIMES:
        text = row[index]
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:  # empty (or not a time): left as it is
            continue
        if moment.tzinfo is not None:
            row[index] = moment.astimezone(zone).isoformat()
    return row


def _csv_bytes(header: list[list[str]], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def file_header(lang: Lang) -> list[list[str]]:
    """The two header rows (labels in ``lang``, then the field keys)."""
    return [export_header(lang), key_row()]


def zoned_rows(
    regs: Iterable[Registration | dict[str, Any]], zone: dt.tzinfo
) -> Iterator[list[str]]:
    """The neutralised cells of each registration, times in ``zone``, one at a time. A
    registration may come as its canonical dict (:meth:`Registration.to_dict`, or
    :meth:`~kiosk.domain.model.Registration.canonical` of a stored version: no objects built,
    ~10x faster for the central's exports)."""
    for reg in regs:
        yield _in_zone(row_of_dict(reg if isinstance(reg, dict) else reg.to_dict()), zone)


def csv_chunks(
    header: list[list[str]], rows: Iterable[list[str]], rows_per_chunk: int = 200
) -> Iterator[bytes]:
    """The bytes of :func:`_csv_bytes` in pieces: the BOM and the header first, then
    ``rows_per_chunk`` rows at a time, so a long list is sent while it is read and never held
    whole."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(header)
    yield "\ufeff".encode() + buffer.getvalue().encode("utf-8")
    pending = 0
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow(row)
        pending += 1
        if pending == rows_per_chunk:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode("utf-8")


def _xlsx_bytes(header: list[list[str]], rows: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, header, rows)
    return buffer.getvalue()


def write_xlsx(target: BinaryIO, header: list[list[str]], rows: Iterable[list[str]]) -> None:
    """The workbook into ``target``, rows taken one at a time (openpyxl's write-only sheet
    spools them to a temporary file, so memory stays flat however many there are)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet("registrations")
    for line in header:
        sheet.append([_text_cell(sheet, text) for text in line])
    int_columns = {i for i, c in enumerate(COLUMNS) if c.kind == "int"}
    for row in rows:
        cells: list[int | Cell] = []
        for index, text in enumerate(row):
            if index in int_columns and text.isdigit():
                cells.append(int(text))  # a number stays a number for the district's sums
            else:
                cells.append(_text_cell(sheet, ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)))
        sheet.append(cells)
    book.save(target)


def _text_cell(sheet: WriteOnlyWorksheet, neutralised: str) -> Cell:
    """A string-typed cell: never a formula, so only an apostrophe of the value itself is kept."""
    from openpyxl.cell import WriteOnlyCell

    original = restore(neutralised)
    cell = WriteOnlyCell(sheet, value=neutralised if original.startswith("'") else original)
    cell.data_type = "s"  # openpyxl would make "=..." a formula; a typed string is inert
    return cell


def _write_durably(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
