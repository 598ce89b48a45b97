"""From OCR lines to the KTP's labelled values (text only; the checks are in :mod:`.checks`).

A KTP prints each field as ``Label : VALUE`` on one line, labels in a column on the left, and the
province and regency centred above (``PROVINSI …``, ``KABUPATEN …``/``KOTA …``). A line's label
is the part before its colon (or, when the colon was not read, the words left of the value
column), matched forgivingly against the printed labels (OCR drops or confuses letters: ``Kel/Desa``
comes back as ``KelDesa``, ``Ke/Desa``, ``Kel Desa``). Lines whose label is not one the kiosk needs
are dropped here, and so the religion (``Agama``) line is never even kept: the kiosk does not
collect religion (the issue's rule, and data minimisation under UU 27/2022).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.ocr.card import CARD_SIZE
from kiosk.ocr.engines import Line

# folded label (letters only, lower case) -> field key; None: a label we recognise and drop
LABELS: dict[str, str | None] = {
    "nik": "nik",
    "nama": "name",
    "tempattgllahir": "birth",
    "jeniskelamin": "sex",
    "alamat": "address",
    "rtrw": "rt_rw",
    "keldesa": "village",
    "kecamatan": "district",
    "agama": None,
    "statusperkawinan": None,
    "pekerjaan": None,
    "kewarganegaraan": None,
    "berlakuhingga": None,
}
_VALUE_X = 0.255 * CARD_SIZE[0]  # values start right of this on every row but the NIK's
_NIK_VALUE_X = 0.215 * CARD_SIZE[0]
_COLON_MAX_X = 0.33 * CARD_SIZE[0]  # a colon further right is in a value ("Gol. Darah:")
_EDGE = " :;.,-_|'\"`~=«»—–"


@dataclass(frozen=True)
class Raw:
    text: str
    confidence: float
    box: tuple[int, int, int, int]


def fold_label(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def match_label(text: str) -> str | None:
    """The label key for ``text`` (``"Kel Desa"`` → ``"keldesa"``), or ``None``."""
    from rapidfuzz import fuzz, process

    folded = fold_label(text)
    if len(folded) < 2:
        return None
    found = process.extractOne(folded, list(LABELS), scorer=fuzz.ratio, score_cutoff=72)
    return None if found is None else str(found[0])


def _split(line: Line) -> tuple[str, str]:
    """(label text, value text) of one line."""
    words = list(line.words) or [(line.text, line.box[0])]
    for i, (word, x) in enumerate(words):
        if ":" in word and x < _COLON_MAX_X:
            head, _, tail = word.partition(":")
            label = " ".join([w for w, _ in words[:i]] + [head])
            value = " ".join([tail] + [w for w, _ in words[i + 1 :]])
            return label, value
    first = fold_label(words[0][0])
    cut = _NIK_VALUE_X if first == "nik" or first.endswith("ik") else _VALUE_X
    label = " ".join(w for w, x in words if x < cut)
    value_words = [w for w, x in words if x >= cut]
    if len(value_words) > 1 and len(value_words[0]) == 1:  # the colon read as 1, 3, », ?
        value_words = value_words[1:]
    return label, " ".join(value_words)


def clean_value(text: str) -> str:
    return " ".join(text.strip(_EDGE).split()).upper()


def parse_lines(lines: list[Line]) -> dict[str, Raw]:
    """``{key: Raw}`` for the keys of :data:`LABELS` that were found, plus province and regency."""
    found: dict[str, Raw] = {}
    for line in lines:
        upper = line.text.upper().strip(_EDGE)
        head = fold_label(upper.split(" ")[0]) if upper else ""
        if head in ("provinsi", "propinsi") and "province" not in found:
            found["province"] = Raw(clean_value(upper.split(" ", 1)[-1]), line.confidence, line.box)
            continue
        if head in ("kabupaten", "kota") and "regency" not in found:
            found["regency"] = Raw(clean_value(upper), line.confidence, line.box)
            continue
        label, value = _split(line)
        key = match_label(label)
        if key is None and label and not value:  # label and value read as one word: "Nama:X"
            continue
        field = LABELS.get(key) if key else None
        if field is None or field in found:
            continue
        found[field] = Raw(clean_value(value), line.confidence, line.box)
    return found


_DATE = re.compile(r"(\d{1,2})\s*[-./ ]\s*(\d{1,2})\s*[-./ ]\s*(\d{4})")


def split_birth(text: str) -> tuple[str, str | None]:
    """``"TARAKAN, 05-03-1985"`` → ``("TARAKAN", "1985-03-05")``; no date read → ``None``."""
    import datetime as dt

    match = _DATE.search(text)
    place = clean_value(text[: match.start()] if match else text.split(",")[0])
    if not match:
        return place, None
    day, month, year = (int(g) for g in match.groups())
    try:
        return place, dt.date(year, month, day).isoformat()
    except ValueError:
        return place, None


def read_sex(text: str) -> str | None:
    """``M`` for LAKI-LAKI, ``F`` for PEREMPUAN (forgiving), else ``None``."""
    from rapidfuzz import fuzz

    word = fold_label(text.upper().split("GOL")[0])
    scores = {"M": fuzz.ratio(word, "lakilaki"), "F": fuzz.ratio(word, "perempuan")}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 70 else None


def read_rt_rw(text: str) -> str | None:
    """``"003 / 012"`` or ``"003012"`` → ``"003/012"``."""
    digits = re.findall(r"\d+", text)
    if len(digits) == 1 and len(digits[0]) == 6:
        digits = [digits[0][:3], digits[0][3:]]
    if len(digits) != 2 or any(len(d) > 3 for d in digits):
        return None
    return f"{int(digits[0]):03d}/{int(digits[1]):03d}"
