"""The record of every receipt that left the kiosk: print, reprint, PDF save.

Flow: :func:`begin_print` writes a row (outcome ``sending``) and hands back the copy number to print
*before* anything is sent, so a crash or power cut during printing still counts the attempt and the
next receipt is marked SALINAN / COPY. Numbers count per registration *version*: a correction states
other facts, so its first receipt is again an original. :func:`finish_print` stores what the channel
reported; :func:`confirm_print` what the staff member saw. Copy numbering: 0 is the original; every
earlier attempt counts except one that failed before reaching any printer (``failed``) — an attempt
the staff marked ``not_printed`` still counts, since a half-printed original may be in someone's
hand. Only what was printed or handed out (a saved PDF) has a row: rendering a receipt to look at
it (the preview on screen, ``kiosk receipt render``) writes nothing, so looking never turns the
next print into a copy. :func:`shown_copy_no` is what such a view carries: while the last print
still waits for the staff's answer it is that print's number (the paper in the tray is the
original until someone says otherwise), else the number the next print will carry.

Each attempt is also a ``receipt.printed`` entry in the audit log, in the same transaction (a
receipt carries the owner's personal data: issue 13 lists printing among what is audited).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from kiosk.receipts.tables import OUTCOMES, ReceiptPrint
from kiosk.staff import audit

if TYPE_CHECKING:
    from kiosk.domain.model import Registration
    from kiosk.store import Store


@dataclass(frozen=True)
class PrintRecord:
    id: int
    registration_id: str
    reg_no: str
    version: int
    copy_no: int
    layout: str
    channel: str
    printer: str
    staff_id: str
    created_at: str
    outcome: str
    job_id: str
    detail: str
    confirmed_by: str

    @property
    def needs_confirmation(self) -> bool:
        """Paper may or may not have come out: only a person can tell."""
        return self.outcome in ("sending", "sent", "completed")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _record(row: ReceiptPrint) -> PrintRecord:
    return PrintRecord(
        row.id,
        row.registration_id,
        row.reg_no,
        row.version,
        row.copy_no,
        row.layout,
        row.channel,
        row.printer,
        row.staff_id,
        row.created_at,
        row.outcome,
        row.job_id,
        row.detail,
        row.confirmed_by,
    )


def begin_print(
    store: Store,
    reg: Registration,
    *,
    layout: str,
    channel: str,
    printer: str = "",
    staff_id: str = "",
) -> PrintRecord:
    """Record an attempt and assign its copy number (0 for the first receipt of this version)."""
    with store.session() as session:
        earlier = session.scalar(
            select(func.count())
            .select_from(ReceiptPrint)
            .where(
                ReceiptPrint.registration_id == reg.id,
                ReceiptPrint.version == reg.version,
                ReceiptPrint.outcome != "failed",
            )
        )
        now = _now()
        row = ReceiptPrint(
            registration_id=reg.id,
            reg_no=reg.reg_no,
            version=reg.version,
            copy_no=int(earlier or 0),
            layout=layout,
            channel=channel,
            printer=printer,
            staff_id=staff_id,
            created_at=now,
            updated_at=now,
            outcome="sending",
            job_id="",
            detail="",
            confirmed_by="",
        )
        session.add(row)
        session.flush()
        audit.record(
            session, staff_id or "system", "receipt.printed", reg.id,
            {"reg_no": reg.reg_no, "version": reg.version, "copy_no": row.copy_no,
             "channel": channel},
        )  # fmt: skip
        return _record(row)


def finish_print(
    store: Store, print_id: int, outcome: str, *, job_id: str = "", detail: str = ""
) -> PrintRecord:
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown print outcome {outcome!r}")
    with store.session() as session:
        row = session.get(ReceiptPrint, print_id)
        if row is None:
            raise KeyError(print_id)
        row.outcome = outcome
        row.job_id = job_id or row.job_id
        row.detail = detail[:2000]
        row.updated_at = _now()
        return _record(row)


def confirm_print(store: Store, print_id: int, *, printed: bool, staff_id: str) -> PrintRecord:
    """The staff member's answer to "did the receipt come out of the printer?"."""
    with store.session() as session:
        row = session.get(ReceiptPrint, print_id)
        if row is None:
            raise KeyError(print_id)
        row.outcome = "confirmed" if printed else "not_printed"
        row.confirmed_by = staff_id
        row.updated_at = _now()
        return _record(row)


def print_history(store: Store, registration_id: str) -> list[PrintRecord]:
    with store.session(write=False) as session:
        rows = session.scalars(
            select(ReceiptPrint)
            .where(ReceiptPrint.registration_id == registration_id)
            .order_by(ReceiptPrint.id)
        )
        return [_record(r) for r in rows]


def next_copy_no(store: Store, reg: Registration) -> int:
    """The copy number the next receipt of ``reg`` (this version) will carry."""
    return sum(
        1
        for h in print_history(store, reg.id)
        if h.version == reg.version and h.outcome != "failed"
    )


def shown_copy_no(store: Store, reg: Registration) -> int:
    """The copy number a receipt rendered only to look at carries (nothing is recorded).

    While the latest attempt of this version may have printed and nobody has answered yet, it is
    that attempt's number: the screen shows the receipt that is coming out of the printer, not
    the reprint that would follow it.
    """
    attempts = [
        h
        for h in print_history(store, reg.id)
        if h.version == reg.version and h.outcome != "failed"
    ]
    if attempts and attempts[-1].needs_confirmation:
        return attempts[-1].copy_no
    return len(attempts)
