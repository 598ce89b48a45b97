"""The console's exports: any filtered list as CSV or XLSX, with the kiosk's export rules.

- Registrations: the queue's filter (:class:`kiosk.central.console.queue.QueueFilter`, the same
  query parameters as the queue page, limited to a supervisor's MPP) selects them, oldest in the
  queue first; each is written from its current version with the central's status and verdict
  reason, by :func:`kiosk.importexport.export.registrations_file`: the kiosk's columns, times in
  the viewer's zone, text cells for identifiers (a NIK never becomes a number), formula injection
  neutralised. The file can be read back by ``kiosk import``.
- Other lists (kiosks, the dashboard's regency table): :func:`table_file` writes a header and
  rows of text or whole numbers with the same neutralisation (CSV: a leading apostrophe before
  ``= + - @``, tab, CR; XLSX: typed string cells, which are never evaluated).

Each row is converted from the stored JSON without building the model's objects
(:meth:`kiosk.domain.model.Registration.canonical`: 0.1-0.25 ms a row instead of 0.6-1.7 ms
measured; the export's transaction stays open for as long as its rows take). An XLSX's rows then
cost ~1.4 ms more each in openpyxl's write-only sheet.

Registrations are streamed (:func:`registration_chunks`): a CSV's first bytes leave before the
last row is read, and memory stays flat at 100,000 rows (``bench/bench_dashboard.py`` measures
the peak RSS and the time to the first byte). An XLSX is spooled to an anonymous temporary file
(a ZIP's directory is written last) and sent from it. The bytes are those of
:func:`kiosk.importexport.export.registrations_file` for the same registrations. The small lists
(:func:`table_file`) are built in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import and_, func, select, true
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central.console.queue import QueueFilter, conditions
from kiosk.central.models import CentralRegistration, CentralVersion, QueueFacts, aware
from kiosk.domain.model import Registration
from kiosk.i18n import Lang
from kiosk.importexport.columns import neutralize

MAX_ROWS = 200_000  # one province's registrations for years; beyond that, filter
FETCH = 500  # rows per round trip of the export's server-side cursor
CSV_ROWS_PER_CHUNK = 200  # ~100 KB pieces of a CSV export
FILE_CHUNK = 256 * 1024
Cell = str | int
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def count(session: Session, f: QueueFilter, scope_mpp: int | None) -> int:
    """How many registrations the export of ``f`` holds (at most :data:`MAX_ROWS`); brings the
    work list up to date first, so the count and the rows that follow agree."""
    from kiosk.central.console.queue_facts import catch_up

    catch_up(session)  # the work list is never behind what the central holds
    selected = (
        select(QueueFacts.registration_id)
        .where(and_(true(), *conditions(f, scope_mpp)))
        .limit(MAX_ROWS)
        .subquery()
    )
    return session.scalar(select(func.count()).select_from(selected)) or 0


def registration_chunks(
    factory: sessionmaker[Session],
    f: QueueFilter,
    scope_mpp: int | None,
    fmt: str,
    zone: dt.tzinfo,
    lang: Lang,
) -> Iterator[bytes]:
    """The file of the filtered list, every page of it, in pieces as they are written.

    Its own session lives as long as the iteration (a server-side cursor on PostgreSQL read
    :data:`FETCH` rows at a time; one registration's JSON parsed at a time). CSV: the header is
    the first piece, then every :data:`CSV_ROWS_PER_CHUNK` rows. XLSX is a ZIP whose directory
    comes last: openpyxl's write-only sheet spools the rows to a temporary file, the workbook is
    saved into another one, and that is sent in pieces of :data:`FILE_CHUNK` bytes."""
    from kiosk.importexport.export import csv_chunks, file_header, write_xlsx, zoned_rows

    with factory() as session:
        stored = _stored(session, f, scope_mpp)
        rows = zoned_rows((Registration.canonical(data) for data in stored), zone)
        if fmt == "csv":
            yield from csv_chunks(file_header(lang), rows, CSV_ROWS_PER_CHUNK)
            return
        with tempfile.TemporaryFile() as spool:
            write_xlsx(spool, file_header(lang), rows)
            session.rollback()  # the cursor is done; the connection goes back now
            spool.seek(0)
            while chunk := spool.read(FILE_CHUNK):
                yield chunk


def _registrations(
    session: Session, f: QueueFilter, scope_mpp: int | None
) -> Iterator[Registration]:
    """The selected registrations as objects (the export itself reads :func:`_stored` through
    :meth:`Registration.canonical`, which gives what ``to_dict()`` of these gives)."""
    return (Registration.from_dict(data) for data in _stored(session, f, scope_mpp))


def _stored(session: Session, f: QueueFilter, scope_mpp: int | None) -> Iterator[dict[str, Any]]:
    """Each selected registration's current version as parsed JSON, with the central's status,
    reason and times, oldest in the queue first."""
    Q, R, V = QueueFacts, CentralRegistration, CentralVersion
    rows = session.execute(
        select(R.reg_no, R.status, R.verdict_reason, R.created_at, R.updated_at, V.content)
        .select_from(Q)
        .join(R, R.id == Q.registration_id)
        .join(V, and_(V.registration_id == R.id, V.version == R.current_version))
        .where(and_(true(), *conditions(f, scope_mpp)))
        .order_by(Q.queued_at, Q.registration_id)
        .limit(MAX_ROWS),
        execution_options={"yield_per": FETCH},
    )
    for reg_no, status, reason, created, updated, content in rows:
        data = json.loads(content)
        data.update(
            reg_no=reg_no,
            status=status,
            verdict_reason=reason or "",
            created_at=aware(created).isoformat(),
            updated_at=aware(updated).isoformat(),
        )
        yield data


def table_file(
    header: Sequence[str], rows: Sequence[Sequence[Cell]], fmt: str, sheet: str
) -> bytes:
    """A plain list as CSV (UTF-8 with BOM, for Excel) or XLSX; text neutralised, numbers kept."""
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([neutralize(h) for h in header])
        writer.writerows([v if isinstance(v, int) else neutralize(v) for v in row] for row in rows)
        return buffer.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    out = book.create_sheet(sheet[:31])

    def text_cell(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(out, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
        cell.data_type = "s"  # a typed string: "=..." is shown, never evaluated
        return cell

    out.append([text_cell(h) for h in header])
    for row in rows:
        out.append([v if isinstance(v, int) else text_cell(v) for v in row])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()
