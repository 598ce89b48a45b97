"""Envelope wraps sharing an ephemeral key per window (kiosk.documents.wrap_keys): the epk is
reused within a window and rotated after it, the opening cache is bounded, envelopes of either
kind open with either code, and a damaged or moved wrap still fails."""

from __future__ import annotations

import base64
import hashlib
import os
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.documents import envelope as env
from kiosk.documents import wrap_keys
from kiosk.security.keys import key_id

_INFO = b"kiosk-document-key-wrap-v1"


@pytest.fixture
def fresh_caches(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[wrap_keys.SealingKeks, wrap_keys.OpeningKeks, list[float]]:
    """Windows of three wraps or a minute (on a clock the test moves), a cache of four KEKs."""
    now = [0.0]
    sealing = wrap_keys.SealingKeks(max_wraps=3, max_seconds=60.0, clock=lambda: now[0])
    opening = wrap_keys.OpeningKeks(entries=4)
    monkeypatch.setattr(wrap_keys, "SEALING", sealing)
    monkeypatch.setattr(wrap_keys, "OPENING", opening)
    return sealing, opening, now


def _wraps(envelope: bytes) -> dict[str, dict[str, str]]:
    header, _ = env._unpack(envelope)
    return {entry["kid"]: entry for entry in header["recipients"]}


def _legacy_seal(plaintext: bytes, recipient: X25519PublicKey) -> bytes:
    """An envelope as sealed before this change: a fresh ephemeral key, ``cryptography``'s HKDF."""
    content_key = AESGCM.generate_key(bit_length=256)
    header: dict[str, Any] = {
        "v": 1, "alg": "AES-256-GCM", "media_type": "image/jpeg",
        "sha256": hashlib.sha256(plaintext).hexdigest(), "size": len(plaintext),
        "nonce": env._b64(os.urandom(12)),
    }  # fmt: skip
    aad = env._aad(header)
    ciphertext = AESGCM(content_key).encrypt(env._unb64(header["nonce"]), plaintext, aad)
    ephemeral = X25519PrivateKey.generate()
    epk = env._raw(ephemeral.public_key())
    kek = HKDF(hashes.SHA256(), 32, epk + env._raw(recipient), _INFO).derive(
        ephemeral.exchange(recipient)
    )
    nonce = os.urandom(12)
    header["recipients"] = [
        {"kid": key_id(recipient), "epk": env._b64(epk), "nonce": env._b64(nonce),
         "wrapped": env._b64(AESGCM(kek).encrypt(nonce, content_key, aad))}
    ]  # fmt: skip
    return env._pack(header, ciphertext)


def _legacy_open(envelope: bytes, private_key: X25519PrivateKey) -> bytes:
    """Opening as a central before this change did: X25519 and HKDF for every envelope."""
    header, ciphertext = env._unpack(envelope)
    aad = env._aad(header)
    entry = _wraps(envelope)[key_id(private_key.public_key())]
    epk = base64.b64decode(entry["epk"])
    shared = private_key.exchange(X25519PublicKey.from_public_bytes(epk))
    kek = HKDF(hashes.SHA256(), 32, epk + env._raw(private_key.public_key()), _INFO).derive(shared)
    content_key = AESGCM(kek).decrypt(
        base64.b64decode(entry["nonce"]), base64.b64decode(entry["wrapped"]), aad
    )
    return AESGCM(content_key).decrypt(base64.b64decode(header["nonce"]), ciphertext, aad)


def test_one_epk_per_window_rotated_by_count_and_by_age(fresh_caches: Any) -> None:
    sealing, _, now = fresh_caches
    central, local = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    recipients = [local.public_key(), central.public_key()]
    kid = key_id(central.public_key())
    sealed = [env.seal_document(b"page %d" % n, recipients) for n in range(4)]
    epks = [_wraps(e)[kid]["epk"] for e in sealed]
    assert epks[0] == epks[1] == epks[2] != epks[3]  # three wraps a window, then a new key
    nonces = [_wraps(e)[kid]["nonce"] for e in sealed]
    assert len(set(nonces)) == 4  # every wrap its own nonce
    local_epks = {_wraps(e)[key_id(local.public_key())]["epk"] for e in sealed[:3]}
    assert len(local_epks) == 1 and local_epks != {epks[0]}  # one ephemeral per recipient
    now[0] = 59.0
    assert _wraps(env.seal_document(b"late", recipients))[kid]["epk"] == epks[3]
    now[0] = 61.0  # the window is a minute old: rotated though it has wraps left
    assert _wraps(env.seal_document(b"later", recipients))[kid]["epk"] not in epks
    for n, envelope in enumerate(sealed):
        assert env.open_document(envelope, central) == b"page %d" % n
        assert env.open_document(envelope, local) == b"page %d" % n
        assert _legacy_open(envelope, central) == b"page %d" % n  # an older central opens it
    sealing.forget()
    assert _wraps(env.seal_document(b"after", recipients))[kid]["epk"] not in epks


def test_opening_a_window_costs_one_key_agreement(
    fresh_caches: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    central = X25519PrivateKey.generate()
    sealed = [env.seal_document(b"p%d" % n, [central.public_key()]) for n in range(3)]
    agreements: list[bytes] = []
    exchange = env._exchange

    def counted(secret: bytes, epk: bytes) -> bytes:
        agreements.append(epk)
        return exchange(secret, epk)

    monkeypatch.setattr(env, "_exchange", counted)
    assert [env.open_document(e, central) for e in sealed] == [b"p0", b"p1", b"p2"]
    assert len(agreements) == 1
    old = _legacy_seal(b"old page", central.public_key())  # its own epk: one agreement more
    assert env.open_document(old, central) == b"old page"
    assert len(agreements) == 2


def test_the_opening_cache_is_bounded_and_least_recently_used(fresh_caches: Any) -> None:
    _, opening, _ = fresh_caches
    central = X25519PrivateKey.generate()
    old = [_legacy_seal(b"o%d" % n, central.public_key()) for n in range(6)]
    for envelope in old:
        env.open_document(envelope, central)
    assert len(opening) == 4
    public = env._raw(central.public_key())
    epks = [base64.b64decode(next(iter(_wraps(e).values()))["epk"]) for e in old]
    assert opening.get(public, epks[0]) is None and opening.get(public, epks[1]) is None
    assert opening.get(public, epks[2]) is not None  # now the most recently used
    env.open_document(_legacy_seal(b"new", central.public_key()), central)
    assert opening.get(public, epks[3]) is None and opening.get(public, epks[2]) is not None


def test_a_damaged_or_moved_wrap_fails_with_its_kek_cached(fresh_caches: Any) -> None:
    _, opening, _ = fresh_caches
    central, stranger = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    first, second = (env.seal_document(p, [central.public_key()]) for p in (b"one", b"two"))
    assert env.open_document(first, central) == b"one"  # the window's KEK is now cached
    assert len(opening) == 1
    header, body = env._unpack(second)
    good = dict(header["recipients"][0])
    wrapped = bytearray(env._unb64(good["wrapped"]))
    wrapped[0] ^= 1
    other_nonce = env._b64(os.urandom(12))
    moved = _wraps(first)[key_id(central.public_key())]  # same epk and KEK, other envelope
    for bad in ({"wrapped": env._b64(bytes(wrapped))}, {"nonce": other_nonce}, moved):
        header["recipients"] = [{**good, **bad}]
        with pytest.raises(env.EnvelopeError):
            env.open_document(env._pack(header, body), central)
    header["recipients"] = [{**good, "epk": env._b64(os.urandom(32))}]  # a forged epk
    with pytest.raises(env.EnvelopeError):
        env.open_document(env._pack(header, body), central)
    assert len(opening) == 1  # a KEK that opened nothing is not kept
    with pytest.raises(env.NotARecipient):
        env.open_document(second, stranger)
    assert env.open_document(second, central) == b"two"


def test_a_forked_child_starts_its_own_window() -> None:
    recipient = X25519PrivateKey.generate().public_key()
    parent = _wraps(env.seal_document(b"a", [recipient]))[key_id(recipient)]["epk"]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        child = _wraps(env.seal_document(b"b", [recipient]))[key_id(recipient)]["epk"]
        os.write(write, child.encode())
        os._exit(0)
    os.close(write)
    child = os.read(read, 200).decode()
    os.waitpid(pid, 0)
    os.close(read)
    assert child and child != parent
    assert _wraps(env.seal_document(b"c", [recipient]))[key_id(recipient)]["epk"] == parent
