"""Registration IDs bound to the kiosk's signing key (issue 13.1).

A registration ID is printed in the receipt's QR code, so any kiosk may learn another kiosk's ID
before its owner has pushed it. The central binds an ID to the first kiosk that pushes it; with a
plain random ID a second kiosk could push content of its own under the first kiosk's ID and take
it (the owner's push is then refused as another kiosk's for ever). So the ID itself names the key
that made it:

- **Layout (RFC 9562 UUIDv8, textual form unchanged).** Bits 0–47: Unix time in milliseconds (the
  same field as a UUIDv7's, so IDs stay time-ordered and the time is readable); bits 48–51: the
  version, 8; bits 52–63: a 12-bit sequence (random start each millisecond, then counting, so one
  process never makes the same ID twice and its IDs stay ordered); bits 64–65: the RFC variant
  ``10``; bits 66–127: the **tag**, the first 62 bits of SHA-256(:data:`CONTEXT` ‖ the kiosk's
  raw 32-byte Ed25519 public key ‖ the ID's first 8 bytes).
- **Checking.** :func:`made_by` recomputes the tag from a public key. The central checks it with
  the key the pushing kiosk enrolled with before it accepts a NEW registration. Another kiosk
  cannot make an ID that verifies under its own key and equals a given ID except by trying about
  2^62 keys for that one ID (the ID's own time and sequence are hashed, so one trial never serves
  two targets).
- **Older IDs.** Kiosks before this change made plain UUIDv7s (and receipts carrying them are
  printed). They cannot be checked; :func:`accepted_as_new` takes an untagged UUIDv7 only when its
  own timestamp is before a cutoff the central is configured with, so IDs made after it must be
  tagged and the window closes. Existing registrations are never given a new ID.

The sequence and tag cost one SHA-256 per ID (microseconds); IDs of product and document entries
inside a registration stay plain UUIDv7s (:func:`kiosk.domain.model.new_id`): only the
registration's ID is a key at the central. Checking reads the ID's text once (the canonical form
is exactly what :data:`_CANONICAL` matches, so no ``uuid.UUID`` is built): the central checks
every new registration of a push, and building and printing UUIDs cost ~20 µs per ID there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
import time
import uuid

CONTEXT = b"kiosk.registration-id.v1\x00"
TAG_BITS = 62
_SEQ_BITS = 12
_SEQ_START_MAX = 1 << (_SEQ_BITS - 1)  # a random start leaves room to count up in one millisecond
_lock = threading.Lock()
_last = [0, 0]  # the last (millisecond, sequence) this process used
# what ``str(uuid.UUID(text)) == text`` accepts: lower-case hex, hyphens at 8-4-4-4-12
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_RFC_VARIANT_DIGITS = frozenset("89ab")  # the 17th hex digit of an RFC 9562 UUID: bits 10xx


def _tag(public_raw: bytes, head: bytes) -> int:
    digest = hashlib.sha256(CONTEXT + public_raw + head).digest()
    return int.from_bytes(digest[:8], "big") >> (64 - TAG_BITS)


def _next_time_and_sequence(now_ms: int | None) -> tuple[int, int]:
    if now_ms is not None:  # a given time (tests): a random sequence, the process's state kept
        return now_ms, secrets.randbelow(1 << _SEQ_BITS)
    with _lock:
        ms = int(time.time() * 1000)
        last_ms, last_seq = _last
        if ms > last_ms:
            seq = secrets.randbelow(_SEQ_START_MAX)
        else:  # the same millisecond (or the clock went back): count on from the last one
            ms, seq = last_ms, last_seq + 1
            if seq >> _SEQ_BITS:
                ms, seq = last_ms + 1, secrets.randbelow(_SEQ_START_MAX)
        _last[:] = [ms, seq]
        return ms, seq


def mint(public_raw: bytes, *, now_ms: int | None = None) -> str:
    """A new registration ID made by the key whose raw public bytes are ``public_raw``."""
    if len(public_raw) != 32:
        raise ValueError("an Ed25519 public key has 32 raw bytes")
    ms, seq = _next_time_and_sequence(now_ms)
    if not 0 <= ms < 1 << 48:
        raise ValueError("the time does not fit in 48 bits")
    head = ((ms << 16) | (0x8 << 12) | seq).to_bytes(8, "big")
    tail = (0b10 << TAG_BITS) | _tag(public_raw, head)
    return str(uuid.UUID(bytes=head + tail.to_bytes(8, "big")))


def _parse(reg_id: str) -> uuid.UUID | None:
    try:
        value = uuid.UUID(reg_id)
    except (ValueError, TypeError, AttributeError):
        return None
    return value if str(value) == reg_id else None  # the canonical form only


def _tagged_bytes(reg_id: str) -> bytes | None:
    """The 16 bytes of an ID laid out as :func:`mint` makes them (canonical text, version 8,
    RFC variant), else None: the same answer as parsing it with ``uuid.UUID``, read off the text."""
    if reg_id[14:15] != "8" or reg_id[19:20] not in _RFC_VARIANT_DIGITS:
        return None
    if _CANONICAL.fullmatch(reg_id) is None:
        return None
    return bytes.fromhex(reg_id.replace("-", ""))


def is_tagged(reg_id: str) -> bool:
    """True for an ID laid out as :func:`mint` makes them (whichever key made it)."""
    return _tagged_bytes(reg_id) is not None


def made_by(reg_id: str, public_raw: bytes) -> bool:
    """True when ``reg_id`` was made by the key whose raw public bytes are ``public_raw``."""
    raw = _tagged_bytes(reg_id)
    if raw is None:
        return False
    tail = int.from_bytes(raw[8:], "big") & ((1 << TAG_BITS) - 1)
    return tail == _tag(public_raw, raw[:8])


def made_at(reg_id: str) -> dt.datetime | None:
    """The time a UUIDv7 or a tagged ID carries, else None."""
    value = _parse(reg_id)
    if value is None or value.version not in (7, 8) or value.variant != uuid.RFC_4122:
        return None
    try:
        return dt.datetime.fromtimestamp((value.int >> 80) / 1000, dt.UTC)
    except (ValueError, OverflowError, OSError):  # past the year 9999: no time a kiosk made
        return None


def accepted_as_new(reg_id: str, public_raw: bytes, legacy_before: dt.datetime) -> bool:
    """The central's rule for a NEW registration pushed by the kiosk holding ``public_raw``: a
    tagged ID must be that key's; an untagged UUIDv7 (older kiosks) must have been made before
    ``legacy_before``; any other ID is refused."""
    if _tagged_bytes(reg_id) is not None:
        return made_by(reg_id, public_raw)
    value = _parse(reg_id)
    if value is None or value.version != 7:
        return False
    made = made_at(reg_id)
    return made is not None and made < legacy_before
