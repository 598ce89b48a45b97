"""The kiosk's read thread parses stored contents with orjson (kiosk.sync.push_read._parsed): the
value must be exactly the standard library's, types included, or the standard library's error."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.model import canonical_json
from kiosk.sync.push_read import _parsed

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # also beyond 64 bits
    | st.floats(allow_infinity=False)  # NaN included: orjson refuses it, json reads it
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _same(a: object, b: object) -> bool:
    """Equal values of equal types all the way down (1 == 1.0 and NaN != NaN are not enough)."""
    if isinstance(a, float) and isinstance(b, float):
        return repr(a) == repr(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


@settings(max_examples=200)
@given(json_values, st.booleans())
def test_parsed_is_the_standard_librarys_value(value: object, canonical: bool) -> None:
    raw = canonical_json({"v": value}) if canonical else json.dumps({"v": value}).encode()
    assert _same(_parsed(raw), json.loads(raw))


def test_what_orjson_reads_otherwise_is_read_by_the_standard_library() -> None:
    for raw in (b'{"n": 123456789012345678901234567890}', b'{"n": -18446744073709551616}',
                b'{"x": NaN}', b'["\\ud800"]', b"[1e400]"):  # fmt: skip
        assert _same(_parsed(raw), json.loads(raw))


def test_bytes_that_are_not_json_raise_as_before() -> None:
    with pytest.raises(json.JSONDecodeError):
        _parsed(b'{"a": ')
