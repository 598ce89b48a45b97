"""Matching a list's village text to the reference data, forgivingly, and saying when it cannot.

District sheets spell villages as people say them ("Sebengkog", "Ds. Karang Anyar", "TANJUNG
SELOR HILIR"). :func:`match_village` uses the reference's forgiving type-ahead
(:meth:`kiosk.reference.Reference.search_villages`: prefixes, words, then similar names), narrowed
by the district and regency the row gives. One candidate left is a match; several are
``ambiguous`` (the draft keeps the text and staff choose with the owner); none is ``not_found``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.reference.regions import VillageHit, fold

if TYPE_CHECKING:
    from kiosk.reference import Reference

SIMILAR = 80  # rapidfuzz ratio for a district or regency name to count as the same
_PREFIXES = re.compile(
    r"^(desa|ds|kelurahan|kel|kec|kecamatan|kabupaten|kab|kota|kampung|kp)\b\.?\s*", re.IGNORECASE
)


@dataclass(frozen=True)
class VillageMatch:
    outcome: str  # matched | ambiguous | not_found | empty
    hit: VillageHit | None = None
    choices: list[VillageHit] = field(default_factory=list)


def _bare(text: str) -> str:
    return fold(_PREFIXES.sub("", text.strip()))


def _same(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    left, right = _bare(a), _bare(b)
    return bool(left and right) and (
        left == right or left in right or fuzz.ratio(left, right) >= SIMILAR
    )


def match_village(
    refs: Reference, village: str, district: str = "", regency: str = ""
) -> VillageMatch:
    name = _bare(village)
    if not name:
        return VillageMatch("empty")
    hits: list[VillageHit] = []
    if district:
        hits = refs.search_villages(f"{name} {_bare(district)}", limit=50)
    if not hits:
        hits = refs.search_villages(name, limit=200)
    if district:
        hits = [h for h in hits if _same(h.district, district)]
    if regency:
        hits = [h for h in hits if _same(h.regency, regency)]
    if len(hits) == 1:
        return VillageMatch("matched", hits[0], hits)
    exact = [h for h in hits if fold(h.name) == name]
    if len(exact) == 1:
        return VillageMatch("matched", exact[0], hits)
    if hits:
        return VillageMatch("ambiguous", None, (exact or hits)[:8])
    return VillageMatch("not_found")
