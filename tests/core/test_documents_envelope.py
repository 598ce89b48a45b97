"""The envelope: per-document AES-256-GCM key, wrapped per recipient with X25519 + HKDF."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.documents import envelope as env
from kiosk.security.keys import key_id

LOCAL = X25519PrivateKey.generate()
CENTRAL = X25519PrivateKey.generate()


@settings(max_examples=25)
@given(st.binary(max_size=4096), st.sampled_from(["image/jpeg", "image/png"]))
def test_round_trip_for_any_bytes(data: bytes, media_type: str) -> None:
    sealed = env.seal_document(data, [LOCAL.public_key()], media_type)
    assert env.open_document(sealed, LOCAL) == data
    info = env.inspect(sealed)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.media_type == media_type
    assert info.recipients == (key_id(LOCAL.public_key()),)


def test_plaintext_is_not_in_the_envelope_and_keys_are_fresh() -> None:
    data = b"NIK 3174012345678901 " * 50
    a = env.seal_document(data, [LOCAL.public_key()])
    b = env.seal_document(data, [LOCAL.public_key()])
    assert b"3174012345678901" not in a
    assert a[-200:] != b[-200:]  # a fresh key and nonce each time: same page, other ciphertext


def test_each_recipient_opens_it_and_others_cannot() -> None:
    sealed = env.seal_document(b"page", [LOCAL.public_key(), CENTRAL.public_key()])
    assert env.open_document(sealed, LOCAL) == b"page"
    assert env.open_document(sealed, CENTRAL) == b"page"
    with pytest.raises(env.NotARecipient):
        env.open_document(sealed, X25519PrivateKey.generate())


@pytest.mark.parametrize("where", ["ciphertext", "header", "wrap"])
def test_tampering_is_detected(where: str) -> None:
    sealed = bytearray(env.seal_document(b"x" * 100, [LOCAL.public_key()], "image/jpeg"))
    if where == "ciphertext":
        sealed[-20] ^= 1
    elif where == "header":
        i = bytes(sealed).index(b"image/jpeg")
        sealed[i : i + 10] = b"image/jpex"
    else:
        i = bytes(sealed).index(b'"wrapped":"') + 12
        sealed[i] = ord("A") if sealed[i] != ord("A") else ord("B")
    with pytest.raises(env.EnvelopeError):
        env.open_document(bytes(sealed), LOCAL)


def test_truncated_and_foreign_bytes_are_rejected() -> None:
    sealed = env.seal_document(b"y" * 1000, [LOCAL.public_key()])
    for bad in (sealed[:-1], sealed[:30], b"", b"%PDF-1.4 not an envelope"):
        with pytest.raises(env.EnvelopeError):
            env.inspect(bad)


def test_rewrap_adds_the_central_and_drop_removes_the_local_key() -> None:
    sealed = env.seal_document(b"deed page", [LOCAL.public_key()])
    with pytest.raises(env.NotARecipient):
        env.open_document(sealed, CENTRAL)
    both = env.rewrap(sealed, LOCAL, [CENTRAL.public_key()])
    assert env.open_document(both, CENTRAL) == b"deed page"
    central_only = env.drop_recipient(both, key_id(LOCAL.public_key()))
    assert env.open_document(central_only, CENTRAL) == b"deed page"
    with pytest.raises(env.NotARecipient):
        env.open_document(central_only, LOCAL)
    with pytest.raises(env.EnvelopeError):
        env.drop_recipient(central_only, key_id(CENTRAL.public_key()))  # never lose the last key


@settings(max_examples=30, deadline=None)
@given(shared=st.binary(min_size=32, max_size=32), epk=st.binary(min_size=32, max_size=32))
def test_the_key_derivation_is_hkdf_sha256(shared: bytes, epk: bytes) -> None:
    """The two-HMAC derivation equals ``cryptography``'s HKDF with the same salt and info, so
    envelopes sealed before and after it open alike."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    recipient = bytes(reversed(epk))
    expected = HKDF(
        hashes.SHA256(), length=32, salt=epk + recipient, info=b"kiosk-document-key-wrap-v1"
    ).derive(shared)
    assert env._kek(shared, epk, recipient) == expected


def test_the_key_agreement_is_x25519_and_refuses_bad_points() -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    mine, theirs = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    opener = env._opener(mine)
    their_raw = env._raw(theirs.public_key())
    assert env._exchange(opener.secret, their_raw) == mine.exchange(
        X25519PublicKey.from_public_bytes(their_raw)
    )
    assert opener.kid == key_id(mine.public_key()) and env._opener(mine) is opener
    for bad in (b"\0" * 32, b"\1" + b"\0" * 31, their_raw[:31]):  # small order, wrong length
        with pytest.raises(ValueError):
            env._exchange(opener.secret, bad)
    sealed = env.seal_document(b"page", [theirs.public_key()])
    header, body = env._unpack(sealed)
    header["recipients"][0]["epk"] = env._b64(b"\0" * 32)  # an envelope with a small-order key
    with pytest.raises(env.EnvelopeError):
        env.open_document(env._pack(header, body), theirs)


def _sealed_with_header(change: dict[str, object], recipient: X25519PrivateKey) -> bytes:
    """An envelope whose header carries ``change`` and whose wrap still opens: what only a holder
    of the content key (a kiosk) can make, wrapped over the changed header's associated data."""
    sealed = env.seal_document(b"page bytes", [recipient.public_key()])
    header, body = env._unpack(sealed)
    content_key = env._content_key(header, recipient, None)
    header.update(change)
    header.pop("recipients")
    header["recipients"] = [env._wrap(content_key, recipient.public_key(), env._aad(header))]
    return env._pack(header, body)


@pytest.mark.parametrize(
    "change",
    [{"nonce": env._b64(b"short")}, {"nonce": 7}, {"nonce": "not base64!"}, {"sha256": None}],
)
def test_a_header_whose_wrap_opens_but_whose_content_fields_are_malformed_is_refused(
    change: dict[str, object],
) -> None:
    """Before, a nonce of the wrong length (AESGCM's ValueError) escaped as a plain ValueError:
    the central answered 500 to an upload instead of refusing the page."""
    with pytest.raises(env.EnvelopeError):
        env.open_document(_sealed_with_header(change, CENTRAL), CENTRAL)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


_GONE = object()  # the field left out


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["size", "nonce", "sha256", "recipients", "media_type", "v", "alg"]),
    st.just(_GONE) | _JSON,
    st.sampled_from(["kid", "epk", "nonce", "wrapped", None]),
)
def test_any_header_value_from_a_sender_gives_the_page_or_an_envelope_error(
    field: str, value: object, entry_field: str | None
) -> None:
    """An uploaded envelope is anybody's bytes until its wrap opens: whatever JSON a header field
    or a recipient's field holds, or if it is left out, opening (and inspecting) answers the page
    or EnvelopeError, never another exception (which the central would turn into a 500)."""
    sealed = env.seal_document(b"page bytes", [CENTRAL.public_key()])
    header, body = env._unpack(sealed)
    target = header if entry_field is None else header["recipients"][0]
    key = field if entry_field is None else entry_field
    if value is _GONE:
        target.pop(key, None)
    else:
        target[key] = value
    try:
        envelope = env._pack(header, body)
    except (TypeError, ValueError):
        return  # not representable as the canonical JSON a sender could send
    try:
        plaintext, info = env.open_with_info(envelope, CENTRAL)
    except env.EnvelopeError:
        pass
    else:
        assert plaintext == b"page bytes" and info.recipients == (key_id(CENTRAL.public_key()),)
    try:
        env.inspect(envelope)
    except env.EnvelopeError:
        pass
