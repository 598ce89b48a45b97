"""The encrypted envelope every stored page lives in (the model of ODK's encrypted forms).

Layout (all integers big-endian)::

    b"KDE1" | u32 header length | header (canonical JSON) | AES-256-GCM ciphertext + 16-byte tag

Header: ``{"v": 1, "alg": "AES-256-GCM", "media_type", "sha256" (of the plaintext), "size",
"nonce", "recipients": [{"kid", "epk", "nonce", "wrapped"}]}`` (binary fields base64).

- Each envelope has its own fresh 256-bit content key (the "key per document": a page is the unit
  that is stored, synced and verified, so it is the unit that gets a key).
- The content key is wrapped once per recipient: an ephemeral X25519 key agrees a secret with the
  recipient's public key, HKDF-SHA256 turns it into a key-encryption key, AES-GCM wraps.
- Opening runs the X25519 agreement through libsodium (PyNaCl), which releases the GIL, and the
  HKDF as two HMACs: the central opens every uploaded page, thousands after a week offline
  (issue 17), in several request threads at once. Same algorithms, same bytes as sealing with
  ``cryptography`` (tested), so envelopes sealed by any version open alike.
- Wraps to one recipient share an ephemeral key for a bounded window (:mod:`kiosk.documents.
  wrap_keys`: one X25519 per window at sealing and, through a cache of KEKs, at opening), each
  with its own random nonce; the bytes and the derivation are the same as with one per page.
- The *core* of the header (everything but ``recipients``) is the AEAD's associated data of the
  ciphertext and of every wrap, so media type, hash and size cannot be swapped, while recipients
  can be added or removed (:func:`rewrap`, :func:`drop_recipient`) without touching the ciphertext,
  and a wrap may live outside the file (:func:`seal_split`): opening takes the header's wraps plus
  any ``extra`` records given.

Trade-off, stated plainly (as ODK does): until the kiosk is enrolled, pages are wrapped only to the
kiosk's local X25519 key, whose private half lies in ``<data dir>/keys`` on the same disk, so a
thief who takes the disk before the first sync can read those pages (full-disk encryption is what
closes that window). Once enrolled, new pages are sealed with :func:`seal_split`: the file is
wrapped to the central's key only and the local wrap is kept beside it (:mod:`.wraps`);
older pages are re-wrapped to the central (:meth:`Vault.wrap_to_central`). After the central has
confirmed a page its local wrap goes — the side row deleted, or for an older page
:func:`drop_recipient` rewriting the file — and the kiosk itself can no longer open it: a stolen
kiosk does not reveal synced documents, and staff cannot re-open them locally. Until then, staff can
view and re-use local pages (a correction after a "needs fix" verdict works offline); after it, a
page must be fetched from the central to be shown again. ODK makes the same choice: the device that
collects cannot read what it has submitted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
import threading
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from nacl.bindings import crypto_scalarmult
from nacl.exceptions import CryptoError

from kiosk.documents import envelope_header, wrap_keys
from kiosk.security.keys import key_id

MAGIC = b"KDE1"
VERSION = 1
ALG = "AES-256-GCM"
_WRAP_INFO = b"kiosk-document-key-wrap-v1"
_MAX_HEADER = 64 * 1024


class EnvelopeError(ValueError):
    """The bytes are not a well-formed envelope, or it cannot be opened with the given key."""


class NotARecipient(EnvelopeError):
    """The envelope carries no key wrapped for this private key (e.g. after forget_local_key)."""


@dataclass(frozen=True)
class EnvelopeInfo:
    """What can be read from an envelope without any key."""

    media_type: str
    sha256: str
    size: int
    recipients: tuple[str, ...]  # key ids
    ciphertext_length: int
    nonce: str = ""  # the content's nonce (base64): fresh per sealing, names this envelope


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    """Strict base64 of a header field; anything else (a number, a list, non-ASCII text: the
    header is a sender's JSON until a wrap opens) is a ValueError, which callers refuse."""
    if not isinstance(text, str):
        raise ValueError("a binary header field is not text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def _aad(header: dict[str, Any]) -> bytes:
    fast = envelope_header.core_aad(header)  # the same bytes, written directly
    if fast is not None:
        return fast
    core = {k: v for k, v in header.items() if k != "recipients"}
    return b"kiosk-document-v1|" + _canonical(core)


def _kek(shared: bytes, epk: bytes, recipient: bytes) -> bytes:
    """HKDF-SHA256 (RFC 5869) of ``shared``, salt ``epk + recipient``, info :data:`_WRAP_INFO`,
    32 bytes: one extract and one expand block, two HMACs (the same key as ``cryptography``'s
    ``HKDF``, checked in the tests, without building its objects for every page)."""
    prk = hmac.digest(epk + recipient, shared, "sha256")
    return hmac.digest(prk, _WRAP_INFO + b"\x01", "sha256")


@dataclass(frozen=True)
class _Opener:
    """What opening an envelope needs of a private key, read out once per key object: the raw
    scalar for libsodium's X25519 and the public key's raw bytes and id."""

    secret: bytes
    public: bytes
    kid: str


_OPENERS: dict[int, tuple[X25519PrivateKey, _Opener]] = {}  # by id(); the key kept alive with it
_OPENERS_LOCK = threading.Lock()


def _opener(private_key: X25519PrivateKey) -> _Opener:
    with _OPENERS_LOCK:
        held = _OPENERS.get(id(private_key))
        if held is not None and held[0] is private_key:
            return held[1]
    public = private_key.public_key()
    secret = private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    opener = _Opener(secret, _raw(public), key_id(public))
    with _OPENERS_LOCK:
        if len(_OPENERS) >= 16:  # keys loaded anew each time: keep the cache small
            _OPENERS.clear()
        _OPENERS[id(private_key)] = (private_key, opener)
    return opener


def _exchange(secret: bytes, epk: bytes) -> bytes:
    """X25519 through libsodium, which runs without the GIL (the central opens thousands of
    envelopes in its request threads at once); an all-zero secret (a small-order ``epk``) is
    refused, as ``cryptography``'s ``exchange`` refuses it."""
    if len(epk) != 32:  # libsodium reads 32 bytes whatever it is given
        raise ValueError("an X25519 public key is 32 bytes")
    try:
        return crypto_scalarmult(secret, epk)
    except CryptoError as exc:
        raise ValueError("the key agreement failed") from exc


def _raw(public: X25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _wrap(content_key: bytes, recipient: X25519PublicKey, aad: bytes) -> dict[str, str]:
    """One recipient's wrap: the KEK of the recipient's current ephemeral key (one X25519 per
    :mod:`rotation window <kiosk.documents.wrap_keys>`, not per page), a random nonce per wrap."""
    recipient_raw = _raw(recipient)

    def fresh() -> tuple[bytes, bytes]:
        ephemeral = X25519PrivateKey.generate()  # dropped here: only (epk, KEK) are kept
        epk = _raw(ephemeral.public_key())
        return epk, _kek(ephemeral.exchange(recipient), epk, recipient_raw)

    epk, kek = wrap_keys.SEALING.current(recipient_raw, fresh)
    nonce = os.urandom(12)
    wrapped = AESGCM(kek).encrypt(nonce, content_key, aad)
    return {
        "kid": key_id(recipient),
        "epk": _b64(epk),
        "nonce": _b64(nonce),
        "wrapped": _b64(wrapped),
    }


def _pack(header: dict[str, Any], ciphertext: bytes) -> bytes:
    head = _canonical(header)
    return MAGIC + struct.pack(">I", len(head)) + head + ciphertext


def _unpack(envelope: bytes) -> tuple[dict[str, Any], bytes]:
    if len(envelope) < 8 or envelope[:4] != MAGIC:
        raise EnvelopeError("not a kiosk document envelope")
    (length,) = struct.unpack(">I", envelope[4:8])
    if length > _MAX_HEADER or 8 + length > len(envelope):
        raise EnvelopeError("envelope header is truncated")
    try:
        header = envelope_header.parse(envelope[8 : 8 + length])  # json.loads's answer
    except ValueError as exc:
        raise EnvelopeError("envelope header is not JSON") from exc
    if not isinstance(header, dict) or header.get("v") != VERSION or header.get("alg") != ALG:
        raise EnvelopeError("unsupported envelope version")
    recipients = header.get("recipients", [])
    if not isinstance(recipients, list) or not all(
        isinstance(r, dict) and isinstance(r.get("kid"), str) for r in recipients
    ):
        raise EnvelopeError("envelope recipients are malformed")
    # Not yet authenticated: any sender's JSON reaches this, and what is read without a key
    # (inspect) must find the core fields of the kind a sealing writes.
    if not all(isinstance(header.get(k), str) for k in ("media_type", "sha256", "nonce")):
        raise EnvelopeError("envelope header is malformed")
    ciphertext = envelope[8 + length :]
    size = header.get("size")
    if type(size) is not int or len(ciphertext) != size + 16:
        raise EnvelopeError("envelope body is truncated")
    return header, ciphertext


def seal_document(
    plaintext: bytes, recipients: list[X25519PublicKey], media_type: str = "image/jpeg"
) -> bytes:
    """Encrypt ``plaintext`` under a fresh key wrapped to every recipient."""
    return _pack(*_seal(plaintext, recipients, media_type))


def seal_split(
    plaintext: bytes,
    recipients: list[X25519PublicKey],
    aside: X25519PublicKey,
    media_type: str = "image/jpeg",
) -> tuple[bytes, dict[str, str]]:
    """:func:`seal_document` to ``recipients`` and ``aside``, the wrap for ``aside`` returned
    beside the envelope instead of inside it (the kiosk keeps its own wrap out of the page file:
    :mod:`kiosk.documents.wraps`). Pass it as ``extra`` to :func:`open_document` or
    :func:`rewrap`; the envelope alone opens only for ``recipients``."""
    aside_id = key_id(aside)
    if all(key_id(r) == aside_id for r in recipients):
        raise ValueError("a split envelope needs a recipient in the file")
    header, ciphertext = _seal(plaintext, [*recipients, aside], media_type)
    record = next(r for r in header["recipients"] if r["kid"] == aside_id)
    header["recipients"] = [r for r in header["recipients"] if r["kid"] != aside_id]
    return _pack(header, ciphertext), record


def _seal(
    plaintext: bytes, recipients: list[X25519PublicKey], media_type: str
) -> tuple[dict[str, Any], bytes]:
    """The header (with every recipient's wrap) and the ciphertext, not yet packed."""
    if not recipients:
        raise ValueError("an envelope needs at least one recipient")
    content_key = AESGCM.generate_key(bit_length=256)
    header: dict[str, Any] = {
        "v": VERSION,
        "alg": ALG,
        "media_type": media_type,
        "sha256": hashlib.sha256(plaintext).hexdigest(),
        "size": len(plaintext),
        "nonce": _b64(os.urandom(12)),
    }
    aad = _aad(header)
    ciphertext = AESGCM(content_key).encrypt(_unb64(header["nonce"]), plaintext, aad)
    unique = {key_id(r): r for r in recipients}
    header["recipients"] = [_wrap(content_key, r, aad) for r in unique.values()]
    return header, ciphertext


def inspect(envelope: bytes) -> EnvelopeInfo:
    return _info(*_unpack(envelope))


def _info(header: dict[str, Any], ciphertext: bytes) -> EnvelopeInfo:
    return EnvelopeInfo(
        media_type=header["media_type"],  # the kinds checked by _unpack
        sha256=header["sha256"],
        size=header["size"],
        recipients=tuple(r["kid"] for r in header.get("recipients", [])),
        ciphertext_length=len(ciphertext),
        nonce=header["nonce"],
    )


def _content_key(
    header: dict[str, Any],
    private_key: X25519PrivateKey,
    aad: bytes | None = None,
    extra: tuple[dict[str, str], ...] = (),
) -> bytes:
    opener = _opener(private_key)
    kid = opener.kid
    for entry in (*header.get("recipients", []), *extra):
        if entry.get("kid") != kid:
            continue
        try:
            epk = _unb64(entry["epk"])
            kek = wrap_keys.OPENING.get(opener.public, epk)  # envelopes sharing an epk
            fresh = kek is None
            if kek is None:
                kek = _kek(_exchange(opener.secret, epk), epk, opener.public)
            key = AESGCM(kek).decrypt(
                _unb64(entry["nonce"]), _unb64(entry["wrapped"]), aad or _aad(header)
            )
            if fresh:
                wrap_keys.OPENING.put(opener.public, epk, kek)  # only a KEK that opened a wrap
            return key
        except (InvalidTag, ValueError, KeyError, TypeError) as exc:
            raise EnvelopeError("the wrapped key is damaged") from exc
    raise NotARecipient(f"no key wrapped for {kid}")


def open_document(
    envelope: bytes, private_key: X25519PrivateKey, extra: tuple[dict[str, str], ...] = ()
) -> bytes:
    """Decrypt and verify: the plaintext's SHA-256 must equal the one sealed in the header.
    ``extra``: recipient records kept outside the file (:func:`seal_split`), tried after the
    header's."""
    return open_with_info(envelope, private_key, extra)[0]


def open_with_info(
    envelope: bytes, private_key: X25519PrivateKey, extra: tuple[dict[str, str], ...] = ()
) -> tuple[bytes, EnvelopeInfo]:
    """:func:`open_document` and :func:`inspect` from one parse of the header (the central
    opens every uploaded page; a week offline is thousands)."""
    header, ciphertext = _unpack(envelope)
    aad = _aad(header)
    key = _content_key(header, private_key, aad, extra)
    try:  # a header whose wrap opens can still carry a nonce of the wrong length or kind
        plaintext = AESGCM(key).decrypt(_unb64(header["nonce"]), ciphertext, aad)
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise EnvelopeError("the envelope's content is damaged") from exc
    if hashlib.sha256(plaintext).hexdigest() != header.get("sha256"):
        raise EnvelopeError("the plaintext does not match the sealed SHA-256")
    return plaintext, _info(header, ciphertext)


def rewrap(
    envelope: bytes,
    private_key: X25519PrivateKey,
    recipients: list[X25519PublicKey],
    extra: tuple[dict[str, str], ...] = (),
) -> bytes:
    """Add recipients (e.g. the central after enrolment) without re-encrypting the content."""
    header, ciphertext = _unpack(envelope)
    key = _content_key(header, private_key, None, extra)
    aad = _aad(header)
    have = {r["kid"] for r in header["recipients"]}
    for recipient in recipients:
        if key_id(recipient) not in have:
            header["recipients"].append(_wrap(key, recipient, aad))
            have.add(key_id(recipient))
    return _pack(header, ciphertext)


def drop_recipient(envelope: bytes, kid: str) -> bytes:
    """Remove one recipient's wrapped key; refuses to remove the last one (that would lose data)."""
    header, ciphertext = _unpack(envelope)
    remaining = [r for r in header["recipients"] if r["kid"] != kid]
    if not remaining:
        raise EnvelopeError("refusing to drop the only recipient")
    header["recipients"] = remaining
    return _pack(header, ciphertext)
