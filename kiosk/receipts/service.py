"""Issuing receipts: record the attempt, render with the right copy number, send, record the result.

Every path (CUPS, ESC/POS, Qt's print dialog in the UI, save as PDF) goes through :func:`prepare`,
so the first receipt of a registration is the original and every later one is marked SALINAN / COPY
with its number, and each one is in ``receipt_prints``. Nothing here assumes paper came out: the
returned record's ``needs_confirmation`` tells the caller to ask the staff (the UI does; the CLI
says so), and :func:`kiosk.receipts.prints.confirm_print` stores the answer. :func:`render_view`
is the one path that records nothing: a receipt rendered only to be looked at (the preview, `kiosk
receipt render` comparing layouts) is not a copy anyone holds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import UserFacingError
from kiosk.fsutil import atomic_write_bytes
from kiosk.receipts import prints
from kiosk.receipts.prints import PrintRecord

if TYPE_CHECKING:
    from escpos.escpos import Escpos

    from kiosk.domain.model import Registration
    from kiosk.receipts.escpos_out import EscposConfig
    from kiosk.store import Store


def prepare(
    store: Store,
    reg: Registration,
    *,
    layout: str,
    channel: str,
    printer: str = "",
    staff_id: str = "",
    staff_name: str | None = None,
) -> tuple[PrintRecord, bytes]:
    """Record an attempt and render its PDF (copy number from the record)."""
    from kiosk.receipts.render import render_receipt

    record = prints.begin_print(
        store, reg, layout=layout, channel=channel, printer=printer, staff_id=staff_id
    )
    try:
        pdf = render_receipt(store, reg, layout, record.copy_no, staff_name=staff_name)
    except BaseException as exc:
        prints.finish_print(store, record.id, "failed", detail=type(exc).__name__)
        raise
    return record, pdf


def render_view(
    store: Store, reg: Registration, *, layout: str, staff_name: str | None = None
) -> tuple[int, bytes]:
    """(copy number shown, PDF) of a receipt rendered only to look at it; nothing is recorded."""
    from kiosk.receipts.render import render_receipt

    copy_no = prints.shown_copy_no(store, reg)
    return copy_no, render_receipt(store, reg, layout, copy_no, staff_name=staff_name)


def print_cups(
    store: Store,
    reg: Registration,
    *,
    printer: str | None = None,
    layout: str = "a4",
    staff_id: str = "",
    staff_name: str | None = None,
    wait_s: float = 30.0,
) -> tuple[PrintRecord, str]:
    """Print on a CUPS queue; returns the record and the CUPS job id."""
    from kiosk.receipts import cups

    printer = printer or cups.default_printer()
    cups.check_enabled(printer)
    record, pdf = prepare(
        store,
        reg,
        layout=layout,
        channel="cups",
        printer=printer,
        staff_id=staff_id,
        staff_name=staff_name,
    )
    try:
        job = cups.submit(pdf, title=f"Tanda terima {reg.reg_no}", printer=printer, layout=layout)
    except UserFacingError as exc:
        prints.finish_print(store, record.id, "failed", detail=str(exc))
        raise
    done = cups.wait_for_job(job, timeout_s=wait_s) if wait_s > 0 else False
    record = prints.finish_print(
        store, record.id, "completed" if done else "sent", job_id=job.job_id
    )
    return record, job.job_id


def print_escpos(
    store: Store,
    reg: Registration,
    config: EscposConfig,
    *,
    paper: str = "80mm",
    staff_id: str = "",
    staff_name: str | None = None,
    device: Escpos | None = None,
) -> tuple[PrintRecord, str]:
    """Print on an ESC/POS printer; returns the record and the printer's status after printing.

    ``device`` is an already opened python-escpos printer (tests pass a ``Dummy``).
    """
    from kiosk.receipts import escpos_out, labels
    from kiosk.receipts.facts import facts_for
    from kiosk.receipts.render import sign_facts

    record = prints.begin_print(
        store, reg, layout=paper, channel="escpos", printer=config.name, staff_id=staff_id
    )
    try:
        facts = facts_for(store, reg, staff_name=staff_name)
        issued_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        qr_text = sign_facts(store.keys, facts, issued_at, record.copy_no)
        if device is None and not escpos_out.reachable(config):
            raise UserFacingError("receipts.escpos.offline", printer=config.name)
        p = device or escpos_out.open_printer(config)
        before = escpos_out.printer_status(p)
        if before in ("offline", "no_paper"):
            raise UserFacingError(f"receipts.escpos.{before}", printer=config.name)
        codepage = escpos_out.write_receipt(
            p,
            facts,
            qr_text,
            copy_no=record.copy_no,
            paper=paper,
            issued=labels.format_datetime(issued_at, facts.settings.timezone),
            codepage=config.codepage,
        )
        after = escpos_out.printer_status(p)
    except BaseException as exc:
        prints.finish_print(store, record.id, "failed", detail=str(exc) or type(exc).__name__)
        raise
    finally:
        if device is None and "p" in locals():
            p.close()  # a real device: release the USB interface / socket / port
    outcome = "reported_ok" if after == "ok" else "sent"
    record = prints.finish_print(store, record.id, outcome, detail=f"{codepage}; status {after}")
    return record, after


def save_pdf(
    store: Store,
    reg: Registration,
    path: Path,
    *,
    layout: str = "a4",
    staff_id: str = "",
    staff_name: str | None = None,
) -> PrintRecord:
    """Write the receipt PDF durably to ``path`` and record it (it is a receipt that exists)."""
    record, pdf = prepare(
        store,
        reg,
        layout=layout,
        channel="pdf",
        printer=str(path),
        staff_id=staff_id,
        staff_name=staff_name,
    )
    try:
        atomic_write_bytes(Path(path), pdf, mode=0o600)
    except OSError as exc:
        prints.finish_print(store, record.id, "failed", detail=str(exc))
        raise
    return prints.finish_print(store, record.id, "saved_pdf")


def escpos_printers(store: Store) -> list[EscposConfig]:
    from kiosk.receipts.escpos_out import EscposConfig

    return [EscposConfig.from_dict(d) for d in store.get_setting("receipts.escpos_printers", [])]
