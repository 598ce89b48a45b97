"""The thermal-roll receipt (80 mm, 58 mm): the essentials and a large QR, as tall as needed.

The roll has no fixed page height, so the layout runs twice: once without a canvas to measure the
height, then on a page of exactly that height. Widths are the printable widths of common printers
(72 mm on 80 mm paper, 48 mm on 58 mm paper) centred on the paper.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm

from kiosk.receipts import labels, qr
from kiosk.receipts.facts import ReceiptFacts
from kiosk.receipts.labels import pair
from kiosk.receipts.writer import GRAY, Flow, Style

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

ROLLS = {"80mm": (80 * mm, 4 * mm), "58mm": (58 * mm, 5 * mm)}


def roll_height(layout: str, facts: ReceiptFacts, copy_no: int, issued: str) -> float:
    width, margin = ROLLS[layout]
    flow = Flow(None, width, 10_000 * mm, margin)
    _draw(flow, layout, facts, "", copy_no, issued)
    return flow.used + margin


def draw_roll_receipt(
    canvas: Canvas,
    layout: str,
    facts: ReceiptFacts,
    payload: str,
    copy_no: int,
    issued: str,
    height: float,
) -> None:
    width, margin = ROLLS[layout]
    # The page was sized to fit: a roll never breaks pages (float rounding must not start one).
    flow = Flow(canvas, width, height, margin, bottom=-height)
    _draw(flow, layout, facts, payload, copy_no, issued)


def _draw(
    flow: Flow, layout: str, facts: ReceiptFacts, payload: str, copy_no: int, issued: str
) -> None:
    narrow = layout == "58mm"
    k = 0.85 if narrow else 1.0
    center = Style(8 * k, gray=GRAY)
    title = Style(9.5 * k, bold=True)
    label = Style(6.5 * k, gray=GRAY)
    value = Style(8.5 * k)
    big = Style(10.5 * k, bold=True)

    def centred(text: str, style: Style, max_lines: int = 2) -> None:
        flow.paragraph(text, style, max_lines=max_lines, align="center")

    def field(key: str, text: str, style: Style = value, max_lines: int = 2) -> None:
        flow.paragraph(pair(key), label, max_lines=1)
        flow.paragraph(text or "–", style, max_lines=max_lines)
        flow.space(1)

    s = facts.settings
    centred(s.mpp, title)
    if s.province:
        centred(s.province, center, 1)
    flow.rule(gap=1.5 * mm)
    centred(labels.TITLE[0], title, 3)
    centred(labels.TITLE[1], center)
    if copy_no:
        centred(f"{labels.both(labels.COPY)} #{copy_no}", big, 1)
    flow.space(1.5 * mm)
    field("reg_no", facts.reg_no, big, 1)
    field("submitted", issued, value, 1)
    field("business_name", facts.business_name, value, 3)
    field("owner_name", facts.owner_name, value, 2)
    field("nik", facts.nik_masked, value, 1)
    pages = sum(d.pages for d in facts.documents)
    field("documents_count", f"{facts.documents_received} ({pair('pages', n=pages)})", value, 1)
    # The QR as wide as the paper allows, capped so a phone can still frame it.
    size = min(flow.right - flow.left, (44 if narrow else 52) * mm)
    flow.space(1 * mm)
    flow.y -= size
    if flow.canvas is not None:
        qr.draw(flow.canvas, payload, (flow.width - size) / 2, flow.y, size)
    centred(pair("verify"), label)
    flow.rule(gap=1.5 * mm)
    flow.paragraph(s.next_steps[0], label, max_lines=8)
    flow.space(1 * mm)
    flow.paragraph(f"{pair('kiosk')}: {facts.kiosk_name}", label, max_lines=1)
    flow.paragraph(f"{pair('staff')}: {facts.staff_name or '–'}", label, max_lines=1)
