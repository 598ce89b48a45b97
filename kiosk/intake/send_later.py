"""Field mode's "send receipt later" list: receipt PDFs saved for owners, sent when there is signal.

On a laptop at a village hall there is often no printer paper left, or no network to send a
receipt by WhatsApp or e-mail at once. :func:`save_for_later` writes the registration's signed
receipt as a PDF into ``<data dir>/receipts-to-send/`` (through the receipts part, so it is a
recorded receipt with its copy number) and puts it on the list; :func:`to_send` lists what is
waiting with the owner's phone (and a ``https://wa.me/`` link for it), read from the sealed record
at the moment it is shown, never copied into the list's table; :func:`mark_sent` takes it off.
Only submitted registrations have receipts: a draft is refused with a message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.domain.model import Status, utcnow
from kiosk.errors import UserFacingError
from kiosk.i18n import register
from kiosk.intake.tables import ReceiptToSendRow
from kiosk.store.journal import add_audit

if TYPE_CHECKING:
    from kiosk.store import Store

FOLDER = "receipts-to-send"

register(
    {
        "intake.send.draft": {
            "id": "{reg_no} masih draf: tanda terima ada setelah pendaftaran diajukan.",
            "en": "{reg_no} is still a draft: a receipt exists once the registration is submitted.",
        },
        "intake.send.unknown": {
            "id": "{reg_no} tidak ada di daftar tanda terima yang akan dikirim.",
            "en": "{reg_no} is not on the list of receipts to send.",
        },
    }
)


@dataclass(frozen=True)
class ToSend:
    registration_id: str
    reg_no: str
    business: str
    owner: str
    phone: str  # E.164 ("" when the registration has none)
    pdf_path: Path
    added_at: dt.datetime
    sent_at: dt.datetime | None

    @property
    def whatsapp_link(self) -> str:
        return f"https://wa.me/{self.phone.lstrip('+')}" if self.phone else ""


def save_for_later(store: Store, reg_no: str, *, staff_id: str, layout: str = "a4") -> ToSend:
    from kiosk.receipts.service import save_pdf

    reg = store.get_by_reg_no(reg_no.strip())
    if reg.status == Status.DRAFT:
        raise UserFacingError("intake.send.draft", reg_no=reg.reg_no)
    path = store.paths.root / FOLDER / f"{reg.reg_no}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    save_pdf(store, reg, path, layout=layout, staff_id=staff_id)
    now = utcnow().isoformat()
    with store.session() as session:
        row = session.get(ReceiptToSendRow, reg.id)
        if row is None:
            row = ReceiptToSendRow(registration_id=reg.id, reg_no=reg.reg_no, added_by=staff_id)
            session.add(row)
        row.pdf_path, row.added_at, row.sent_at, row.sent_by = str(path), now, None, ""
        add_audit(session, staff_id, "receipt.saved_to_send", reg.id, reg_no=reg.reg_no)
    return _item(store, row)


def _item(store: Store, row: ReceiptToSendRow) -> ToSend:
    reg = store.get(row.registration_id)
    return ToSend(
        row.registration_id,
        row.reg_no,
        reg.business.name,
        reg.owner.full_name,
        reg.owner.phone,
        Path(row.pdf_path),
        dt.datetime.fromisoformat(row.added_at),
        dt.datetime.fromisoformat(row.sent_at) if row.sent_at else None,
    )


def to_send(store: Store, *, include_sent: bool = False) -> list[ToSend]:
    from sqlalchemy import select

    query = select(ReceiptToSendRow).order_by(ReceiptToSendRow.added_at)
    if not include_sent:
        query = query.where(ReceiptToSendRow.sent_at.is_(None))
    with store.session(write=False) as session:
        rows = list(session.scalars(query))
    return [_item(store, row) for row in rows]


def mark_sent(store: Store, reg_no: str, *, staff_id: str) -> None:
    from sqlalchemy import select

    with store.session() as session:
        row = session.scalar(
            select(ReceiptToSendRow).where(ReceiptToSendRow.reg_no == reg_no.strip())
        )
        if row is None:
            raise UserFacingError("intake.send.unknown", reg_no=reg_no)
        row.sent_at, row.sent_by = utcnow().isoformat(), staff_id
        add_audit(session, staff_id, "receipt.sent_later", row.registration_id, reg_no=row.reg_no)
