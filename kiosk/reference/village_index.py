"""The village type-ahead index of :class:`kiosk.reference.regions.Regions` (ranking rules in
that module's docstring). Built once per process, off the GUI thread (``prepare_search``).

Every table is packed (:mod:`kiosk.reference.packed`), so the index costs a few MB rather than the
~25 MB of per-village Python strings it once took; scans run in C (``str.find``) over joined text.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, overload

from kiosk.reference.packed import Packed, Reordered
from kiosk.reference.regions import SCAN_CAP, SIMILAR_CUTOFF, district_of, fold_many

if TYPE_CHECKING:
    from kiosk.reference.regions import Regions


class VillageIndex:
    """The type-ahead's tables, all packed (see :mod:`kiosk.reference.packed`):

    - ``spaced``: `` <folded name>`` per village, in code order ("word starts" are " " + word);
    - ``sorted_ids`` (``array('i')``): village indexes in folded-name order, for the prefix tier,
      and ``rank`` its inverse (sorting hits by rank = by name, then code, at C speed);
    - ``districts``: `` <district> <regency> <province>`` folded per district, for queries that
      name the place (a village's path is its spaced name + its district's line).
    """

    def __init__(self, regions: Regions) -> None:
        self._regions = regions
        names = fold_many(list(regions.v_names))
        # Villages are in code order, and sorted() is stable: equal names stay in code order.
        self.sorted_ids = array("i", sorted(range(len(names)), key=names.__getitem__))
        self.rank = array("i", bytes(4 * len(names)))  # village -> its place in name order
        for place, i in enumerate(self.sorted_ids):
            self.rank[i] = place
        self.spaced = Packed(" " + n for n in names)
        del names
        self.sorted_names = Reordered(_Unspaced(self.spaced), self.sorted_ids)
        self._districts: tuple[Packed, array] | None = None

    @property
    def districts(self) -> tuple[Packed, array]:
        """Per district with villages, in code order: `` district regency province`` folded
        (``lines``), and the index of its first village (``firsts``, one more entry at the end:
        a district's villages are one run of the code order). Built with the index (``warm``).

        A village's full path line `` village district regency province`` is its ``spaced`` name
        followed by its district's line; a query word (`` word``, no inner space) is in that line
        exactly when it is in one of the two parts, so the 83,762 path lines are never built.
        """
        if self._districts is None:
            r = self._regions
            upper = dict(zip(r._upper, fold_many([v[0] for v in r._upper.values()]), strict=True))
            parent = {code: v[2] for code, v in r._upper.items()}
            lines: list[str] = []
            firsts = array("i")
            previous = None
            for i, code in enumerate(r.v_codes):
                d = district_of(code)
                if d != previous:
                    previous = d
                    firsts.append(i)
                    lines.append(f" {upper[d]} {upper[parent[d]]} {upper[parent[parent[d]]]}")
            firsts.append(len(r.v_codes))
            self._districts = (Packed(lines), firsts)
        return self._districts

    def _path_matches(self, word: str, cap: int) -> list[int]:
        """The first ``cap`` villages (code order) whose full path line contains ``word``."""
        names = self.spaced.find_all(word, cap)  # enough: see the end of the loop
        lines, firsts = self.districts
        found: list[int] = []
        a = 0
        for k in lines.find_all(word, len(lines)):
            lo, hi = firsts[k], firsts[k + 1]
            while a < len(names) and names[a] < lo and len(found) < cap:
                found.append(names[a])
                a += 1
            found.extend(range(lo, min(hi, lo + cap - len(found))))
            if len(found) >= cap:
                return found
            while a < len(names) and names[a] < hi:  # inside the district's run: already in
                a += 1
        # Name hits beyond the first ``cap`` come after ``cap`` others: never needed.
        found.extend(names[a : a + cap - len(found)])
        return found

    def _in_path(self, i: int, words: list[str]) -> bool:
        spaced, (lines, firsts) = self.spaced, self.districts
        name = spaced.text[spaced.starts[i] : spaced.starts[i + 1]]
        k = bisect.bisect_right(firsts, i) - 1
        district = lines.text[lines.starts[k] : lines.starts[k + 1]]
        return all(w in name or w in district for w in words)

    def find(self, query: str, limit: int) -> list[int]:
        hits: list[int] = []
        seen: set[int] = set()

        def take(candidates: Iterable[int]) -> bool:
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
        if take(self._sorted(self.spaced.find_all(" " + query, SCAN_CAP))):
            return hits
        tokens = [" " + t for t in query.split()]
        first, rest = tokens[0], tokens[1:]
        candidates = self._path_matches(first, SCAN_CAP)
        if rest:
            candidates = [i for i in candidates if self._in_path(i, rest)]
        if take(self._sorted(candidates)):
            return hits
        if take(self._sorted(self.spaced.find_all(query, SCAN_CAP))) or hits:
            return hits
        take(self._similar(query, limit))
        return hits

    def _similar(self, query: str, limit: int) -> list[int]:
        """Misspellings, only when nothing else matched: "sebengkog" finds "Sebengkok"."""
        from rapidfuzz import fuzz, process  # C++; ~5-15 ms over all village names

        text = self.spaced.text  # " name\n name\n": one split gives the names, unspaced
        names = text[1:-1].split("\n ") if text else []  # temporary, for rapidfuzz
        found = process.extract(
            query, names, scorer=fuzz.ratio, limit=limit, score_cutoff=SIMILAR_CUTOFF
        )
        return [i for _, _, i in sorted(found, key=lambda f: (-f[1], names[f[2]]))]

    def warm(self) -> None:
        _ = self.districts

    def _sorted(self, ids: list[int]) -> list[int]:
        """By folded name; equal names in code order (``ids`` come in code order)."""
        return sorted(ids, key=self.rank.__getitem__)


class _Unspaced(Sequence[str]):
    """The folded names without their leading space (what the prefix tier compares)."""

    __slots__ = ("spaced",)

    def __init__(self, spaced: Packed) -> None:
        self.spaced = spaced

    def __len__(self) -> int:
        return len(self.spaced)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):  # each name unspaced (bisect reads single items only)
            return [name[1:] for name in self.spaced[index]]
        return self.spaced[index][1:]
