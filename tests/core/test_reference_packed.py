"""The packed string tables behind the village data: same answers as a list of strings."""

from __future__ import annotations

import bisect
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.reference.packed import Packed, Reordered

items = st.lists(st.text(alphabet=st.characters(blacklist_characters="\n"), max_size=12))


@settings(max_examples=200)
@given(items)
def test_packed_reads_back_like_the_list(values: list[str]) -> None:
    packed = Packed(values)
    assert len(packed) == len(values)
    assert list(packed) == values == packed.to_list()
    assert [packed[i] for i in range(len(values))] == values
    assert [packed[-i] for i in range(1, len(values) + 1)] == [
        values[-i] for i in range(1, 1 + len(values))
    ]
    assert packed[1:-1] == values[1:-1] and packed[::2] == values[::2]
    with pytest.raises(IndexError):
        packed[len(values)]


@settings(max_examples=200)
@given(items, st.text(alphabet="ab ", min_size=1, max_size=3), st.integers(1, 5))
def test_find_all_is_the_first_matches_in_order(values: list[str], pattern: str, cap: int) -> None:
    packed = Packed(values)
    assert packed.find_all(pattern, cap) == [i for i, v in enumerate(values) if pattern in v][:cap]


def test_a_separator_inside_an_item_is_refused() -> None:
    with pytest.raises(ValueError):
        Packed(["Sido\nRejo"])


@given(st.lists(st.text(alphabet="abc", max_size=4), min_size=1))
def test_reordered_view_supports_binary_search(values: list[str]) -> None:
    order = array("i", sorted(range(len(values)), key=values.__getitem__))
    view = Reordered(Packed(values), order)
    ordered = sorted(values)
    assert [view[k] for k in range(len(view))] == ordered
    for probe in ("", "a", "b", "bb", "c", "d"):
        assert bisect.bisect_left(view, probe) == bisect.bisect_left(ordered, probe)
