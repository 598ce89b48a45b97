"""The receipt's embedded TrueType font (DejaVu Sans, full Latin coverage).

The files and their license (``DejaVu-LICENSE.txt``, Bitstream Vera / public domain terms, from the
Debian package ``fonts-dejavu-core`` 2.37) ship in ``resources/fonts/``. reportlab embeds a subset of
the glyphs used, so every PDF viewer and printer shows the same letters, and text extraction gives the
characters back (ToUnicode map). Registration happens once per process, on first use.
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


def measurer(font: str, size: float):
    """A function giving the width in points of a text in ``font`` at ``size``."""
    ensure_fonts()
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(text: str) -> float:
        return stringWidth(text, font, size)

    return measure
