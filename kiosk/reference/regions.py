"""Indonesia's administrative regions (Kemendagri codes): tables, look-ups, village type-ahead.

Villages are kept as parallel lists (code, name, district) rather than 83,762 objects: loading stays
well under 300 ms and memory small; :class:`Region` objects are made on demand.

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
import itertools
import logging
import re
import string
import threading
from dataclasses import dataclass

from kiosk.domain.text import fold as slow_fold
from kiosk.reference.datasets import DatasetSource, read_rows

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
    """Search form (same result as :func:`kiosk.domain.text.fold`, fast path for ASCII)."""
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
        rows = read_rows(source, "villages.csv")
        if any(a[0] >= b[0] for a, b in itertools.pairwise(rows)):
            rows = sorted({r[0]: r for r in rows}.values())  # an update not in code order
        known = len(rows)
        rows = [r for r in rows if r[0][: r[0].rfind(".")] in self._upper]
        if len(rows) != known:  # a damaged update: never fail on a village without district
            log.warning("%d villages without a known district ignored", known - len(rows))
        # Sorted by code, a district's villages are one run: look-ups are binary searches, no
        # 83,762-entry dicts to build at start-up. A village's code starts with its district's.
        self.v_codes: list[str] = [r[0] for r in rows]
        self.v_districts: list[str] = [r[0][: r[0].rfind(".")] for r in rows]
        self.v_names: list[str] = [r[2] for r in rows]
        self._lock = threading.Lock()
        self._search: _VillageIndex | None = None

    # -- look-ups ----------------------------------------------------------------------------
    def region(self, code: str) -> Region | None:
        upper = self._upper.get(code)
        if upper is not None:
            return Region(code, upper[0], upper[1], upper[2])
        i = self.village_index(code)
        if i is None:
            return None
        return Region(code, self.v_names[i], "village", self.v_districts[i])

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
        code, name, district = self.v_codes[i], self.v_names[i], self.v_districts[i]
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
        with self._lock:
            if self._search is None:
                index = _VillageIndex(self)
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


def _join(lines: list[str]) -> tuple[str, list[int]]:
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return "\n".join(lines) + "\n", starts


class _VillageIndex:
    def __init__(self, regions: Regions) -> None:
        self._regions = regions
        self.names = fold_many(regions.v_names)
        self.spaced = [" " + n for n in self.names]
        # Villages are in code order, and sorted() is stable: equal names stay in code order.
        self.sorted_ids = sorted(range(len(self.names)), key=self.names.__getitem__)
        self.sorted_names = [self.names[i] for i in self.sorted_ids]
        self._paths: list[str] | None = None
        self._names_joined: tuple[str, list[int]] | None = None
        self._paths_joined: tuple[str, list[int]] | None = None

    @property
    def paths(self) -> list[str]:
        """`` village district regency province`` folded; built on the first multi-word query."""
        if self._paths is None:
            r = self._regions
            upper = dict(zip(r._upper, fold_many([v[0] for v in r._upper.values()]), strict=True))
            parent = {code: v[2] for code, v in r._upper.items()}
            line = {
                d: f"{upper[d]} {upper[parent[d]]} {upper[parent[parent[d]]]}"
                for d in set(r.v_districts)
            }
            self._paths = [
                f"{s} {line[d]}" for s, d in zip(self.spaced, r.v_districts, strict=True)
            ]
        return self._paths

    def find(self, query: str, limit: int) -> list[int]:
        hits: list[int] = []
        seen: set[int] = set()

        def take(candidates: list[int]) -> bool:
            for i in candidates:
                if i not in seen:
                    seen.add(i)
                    hits.append(i)
                    if len(hits) >= limit:
                        return True
            return False

        lo = bisect.bisect_left(self.sorted_names, query)
        hi = lo
        while hi < len(self.sorted_names) and hi - lo < limit + len(seen) + 1:
            if not self.sorted_names[hi].startswith(query):
                break
            hi += 1
        if take(self.sorted_ids[lo:hi]):
            return hits
        if take(self._sorted(self._scan(self._names_blob, " " + query))):
            return hits
        tokens = [" " + t for t in query.split()]
        first, rest = tokens[0], tokens[1:]
        candidates = self._scan(self._paths_blob, first)
        if rest:
            paths = self.paths
            candidates = [i for i in candidates if all(t in paths[i] for t in rest)]
        if take(self._sorted(candidates)):
            return hits
        if take(self._sorted(self._scan(self._names_blob, query))) or hits:
            return hits
        take(self._similar(query, limit))
        return hits

    def _similar(self, query: str, limit: int) -> list[int]:
        """Misspellings, only when nothing else matched: "sebengkog" finds "Sebengkok"."""
        from rapidfuzz import fuzz, process  # C++; ~5-15 ms over all village names

        found = process.extract(
            query, self.names, scorer=fuzz.ratio, limit=limit, score_cutoff=SIMILAR_CUTOFF
        )
        return [i for _, _, i in sorted(found, key=lambda f: (-f[1], self.names[f[2]]))]

    def warm(self) -> None:
        _ = self._names_blob, self._paths_blob

    def _scan(self, blob: tuple[str, list[int]], pattern: str) -> list[int]:
        """Indexes of the lines of ``blob`` containing ``pattern`` (at most SCAN_CAP, in order).

        ``str.find`` over one joined string runs in C; jumping to the next line after a hit keeps
        the Python loop to one turn per matching village.
        """
        text, starts = blob
        found: list[int] = []
        pos = text.find(pattern)
        while pos != -1 and len(found) < SCAN_CAP:
            line = bisect.bisect_right(starts, pos) - 1
            found.append(line)
            if line + 1 >= len(starts):
                break
            pos = text.find(pattern, starts[line + 1])
        return found

    @property
    def _names_blob(self) -> tuple[str, list[int]]:
        if self._names_joined is None:
            self._names_joined = _join(self.spaced)
        return self._names_joined

    @property
    def _paths_blob(self) -> tuple[str, list[int]]:
        if self._paths_joined is None:
            self._paths_joined = _join(self.paths)
        return self._paths_joined

    def _sorted(self, ids: list[int]) -> list[int]:
        return sorted(ids, key=lambda i: self.names[i])
