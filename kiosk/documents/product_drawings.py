"""Drawn product shots for demos, tests and the bench (Pillow only, deterministic by seed).

Each is what a document camera or a phone sees of a product placed on a plain backdrop: a light,
slightly tinted, unevenly lit background (so auto-crop and white balance have work to do), a soft
shadow, and a product with a printed label (brand, name, weight), in one of several shapes: a
bottle, a jar, a box, a snack pouch, a loaf on a board, a woven basket, a folded shirt. Not real
photographs, but with the edges, text and colour that the photo checks and the pipeline measure.
"""

from __future__ import annotations

import random
from typing import Any

from kiosk.documents.synthetic import _font

SHAPES = ("bottle", "jar", "box", "pouch", "loaf", "basket", "shirt")
_COLOURS = ((176, 38, 42), (33, 94, 160), (46, 125, 50), (230, 140, 20), (120, 60, 140),
            (20, 120, 130), (150, 90, 40))  # fmt: skip


def product_shot(
    seed: int = 1,
    size: tuple[int, int] = (2400, 1800),
    *,
    shape: str | None = None,
    label: tuple[str, str] = ("SEBENGKOK", "Produk Lokal"),
    tint: tuple[int, int, int] | None = None,
) -> Any:
    """An RGB PIL image of one product on a plain backdrop, ``size`` pixels."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)  # noqa: S311  (drawing noise, not security)
    w, h = size
    shape = shape or SHAPES[seed % len(SHAPES)]
    cast = tint or (rng.randint(-14, 6), rng.randint(-6, 6), rng.randint(-4, 16))
    base = tuple(max(0, min(255, 226 + c)) for c in cast)
    img = Image.new("RGB", (w, h), base)
    draw = ImageDraw.Draw(img)
    for y in range(0, h, 8):  # light falls off towards the bottom
        shade = int(18 * y / h)
        draw.rectangle((0, y, w, y + 8), fill=tuple(max(0, c - shade) for c in base))
    colour = _COLOURS[rng.randrange(len(_COLOURS))]
    pw, ph = int(w * rng.uniform(0.32, 0.42)), int(h * rng.uniform(0.5, 0.62))
    cx, cy = w // 2 + rng.randint(-w // 10, w // 10), h // 2 + rng.randint(-h // 14, h // 14)
    box = (cx - pw // 2, cy - ph // 2, cx + pw // 2, cy + ph // 2)
    shadow = Image.new("L", (w, h), 0)
    ImageDraw.Draw(shadow).ellipse(
        (box[0] + pw // 10, box[3] - ph // 12, box[2] + pw // 6, box[3] + ph // 10), fill=110
    )
    shadow = shadow.filter(ImageFilter.GaussianBlur(max(4, w // 120)))
    img.paste((70, 70, 70), (0, 0), shadow)
    draw = ImageDraw.Draw(img)
    label_box = _draw_shape(draw, shape, box, colour, rng)
    _draw_label(draw, label_box, label, colour, rng)
    return _sensor_noise(img, rng)


def _sensor_noise(img: Any, rng: random.Random) -> Any:
    """A camera's grain (sigma ~3 grey levels): a photo is never flat like a drawing."""
    from PIL import Image, ImageChops

    noise = Image.effect_noise(img.size, 3 + rng.random()).convert("RGB")
    return ImageChops.add(img, noise, scale=1.0, offset=-128)


