"""Rendering receipts to PDF with reportlab (imported only when a receipt is made).

:func:`render_pdf` turns facts plus a signed payload into PDF bytes for a layout; it is pure, so
tests and the bench call it directly. :func:`render_receipt` is the contract's entry point: it reads
this kiosk's identity and receipt settings from the store, signs the QR payload with the kiosk's key
and renders. Output is deterministic for the same inputs (reportlab's invariant mode), which keeps
reprints comparable and tests stable.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import UserFacingError
from kiosk.i18n import register
from kiosk.receipts import labels, payload
from kiosk.receipts.facts import ReceiptFacts, facts_for

if TYPE_CHECKING:
    from reportlab.lib.utils import ImageReader

    from kiosk.domain.model import Registration
    from kiosk.security.keys import KeyRing
    from kiosk.store import Store

LAYOUTS = ("a4", "a5", "80mm", "58mm")

register(
    {
        "receipts.layout.unknown": {
            "id": "Tata letak tanda terima tidak dikenal: {layout} (pilih a4, a5, 80mm, 58mm).",
            "en": "Unknown receipt layout: {layout} (choose a4, a5, 80mm, 58mm).",
        },
        "receipts.not_submitted": {
            "id": "Pendaftaran {reg_no} belum diajukan; tanda terima dibuat setelah diajukan.",
            "en": "Registration {reg_no} is not submitted yet; receipts follow submission.",
        },
    }
)


def sign_facts(keyring: KeyRing, facts: ReceiptFacts, issued_at: dt.datetime, copy_no: int) -> str:
    """The QR payload text for ``facts``, signed with the kiosk's Ed25519 key."""
    claim = payload.ReceiptClaim(
        registration_id=facts.registration_id,
        reg_no=facts.reg_no,
        version=facts.version,
        issued_at=issued_at,
        copy_no=copy_no,
        key_id=keyring.signing_key_id,
        nik_edges=facts.nik_edges,
        facts_digest=facts.digest(),
    )
    return payload.sign(claim, keyring.signing_key)


def render_pdf(
    facts: ReceiptFacts,
    qr_text: str,
    *,
    layout: str = "a4",
    copy_no: int = 0,
    issued_at: dt.datetime,
) -> bytes:
    if layout not in LAYOUTS:
        raise UserFacingError("receipts.layout.unknown", layout=layout)
    from reportlab.pdfgen.canvas import Canvas

    from kiosk.receipts import layout_page, layout_roll

    issued = labels.format_datetime(issued_at, facts.settings.timezone)
    buf = io.BytesIO()
    if layout in layout_page.PAGE_SIZES:
        size = layout_page.PAGE_SIZES[layout]
    else:
        width = layout_roll.ROLLS[layout][0]
        size = (width, layout_roll.roll_height(layout, facts, copy_no, issued))
    canvas = Canvas(buf, pagesize=size, pageCompression=1, invariant=1)
    canvas.setTitle(f"Tanda terima {facts.reg_no}")
    canvas.setAuthor(facts.settings.mpp)
    canvas.setCreator("kiosk")
    if layout in layout_page.PAGE_SIZES:
        logo = _logo(facts.settings.logo)
        layout_page.draw_page_receipt(canvas, layout, facts, qr_text, copy_no, issued, logo)
    else:
        layout_roll.draw_roll_receipt(canvas, layout, facts, qr_text, copy_no, issued, size[1])
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def render_receipt(
    store: Store,
    reg: Registration,
    layout: str = "a4",
    copy_no: int = 0,
    *,
    issued_at: dt.datetime | None = None,
    staff_name: str | None = None,
) -> bytes:
    """The receipt of ``reg`` (a submitted registration) as PDF bytes, QR signed by this kiosk."""
    if not getattr(reg, "reg_no", "") or str(getattr(reg, "status", "")) == "draft":
        raise UserFacingError("receipts.not_submitted", reg_no=getattr(reg, "reg_no", ""))
    facts = facts_for(store, reg, staff_name=staff_name)
    issued_at = issued_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    qr_text = sign_facts(store.keys, facts, issued_at, copy_no)
    return render_pdf(facts, qr_text, layout=layout, copy_no=copy_no, issued_at=issued_at)


def _logo(path: Path | None) -> ImageReader | None:
    if path is None:
        return None
    stat = path.stat()
    return _load_logo(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _load_logo(path: str, _mtime: int, _size: int) -> ImageReader:
    """A reportlab image from a local file's bytes (never a URL: ImageReader would fetch one)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    with Image.open(io.BytesIO(Path(path).read_bytes())) as img:
        img.load()
        return ImageReader(img.convert("RGBA") if img.mode == "P" else img.copy())
