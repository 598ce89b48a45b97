"""Synthetic KTP cards with their true values, for the OCR tests and the bench (never a real card).

A card is drawn in the layout of the Indonesian e-KTP (85.6 × 54 mm): the province and regency
centred at the top, the big NIK line, then the labelled rows (Nama, Tempat/Tgl Lahir, Jenis
Kelamin with Gol. Darah, Alamat with RT/RW, Kel/Desa and Kecamatan indented under it, Agama, Status
Perkawinan, Pekerjaan, Kewarganegaraan, Berlaku Hingga) and a photo box on the right with the
place and date of issue under it. What varies, all from one seed: the font family (the shipped
DejaVu and the system's DejaVu and URW Nimbus families when present), the names (the demo's name
lists), the village with its district, regency and province (any village of the reference data;
the NIK starts with that district's code, so the cross-checks hold), the birth date and sex
(encoded in the NIK the way the Dukcapil does: +40 on the day for women), the light, blur, noise,
skew and JPEG quality.

Two captures: :func:`scan` (300 dpi on a white scanner glass, a few degrees of skew) and
:func:`camera` (a document camera's frame, 1600 × 1200, the card at an angle with perspective on a
darker desk, uneven light, more blur and stronger JPEG). Serials start at 9000, like the demo's,
so no number is an ordinary one. Deterministic: the same seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kiosk.config import resources_dir
from kiosk.demo import FAMILY, MEN, WOMEN

CARD_PX_300 = (1011, 638)  # 85.6 × 53.98 mm at 300 dpi
_SYSTEM_FONTS = Path("/usr/share/fonts")
_FAMILIES = (  # (regular, bold) file names
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    ("NimbusSans-Regular.otf", "NimbusSans-Bold.otf"),
    ("NimbusSansNarrow-Regular.otf", "NimbusSansNarrow-Bold.otf"),
)
STREETS = (
    "MULAWARMAN",
    "SUDIRMAN",
    "GAJAH MADA",
    "YOS SUDARSO",
    "DIPONEGORO",
    "KUSUMA BANGSA",
    "PATTIMURA",
    "AHMAD YANI",
    "SEI SESAYAP",
)
JOBS = ("WIRASWASTA", "PEDAGANG", "KARYAWAN SWASTA", "PETANI/PEKEBUN", "MENGURUS RUMAH TANGGA")
RELIGIONS = ("ISLAM", "KRISTEN", "KATOLIK", "HINDU", "BUDDHA", "KONGHUCU")
STATUS = ("KAWIN", "BELUM KAWIN", "CERAI HIDUP")


@dataclass(frozen=True)
class KtpTruth:
    nik: str
    name: str
    birth_place: str
    birth_date: str  # YYYY-MM-DD
    sex: str  # M | F
    address: str
    rt_rw: str
    village: str
    district: str
    regency: str
    province: str
    religion: str


@cache
def _font_file(name: str) -> str:
    shipped = resources_dir() / "fonts" / name
    if shipped.exists():
        return str(shipped)
    found = sorted(_SYSTEM_FONTS.rglob(name)) if _SYSTEM_FONTS.exists() else []
    return str(found[0]) if found else str(resources_dir() / "fonts" / "DejaVuSans.ttf")


@cache
def _font(name: str, size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(_font_file(name), size)


@cache
def _villages() -> list[tuple[str, str, str, str, str]]:
    """(village, district, regency, province, district code PPRRSS) over the whole country."""
    from kiosk.reference import Reference

    refs = Reference.load()
    out = []
    for province in refs.provinces():
        for regency in refs.regencies(province.code)[:3]:
            for district in refs.districts(regency.code)[:2]:
                for village in refs.villages(district.code)[:2]:
                    code = district.code.replace(".", "")
                    out.append((village.name, district.name, regency.name, province.name, code))
    return out


def _plain(regency: str) -> str:
    for prefix in ("Kabupaten ", "Kota "):
        if regency.startswith(prefix):
            return regency[len(prefix) :]
    return regency


def truth(seed: int) -> KtpTruth:
    rng = random.Random(seed)
    female = rng.random() < 0.5
    given = rng.choice(WOMEN if female else MEN)
    parts = [given, *rng.sample(FAMILY, rng.choice((1, 1, 2)))]
    village, district, regency, province, code = rng.choice(_villages())
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
    day = born.day + (40 if female else 0)
    nik = f"{code}{day:02d}{born.month:02d}{born.year % 100:02d}{9000 + rng.randrange(1000):04d}"
    place = _plain(rng.choice(_villages())[2]) if rng.random() < 0.4 else _plain(regency)
    street = f"JL. {rng.choice(STREETS)} NO. {rng.randrange(1, 120)}"
    return KtpTruth(
        nik=nik,
        name=" ".join(parts).upper(),
        birth_place=place.upper(),
        birth_date=born.isoformat(),
        sex="F" if female else "M",
        address=street,
        rt_rw=f"{rng.randrange(1, 40):03d}/{rng.randrange(1, 15):03d}",
        village=village.upper(),
        district=district.upper(),
        regency=regency.upper(),
        province=province.upper(),
        religion=rng.choice(RELIGIONS),
    )


def draw_card(t: KtpTruth, seed: int, scale: float = 1.0) -> Any:
    """The flat card (RGB), ``scale`` × 300 dpi."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed * 7 + 1)
    regular, bold = rng.choice(_FAMILIES)
    w, h = round(CARD_PX_300[0] * scale), round(CARD_PX_300[1] * scale)
    tint = (rng.randrange(170, 215), rng.randrange(200, 230), rng.randrange(225, 250))
    img = Image.new("RGB", (w, h), tint)
    draw = ImageDraw.Draw(img)
    ink = (rng.randrange(0, 40),) * 3

    def text(x: float, y: float, s: str, size: float, *, heavy: bool = False, limit: float = 1.0):
        px = round(size * h)
        font = _font(bold if heavy else regular, px)
        while px > 8 and draw.textlength(s, font=font) > (limit - x) * w:
            px -= 1
            font = _font(bold if heavy else regular, px)
        draw.text((x * w, y * h), s, fill=ink, font=font)

    def centred(y: float, s: str, size: float) -> None:
        font = _font(bold, round(size * h))
        text(max(0.02, 0.5 - draw.textlength(s, font=font) / w / 2), y, s, size, heavy=True)

    centred(0.03, f"PROVINSI {t.province}", 0.055)
    kind = "KOTA" if t.regency.startswith("KOTA ") else "KABUPATEN"
    centred(0.105, f"{kind} {_plain(t.regency.title()).upper()}", 0.055)
    text(0.03, 0.19, "NIK", 0.07, heavy=True)
    text(0.20, 0.19, ":", 0.07, heavy=True)
    text(0.23, 0.19, t.nik, 0.075, heavy=True, limit=0.97)
    born = dt.date.fromisoformat(t.birth_date).strftime("%d-%m-%Y")
    sex = "PEREMPUAN" if t.sex == "F" else "LAKI-LAKI"
    rows = [
        ("Nama", t.name, 0.03),
        ("Tempat/Tgl Lahir", f"{t.birth_place}, {born}", 0.03),
        ("Jenis Kelamin", sex, 0.03),
        ("Alamat", t.address, 0.03),
        ("RT/RW", t.rt_rw, 0.06),
        ("Kel/Desa", t.village, 0.06),
        ("Kecamatan", t.district, 0.06),
        ("Agama", t.religion, 0.03),
        ("Status Perkawinan", rng.choice(STATUS), 0.03),
        ("Pekerjaan", rng.choice(JOBS), 0.03),
        ("Kewarganegaraan", "WNI", 0.03),
        ("Berlaku Hingga", "SEUMUR HIDUP", 0.03),
    ]
    y = 0.305
    for label, value, x in rows:
        text(x, y, label, 0.043)
        text(0.265, y, ":", 0.043)
        text(0.285, y, value, 0.043, limit=0.72 if label != "Jenis Kelamin" else 0.50)
        if label == "Jenis Kelamin":
            text(0.51, y, "Gol. Darah :", 0.043)
            text(0.65, y, rng.choice("ABO-"), 0.043)
        y += 0.054
    box = (0.755 * w, 0.29 * h, 0.955 * w, 0.72 * h)
    draw.rectangle(box, fill=(rng.randrange(120, 200), 100, 90), outline=ink)
    issued = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(3600))
    text(0.76, 0.75, _plain(t.regency.title()).upper(), 0.035, limit=0.99)
    text(0.78, 0.80, issued.strftime("%d-%m-%Y"), 0.035)
    return img


