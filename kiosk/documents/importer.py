"""File import: JPEG, PNG, TIFF (multi-page) and PDF (rendered with pypdfium2).

Every way a file can be bad becomes a :class:`~kiosk.errors.UserFacingError` with its own message:
0-byte, unknown type, corrupt or truncated image, decompression bomb (header promises more than
:data:`MAX_PIXELS`), password-protected or malformed PDF, too many pages. :func:`open_file` checks
what can be checked up front (type, size, page count, password) before the first page is produced,
so a bad file is refused before anything changes; a page that turns out to be damaged later raises
while iterating, after the pages before it were already handed to the caller (who stores them).

Pages are produced lazily (:meth:`ImportedFile.pages`): a 50-page deed is never all in memory.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import UserFacingError

if TYPE_CHECKING:
    from kiosk.documents.pipeline import Origin

MAX_PIXELS = 80_000_000  # ~A3 at 600 dpi; a 30,000 × 30,000 bomb is 900 million
MAX_PDF_PAGES = 200
MAX_FILE_BYTES = 200 * 1024 * 1024
IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "TIFF": "image/tiff",
}


@dataclass
class SourceImage:
    """One page as it came in; ``dpi`` None when the file does not say (photos)."""

    image: Any  # PIL.Image.Image
    dpi: int | None
    origin: Origin  # "glass" (a scan saved as a file), "photo", "digital" (rendered PDF page)
    index: int = 0


@dataclass
class ImportedFile:
    name: str
    kind: str  # "image" | "pdf"
    page_count: int
    _data: bytes = field(repr=False, default=b"")
    _render_dpi: int = 200

    def pages(self) -> Iterator[SourceImage]:
        if self.kind == "pdf":
            yield from _pdf_pages(self)
        else:
            yield from _image_pages(self)


def sniff(data: bytes) -> str | None:
    if data[:3] == b"\xff\xd8\xff":
        return "image"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


def open_file(path: str | Path, *, render_dpi: int = 200) -> ImportedFile:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UserFacingError(
                "documents.file.too_big", name=path.name, mb=size >> 20, limit=MAX_FILE_BYTES >> 20
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UserFacingError("documents.file.unreadable", name=path.name) from exc
    return open_bytes(data, path.name, render_dpi=render_dpi)


def open_bytes(data: bytes, name: str, *, render_dpi: int = 200) -> ImportedFile:
    if not data:
        raise UserFacingError("documents.file.empty", name=name)
    kind = sniff(data)
    if kind is None:
        raise UserFacingError("documents.file.unsupported", name=name)
    if kind == "pdf":
        count = _pdf_page_count(data, name)
        return ImportedFile(name, "pdf", count, data, render_dpi)
    frames = _image_frames(data, name)
    return ImportedFile(name, "image", frames, data, render_dpi)


# -- images ----------------------------------------------------------------------------------------
@contextlib.contextmanager
def _pillow_guard() -> Iterator[None]:
    """Pillow's bomb warning becomes an error; its "corrupt EXIF"-style warnings are ignored
    (phone photos carry odd EXIF; whether the pixels decode is what decides)."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _open_image(data: bytes, name: str) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        with _pillow_guard():
            img = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise _too_large(name, int(found.group(1)) if found else 0) from exc
    except UnidentifiedImageError as exc:
        raise UserFacingError("documents.image.corrupt", name=name) from exc
    except Exception as exc:  # Pillow raises OSError, ValueError, SyntaxError, struct.error, ...
        raise UserFacingError("documents.image.corrupt", name=name) from exc
    if img.format not in IMAGE_FORMATS:
        raise UserFacingError("documents.file.unsupported", name=name)
    return img


def _too_large(name: str, pixels: int) -> UserFacingError:
    megapixels = f"{pixels / 1e6:.0f}" if pixels else "?"
    return UserFacingError(
        "documents.image.too_large", name=name, megapixels=megapixels, limit=MAX_PIXELS // 1_000_000
    )


def _check_size(img: Any, name: str) -> None:
    width, height = img.size
    if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
        raise _too_large(name, width * height)


def _image_frames(data: bytes, name: str) -> int:
    img = _open_image(data, name)
    try:
        with _pillow_guard():
            frames = int(getattr(img, "n_frames", 1))  # counting TIFF frames reads every IFD
    except Exception as exc:
        raise UserFacingError("documents.image.corrupt", name=name) from exc
    for index in range(frames):
        try:
            with _pillow_guard():
                img.seek(index)
        except Exception as exc:
            raise UserFacingError("documents.image.corrupt", name=name) from exc
        _check_size(img, name)
    return frames


def _dpi_of(img: Any) -> int | None:
    dpi = img.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 50 <= value <= 2400 else None


def _image_pages(f: ImportedFile) -> Iterator[SourceImage]:
    from PIL import ImageOps

    img = _open_image(f._data, f.name)
    for index in range(f.page_count):
        try:
            with _pillow_guard():
                img.seek(index)
                _check_size(img, f.name)
                frame = img.copy()
                frame.load()
                frame = ImageOps.exif_transpose(frame)
        except UserFacingError:
            raise
        except Exception as exc:  # Pillow raises OSError, ValueError, SyntaxError, struct.error
            raise UserFacingError("documents.image.corrupt", name=f.name) from exc
        dpi = _dpi_of(img)
        yield SourceImage(frame, dpi, _origin(img, dpi), index)


def _origin(img: Any, dpi: int | None) -> Origin:
    """How to treat an image file: a scan (it states its dpi), a camera photo (a JPEG or an image
    whose EXIF names a camera: find the document's outline and straighten it), or anything else
    (a screenshot or export: used as it is, no outline search that could crop a table)."""
    if dpi:
        return "glass"
    try:
        exif = img.getexif()
    except Exception:
        exif = {}
    if img.format in ("JPEG", "MPO") or exif.get(0x010F) or exif.get(0x0110):  # Make, Model
        return "photo"
    return "digital"


# -- PDF -------------------------------------------------------------------------------------------
def _pdf_document(data: bytes, name: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise UserFacingError("documents.pdf.encrypted", name=name) from exc
        raise UserFacingError("documents.pdf.corrupt", name=name) from exc


def _pdf_page_count(data: bytes, name: str) -> int:
    pdf = _pdf_document(data, name)
    try:
        count = len(pdf)
    finally:
        pdf.close()
    if count <= 0:
        raise UserFacingError("documents.pdf.corrupt", name=name)
    if count > MAX_PDF_PAGES:
        raise UserFacingError(
            "documents.pdf.too_many_pages", name=name, pages=count, limit=MAX_PDF_PAGES
        )
    return count


def _pdf_pages(f: ImportedFile) -> Iterator[SourceImage]:
    import pypdfium2 as pdfium

    pdf = _pdf_document(f._data, f.name)
    try:
        for index in range(f.page_count):
            try:
                page = pdf[index]
                width_pt, height_pt = page.get_size()
                scale = f._render_dpi / 72
                pixels = width_pt * scale * height_pt * scale
                if pixels > MAX_PIXELS:  # a poster-sized page: render it smaller instead
                    scale *= (MAX_PIXELS / pixels) ** 0.5
                image = page.render(scale=scale, fill_color=(255, 255, 255, 255)).to_pil()
                page.close()
            except pdfium.PdfiumError as exc:
                raise UserFacingError("documents.pdf.corrupt", name=f.name) from exc
            yield SourceImage(image, round(72 * scale), "digital", index)
    finally:
        pdf.close()
