"""A small top-down text flow on a reportlab canvas: wraps, shortens, breaks pages.

Layouts say *what* goes where (a field, a heading, a paragraph); the flow keeps every line inside
the page's margins: text wraps at the column width, each item has a line budget after which it ends
with ``…``, and when the next item does not fit above the bottom margin a new page begins
(``on_new_page`` draws the continuation header). With ``canvas=None`` nothing is drawn and only the
height is counted: the thermal roll layout uses that to size its page before drawing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.receipts import fonts
from kiosk.receipts.text import printable, wrap

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

GRAY = 0.35


@dataclass
class Style:
    size: float
    bold: bool = False
    gray: float = 0.0
    leading: float = 1.22  # line height as a multiple of the size

    @property
    def font(self) -> str:
        return fonts.BOLD if self.bold else fonts.REGULAR

    @property
    def line_height(self) -> float:
        return self.size * self.leading


class Flow:
    def __init__(
        self,
        canvas: Canvas | None,
        width: float,
        height: float,
        margin: float,
        *,
        bottom: float | None = None,
        on_new_page: Callable[[Flow], None] | None = None,
    ) -> None:
        fonts.ensure_fonts()
        self.canvas = canvas
        self.width = width
        self.height = height
        self.margin = margin
        self.bottom = margin if bottom is None else bottom
        self.on_new_page = on_new_page
        self.y = height - margin
        self.inset_right = 0.0  # room kept free on the right (beside the QR code)
        self.page = 1
        self._glyphs = fonts.glyphs()

    # -- geometry --------------------------------------------------------------------------------
    @property
    def left(self) -> float:
        return self.margin

    @property
    def right(self) -> float:
        return self.width - self.margin - self.inset_right

    @property
    def used(self) -> float:
        """Height used from the top of the first page (for sizing a roll)."""
        return self.height - self.y

    def space(self, points: float) -> None:
        self.y -= points

    def ensure(self, points: float) -> None:
        """Start a new page unless ``points`` still fit above the bottom margin."""
        if self.canvas is None or self.y - points >= self.bottom:
            return
        self.canvas.showPage()
        self.page += 1
        self.y = self.height - self.margin
        if self.on_new_page:
            self.on_new_page(self)

    # -- drawing ---------------------------------------------------------------------------------
    def lines(self, text: str, style: Style, width: float, max_lines: int) -> list[str]:
        measure = fonts.measurer(style.font, style.size)
        return wrap(printable(text, self._glyphs), width, measure, max_lines)

    def draw_line(self, text: str, style: Style, x: float, y: float, align: str = "left") -> None:
        if self.canvas is None or not text:
            return
        c = self.canvas
        c.setFont(style.font, style.size)
        c.setFillGray(style.gray)
        if align == "center":
            c.drawCentredString(x, y, text)
        elif align == "right":
            c.drawRightString(x, y, text)
        else:
            c.drawString(x, y, text)

    def paragraph(
        self,
        text: str,
        style: Style,
        *,
        max_lines: int = 3,
        x: float | None = None,
        width: float | None = None,
        align: str = "left",
        keep: bool = False,
    ) -> None:
        """Wrapped ``text`` (at most ``max_lines``); lines may continue on the next page unless
        ``keep`` asks for all of them on one page."""
        x = self.left if x is None else x
        width = (self.right - x) if width is None else width
        lines = self.lines(text, style, width, max_lines)
        if keep:
            self.ensure(len(lines) * style.line_height)
        for line in lines:
            self.ensure(style.line_height)
            self.y -= style.line_height
            anchor = {"left": x, "center": x + width / 2, "right": x + width}[align]
            self.draw_line(line, style, anchor, self.y + style.size * 0.22, align)

    def field(
        self,
        label: str,
        value: str,
        label_style: Style,
        value_style: Style,
        *,
        label_width: float,
        max_lines: int = 2,
    ) -> None:
        """``label`` in a left column, ``value`` wrapped beside it; kept together on one page."""
        value_x = self.left + label_width
        label_lines = self.lines(label, label_style, label_width - 4, 2)
        value_lines = self.lines(value or "–", value_style, self.right - value_x, max_lines)
        height = max(
            len(label_lines) * label_style.line_height, len(value_lines) * value_style.line_height
        )
        self.ensure(height)
        top = self.y
        for i, line in enumerate(label_lines):
            base = top - (i + 1) * label_style.line_height + label_style.size * 0.22
            self.draw_line(line, label_style, self.left, base)
        for i, line in enumerate(value_lines):
            base = top - (i + 1) * value_style.line_height + value_style.size * 0.22
            self.draw_line(line, value_style, value_x, base)
        self.y = top - height

    def rule(self, gap: float = 4.0, gray: float = 0.6) -> None:
        self.ensure(gap * 2)
        self.y -= gap
        if self.canvas is not None:
            self.canvas.setStrokeGray(gray)
            self.canvas.setLineWidth(0.5)
            self.canvas.line(self.left, self.y, self.right, self.y)
        self.y -= gap

    def row(
        self, text: str, aside: str, style: Style, *, aside_width: float, max_lines: int = 2
    ) -> None:
        """``text`` wrapped on the left, a short ``aside`` right-aligned beside its first line."""
        lines = self.lines(text, style, self.right - self.left - aside_width - 2, max_lines)
        height = len(lines) * style.line_height
        self.ensure(height)
        top = self.y
        for i, line in enumerate(lines):
            self.draw_line(
                line, style, self.left, top - (i + 1) * style.line_height + style.size * 0.22
            )
        aside_line = self.lines(aside, style, aside_width, 1)[0]
        self.draw_line(
            aside_line, style, self.right, top - style.line_height + style.size * 0.22, "right"
        )
        self.y = top - height
