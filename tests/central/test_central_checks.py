"""Property tests of the central's item checks (everything a kiosk sends is untrusted text):
whatever arrives, a check either accepts the item or answers ``ItemInvalid`` with a stable code —
it never raises anything else (which would become a 5xx) — and what it accepts is storable."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import protocol as p
from kiosk.central.checks import ItemInvalid, check_item, identifiers
from kiosk.central.enrolment import ALPHABET, new_code, normalize_code
from kiosk.domain.model import DocumentRef, PageRef, Registration, canonical_json

CODES = {p.PUSH_ITEM_INVALID, p.PUSH_HASH_MISMATCH, p.PUSH_CONTENT_INVALID}
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def valid_item(reg: Registration) -> p.PushItem:
    pages = sorted({page.sha256 for doc in reg.documents for page in doc.pages})
    return p.PushItem(
        seq=1,
        registration_id=reg.id,
        reg_no=reg.reg_no,
        version=reg.version,
        content_hash=reg.content_hash(),
        content=reg.content(),
        page_hashes=pages,
    )


@settings(max_examples=60)
@given(
    name=st.text(max_size=40),
    nik=st.text(alphabet="0123456789 .-", max_size=20),
    pages=st.lists(st.binary(min_size=1, max_size=8), max_size=3),
)
def test_any_well_formed_registration_is_accepted(name: str, nik: str, pages: list[bytes]) -> None:
    reg = Registration(reg_no="SMR1-20261125-0001")
    reg.business.name, reg.owner.nik = name, nik
    reg.documents = [
        DocumentRef(pages=[PageRef(sha256=hashlib.sha256(b).hexdigest()) for b in pages])
    ]
    try:
        checked = check_item(0, valid_item(reg))
    except ItemInvalid as exc:  # only a lone surrogate in the name may be refused
        assert exc.code == p.PUSH_CONTENT_INVALID
        assert any(0xD800 <= ord(ch) <= 0xDFFF for ch in name)
        return
    assert checked.canonical.encode() == canonical_json(reg.content())
    assert set(checked.pages) == {hashlib.sha256(b).hexdigest() for b in pages}
    digits = "".join(ch for ch in nik if ch.isdigit())
    assert checked.identifiers.get("nik") == (digits if len(digits) == 16 else None)


@settings(max_examples=150)
@given(
    content=st.dictionaries(st.text(max_size=10), json_values, max_size=6),
    registration_id=st.text(max_size=40),
    reg_no=st.text(max_size=70),
    version=st.integers(),
    status=st.text(max_size=20),
    pages=st.lists(st.text(max_size=70), max_size=3),
    use_real_hash=st.booleans(),
)
def test_arbitrary_items_are_accepted_or_refused_with_a_stable_code(
    content, registration_id, reg_no, version, status, pages, use_real_hash
) -> None:
    try:
        digest = hashlib.sha256(
            json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        ).hexdigest()
    except (ValueError, UnicodeError):
        digest = "0" * 64
    item = p.PushItem(
        seq=0,
        registration_id=registration_id,
        reg_no=reg_no,
        version=version,
        content_hash=digest if use_real_hash else "f" * 64,
        content=content,
        status=status,
        page_hashes=pages,
    )
    try:
        checked = check_item(0, item)
    except ItemInvalid as exc:
        assert exc.code in CODES and exc.message
        return
    json.loads(checked.canonical)  # accepted content is storable JSON
    identifiers(content)


@settings(max_examples=50)
@given(st.text(max_size=30))
def test_enrolment_code_normalisation_is_stable(text: str) -> None:
    once = normalize_code(text)
    assert normalize_code(once) == once
    assert "-" not in once and " " not in once


def test_new_codes_are_typable() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 14 and code.count("-") == 2
        assert set(normalize_code(code)) <= set(ALPHABET)
