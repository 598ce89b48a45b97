"""Charts for the console, drawn on the server as inline SVG: no JavaScript, no library, no CDN.

Invariants:

- Every text that reaches the markup (titles, MPP names, labels) is XML-escaped here: MPP and
  verifier names are typed by people, and the chart is inserted into the page as markup.
- Each chart is an ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>`` (screen readers
  read the title and a one-sentence summary); every bar carries its own ``<title>`` with its label
  and value, which browsers show on hover. The page keeps a table of the same numbers beside it.
- Colours are the Okabe–Ito palette (told apart with the common colour-vision deficiencies), in a
  fixed order, so an MPP keeps its colour across the charts of one page.
- Sizes are in SVG units with a ``viewBox``: the chart scales to its container's width.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def nice_max(value: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value`` (at least 1): a round axis top."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{_attr(chart_id)}-t {_attr(chart_id)}-d" '
        f'class="chart" {FONT} font-size="12">',
        f'<title id="{_attr(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{_attr(chart_id)}-d">{escape(desc)}</desc>',
    ]


def stacked_columns(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    width: int = 760,
    height: int = 280,
) -> str:
    """Columns per label, one stacked segment per series (e.g. registrations per day by MPP)."""
    left, right, top, bottom = 44, 12, 12, 64 if len(series) > 1 else 40
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values[i] for _name, values in series) for i in range(len(labels))]
    top_value = nice_max(max(totals, default=0))
    out = _open(chart_id, title, desc, width, height)
    for k in range(5):  # grid lines and the y axis' numbers
        value = top_value * k // 4
        y = top + plot_h - plot_h * value / top_value
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de"/>'
        )
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    slot = plot_w / max(len(labels), 1)
    bar = max(slot * 0.72, 1.0)
    every = max(1, math.ceil(len(labels) * 48 / plot_w))  # a label per ~48 units at most
    for i, label in enumerate(labels):
        x = left + i * slot + (slot - bar) / 2
        base: float = top + plot_h
        for index, (name, values) in enumerate(series):
            value = values[i]
            if value <= 0:
                continue
            h = plot_h * value / top_value
            base -= h
            tip = f"{name} — {label}: {value}" if len(series) > 1 else f"{label}: {value}"
            out.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(tip)}</title></rect>'
            )
        if i % every == 0 or i == len(labels) - 1:
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 16}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    if len(series) > 1:
        x, y = left, height - 16
        for index, (name, _values) in enumerate(series):
            colour = PALETTE[index % len(PALETTE)]
            out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
            out.append(f'<text x="{x + 16}" y="{y}">{escape(name)}</text>')
            x += 28 + 7 * len(name)
    out.append("</svg>")
    return "\n".join(out)


def horizontal_bars(
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, int]],
    *,
    width: int = 520,
    label_width: int = 200,
) -> str:
    """One bar per row (label, value), largest scale first as given: mixes, KBLI, verifiers."""
    row_h, top, value_room = 26, 8, 84
    height = top * 2 + row_h * max(len(rows), 1)
    plot_w = width - label_width - value_room
    top_value = max((value for _label, value in rows), default=0) or 1
    total = sum(value for _label, value in rows) or 1
    fits = max(4, int(label_width / 7))  # characters of a 12-unit font that fit the label room
    out = _open(chart_id, title, desc, width, height)
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        w = plot_w * value / top_value
        share = f"{100 * value / total:.0f}%"
        shown = label if len(label) <= fits else label[: fits - 1].rstrip() + "…"
        out.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end">{escape(shown)}'
            f"<title>{escape(label)}</title></text>"
        )
        out.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row_h - 8}" '
            f'fill="{PALETTE[0]}"><title>{escape(f"{label}: {value} ({share})")}</title></rect>'
        )
        out.append(f'<text x="{label_width + w + 6:.1f}" y="{y + 17}">{value} · {share}</text>')
    out.append("</svg>")
    return "\n".join(out)


def qr_code(text: str, title: str, *, module: int = 8) -> str:
    """``text`` as an inline SVG QR code (zxing-cpp's matrix, error correction M), one filled
    rectangle per run of dark modules, with the quiet zone the standard asks for."""
    from kiosk.receipts.qr import QUIET_ZONE, matrix, runs

    rows = matrix(text)
    size = (len(rows) + 2 * QUIET_ZONE) * module
    rects = [
        f'<rect x="{(QUIET_ZONE + start) * module}" y="{(QUIET_ZONE + r) * module}" '
        f'width="{length * module}" height="{module}"/>'
        for r, row in enumerate(rows)
        for start, length in runs(row)
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" '
        f'height="{size}" role="img" aria-label="{_attr(title)}" class="qr" '
        f'shape-rendering="crispEdges"><title>{escape(title)}</title>'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<g fill="#000">{"".join(rects)}</g></svg>'
    )
