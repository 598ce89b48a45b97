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

Nothing is written to disk: the bytes go straight into the response.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence

from sqlalchemy import and_, select, true
from sqlalchemy.orm import Session

from kiosk.central.console.queue import QueueFilter, conditions
from kiosk.central.models import CentralRegistration, CentralVersion, QueueFacts, aware
from kiosk.domain.model import Registration
from kiosk.i18n import Lang
from kiosk.importexport.columns import neutralize

MAX_ROWS = 200_000  # one province's registrations for years; beyond that, filter
Cell = str | int
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def registrations(
    session: Session,
    f: QueueFilter,
    scope_mpp: int | None,
    fmt: str,
    zone: dt.tzinfo,
    lang: Lang,
) -> tuple[bytes, int]:
    """(file bytes, number of registrations) of the filtered list, every page of it."""
    from kiosk.central.console.queue_facts import catch_up
    from kiosk.importexport.export import registrations_file

    catch_up(session)  # the work list is never behind what the central holds
    Q, R, V = QueueFacts, CentralRegistration, CentralVersion
    rows = session.execute(
        select(R.reg_no, R.status, R.verdict_reason, R.created_at, R.updated_at, V.content)
        .select_from(Q)
        .join(R, R.id == Q.registration_id)
        .join(V, and_(V.registration_id == R.id, V.version == R.current_version))
        .where(and_(true(), *conditions(f, scope_mpp)))
        .order_by(Q.queued_at, Q.registration_id)
        .limit(MAX_ROWS)
    )
    regs = []
    for reg_no, status, reason, created, updated, content in rows:
        data = json.loads(content)
        data.update(
            reg_no=reg_no,
            status=status,
            verdict_reason=reason or "",
            created_at=aware(created).isoformat(),
            updated_at=aware(updated).isoformat(),
        )
        regs.append(Registration.from_dict(data))
    return registrations_file(regs, fmt, zone, lang), len(regs)


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
