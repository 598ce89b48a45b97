"""Reading one KTP capture: card → lines → fields → NIK by structure → cross-checks → a result.

:func:`read_ktp` is pure work on bytes (no store, no Qt, no logging of values): the app calls it
off the GUI thread, the ``kiosk ocr ktp`` command and the tests call it directly. The result,
:class:`KtpReading`, holds the values the kiosk collects (never the religion, which is not even
parsed), a confidence in 0…1 for each and the codes of the cross-checks that failed
(:mod:`kiosk.ocr.checks`). A value not read is ``None`` with confidence 0.

Reading order and why: one engine call reads the card's text block (the photo area is blanked so
its edge is not read as letters; the rows below Kecamatan are outside the crop, which also keeps
religion out of the engine's output); the NIK's line is then read again alone with the digit set
only (and, unless two readings already agree, once more in black and white: each engine call
is a process start for Tesseract, ~0.15 s), and :func:`kiosk.ocr.nik.choose` offers a NIK only
when the plausible readings agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.ocr import checks
from kiosk.ocr.card import CARD_SIZE, decode, rectify
from kiosk.ocr.engines import Engine, default_engine
from kiosk.ocr.fields import parse_lines, read_rt_rw, read_sex, split_birth
from kiosk.ocr.nik import choose

KEYS = (
    "nik",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "address",
    "rt_rw",
    "village",
    "district",
)
_TEXT_BOTTOM = 0.73  # the rows below Kecamatan (Agama …) are not read
_PHOTO_LEFT, _PHOTO_TOP = 0.745, 0.285


@dataclass
class KtpReading:
    values: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(KEYS))
    confidence: dict[str, float] = field(default_factory=lambda: dict.fromkeys(KEYS, 0.0))
    conflicts: list[str] = field(default_factory=list)
    district_code: str | None = None  # "65.71.02" when the printed district was found
    village_code: str | None = None
    engine: str = ""

    def to_json(self) -> dict[str, Any]:
        """The ``kiosk ocr ktp --json`` object: the nine keys and ``confidence`` per key."""
        out: dict[str, Any] = {key: self.values[key] for key in KEYS}
        out["confidence"] = {key: round(self.confidence[key], 3) for key in KEYS}
        return out

    def put(self, key: str, value: str | None, confidence: float) -> None:
        self.values[key] = value or None
        self.confidence[key] = round(max(0.0, min(1.0, confidence)), 3) if value else 0.0

    def doubt(self, code: str, *keys: str) -> None:
        self.conflicts.append(code)
        for key in keys:
            self.confidence[key] = min(self.confidence[key], checks.CONFLICT_CONFIDENCE)


def text_block(card: Any) -> Any:
    """The part of the flattened card that is read: header and rows down to Kecamatan."""
    w, h = CARD_SIZE
    import numpy as np

    block = card[: round(_TEXT_BOTTOM * h)].copy()
    # the card's own background, not white: a white patch on a grey card makes the engine's
    # global threshold put the whole card on the dark side (a dim camera frame read as nothing)
    block[round(_PHOTO_TOP * h) :, round(_PHOTO_LEFT * w) :] = int(np.median(block))
    return block


def _nik_crop(card: Any, box: tuple[int, int, int, int] | None) -> Any:
    w, h = CARD_SIZE
    if box is None:
        y0, y1 = round(0.17 * h), round(0.30 * h)
    else:
        pad = max(6, (box[3] - box[1]) // 4)
        y0, y1 = max(0, box[1] - pad), min(h, box[3] + pad)
    return card[y0:y1, round(0.215 * w) : round(0.99 * w)]


def _binary(gray: Any) -> Any:
    """Otsu's black and white: a second, independent look at a blurred or unevenly lit line."""
    import cv2

    _, bw = cv2.threshold(
        cv2.GaussianBlur(gray, (3, 3), 0), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU
    )
    return bw


def read_ktp(image: bytes | Any, engine: Engine | None = None) -> KtpReading:
    """Read a KTP capture (image bytes or an RGB/grey array); see the module docstring."""
    from kiosk.domain.reference_rules import reference

    rgb = decode(bytes(image)) if isinstance(image, bytes | bytearray) else image
    card = rectify(rgb)
    engine = engine or default_engine()
    raw = parse_lines(engine.lines(text_block(card)))
    nik_raw = raw.get("nik")
    crop = _nik_crop(text_block(card), nik_raw.box if nik_raw else None)
    readings = [engine.digits(crop)] + ([(nik_raw.text, nik_raw.confidence)] if nik_raw else [])
    nik = choose(readings)
    if nik.readings < 2:  # not two agreeing readings yet: a third look, in black and white
        nik = choose([*readings, engine.digits(_binary(crop))])
    reading = KtpReading(engine=engine.name)
    reading.put("nik", nik.nik, nik.confidence)
    for key in ("name", "address"):
        if key in raw:
            reading.put(key, raw[key].text, raw[key].confidence)
    if "birth" in raw:
        place, born = split_birth(raw["birth"].text)
        reading.put("birth_place", place, raw["birth"].confidence)
        reading.put("birth_date", born, raw["birth"].confidence)
    if "sex" in raw:
        reading.put("sex", read_sex(raw["sex"].text), raw["sex"].confidence)
    if "rt_rw" in raw:
        reading.put("rt_rw", read_rt_rw(raw["rt_rw"].text), raw["rt_rw"].confidence)
    _cross_check(reading, raw, reference())
    return reading


def _cross_check(reading: KtpReading, raw: dict[str, Any], refs: Any) -> None:
    from kiosk.domain.ids import nik_facts
    from kiosk.domain.model import Sex

    nik = reading.values["nik"]
    district_text = raw["district"].text if "district" in raw else ""
    village_text = raw["village"].text if "village" in raw else ""
    if nik is not None:
        _, born, sex = nik_facts(nik)
        if reading.values["birth_date"] not in (None, born.isoformat()):
            reading.doubt("nik_birth_date", "nik", "birth_date")
        if reading.values["sex"] not in (None, "F" if sex is Sex.FEMALE else "M"):
            reading.doubt("nik_sex", "nik", "sex")
        province = raw["province"].text if "province" in raw else ""
        regency = raw["regency"].text if "regency" in raw else ""
        if not checks.nik_region_agrees(nik, province, regency, refs):
            reading.doubt("nik_region", "nik")
    district = checks.match_district(nik, district_text, refs)
    if district is not None:
        reading.put("district", district.name, raw["district"].confidence * district.score)
        reading.district_code = district.code
    elif district_text:
        reading.put("district", district_text, raw["district"].confidence)
        reading.doubt("district_unknown", "district")
    village = checks.match_village(reading.district_code, village_text, refs)
    if village is not None:
        reading.put("village", village.name, raw["village"].confidence * village.score)
        reading.village_code = village.code
    elif village_text:
        reading.put("village", village_text, raw["village"].confidence)
        reading.doubt("village_unknown", "village")
