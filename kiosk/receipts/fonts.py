"""The receipt's embedded TrueType font (DejaVu Sans, full Latin coverage).

The files and their license (``DejaVu-LICENSE.txt``, Bitstream Vera / public domain terms, from the
Debian package ``fonts-dejavu-core`` 2.37) ship in ``resources/fonts/``. reportlab embeds a subset
of the glyphs used, so every PDF viewer and printer shows the same letters, and text extraction
gives the characters back (ToUnicode map). Registration happens once per process, on first use.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from kiosk.config import resources_dir

REGULAR = "KioskSans"
BOLD = "KioskSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False


def ensure_fonts() -> None:
    """Register the receipt fonts with reportlab (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = resources_dir() / "fonts"
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        _registered = True


@lru_cache(maxsize=1)
def glyphs() -> frozenset[int]:
    """Code points that both receipt fonts can draw."""
    ensure_fonts()
    from reportlab.pdfbase import pdfmetrics

    regular = pdfmetrics.getFont(REGULAR).face.charToGlyph
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph
    return frozenset(regular.keys() & bold.keys())


class Measure:
    """Width in points of text in one font and size, from the font's advance widths.

    Same arithmetic as reportlab's ``stringWidth`` for TrueType (no kerning), but with
    :meth:`fit_length`, which walks a text once instead of measuring prefix after prefix: wrapping
    a 10,000-character word stays linear.
    """

    def __init__(self, font: str, size: float) -> None:
        from reportlab.pdfbase import pdfmetrics

        face = pdfmetrics.getFont(font).face
        self._widths = face.charWidths
        self._default = face.defaultWidth
        self._scale = size / 1000.0

    def __call__(self, text: str) -> float:
        get, default = self._widths.get, self._default
        return sum(get(ord(c), default) for c in text) * self._scale

    def fit_length(self, text: str, width: float) -> int:
        """Length of the longest prefix of ``text`` not wider than ``width``."""
        limit = width / self._scale
        get, default = self._widths.get, self._default
        total = 0.0
        for i, c in enumerate(text):
            total += get(ord(c), default)
            if total > limit + 1e-6:
                return i
        return len(text)


@lru_cache(maxsize=64)
def measurer(font: str, size: float) -> Measure:
    """A (cached) :class:`Measure` for ``font`` at ``size``."""
    ensure_fonts()
    return Measure(font, size)
