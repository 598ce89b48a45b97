"""Finding QR codes in receipt files: PDFs rendered with pypdfium2, images read with Pillow.

zxing-cpp decodes; photos of a receipt are large and often tilted, and zxing-cpp's own search
handles rotation and scale. A PDF page is rendered at 200 dpi (a thermal-roll QR module is then
about 7 pixels), which decodes reliably and fast.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_PAGES = 4  # a receipt has one or two pages; never render a 500-page file someone passes in
PDF_DPI = 200


def decode_file(path: Path) -> list[str]:
    """Texts of all QR codes in ``path`` (PDF or image); ``ValueError`` if it is neither."""
    data = Path(path).read_bytes()
    if data[:5] == b"%PDF-":
        return [t for image in _pdf_pages(data) for t in decode_image(image)]
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            return decode_image(img.convert("L"))
    except (UnidentifiedImageError, OSError):
        raise ValueError("not a PDF or an image") from None


def decode_image(image: Image) -> list[str]:
    import zxingcpp

    found = zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return [b.text for b in found if b.valid]


def _pdf_pages(data: bytes) -> Iterator[Image]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise ValueError("damaged PDF") from None
    try:
        for index in range(min(len(pdf), MAX_PAGES)):
            page = pdf[index]
            bitmap = page.render(scale=PDF_DPI / 72, grayscale=True)
            yield bitmap.to_pil()
            page.close()
    finally:
        pdf.close()
