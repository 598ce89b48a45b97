"""Which kiosk made a pushed version: its signature, and the code its number carries.

Issue 13. A registration ID is printed in the receipt's QR code, so any enrolled kiosk could learn
it; a registration number names the kiosk that made it. Two rules bind a push to its kiosk:

- **Signature.** Every item carries the kiosk's Ed25519 signature over
  :func:`kiosk.protocol.version_signing_bytes` (id, version, number, content hash, status). It is
  verified with the public key the kiosk enrolled with and kept with the version (and with a
  conflict), so any version held can later be shown to come from that kiosk's key. An item
  without a valid signature is refused on its own (``push.signature_invalid``); the batch flows.
  Only during the rolling upgrade's window may a kiosk still on an older app, that never signed,
  push without a signature (:mod:`kiosk.central.transition`); such a version is kept marked.
- **One signature per push.** A kiosk told that this central accepts it (the answer's
  ``accepts_push_signature``) sends its items unsigned and signs the push's Merkle tree instead
  (:mod:`kiosk.push_signature`): :class:`PushTree` verifies that one signature, each version
  keeps it with its place in the tree, and the tree's leaves are kept once per push
  (:mod:`kiosk.central.signed_pushes`): together they prove the version on its own as its own
  signature did. A push whose tree signature fails has every item it covers refused, each on
  its own.
- **Number.** A NEW registration is accepted only when its number's code is the pushing kiosk's
  code, or the provisional code the kiosk numbered with before it was enrolled. That code is
  declared at enrolment; a kiosk of an older version that declared none claims it with its first
  push of such a number, if no other kiosk holds it (the claim is a unique column, so two kiosks
  can never both hold one code). A kiosk enrolled anew (after a revocation) with the same signing
  key keeps the codes of its earlier identities. So a second kiosk can never store a registration
  carrying the first kiosk's number.
- **ID.** A NEW registration's ID must have been made by the key the pushing kiosk enrolled with
  (:mod:`kiosk.security.regid`: the ID carries a tag of that key), else ``push.id_foreign``. So a
  kiosk that read another kiosk's ID off a receipt cannot take it before its owner syncs. A kiosk
  enrolled anew with the same key keeps its IDs (the key is what is checked); a kiosk's key is
  never replaced. Untagged UUIDv7s of older kiosks are accepted as new only when made before the
  central's cutoff (:attr:`kiosk.central.settings.CentralSettings.legacy_id_cutoff`).

The public key is parsed once per PEM text (cached). Cost: one Ed25519 verification per item
signed on its own; one per push, plus ~1 µs of hashing per item, for a tree-signed push.
It is made by libsodium (PyNaCl), not OpenSSL (``cryptography``): ~0.1 ms against ~0.18 ms per
item on the shared 2-core machine (2026-12-03), the largest single cost of a push at the central;
and PyNaCl's call releases the GIL (cffi; seen with a long switch interval: a thread verifying in
a loop no longer held up another thread's Python, as ``cryptography``'s verify does), so the
event loop parses the next request meanwhile.
libsodium is the stricter of the two (it also refuses small-order keys and ``R`` points, and a
non-canonical ``S`` as OpenSSL does), so nothing OpenSSL refuses is accepted; a kiosk's honest
signature passes both (tests/central: a signature made by ``cryptography`` verifies here).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey
from sqlalchemy import Connection, or_, select, update

from kiosk import protocol as p
from kiosk import push_signature as tree_signing
from kiosk.central.models import Kiosk, aware
from kiosk.security import regid

#: what a kiosk's provisional code looks like (kiosk.store.settings.ensure_identity: T + 5)
PROVISIONAL_CODE = re.compile(r"^T[A-Z0-9]{5}$")


@dataclass
class PushTree:
    """A push's one signature and the tree of its items it covers (request order)."""

    signature: str
    leaves: list[bytes]
    root: bytes
    verdicts: dict[bytes, bool] = field(default_factory=dict)  # public key → verified

    @classmethod
    def of(cls, items: Sequence[p.PushItem], signature: str) -> PushTree | None:
        """None when the push carries no tree signature (its items are signed one by one)."""
        if not signature or not items:
            return None
        leaves = tree_signing.leaves_of(items)
        return cls(signature, leaves, tree_signing.root(leaves))


