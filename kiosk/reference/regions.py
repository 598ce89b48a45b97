"""Indonesia's administrative regions (Kemendagri codes): tables, look-ups, village type-ahead.

Villages are kept as two packed string tables (:class:`kiosk.reference.packed.Packed`: codes and
names, each one string plus an offset array) rather than 83,762 objects or lists of strings: loading
stays well under 300 ms and the region tables with their search index take ~16 MB instead of ~60 MB
(a desk runs the app all day beside Qt and the store). A village's district is the prefix of its
code; :class:`Region` objects and hits are made on demand.

Type-ahead (:meth:`Regions.search_villages`) ranks, stopping as soon as ``limit`` hits are found:
1. village names starting with the whole query (binary search in the sorted folded names; an exact
   name comes first), 2. a word of the village name starting with the query ("rejo" → "Sido Rejo"),
3. every word of the query starting a word somewhere in the full path ("sebengkok tarakan"),
4. the query inside the village name ("bengkok" → "Sebengkok"), 5. only when nothing matched:
similar names (rapidfuzz ratio ≥ 80, "sebengkog" → "Sebengkok"). Accents, case and punctuation are
folded away (``"Soka'an"`` ~ ``"sokaan"``). The index is built on the first search (≈0.2 s).
"""

from __future__ import annotations

import bisect
import logging
import re
import string
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.reference.datasets import DatasetSource, iter_rows, read_rows
from kiosk.reference.packed import Packed
from kiosk.text import fold as slow_fold

if TYPE_CHECKING:
    from kiosk.reference.village_index import VillageIndex

log = logging.getLogger(__name__)
LEVELS = ("province", "regency", "district", "village")
SIMILAR_CUTOFF = 80  # rapidfuzz ratio (0-100) for the misspelling fallback
SCAN_CAP = 2000  # candidates collected per ranking tier before sorting (enough to fill any page)
_FOLD_TABLE = str.maketrans(
    {
        **{c: " " for c in string.punctuation if c not in "'`\""},
        "'": None,
        "`": None,
        '"': None,
    }
)


def fold(text: str) -> str:
    """Search form (same result as :func:`kiosk.text.fold`, fast path for ASCII)."""
    if text.isascii():
        return " ".join(text.translate(_FOLD_TABLE).lower().split())
    return slow_fold(text)


def fold_many(texts: list[str]) -> list[str]:
    """:func:`fold` for many texts at once: one pass over one joined string when all are ASCII."""
    blob = "\n".join(texts)
    if "\n" in "".join(texts) or not blob.isascii():
        return [fold(t) for t in texts]
    blob = re.sub(r" *\n *", "\n", re.sub(r"[^\S\n]+", " ", blob.translate(_FOLD_TABLE).lower()))
    return [line.strip() for line in blob.split("\n")]


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # "65.71.01.1001"
    name: str
    level: str  # province | regency | district | village
    parent_code: str  # "" for a province


@dataclass(frozen=True, slots=True)
class VillageHit:
    code: str
    name: str
    kind: str  # "kelurahan" (code 1xxx) or "desa" (2xxx)
    district_code: str
    district: str
    regency_code: str
    regency: str
    province_code: str
    province: str
    label: str  # "Sebengkok, Kec. Tarakan Tengah, Kota Tarakan, Kalimantan Utara"


def district_of(village_code: str) -> str:
    """``"65.71.01.1001"`` → ``"65.71.01"``: a village's code starts with its district's."""
    return village_code[: village_code.rfind(".")]


def short_regency(name: str) -> str:
    return "Kab. " + name[len("Kabupaten ") :] if name.startswith("Kabupaten ") else name


