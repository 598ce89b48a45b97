"""User text made safe for a printed receipt: printable characters only, wrapped, shortened.

Receipts draw text with reportlab's canvas text operators, never with ``Paragraph`` markup, so
``<b>``, ``&`` and ``<img src=...>`` in a business name are printed as exactly those characters and
nothing is interpreted or fetched. What this module decides (and the tests pin down):

- Tabs, line breaks and other whitespace controls become one ordinary space (a receipt field is one
  flowing text).
- Every other character that cannot be printed visibly is shown as the replacement symbol ``�``
  (U+FFFD), one per character: control characters (C0/C1, DEL), format characters such as zero-width
  spaces, joiners, soft hyphens and bidirectional overrides (invisible text on an official document
  can hide or reorder what is shown), unpaired surrogates, private-use and unassigned code points,
  characters the embedded font has no glyph for (CJK with DejaVu Sans), and every character outside
  the Basic Multilingual Plane (emoji): reportlab's ToUnicode map truncates those, so the PDF's text
  (copy, search, screen readers) would not say what the paper shows.
- Long text wraps at spaces (or inside a word when a single word is wider than the line); a field
  has a maximum number of lines and the last shown line ends with ``…`` when text was cut off.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Container

REPLACEMENT = "\ufffd"
ELLIPSIS = "\u2026"
_WHITESPACE_CONTROLS = {"\t", "\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x1f", "\x85"}
_LINE_SEPARATORS = {"\u2028", "\u2029"}
_UNPRINTABLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def printable(text: str, glyphs: Container[int] | None = None) -> str:
    """``text`` with whitespace controls as spaces and unprintable characters as ``�``.

    ``glyphs`` is the set of code points the font can draw (None: do not check the font).
    """
    if text.isascii() and text.isprintable():
        return text  # the common case: plain ASCII, which every receipt font covers
    out: list[str] = []
    for ch in text:
        if ch in _WHITESPACE_CONTROLS or ch in _LINE_SEPARATORS:
            out.append(" ")
        elif ord(ch) > 0xFFFF or unicodedata.category(ch) in _UNPRINTABLE_CATEGORIES:
            out.append(REPLACEMENT)
        elif glyphs is not None and ord(ch) not in glyphs and not ch.isspace():
            out.append(REPLACEMENT)
        else:
            out.append(ch)
    return "".join(out)


def single_line(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return " ".join(text.split())


Measure = Callable[[str], float]


def wrap(text: str, width: float, measure: Measure, max_lines: int) -> list[str]:
    """Lines of at most ``width`` (as measured), at most ``max_lines``, ``…`` when cut.

    Breaks at spaces, or inside a word wider than a line. The last allowed line takes as much of the
    remaining text as fits. Always returns at least one line (possibly empty). ``text`` should
    already be :func:`printable`.
    """
    s = single_line(text)
    lines: list[str] = []
    pos = 0
    while pos < len(s):
        if len(lines) == max_lines - 1:
            rest = s[pos:]
            lines.append(rest if _fits(rest, width, measure) else shorten(rest, width, measure))
            break
        end = _line_end(s, pos, width, measure)
        lines.append(s[pos:end].rstrip(" "))
        pos = end + 1 if end < len(s) and s[end] == " " else end
    return lines or [""]


def shorten(text: str, width: float, measure: Measure) -> str:
    """``text`` if it fits, else its longest prefix that fits followed by ``…``."""
    if _fits(text, width, measure):
        return text
    prefix = text[: _fit_length(text, width - measure(ELLIPSIS), measure)]
    return prefix.rstrip(" ") + ELLIPSIS


def _fits(text: str, width: float, measure: Measure) -> bool:
    # Cheap guard first: no font draws 4,000 characters on one receipt line.
    return len(text) <= 4000 and measure(text) <= width


def _line_end(s: str, pos: int, width: float, measure: Measure) -> int:
    """Index where the line starting at ``pos`` ends (exclusive)."""
    k = max(1, _fit_length(s[pos:], width, measure))  # a line always makes progress
    end = pos + k
    if end >= len(s) or s[end] == " ":
        return min(end, len(s))
    space = s.rfind(" ", pos, end)
    return space if space > pos else end


def _fit_length(text: str, width: float, measure: Measure) -> int:
    """Length of the longest prefix of ``text`` not wider than ``width``.

    Uses the measure's own ``fit_length`` when it has one (one pass over the text), else an
    exponential then binary search, so a 10,000-character word costs a few short measurements.
    """
    fit = getattr(measure, "fit_length", None)
    if fit is not None:
        return int(fit(text, width))
    hi = 16
    while hi < len(text) and measure(text[:hi]) <= width:
        hi *= 2
    lo, hi = 0, min(hi, len(text))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid]) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo
