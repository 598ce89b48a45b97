"""Public keys this kiosk trusts for verifying receipts: its own and those pulled from the central.

The sync part calls :func:`remember_key` for each ``kiosk_key`` event it pulls; verification uses
:func:`known_keys`. A key is stored only if its key id is the one computed from the key itself, so a
wrong or tampered record cannot make a forged receipt look valid under another kiosk's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.errors import UserFacingError
from kiosk.i18n import register
from kiosk.security.keys import KeyRing
from kiosk.security.keys import key_id as compute_key_id

if TYPE_CHECKING:
    from kiosk.store import Store

register(
    {
        "receipts.key.invalid": {
            "id": "Kunci publik kios tidak sah (harus Ed25519 dan cocok dengan ID kuncinya).",
            "en": "Invalid kiosk public key (must be Ed25519 and match its key id).",
        },
    }
)


@dataclass(frozen=True)
class TrustedKey:
    key_id: str
    kiosk_id: str
    public_key: Ed25519PublicKey
    own: bool = False


def load_public(public_pem: str | bytes, expected_key_id: str | None = None) -> Ed25519PublicKey:
    """Parse an Ed25519 public key PEM; check it against ``expected_key_id`` when given."""
    data = public_pem.encode() if isinstance(public_pem, str) else public_pem
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise UserFacingError("receipts.key.invalid") from None
    if not isinstance(key, Ed25519PublicKey):
        raise UserFacingError("receipts.key.invalid")
    if expected_key_id is not None and compute_key_id(key) != expected_key_id.lower():
        raise UserFacingError("receipts.key.invalid")
    return key


def remember_key(store: Store, kiosk_id: str, key_id: str, public_pem: str | bytes) -> None:
    """Trust ``public_pem`` as kiosk ``kiosk_id``'s receipt key (insert or update)."""
    import datetime as dt

    from kiosk.receipts.tables import KnownKey

    load_public(public_pem, key_id)
    pem = public_pem.decode() if isinstance(public_pem, bytes) else public_pem
    with store.session() as session:
        row = session.get(KnownKey, key_id.lower())
        if row is None:
            row = KnownKey(key_id=key_id.lower(), added_at=dt.datetime.now(dt.UTC).isoformat())
            session.add(row)
        row.kiosk_id = kiosk_id
        row.public_pem = pem
        row.source = "central"


def own_key(keyring: KeyRing, kiosk_id: str) -> TrustedKey:
    return TrustedKey(keyring.signing_key_id, kiosk_id, keyring.signing_public, own=True)


def known_keys(store: Store) -> dict[str, TrustedKey]:
    """``{key_id: TrustedKey}``: this kiosk's own key plus every remembered key."""
    from sqlalchemy import select

    from kiosk.receipts.tables import KnownKey

    keys: dict[str, TrustedKey] = {}
    with store.session(write=False) as session:
        for row in session.scalars(select(KnownKey)):
            try:
                public = load_public(row.public_pem, row.key_id)
            except UserFacingError:
                continue  # a damaged row must not stop verification with the others
            keys[row.key_id] = TrustedKey(row.key_id, row.kiosk_id, public)
    mine = own_key(store.keys, str(getattr(store, "kiosk_id", "") or ""))
    keys[mine.key_id] = mine
    return keys