def _finish(arr: Any, rng: random.Random, blur: float, noise: float, quality: int) -> bytes:
    import cv2
    import numpy as np

    if blur > 0:
        arr = cv2.GaussianBlur(arr, (0, 0), blur)
    gen = np.random.default_rng(rng.randrange(1 << 30))
    arr = (arr.astype(np.float32) + gen.normal(0, noise, arr.shape)).clip(0, 255).astype(np.uint8)
    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(arr).save(out, "JPEG", quality=quality, dpi=(300, 300))
    return out.getvalue()


def _light(arr: Any, rng: random.Random, strength: float) -> Any:
    """Uneven light: a linear ramp across the frame (a lamp to one side), plus overall level."""
    import numpy as np

    h, w = arr.shape[:2]
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (
        np.cos(angle) * np.linspace(-1, 1, w)[None, :]
        + np.sin(angle) * np.linspace(-1, 1, h)[:, None]
    )
    gain = rng.uniform(0.85, 1.05) * (1 + strength * ramp)
    return (arr.astype(np.float32) * gain[..., None]).clip(0, 255).astype(np.uint8)


def scan(seed: int) -> tuple[bytes, KtpTruth]:
    """A 300-dpi scan (JPEG) of the card on a white glass, skewed a few degrees."""
    import numpy as np
    from PIL import Image

    rng = random.Random(seed * 13 + 5)
    t = truth(seed)
    card = draw_card(t, seed).convert("RGBA")
    card = card.rotate(rng.uniform(-4, 4), expand=True, resample=Image.Resampling.BICUBIC)
    glass = Image.new("RGB", (card.width + 300, card.height + 260), (250, 250, 248))
    glass.paste(card, (rng.randrange(60, 240), rng.randrange(60, 200)), card)
    arr = _light(np.asarray(glass), rng, rng.uniform(0.0, 0.08))
    return _finish(arr, rng, rng.uniform(0.0, 1.0), rng.uniform(1, 5), rng.randrange(60, 95)), t


