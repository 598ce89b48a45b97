"""kiosk.documents.envelope_header gives exactly the standard library's answers: the header's
parse is ``json.loads``'s, the associated data is the canonical ``json.dumps`` of the core, for
the usual header and for odd ones alike (an odd one goes the standard way)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.documents import envelope as env
from kiosk.documents import envelope_header


def _standard_aad(header: dict[str, Any]) -> bytes:
    core = {k: v for k, v in header.items() if k != "recipients"}
    return b"kiosk-document-v1|" + json.dumps(core, sort_keys=True, separators=(",", ":")).encode()


_values = st.one_of(
    st.text(max_size=12), st.text(alphabet='ab"\\\x7f\x1f\n/é\u2028', max_size=6),
    st.integers(min_value=-(2**70), max_value=2**70), st.booleans(), st.none(),
    st.floats(allow_nan=False), st.just("image/jpeg"),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    values=st.fixed_dictionaries(
        {k: _values for k in ("alg", "media_type", "nonce", "sha256", "size", "v")}
    ),
    extra=st.dictionaries(st.sampled_from(["recipients", "x", "Size"]), _values, max_size=2),
)
def test_the_associated_data_is_the_canonical_json_of_the_core(
    values: dict[str, Any], extra: dict[str, Any]
) -> None:
    header = {**values, **extra}
    assert env._aad(header) == _standard_aad(header)


def test_the_usual_header_takes_the_direct_path() -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    sealed = env.seal_document(b"page", [X25519PrivateKey.generate().public_key()])
    header, _ = env._unpack(sealed)
    assert envelope_header.core_aad(header) == _standard_aad(header)
    assert envelope_header.core_aad({**header, "size": True}) is None  # json writes true
    assert envelope_header.core_aad({**header, "media_type": "a\x7f"}) is None  # escaped


_json = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(min_value=-(2**80), max_value=2**80),
        st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(value=_json)
def test_the_parse_is_json_loads(value: Any) -> None:
    raw = json.dumps(value).encode()
    assert _same(envelope_header.parse(raw), json.loads(raw))


@pytest.mark.parametrize(
    "raw",
    [
        b'{"size":123456789012345678901234}', b'{"a":1,"a":2}', b'{"a":NaN}', b'{"a":1e400}',
        b'\xef\xbb\xbf{"a":1}', b'{"a":"\\ud800"}', b'{"a":-0}', b'{"a":1.0}',
    ],
)  # fmt: skip
def test_the_parse_of_what_orjson_reads_otherwise_is_json_loads(raw: bytes) -> None:
    assert _same(envelope_header.parse(raw), json.loads(raw))


@pytest.mark.parametrize("raw", [b"{", b'{"a":}', b"\xff", b""])
def test_a_broken_header_fails_as_json_loads_fails(raw: bytes) -> None:
    with pytest.raises(ValueError):
        json.loads(raw)
    with pytest.raises(ValueError):
        envelope_header.parse(raw)


def _same(a: Any, b: Any) -> bool:
    """Equal, of the same types all the way down (1 and 1.0 differ; NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)
