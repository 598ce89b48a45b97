"""The image pipeline: from a raw scan, photo or file page to clean, small, readable page images.

Order of work and why:

1. Convert to the preset's colour (grey first makes every later step three times cheaper).
2. Scale to the stored resolution with area averaging *before* warping (a warp with linear
   interpolation aliases small print when it also shrinks the image).
3. Find the document(s) on a small copy (:mod:`kiosk.documents.detect`), then warp each from the
   scaled image in one step: crop + deskew (+ perspective for photos).
4. Whiten the paper (the paper's grey level becomes 255): scanner noise on blank paper is what makes
   JPEGs of documents large; flattening it roughly halves the size at the same text quality.
5. Encode: JPEG (Pillow, with the dpi in the JFIF header so img2pdf sizes pages right) or, for
   black & white, a 1-bit PNG.

Photos have no dpi: the output size comes from the document's physical size (ID-1 card 85.6 ×
54 mm, A4 210 × 297 mm) at the preset's dpi. OpenCV, numpy and Pillow are imported lazily.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any, Literal

from kiosk.documents.presets import Preset
from kiosk.domain.model import PageRef

Origin = Literal["glass", "photo", "digital"]
CARD_MM = (85.6, 53.98)
A4_MM = (210.0, 297.0)
_DETECT_SIDE = 900


@dataclass(frozen=True)
class ProcessedPage:
    data: bytes
    media_type: str
    width: int
    height: int
    dpi: int
    skew: float = 0.0  # how far the document was turned anticlockwise (degrees), now undone

    def page_ref(self, sha256: str) -> PageRef:
        return PageRef(sha256, self.media_type, self.width, self.height, self.dpi, len(self.data))


def to_array(image: Any) -> Any:
    """PIL image or numpy array → uint8 array, RGB (H×W×3) or grey (H×W)."""
    import numpy as np

    if isinstance(image, np.ndarray):
        return image
    if image.mode not in ("RGB", "L"):
        if image.mode in ("RGBA", "LA", "P", "PA"):
            from PIL import Image

            rgba = image.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            image = Image.alpha_composite(white, rgba).convert("RGB")
        elif image.mode in ("1", "I", "I;16", "F"):
            image = image.convert("L")
        else:
            image = image.convert("RGB")
    return np.asarray(image)


def _gray(arr: Any) -> Any:
    import cv2

    return arr if arr.ndim == 2 else cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)


def _resize(arr: Any, factor: float) -> Any:
    import cv2

    if abs(factor - 1.0) < 1e-3:
        return arr
    size = (max(1, round(arr.shape[1] * factor)), max(1, round(arr.shape[0] * factor)))
    return cv2.resize(arr, size, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC)


def _warp(arr: Any, corners: Any, width: int, height: int) -> Any:
    import cv2
    import numpy as np

    right, bottom = width - 1, height - 1
    target = np.array([[0, 0], [right, 0], [right, bottom], [0, bottom]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    border = (255, 255, 255) if arr.ndim == 3 else 255
    return cv2.warpPerspective(
        arr, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=border
    )


def _rotate(arr: Any, degrees: float) -> Any:
    import cv2

    h, w = arr.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    border = (255, 255, 255) if arr.ndim == 3 else 255
    return cv2.warpAffine(arr, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def _whiten(arr: Any) -> Any:
    """Map the paper's grey level (the brightest histogram peak) to white."""
    import cv2
    import numpy as np

    gray = _gray(arr)
    small = gray[:: max(1, gray.shape[0] // 400), :: max(1, gray.shape[1] // 400)]
    hist = np.bincount(small.ravel(), minlength=256)
    paper = 128 + int(np.argmax(hist[128:]))
    if hist[paper] < 0.05 * small.size:
        return arr  # no dominant paper colour (a photo-like card): leave it alone
    white = max(96, paper - 10)
    lut = np.clip(np.arange(256, dtype=np.float32) * (255.0 / white), 0, 255).astype(np.uint8)
    return cv2.LUT(arr, lut)


def encode(arr: Any, preset: Preset, dpi: int) -> tuple[bytes, str]:
    from PIL import Image

    out = io.BytesIO()
    if preset.color == "bw":
        import cv2

        gray = _gray(arr)
        block = max(15, (dpi // 8) | 1)
        bw = cv2.adaptiveThreshold(
            gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, 15
        )
        Image.fromarray(bw).convert("1").save(out, "PNG", dpi=(dpi, dpi), optimize=False)
        return out.getvalue(), "image/png"
    if preset.color == "text":
        import cv2
        import numpy as np

        # four grey tones keep the anti-aliasing that makes small print legible, at 2 bits/pixel
        lut = ((np.arange(256, dtype=np.uint16) * 3 + 127) // 255).astype(np.uint8)
        index = cv2.LUT(_gray(arr), lut)
        img = Image.frombytes("P", (index.shape[1], index.shape[0]), index.tobytes())
        img.putpalette([v for tone in (0, 85, 170, 255) for v in (tone, tone, tone)])
        img.save(out, "PNG", bits=2, compress_level=1, dpi=(dpi, dpi))
        return out.getvalue(), "image/png"
    Image.fromarray(arr).save(out, "JPEG", quality=preset.quality, dpi=(dpi, dpi))
    return out.getvalue(), "image/jpeg"


def _photo_size(width: float, height: float, preset: Preset) -> tuple[int, int, int]:
    """Output size and dpi of a rectified photo, from the document's physical size.

    Perspective foreshortens one side, so a quad whose proportions are near the document's
    (ID-1 card, A4) gets the document's true proportions; anything else (a receipt, a cropped
    part) keeps the proportions measured in the photo rather than being stretched.
    """
    mm = CARD_MM if preset.layout == "card" else A4_MM
    long_mm, short_mm = max(mm), min(mm)
    long_px = max(width, height)
    measured = min(width, height) / long_px
    near = abs(measured / (short_mm / long_mm) - 1) <= 0.35  # a tilted phone foreshortens ~30 %
    ratio = short_mm / long_mm if near else measured
    target = long_mm / 25.4 * preset.dpi
    factor = min(1.0, target / long_px)
    dpi = round(long_px * factor / (long_mm / 25.4))
    short = long_px * factor * ratio
    if width >= height:
        return round(long_px * factor), round(short), dpi
    return round(short), round(long_px * factor), dpi


def process(
    image: Any, preset: Preset, *, source_dpi: int | None = None, origin: Origin = "glass"
) -> list[ProcessedPage]:
    """Clean one captured image into one page (or one per card found on the glass)."""
    import numpy as np

    from kiosk.documents import detect

    arr = to_array(image)
    if preset.color != "color":
        arr = _gray(arr)
    dpi = source_dpi or 0
    if source_dpi:
        factor = min(1.0, preset.dpi / source_dpi)
        arr = _resize(arr, factor)
        dpi = round(source_dpi * factor)
    k = min(1.0, _DETECT_SIDE / max(arr.shape[:2]))
    small = _resize(_gray(arr), k)

    crops: list[tuple[Any, float, int]] = []  # image, skew corrected (° anticlockwise), dpi
    # A page on the glass fills it (the lid is as white as the paper): deskew from the text.
    # Cards on the glass, and anything photographed, are found by their outline.
    if origin == "photo" or (origin == "glass" and preset.layout == "card"):
        quads = detect.find_documents(
            small,
            "photo" if origin == "photo" else "glass",
            multiple=preset.layout == "card" and preset.multiple,
            min_fraction=0.02 if preset.layout == "card" else 0.2,
        )
        for corners in quads:
            corners = corners / k
            width, height = detect.quad_size(corners)
            if origin == "photo" or not dpi:
                w, h, dpi_out = _photo_size(width, height, preset)
            else:
                w, h, dpi_out = round(width), round(height), dpi
            crop = _warp(arr, corners, max(w, 8), max(h, 8))
            if preset.layout == "card" and crop.shape[0] > crop.shape[1]:
                crop = np.ascontiguousarray(np.rot90(crop, -1))
            tl, tr = corners[0], corners[1]
            skew = -math.degrees(math.atan2(float(tr[1] - tl[1]), float(tr[0] - tl[0])))
            crops.append((crop, skew, dpi_out))
    if not crops:
        skew = detect.text_skew(small) if preset.layout == "page" and origin != "digital" else 0.0
        crops.append((_rotate(arr, -skew) if abs(skew) >= 0.2 else arr, skew, dpi or preset.dpi))

    pages = []
    for crop, skew, dpi in crops:
        clean = _whiten(crop) if preset.layout == "page" else crop
        data, media_type = encode(clean, preset, dpi)
        pages.append(ProcessedPage(data, media_type, clean.shape[1], clean.shape[0], dpi, skew))
    return pages


def rotate_page(data: bytes, quarter_turns: int) -> tuple[bytes, str]:
    """The page turned by 90° steps clockwise (the user's rotate button).

    Keeps dpi and encoding: a four-tone PNG stays 2-bit, a JPEG is re-encoded with its own
    quantisation tables (same quality and size as before, one generation of loss).
    """
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        img.load()
        dpi = img.info.get("dpi", (200, 200))
        clockwise = {
            1: Image.Transpose.ROTATE_270,
            2: Image.Transpose.ROTATE_180,
            3: Image.Transpose.ROTATE_90,
        }  # Pillow's ROTATE_n turns anticlockwise
        turns = quarter_turns % 4
        turned = img.transpose(clockwise[turns]) if turns else img.copy()
        out = io.BytesIO()
        if img.format == "PNG":
            four_tones = turned.mode == "P" and len(turned.getcolors(16) or range(5)) <= 4
            extra = {"bits": 2} if four_tones else {}
            turned.save(out, "PNG", dpi=dpi, compress_level=1, **extra)
            return out.getvalue(), "image/png"
        turned.save(out, "JPEG", qtables=getattr(img, "quantization", None), dpi=dpi)
        return out.getvalue(), "image/jpeg"


def thumbnail(data: bytes, max_side: int = 200) -> bytes:
    """A small JPEG of a page for lists (JPEG draft mode decodes at 1/2…1/8 scale: fast)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        img.draft("L" if img.mode == "L" else "RGB", (max_side, max_side))
        img.thumbnail((max_side, max_side))
        out = io.BytesIO()
        img.convert("L" if img.mode in ("1", "L") else "RGB").save(out, "JPEG", quality=80)
        return out.getvalue()