def camera(seed: int) -> tuple[bytes, KtpTruth]:
    """A document camera's 1600 × 1200 frame: the card at an angle, perspective, uneven light."""
    import cv2
    import numpy as np

    rng = random.Random(seed * 17 + 3)
    t = truth(seed)
    card = np.asarray(draw_card(t, seed, scale=1.25))
    fw, fh = 1600, 1200
    desk = np.full((fh, fw, 3), rng.randrange(40, 110), np.uint8)
    width = rng.uniform(0.55, 0.70) * fw
    height = width * 53.98 / 85.6
    cx, cy = fw / 2 + rng.uniform(-120, 120), fh / 2 + rng.uniform(-100, 100)
    turn = np.deg2rad(rng.uniform(-12, 12))
    base = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], np.float32) * [width / 2, height / 2]
    rot = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]], np.float32)
    quad = base @ rot.T + [cx, cy]
    quad += np.array([[rng.uniform(-25, 25), rng.uniform(-25, 25)] for _ in range(4)], np.float32)
    ch, cw = card.shape[:2]
    src = np.array([[0, 0], [cw - 1, 0], [cw - 1, ch - 1], [0, ch - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
    warped = cv2.warpPerspective(card, matrix, (fw, fh), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((ch, cw), 255, np.uint8), matrix, (fw, fh))
    desk[mask > 127] = warped[mask > 127]
    arr = _light(desk, rng, rng.uniform(0.05, 0.2))
    return _finish(arr, rng, rng.uniform(0.3, 1.3), rng.uniform(2, 7), rng.randrange(50, 85)), t
