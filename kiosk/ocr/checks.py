"""Cross-checks between what the card prints and what its NIK says, against the reference data.

Values that contradict each other are never offered silently: each check that fails adds a code
to the reading's ``conflicts`` and caps the confidence of the fields involved at
:data:`CONFLICT_CONFIDENCE`, so the owner step shows them as doubtful and the person at the desk
decides. The checks:

- ``nik_birth_date`` / ``nik_sex`` — the NIK's date of birth and sex (day + 40 for women) equal
  the printed ones.
- ``nik_region`` — the NIK's province and regency codes name the printed province and regency
  (names compared forgivingly: OCR and the card's own abbreviations).
- ``village_unknown`` / ``district_unknown`` — the printed district and village exist in the
  reference data under the NIK's regency (matched forgivingly: a one-letter OCR slip still finds
  ``SEBENGKOK``); when found, the reference's spelling is what is offered, with its code.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.reference import Reference, Region

CONFLICT_CONFIDENCE = 0.2
_MATCH = 80  # rapidfuzz WRatio over folded names; an OCR slip or two in a short name stays above


@dataclass(frozen=True)
class PlaceMatch:
    code: str
    name: str
    score: float  # 0…1


def _fold(text: str) -> str:
    from kiosk.reference.regions import fold

    plain = fold(text)
    for prefix in ("kabupaten ", "kab ", "kota ", "provinsi "):
        if plain.startswith(prefix):
            plain = plain[len(prefix) :]
    return plain


def best_place(text: str, regions: list[Region]) -> PlaceMatch | None:
    """The region among ``regions`` whose name ``text`` spells, forgivingly, or ``None``."""
    from rapidfuzz import fuzz, process

    if not text or not regions:
        return None
    names = [_fold(r.name) for r in regions]
    found = process.extractOne(_fold(text), names, scorer=fuzz.ratio, score_cutoff=_MATCH)
    if found is None:
        return None
    region = regions[found[2]]
    return PlaceMatch(region.code, region.name.upper(), round(float(found[1]) / 100, 3))


def nik_region_agrees(nik: str, province: str, regency: str, refs: Reference) -> bool:
    """The NIK's province and regency are the printed ones (a header not read agrees)."""
    from rapidfuzz import fuzz

    for code, printed in ((nik[:2], province), (f"{nik[:2]}.{nik[2:4]}", regency)):
        region = refs.region(code)
        if region is None:
            return False
        if printed and fuzz.ratio(_fold(printed), _fold(region.name)) < _MATCH:
            return False
    return True


def match_district(nik: str | None, text: str, refs: Reference) -> PlaceMatch | None:
    """The printed district under the NIK's regency (the NIK's own district first)."""
    if nik is None:
        return None
    regency = f"{nik[:2]}.{nik[2:4]}"
    own = refs.region(f"{regency}.{nik[4:6]}")
    if own is not None:
        hit = best_place(text, [own])
        if hit is not None:
            return hit
    return best_place(text, refs.districts(regency))


def match_village(district_code: str | None, text: str, refs: Reference) -> PlaceMatch | None:
    if district_code is None:
        return None
    return best_place(text, refs.villages(district_code))
