"""The office-paper receipt (A4, A5): header with QR, the registration in sections, signatures.

The QR sits in the top-right corner; the header text flows to its left. Every user text goes
through :class:`kiosk.receipts.writer.Flow`, which wraps it, ends it with ``…`` past its line budget
and starts a continuation page (reg. number, page number, SALINAN mark) when a long list needs one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from kiosk.receipts import labels, qr
from kiosk.receipts.facts import ReceiptFacts
from kiosk.receipts.labels import pair
from kiosk.receipts.writer import GRAY, Flow, Style

if TYPE_CHECKING:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

PAGE_SIZES = {"a4": (210 * mm, 297 * mm), "a5": (148 * mm, 210 * mm)}


class _Geometry:
    def __init__(self, layout: str) -> None:
        small = layout == "a5"
        k = 0.8 if small else 1.0
        self.margin = (9 if small else 16) * mm
        self.qr = (30 if small else 38) * mm
        self.logo = (12 if small else 16) * mm
        self.label_width = (36 if small else 48) * mm
        self.max_products = 6 if small else 12
        self.max_documents = 10 if small else 16
        self.signature_box = (12 if small else 18) * mm
        self.document_lines = 1 if small else 2
        self.section_gap = (1.6 if small else 2.5) * mm
        self.note_lines = 3 if small else 6
        self.title = Style(11.5 * k, bold=True)
        self.subtitle = Style(8.5 * k, gray=GRAY)
        self.heading = Style(9.5 * k, bold=True)
        self.label = Style(7.5 * k, gray=GRAY)
        self.value = Style(9.5 * k)
        self.strong = Style(11 * k, bold=True)
        self.small = Style(7 * k, gray=GRAY)
        self.copy = Style(12 * k, bold=True)


def draw_page_receipt(
    canvas: Canvas,
    layout: str,
    facts: ReceiptFacts,
    payload: str,
    copy_no: int,
    issued: str,
    logo: ImageReader | None = None,
) -> None:
    g = _Geometry(layout)
    width, height = PAGE_SIZES[layout]
    copy_text = f"{labels.both(labels.COPY)} #{copy_no}" if copy_no else ""

    def continuation(flow: Flow) -> None:
        flow.paragraph(f"{facts.reg_no} · {pair('page')} {flow.page}", g.small, max_lines=1)
        if copy_text:
            flow.paragraph(copy_text, g.copy, max_lines=1)
        flow.rule()

    flow = Flow(canvas, width, height, g.margin, bottom=g.margin, on_new_page=continuation)
    # QR in the top-right corner, caption below it.
    qr_x, qr_y = width - g.margin - g.qr, height - g.margin - g.qr
    qr.draw(canvas, payload, qr_x, qr_y, g.qr)
    caption = Flow(canvas, width, qr_y, 0)
    caption.paragraph(pair("verify"), g.small, x=qr_x, width=g.qr, max_lines=3, align="center")
    flow.inset_right = g.qr + 4 * mm  # header and first fields run beside the QR
    x = g.margin
    if logo is not None:
        canvas.drawImage(
            logo,
            x,
            height - g.margin - g.logo,
            g.logo,
            g.logo,
            preserveAspectRatio=True,
            mask="auto",
        )
        x += g.logo + 3 * mm
    s = facts.settings
    flow.paragraph(s.mpp, g.title, x=x, max_lines=2)
    if s.province:
        flow.paragraph(s.province, g.subtitle, x=x, max_lines=1)
    flow.y = min(flow.y, height - g.margin - (g.logo if logo is not None else 0))
    flow.space(2 * mm)
    flow.paragraph(labels.TITLE[0], g.heading)
    flow.paragraph(labels.TITLE[1], g.subtitle)
    if copy_text:
        flow.paragraph(copy_text, g.copy, max_lines=1)
    flow.space(1.5 * mm)
    flow.paragraph(facts.reg_no, g.strong, max_lines=1)
    flow.space(1.5 * mm)

    def field(key: str, value: str, max_lines: int = 2) -> None:
        flow.field(
            pair(key), value, g.label, g.value, label_width=g.label_width, max_lines=max_lines
        )

    def section(key: str) -> None:
        flow.rule(gap=g.section_gap)
        flow.paragraph(pair(key), g.heading, max_lines=1)
        flow.space(1 * mm)

    field("submitted", issued, 1)
    field("version", str(facts.version), 1)
    field("kiosk", facts.kiosk_name, 1)
    field("staff", facts.staff_name, 1)
    flow.inset_right = 0
    flow.y = min(flow.y, caption.y - 1 * mm)
    section("business")
    field("business_name", facts.business_name, 3)
    field("legal_form", facts.legal_form, 1)
    field("scale", facts.scale, 1)
    field("nib", facts.nib, 1)
    field("npwp", facts.npwp_masked, 1)
    field("kbli", ", ".join(facts.kbli), 2)
    section("owner")
    field("owner_name", facts.owner_name, 2)
    field("nik", facts.nik_masked, 1)
    field("position", facts.position, 1)
    field("address", ", ".join(facts.address), 4)
    section("products")
    for i, product in enumerate(facts.products[: g.max_products], start=1):
        text = " · ".join(x for x in (product.name, product.detail, product.price) if x)
        flow.paragraph(f"{i}. {text}", g.value, max_lines=2)
    hidden = len(facts.products) - g.max_products
    if hidden > 0:
        flow.paragraph(pair("more_products", n=hidden), g.label, max_lines=1)
    section("documents")
    for doc in facts.documents[: g.max_documents]:
        state = pair("pages", n=doc.pages) if doc.pages else pair("missing")
        flow.row(
            f"{'☑' if doc.pages else '☐'} {doc.label}",
            state,
            g.value,
            aside_width=g.label_width * 0.6,
            max_lines=g.document_lines,
        )
    section("next_steps")
    flow.paragraph(s.next_steps[0], g.value, max_lines=6)
    flow.paragraph(s.next_steps[1], g.label, max_lines=g.note_lines)
    _signatures(flow, g, facts)
    flow.space(3 * mm)
    flow.paragraph(s.privacy_note[0], g.small, max_lines=4, keep=True)
    flow.paragraph(s.privacy_note[1], g.small, max_lines=4, keep=True)


def _signatures(flow: Flow, g: _Geometry, facts: ReceiptFacts) -> None:
    box_h = g.signature_box
    flow.ensure(box_h + 10 * mm)
    flow.space(3 * mm)
    gap = 8 * mm
    box_w = (flow.right - flow.left - gap) / 2
    top = flow.y
    for i, (key, name) in enumerate(
        (("sign_staff", facts.staff_name), ("sign_owner", facts.owner_name))
    ):
        x = flow.left + i * (box_w + gap)
        flow.y = top
        flow.paragraph(pair(key), g.label, x=x, width=box_w, max_lines=1)
        if flow.canvas is not None:
            flow.canvas.setStrokeGray(0.5)
            flow.canvas.rect(x, flow.y - box_h, box_w, box_h, stroke=1, fill=0)
        flow.y -= box_h
        flow.paragraph(name or "–", g.value, x=x, width=box_w, max_lines=1)