def _draw_shape(draw: Any, shape: str, box: tuple[int, int, int, int], colour: Any,
                rng: random.Random) -> tuple[int, int, int, int]:  # fmt: skip
    x0, y0, x1, y1 = box
    pw, ph = x1 - x0, y1 - y0
    dark = tuple(int(c * 0.6) for c in colour)
    light = tuple(min(255, int(c * 1.3) + 30) for c in colour)
    if shape == "bottle":
        neck = pw // 5
        draw.rectangle((x0 + pw // 2 - neck // 2, y0, x0 + pw // 2 + neck // 2, y0 + ph // 5),
                       fill=(40, 40, 40))  # fmt: skip
        draw.rounded_rectangle((x0 + pw // 6, y0 + ph // 6, x1 - pw // 6, y1), pw // 6,
                               fill=colour, outline=dark, width=6)  # fmt: skip
        return (x0 + pw // 5, y0 + ph // 3, x1 - pw // 5, y0 + ph * 3 // 4)
    if shape == "jar":
        draw.rectangle((x0 + pw // 8, y0, x1 - pw // 8, y0 + ph // 8), fill=(200, 170, 40),
                       outline=(120, 90, 10), width=5)  # fmt: skip
        draw.rounded_rectangle((x0, y0 + ph // 8, x1, y1), pw // 8, fill=light, outline=dark,
                               width=6)  # fmt: skip
        return (x0 + pw // 10, y0 + ph // 3, x1 - pw // 10, y1 - ph // 5)
    if shape == "box":
        depth = pw // 6
        draw.polygon([(x0, y0 + depth), (x0 + depth, y0), (x1, y0), (x1 - depth, y0 + depth)],
                     fill=light, outline=dark)  # fmt: skip
        draw.polygon([(x1 - depth, y0 + depth), (x1, y0), (x1, y1 - depth), (x1 - depth, y1)],
                     fill=dark)  # fmt: skip
        draw.rectangle((x0, y0 + depth, x1 - depth, y1), fill=colour, outline=dark, width=5)
        return (x0 + pw // 12, y0 + depth + ph // 8, x1 - depth - pw // 12, y1 - ph // 6)
    if shape == "pouch":
        draw.polygon([(x0 + pw // 10, y0), (x1 - pw // 10, y0), (x1, y1), (x0, y1)],
                     fill=colour, outline=dark)  # fmt: skip
        for k in range(0, pw, 14):  # the crimped seal
            draw.line((x0 + pw // 10 + k * 8 // 10, y0, x0 + pw // 10 + k * 8 // 10, y0 + 30),
                      fill=dark, width=4)  # fmt: skip
        return (x0 + pw // 6, y0 + ph // 4, x1 - pw // 6, y1 - ph // 4)
    if shape == "loaf":
        draw.rectangle((x0 - pw // 8, y1 - ph // 8, x1 + pw // 8, y1), fill=(160, 110, 60))
        draw.chord((x0, y0 + ph // 4, x1, y1 + ph // 4), 180, 360, fill=(196, 128, 58),
                   outline=(120, 70, 30), width=6)  # fmt: skip
        for k in range(1, 4):
            x = x0 + k * pw // 4
            draw.arc((x - pw // 10, y0 + ph // 3, x + pw // 10, y0 + ph // 2), 200, 340,
                     fill=(240, 210, 160), width=8)  # fmt: skip
        return (x0 + pw // 4, y1 - ph // 3, x1 - pw // 4, y1 - ph // 6)
    if shape == "basket":
        draw.ellipse((x0, y0, x1, y0 + ph // 4), outline=(110, 70, 30), width=10)
        draw.polygon([(x0, y0 + ph // 8), (x1, y0 + ph // 8), (x1 - pw // 10, y1),
                      (x0 + pw // 10, y1)], fill=(190, 140, 80))  # fmt: skip
        for k in range(y0 + ph // 8, y1, 22):
            draw.line((x0 + pw // 12, k, x1 - pw // 12, k), fill=(130, 85, 40), width=5)
        for k in range(x0 + pw // 10, x1 - pw // 10, 30):
            draw.line((k, y0 + ph // 8, k + rng.randint(-6, 6), y1), fill=(150, 100, 50), width=3)
        return (x0 + pw // 4, y0 + ph // 2, x1 - pw // 4, y0 + ph * 3 // 4)
    # shirt
    draw.polygon([(x0 + pw // 4, y0), (x0, y0 + ph // 5), (x0 + pw // 8, y0 + ph // 3),
                  (x0 + pw // 5, y0 + ph // 4), (x0 + pw // 5, y1), (x1 - pw // 5, y1),
                  (x1 - pw // 5, y0 + ph // 4), (x1 - pw // 8, y0 + ph // 3), (x1, y0 + ph // 5),
                  (x1 - pw // 4, y0)], fill=colour, outline=dark)  # fmt: skip
    for k in range(y0 + ph // 3, y1, 40):  # batik stripes
        draw.line((x0 + pw // 5, k, x1 - pw // 5, k + 20), fill=light, width=6)
    return (x0 + pw // 3, y0 + ph // 6, x1 - pw // 3, y0 + ph // 3)


def _draw_label(draw: Any, box: tuple[int, int, int, int], label: tuple[str, str], colour: Any,
                rng: random.Random) -> None:  # fmt: skip
    x0, y0, x1, y1 = box
    if x1 - x0 < 20 or y1 - y0 < 20:
        return
    draw.rounded_rectangle(box, 12, fill=(250, 248, 240), outline=colour, width=4)
    brand, name = label
    size = max(10, min((y1 - y0) // 4, int((x1 - x0) / max(6, len(brand)) * 1.5)))
    draw.text(((x0 + x1) // 2, y0 + (y1 - y0) // 4), brand[:18], fill=colour,
              font=_font(size), anchor="mm")  # fmt: skip
    small = max(8, size // 2)
    draw.text(((x0 + x1) // 2, y0 + (y1 - y0) // 2), name[:26], fill=(40, 40, 40),
              font=_font(small), anchor="mm")  # fmt: skip
    draw.text(((x0 + x1) // 2, y0 + (y1 - y0) * 3 // 4), f"{rng.choice((100, 250, 500))} g",
              fill=(90, 90, 90), font=_font(small), anchor="mm")  # fmt: skip