@dataclass
class KioskIdentity:
    id: str
    code: str
    provisional_code: str | None
    public_key: Ed25519PublicKey
    key_id: str
    public_raw: bytes = b""  # the key's 32 raw bytes: what a registration ID's tag is made of
    signed_since: dt.datetime | None = None  # its first accepted signed item (transition window)
    app_version: str = ""  # as last reported

    def id_is_own(self, registration_id: str, legacy_before: dt.datetime) -> bool:
        """True when a NEW registration's ID may be this kiosk's (see the module docstring)."""
        return regid.accepted_as_new(registration_id, self.public_raw, legacy_before)

    def signature_ok(self, item: p.PushItem) -> bool:
        """True when the item's own signature is this kiosk's."""
        message = p.version_signing_bytes(
            item.registration_id, item.version, item.reg_no, item.content_hash, item.status
        )
        return _verified(self.public_raw, message, item.signature)

    def tree_ok(self, tree: PushTree) -> bool:
        """True when the push's tree signature is this kiosk's (verified once per key)."""
        verdict = tree.verdicts.get(self.public_raw)
        if verdict is None:
            message = tree_signing.root_signing_bytes(tree.root, len(tree.leaves))
            verdict = tree.verdicts[self.public_raw] = _verified(
                self.public_raw, message, tree.signature
            )
        return verdict

    def mark_signed(self, connection: Connection, now: dt.datetime) -> None:
        """Remember that this kiosk signs: from now on it may never push an unsigned item
        (:mod:`kiosk.central.transition`). Written once per kiosk."""
        if self.signed_since is not None:
            return
        connection.execute(
            update(Kiosk)
            .where(Kiosk.id == self.id, Kiosk.signed_since.is_(None))
            .values(signed_since=now)
        )
        self.signed_since = now

    def note_version(self, connection: Connection, app_version: str | None) -> None:
        """Keep the app version the request named (the console's kiosks page), when it moved."""
        if app_version and app_version != self.app_version:
            connection.execute(
                update(Kiosk).where(Kiosk.id == self.id).values(app_version=app_version)
            )
            self.app_version = app_version

    def number_is_own(self, connection: Connection, reg_no: str) -> bool:
        """True when ``reg_no`` carries this kiosk's code (claiming a provisional one if free)."""
        code = p.reg_no_code(reg_no)
        if code == self.code or (code and code == self.provisional_code):
            return True
        K = Kiosk
        holder = connection.execute(
            select(K.signing_key_id).where(or_(K.code == code, K.provisional_code == code)).limit(1)
        ).first()
        if holder is not None:  # the same machine enrolled anew (same key) keeps its old numbers
            return holder.signing_key_id == self.key_id
        if self.provisional_code is not None or not PROVISIONAL_CODE.match(code):
            return False
        connection.execute(
            update(K)
            .where(K.id == self.id, K.provisional_code.is_(None))
            .values(provisional_code=code)
        )
        self.provisional_code = code
        return True


def load_identity(connection: Connection, kiosk_id: str) -> KioskIdentity:
    K = Kiosk
    row = connection.execute(
        select(
            K.id, K.code, K.provisional_code, K.signing_public_key, K.signing_key_id,
            K.signed_since, K.app_version,
        ).where(K.id == kiosk_id)
    ).one()  # fmt: skip
    return KioskIdentity(
        row.id,
        row.code,
        row.provisional_code,
        _public_key(row.signing_public_key),
        row.signing_key_id,
        _raw(row.signing_public_key),
        aware(row.signed_since),
        row.app_version or "",
    )


def _verified(public_raw: bytes, message: bytes, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(raw) != 64:
        return False
    try:
        _verifier(public_raw).verify(message, raw)
    except BadSignatureError:
        return False
    return True


@lru_cache(maxsize=256)
def _raw(pem: str) -> bytes:
    return _public_key(pem).public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@lru_cache(maxsize=256)
def _verifier(raw: bytes) -> VerifyKey:
    return VerifyKey(raw)


@lru_cache(maxsize=256)
def _public_key(pem: str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, Ed25519PublicKey):  # enrolment accepts only Ed25519
        raise ValueError("the kiosk's signing key is not Ed25519")
    return key