class Regions:
    def __init__(self, source: DatasetSource) -> None:
        self.source = source
        self.version = source.version
        self._upper: dict[str, tuple[str, str, str]] = {}  # code -> (name, level, parent)
        self._children: dict[str, list[str]] = {"": []}
        for filename, level in (
            ("provinces.csv", "province"),
            ("regencies.csv", "regency"),
            ("districts.csv", "district"),
        ):
            for row in read_rows(source, filename):
                code, parent, name = (row[0], "", row[1]) if level == "province" else row
                if parent and parent not in self._upper:
                    log.warning("region %s without parent %s ignored", code, parent)
                    continue
                self._upper[code] = (name, level, parent)
                self._children.setdefault(parent, []).append(code)
        codes, names = self._village_columns(source)
        # Sorted by code, a district's villages are one run: look-ups are binary searches, no
        # 83,762-entry dicts to build at start-up. A village's code starts with its district's.
        self.v_codes = Packed(codes)
        self.v_names = Packed(names)
        del codes, names  # the row strings go; only the two packed tables stay
        self._lock = threading.Lock()
        self._search: VillageIndex | None = None

    def _village_columns(self, source: DatasetSource) -> tuple[list[str], list[str]]:
        """(codes, names) of the villages with a known district, in code order, one per code."""
        codes: list[str] = []
        names: list[str] = []
        ordered = True
        for row in iter_rows(source, "villages.csv"):
            if codes and row[0] <= codes[-1]:
                ordered = False
            codes.append(row[0])
            names.append(row[2])
        if not ordered:  # an update not in code order (or with a code twice: the last one wins)
            by_code = dict(zip(codes, names, strict=True))
            codes = sorted(by_code)
            names = [by_code[c] for c in codes]
        # district_of() inlined: 83,762 calls on every start-up cost ~4 ms as function calls
        upper = self._upper
        keep = [i for i, c in enumerate(codes) if c[: c.rfind(".")] in upper]
        if len(keep) != len(codes):  # a damaged update: never fail on a village without district
            log.warning("%d villages without a known district ignored", len(codes) - len(keep))
            codes, names = [codes[i] for i in keep], [names[i] for i in keep]
        return codes, names

    # -- look-ups ----------------------------------------------------------------------------
    def region(self, code: str) -> Region | None:
        upper = self._upper.get(code)
        if upper is not None:
            return Region(code, upper[0], upper[1], upper[2])
        i = self.village_index(code)
        if i is None:
            return None
        return Region(code, self.v_names[i], "village", district_of(code))

    def village_index(self, code: str) -> int | None:
        i = bisect.bisect_left(self.v_codes, code)
        return i if i < len(self.v_codes) and self.v_codes[i] == code else None

    def children(self, code: str) -> list[Region]:
        upper = self._upper.get(code)
        if upper is not None and upper[1] == "district":
            lo = bisect.bisect_left(self.v_codes, code + ".")
            hi = bisect.bisect_left(self.v_codes, code + "/")  # "/" sorts right after "."
            return [
                Region(self.v_codes[i], self.v_names[i], "village", code) for i in range(lo, hi)
            ]
        return [r for c in self._children.get(code, []) if (r := self.region(c)) is not None]

    def counts(self) -> dict[str, int]:
        levels = [level for _, level, _ in self._upper.values()]
        return {
            "province": levels.count("province"),
            "regency": levels.count("regency"),
            "district": levels.count("district"),
            "village": len(self.v_codes),
        }

    def village_hit(self, i: int) -> VillageHit:
        code, name = self.v_codes[i], self.v_names[i]
        district = district_of(code)
        d_name, _, regency = self._upper[district]
        r_name, _, province = self._upper[regency]
        p_name = self._upper[province][0]
        kind = "kelurahan" if code.rsplit(".", 1)[-1].startswith("1") else "desa"
        label = f"{name}, Kec. {d_name}, {short_regency(r_name)}, {p_name}"
        return VillageHit(
            code, name, kind, district, d_name, regency, r_name, province, p_name, label
        )

    # -- type-ahead --------------------------------------------------------------------------
    def prepare_search(self) -> None:
        """Build the type-ahead index now (≈0.1–0.3 s); call it off the GUI thread."""
        from kiosk.reference.village_index import VillageIndex

        with self._lock:
            if self._search is None:
                index = VillageIndex(self)
                index.warm()
                self._search = index

    def search_villages(self, text: str, limit: int = 20) -> list[VillageHit]:
        """Up to ``limit`` (at most ``SCAN_CAP``) villages, best first; see the module docstring."""
        query = fold(text[:200])
        limit = min(limit, SCAN_CAP)
        if not query or limit <= 0:
            return []
        self.prepare_search()
        assert self._search is not None
        return [self.village_hit(i) for i in self._search.find(query, limit)]
