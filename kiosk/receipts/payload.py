"""The signed QR payload of a receipt: compact binary, Ed25519, base64url.

Text form: ``KR1.`` + base64url (no padding) of ``body || signature``. The signature (64 bytes,
Ed25519 by the kiosk's signing key) covers ``b"kiosk-receipt-v1\\0" + body`` so it can never be
mistaken for a signature over anything else the key signs. The body (big-endian):

======  =====================================================================
bytes   field
======  =====================================================================
1       format version (1)
16      registration id (UUID)
1 + n   registration number, UTF-8, length-prefixed (n ≤ 64)
2       registration version
4       issue time, Unix seconds (UTC)
1       copy number (0 = original, n = n-th reprint, capped at 255)
8       kiosk key id (the 16 hex digits of ``kiosk.security.keys.key_id``)
8       first 4 and last 4 digits of the NIK (ASCII; the mask hides the middle 8), or 8 spaces
16      first 16 bytes of the SHA-256 of the receipt's facts (:meth:`ReceiptFacts.digest`)
======  =====================================================================

About 140 bytes in all, 190 characters of text: a version 10 QR code at error correction M, which a
phone reads from a 58 mm roll. The full NIK is never in it: only the masked form is recoverable.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import struct
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "KR1."
FORMAT_VERSION = 1
SIGNATURE_CONTEXT = b"kiosk-receipt-v1\x00"
SIGNATURE_SIZE = 64
MAX_REG_NO = 64
_TAIL = struct.Struct(">HIB8s8s16s")


class PayloadError(ValueError):
    """The text is not a well-formed receipt payload; ``code`` says what is wrong."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ReceiptClaim:
    """What a receipt's QR code states."""

    registration_id: str
    reg_no: str
    version: int
    issued_at: dt.datetime
    copy_no: int
    key_id: str
    nik_edges: str  # "6471" + "0001", or "" when the registration has no NIK
    facts_digest: bytes  # 16 bytes

    @property
    def nik_masked(self) -> str:
        if not self.nik_edges:
            return ""
        return f"{self.nik_edges[:4]}{'•' * 8}{self.nik_edges[4:]}"

    def body(self) -> bytes:
        reg_no = self.reg_no.encode()
        if len(reg_no) > MAX_REG_NO:
            raise ValueError("registration number too long for a receipt")
        edges = (self.nik_edges or " " * 8).encode("ascii")
        if len(edges) != 8 or len(self.facts_digest) != 16:
            raise ValueError("NIK edges must be 8 digits and the facts digest 16 bytes")
        return (
            bytes([FORMAT_VERSION])
            + uuid.UUID(self.registration_id).bytes
            + bytes([len(reg_no)])
            + reg_no
            + _TAIL.pack(
                self.version,
                int(self.issued_at.timestamp()),
                min(self.copy_no, 255),
                bytes.fromhex(self.key_id),
                edges,
                self.facts_digest,
            )
        )


def nik_edges(nik: str) -> str:
    """The digits a masked NIK shows: first 4 and last 4 (empty when there is no full NIK)."""
    digits = "".join(ch for ch in nik if ch.isdigit())
    return digits[:4] + digits[-4:] if len(digits) == 16 else ""


def sign(claim: ReceiptClaim, key: Ed25519PrivateKey) -> str:
    body = claim.body()
    signature = key.sign(SIGNATURE_CONTEXT + body)
    return PREFIX + base64.urlsafe_b64encode(body + signature).rstrip(b"=").decode("ascii")


def parse(text: str) -> tuple[ReceiptClaim, bytes, bytes]:
    """``(claim, signed bytes, signature)`` of a payload text; raises :class:`PayloadError`."""
    text = text.strip()
    if not text.startswith(PREFIX):
        raise PayloadError("receipts.verify.not_receipt")
    encoded = text[len(PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError):
        raise PayloadError("receipts.verify.malformed") from None
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != encoded:
        raise PayloadError("receipts.verify.malformed")  # non-canonical encoding
    body, signature = raw[:-SIGNATURE_SIZE], raw[-SIGNATURE_SIZE:]
    if len(body) < 18 or body[0] != FORMAT_VERSION:
        raise PayloadError("receipts.verify.malformed")
    n = body[17]
    if len(body) != 18 + n + _TAIL.size:
        raise PayloadError("receipts.verify.malformed")
    try:
        reg_no = body[18 : 18 + n].decode()
        version, issued, copy_no, key, edges, digest = _TAIL.unpack(body[18 + n :])
        edges_text = edges.decode("ascii").strip()
    except (UnicodeDecodeError, struct.error):
        raise PayloadError("receipts.verify.malformed") from None
    claim = ReceiptClaim(
        registration_id=str(uuid.UUID(bytes=body[1:17])),
        reg_no=reg_no,
        version=version,
        issued_at=dt.datetime.fromtimestamp(issued, dt.UTC),
        copy_no=copy_no,
        key_id=key.hex(),
        nik_edges=edges_text,
        facts_digest=digest,
    )
    return claim, SIGNATURE_CONTEXT + body, signature


def signature_valid(public: Ed25519PublicKey, signed: bytes, signature: bytes) -> bool:
    try:
        public.verify(signature, signed)
    except InvalidSignature:
        return False
    return True
