"""QR codes for receipts: encoded by zxing-cpp (C++), drawn as vector rectangles.

reportlab's own QR widget is pure Python (~50 ms per encode, and again for its bounds); zxing-cpp
encodes in well under a millisecond. The module matrix is drawn as one filled path with one
rectangle per horizontal run of dark modules, which stays sharp at any printer resolution and keeps
the PDF small. Error correction M: survives a crease or a smudge on thermal paper.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from PIL.Image import Image
    from reportlab.pdfgen.canvas import Canvas
    from typing_extensions import Buffer

QUIET_ZONE = 4  # modules of white border the QR standard asks for


@lru_cache(maxsize=32)
def matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """Rows of dark (True) / light modules, without quiet zone.

    The image is read through the buffer protocol (one byte per module, C order), not numpy:
    numpy alone adds ~18 MB to the desk's memory, for a few hundred bytes of pixels.
    """
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    height, width = image.shape
    # zxingcpp.Image implements the buffer protocol, but its stub does not declare __buffer__
    pixels = memoryview(cast("Buffer", image)).tobytes()  # C order whatever the strides
    return tuple(tuple(v < 128 for v in pixels[r * width : (r + 1) * width]) for r in range(height))


def runs(row: tuple[bool, ...]) -> list[tuple[int, int]]:
    """``(start, length)`` of each run of dark modules in a row."""
    out: list[tuple[int, int]] = []
    start = -1
    for i, dark in enumerate((*row, False)):
        if dark and start < 0:
            start = i
        elif not dark and start >= 0:
            out.append((start, i - start))
            start = -1
    return out


@lru_cache(maxsize=32)
def _path_operators(text: str) -> tuple[int, str]:
    """(module count, PDF path operators in module units, y up): one ``re`` per dark run."""
    rows = matrix(text)
    n = len(rows)
    ops = []
    for r, row in enumerate(rows):
        y = n - r - 1
        for start, length in runs(row):
            # 1.02 high: a hair of overlap between rows avoids white seams in some rasterisers
            ops.append(f"{start} {y} {length} 1.02 re")
    return n, "\n".join(ops) + "\nf"


def draw(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR for ``text`` with its lower-left corner at (x, y), ``size`` points wide
    including the quiet zone (which is left white).

    The path is written in module units under a scaling transform, as literal PDF operators
    cached per payload: reportlab's per-rectangle number formatting would cost more than the rest
    of the page.
    """
    n, operators = _path_operators(text)
    module = size / (n + 2 * QUIET_ZONE)
    canvas.saveState()
    canvas.transform(module, 0, 0, module, x + QUIET_ZONE * module, y + QUIET_ZONE * module)
    canvas.setFillGray(0)
    canvas.addLiteral(operators)
    canvas.restoreState()


def image(text: str, module_px: int) -> Image:
    """The QR as a PIL image (1 bit) with quiet zone, ``module_px`` pixels per module."""
    from PIL import Image

    rows = matrix(text)
    n = len(rows) + 2 * QUIET_ZONE
    img = Image.new("1", (n, n), 1)
    pixels = img.load()
    assert pixels is not None  # None only for an image without pixel data, never for Image.new
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                pixels[c + QUIET_ZONE, r + QUIET_ZONE] = 0
    return img.resize((n * module_px, n * module_px), Image.Resampling.NEAREST)
