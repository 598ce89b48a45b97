"""Synthetic document images for tests, the bench and demos (no personal data, deterministic).

- :func:`a4_page` — a 300-dpi A4 colour page of typed text lines (with a coloured letterhead).
- :func:`id_card` — an ID-1 card (85.6 × 54 mm) with a coloured header, a dark frame, text and a
  16-digit number line, for OCR and detection tests.
- :func:`on_glass` — cards placed rotated and off-centre on a white scanner glass.
- :func:`photo_of` — a page photographed at an angle on a dark table (perspective distortion).
"""

from __future__ import annotations

from typing import Any

WORDS = (
    "PEMERINTAH KABUPATEN SURAT IZIN USAHA PERDAGANGAN NOMOR TANGGAL PASAL AYAT KOPERASI "
    "PENYEDIA BARANG JASA PEMILIK ALAMAT KELURAHAN KECAMATAN PROVINSI AKTA PENDIRIAN NOTARIS"
).split()


def _font(size: int) -> Any:
    from PIL import ImageFont

    from kiosk.config import resources_dir

    shipped = resources_dir() / "fonts" / "DejaVuSans.ttf"  # same glyphs on every machine
    for name in (str(shipped), "DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def a4_page(dpi: int = 300, *, lines: int = 40, seed: int = 1) -> Any:
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(seed)  # noqa: S311  (layout noise, not security)
    w, h = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    img = Image.new("RGB", (w, h), (250, 248, 244))
    draw = ImageDraw.Draw(img)
    m = dpi // 2
    draw.rectangle([m, m, w - m, m + dpi // 3], fill=(30, 80, 160))
    font = _font(max(10, dpi // 8))
    y = m + dpi // 2
    step = (h - y - m) // lines
    for _ in range(lines):
        text = " ".join(rng.choice(WORDS) for _ in range(9))
        draw.text((m, y), text, fill=(20, 20, 20), font=font)
        y += step
    return img


def id_card(dpi: int = 300, *, number: str = "3174012345678901", name: str = "BUDI SANTOSO") -> Any:
    from PIL import Image, ImageDraw

    w, h = round(85.6 / 25.4 * dpi), round(53.98 / 25.4 * dpi)
    img = Image.new("RGB", (w, h), (170, 205, 235))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, w - 1, h // 5], fill=(20, 60, 150))
    draw.rectangle([w // 20, h // 3, w // 20 + w // 2, h // 3 + 8], fill=(10, 10, 10))
    font = _font(h // 14)
    draw.text((w // 20, h // 3 + h // 12), f"NIK : {number}", fill=(0, 0, 0), font=font)
    draw.text((w // 20, h // 3 + h // 5), f"Nama : {name}", fill=(0, 0, 0), font=font)
    draw.rectangle([w * 78 // 100, h // 3, w * 95 // 100, h * 9 // 10], fill=(120, 90, 70))
    return img


def on_glass(cards: list[tuple[Any, float, tuple[int, int]]], dpi: int = 300) -> Any:
    """Cards ``(image, degrees counter-clockwise, (centre x, centre y) px)`` on a white glass."""
    from PIL import Image

    glass = Image.new("RGB", (round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)), (252, 252, 252))
    for card, angle, (cx, cy) in cards:
        rgba = card.convert("RGBA").rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
        glass.paste(rgba, (cx - rgba.width // 2, cy - rgba.height // 2), rgba)
    return glass


def photo_of(page: Any, size: tuple[int, int] = (2000, 1500), seed: int = 3) -> tuple[Any, Any]:
    """``page`` seen at an angle on a dark table; returns (photo, the page's corners in it)."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(seed)
    w, h = size
    table = rng.normal(70, 12, (h, w, 3)).clip(0, 255).astype(np.uint8)
    src = np.array(page.convert("RGB"))
    ph, pw = src.shape[:2]
    corners = np.array(
        [[w * 0.30, h * 0.08], [w * 0.72, h * 0.12], [w * 0.78, h * 0.92], [w * 0.22, h * 0.86]],
        dtype=np.float32,
    )
    source = np.array([[0, 0], [pw - 1, 0], [pw - 1, ph - 1], [0, ph - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners)
    warped = cv2.warpPerspective(src, matrix, (w, h))
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), matrix, (w, h))
    table[mask > 0] = warped[mask > 0]
    return table, corners
