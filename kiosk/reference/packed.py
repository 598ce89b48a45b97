"""Many short strings kept as one string plus an array of offsets.

Why: the village tables hold 83,762 codes, names and folded search lines. As Python ``str``
objects each costs ~50 bytes of header plus a list slot, and the temporaries of building them
leave the allocator's arenas fragmented, so the reference data alone took ~60 MB of a desk's
memory. Joined, a name costs its characters plus one separator and four bytes of offset, and an
item is sliced out only when it is asked for (look-ups and the few hits a search returns).

The joined text is also what the type-ahead scans with ``str.find`` (C speed): items are separated
by ``SEP``, so a hit's position maps back to its item with one binary search in :attr:`starts`.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

SEP = "\n"  # never inside an item (CSV names are one line; checked on build)


class Packed(Sequence[str]):
    """A read-only sequence of strings: ``text`` = item₀ SEP item₁ SEP … itemₙ₋₁ SEP, and
    ``starts[i]`` the offset of item ``i`` (``starts[n]`` = ``len(text)``)."""

    __slots__ = ("starts", "text")

    def __init__(self, items: Iterable[str]) -> None:
        parts = list(items)
        if any(SEP in item for item in parts):
            raise ValueError("an item contains the separator")
        starts = array("I", [0]) if len(parts) < 2**31 else array("L", [0])
        pos = 0
        for item in parts:
            pos += len(item) + 1
            starts.append(pos)
        self.text = SEP.join(parts) + SEP if parts else ""
        self.starts = starts

    def __len__(self) -> int:
        return len(self.starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("Packed index out of range")
        return self.text[self.starts[index] : self.starts[index + 1] - 1]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_list())

    def to_list(self) -> list[str]:
        """Every item as a list (one C-level split; for whole-table work such as fuzzy search)."""
        return self.text[:-1].split(SEP) if self.text else []

    def find_all(self, pattern: str, cap: int) -> list[int]:
        """Indexes of the items containing ``pattern`` (at most ``cap``, in order).

        ``str.find`` runs in C over the joined text; jumping to the next item after a hit keeps
        the Python loop to one turn per matching item.
        """
        text, starts = self.text, self.starts
        found: list[int] = []
        pos = text.find(pattern)
        while pos != -1 and len(found) < cap:
            line = bisect.bisect_right(starts, pos) - 1
            found.append(line)
            if line + 1 >= len(starts) - 1:
                break
            pos = text.find(pattern, starts[line + 1])
        return found


class Reordered(Sequence[str]):
    """``base`` seen through a permutation (``order[k]`` is the index in ``base`` of item ``k``):
    the folded village names in sorted order for :func:`bisect.bisect_left`, without a copy."""

    __slots__ = ("base", "order")

    def __init__(self, base: Sequence[str], order: array) -> None:
        self.base = base
        self.order = order

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self.base[i] for i in self.order[index]]
        return self.base[self.order[index]]
