"""The orjson fast path (kiosk.central.fastjson) must answer exactly as the standard library:
the same parsed values, the same canonical text (so the same hashes and stored bytes)."""

from __future__ import annotations

import hashlib
import json
import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.central.fastjson import _may_hold_big_integer, canonical_text, loads
from kiosk.domain.model import canonical_json
from tests.central.helpers import Central, registration
from tests.central.test_central_push import outcomes, stored_versions

TRICKY_FLOATS = [1e-05, 0.0001, 1e16, 1.2345678901234568e17, -0.0, 5e-324, 0.1, 15000.0, 1e300]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # also beyond 64 bits
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def stdlib_canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@settings(max_examples=50)
@given(json_values, st.booleans())
def test_loads_and_canonical_text_agree_with_the_standard_library(value, ascii_body) -> None:
    body = json.dumps({"v": value}, ensure_ascii=ascii_body).encode()
    parsed, exact = loads(body)
    expected = json.loads(body)
    # same values and same types (1 and 1.0 compare equal, their JSON does not)
    assert stdlib_canonical(parsed) == stdlib_canonical(expected)
    assert canonical_text(parsed, exact=exact) == stdlib_canonical(expected)


def test_what_orjson_cannot_read_exactly_goes_to_the_standard_library() -> None:
    for body in (b'{"seq": 123456789012345678901234567890}', b"[NaN]", b'["\\ud800"]', b"[1e400]"):
        parsed, exact = loads(body)
        assert not exact
        assert repr(parsed) == repr(json.loads(body))
    assert loads(b'{"h": "0123456789012345678901234567890123456789"}')[1]  # digits in a string


def test_canonical_text_of_tricky_floats_is_the_kiosks_canonical_json() -> None:
    content = {"floats": TRICKY_FLOATS, "text": 'é\u2028\x00"\\/ 😀', "z": {"b": 1, "a": None}}
    parsed, exact = loads(json.dumps(content).encode())
    assert exact
    assert canonical_text(parsed, exact=True).encode() == canonical_json(content)


def test_pushed_floats_and_big_integers_are_stored_as_the_kiosk_hashed_them(
    central: Central, monkeypatch
) -> None:
    from kiosk.central import checks

    parsers: list[bool] = []  # which parser read each pushed item (the push route's orjson hook)

    def spy(content: dict, *, exact: bool) -> str:
        parsers.append(exact)
        return canonical_text(content, exact=exact)

    monkeypatch.setattr(checks, "canonical_text", spy)
    kiosk = central.enroll()
    for seq, exact in ((7, True), (2**70, False)):  # orjson, then the standard library
        parsers.clear()
        reg = registration(kiosk.kiosk_code)
        content = reg.content()
        content["business"]["ratios"] = TRICKY_FLOATS  # extra keys are kept as they are
        digest = hashlib.sha256(canonical_json(content)).hexdigest()
        answer = kiosk.push(kiosk.item(reg, content=content, content_hash=digest, seq=seq))
        assert outcomes(answer) == ["stored"]
        assert parsers == [exact]
        assert answer.json()["results"][0]["seq"] == seq
        [(_, stored_hash, text)] = stored_versions(central, reg.id)
        assert stored_hash == digest
        assert text.encode() == canonical_json(content)
        assert math.copysign(1, json.loads(text)["business"]["ratios"][4]) == -1  # -0.0 kept


def _big_integer_reference(body: bytes) -> bool:
    """The rule, written plainly: a run of 19+ digits right after ``:``, ``,`` or ``[`` (spaces
    and a minus sign between)."""
    for run in re.finditer(rb"\d{19,}", body):
        before = body[max(0, run.start() - 64) : run.start()].rstrip(b" \t\r\n-")
        if not before or before[-1:] in (b":", b",", b"["):
            return True
    return False


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [b"0", b"7", b"9" * 19, b"1" * 25, b":", b",", b"[", b" ", b"-", b'"', b"a"]
        ),
        max_size=40,
    ).map(b"".join)
)
def test_the_big_integer_scan_finds_what_the_plain_rule_finds(body: bytes) -> None:
    assert _may_hold_big_integer(body) == _big_integer_reference(body)


def test_the_big_integer_scan_looks_past_digit_runs_inside_strings() -> None:
    digest = '"' + "0123456789" * 3 + '"'  # a run of 30 digits inside a string
    body = ('{"a":[' + ",".join([digest] * 50) + '],"b":12345678901234567890}').encode()
    assert _may_hold_big_integer(body)
    assert not _may_hold_big_integer(body.replace(b"12345678901234567890", b"1"))
