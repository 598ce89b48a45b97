"""The kiosk's keys, kept in ``<data dir>/keys`` (folder 0700, files 0600).

- ``signing_ed25519.pem``: the kiosk's identity; signs receipt QR codes and pushed versions; its
  public key goes to the central on enrolment and makes the kiosk's registration IDs
  (:mod:`kiosk.security.regid`). Made when the key ring is first opened, before any registration,
  and never replaced, so every ID is made with the key the kiosk enrols with. The private key
  never leaves the kiosk.
- ``data.key``: 32 random bytes. Seals personal data inside the database (AES-256-GCM) and keys the
  blind indexes (HMAC-SHA256) used to find a registration by NIK/NIB/NPWP/phone without storing the
  number in plaintext.
- ``documents_x25519.pem``: the local key pair that wraps per-document keys until the kiosk is
  enrolled; after enrolment document keys are wrapped to ``central_x25519.pub`` as well.

Trade-off, stated plainly: in the ``plain`` mode the data key lies on the same disk as the database,
so someone who takes the whole disk and knows this layout can read unsynced personal data; the
``passphrase`` and ``dpapi`` modes (:mod:`kiosk.security.datakey`) keep it otherwise. It protects
against the database file or a backup leaking alone, keeps full NIKs out of SQLite pages and WAL,
and is the layer that full-disk encryption (recommended in the deployment guide) completes.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.fsutil import atomic_write_bytes
from kiosk.security import datakey
from kiosk.security.datakey import Unlock

_NONCE = 12


def key_id(public: Ed25519PublicKey | X25519PublicKey) -> str:
    """A short, stable identifier of a public key: 16 hex digits of its SHA-256."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


_CENTRAL_KEYS: dict[tuple[str, int, int, int], X25519PublicKey] = {}  # by the file's identity


@functools.lru_cache(maxsize=32)
def _derive(key: bytes, purpose: bytes) -> bytes:
    """HKDF-SHA256 of the data key for one purpose; remembered (the data key is in memory anyway,
    and a sync batch seals and opens hundreds of records)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(key)


@dataclass
class KeyRing:
    folder: Path
    signing_key: Ed25519PrivateKey
    data_key: bytes
    document_key: X25519PrivateKey

    # -- loading ---------------------------------------------------------------------------------
    @classmethod
    def load_or_create(cls, folder: Path, unlock: Unlock | None = None) -> KeyRing:
        """The key ring in ``folder`` (made on first use). ``unlock`` gives the data key's
        passphrase when it is kept that way (:mod:`kiosk.security.datakey`)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        if os.name != "nt":
            os.chmod(folder, 0o700)
        signing_path = folder / "signing_ed25519.pem"
        signing = _load_or_make_private(signing_path, Ed25519PrivateKey.generate)
        if not isinstance(signing, Ed25519PrivateKey):
            raise ValueError(f"{signing_path} holds the wrong kind of key")
        documents_path = folder / "documents_x25519.pem"
        documents = _load_or_make_private(documents_path, X25519PrivateKey.generate)
        if not isinstance(documents, X25519PrivateKey):
            raise ValueError(f"{documents_path} holds the wrong kind of key")
        data_key = datakey.load(folder, unlock)
        return cls(folder, signing, data_key, documents)

    # -- identity --------------------------------------------------------------------------------
    @property
    def signing_public(self) -> Ed25519PublicKey:
        return self.signing_key.public_key()

    @property
    def signing_key_id(self) -> str:
        return key_id(self.signing_public)

    @property
    def signing_public_raw(self) -> bytes:
        return self.signing_public.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    def new_registration_id(self) -> str:
        """A registration ID made by this kiosk's signing key (:mod:`kiosk.security.regid`): the
        key it enrols with, so the central accepts the ID as this kiosk's."""
        from kiosk.security import regid

        return regid.mint(self.signing_public_raw)

    def signing_public_pem(self) -> bytes:
        return self.signing_public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    # -- central's document key (after enrolment) ------------------------------------------------
    @property
    def central_document_key(self) -> X25519PublicKey | None:
        path = self.folder / "central_x25519.pub"
        try:
            seen = os.stat(path)
        except FileNotFoundError:
            return None
        # read again only when the file changed (a sync round asks once per page it sends)
        stamp = (str(path), seen.st_ino, seen.st_mtime_ns, seen.st_size)
        key = _CENTRAL_KEYS.get(stamp)
        if key is None:
            loaded = serialization.load_pem_public_key(path.read_bytes())
            assert isinstance(loaded, X25519PublicKey)
            key = _CENTRAL_KEYS[stamp] = loaded
        return key

    def set_central_document_key(self, pem: bytes) -> None:
        key = serialization.load_pem_public_key(pem)
        if not isinstance(key, X25519PublicKey):
            raise ValueError("the central's document key must be an X25519 public key")
        atomic_write_bytes(self.folder / "central_x25519.pub", pem, mode=0o644)

    # -- sealing personal data inside the database -----------------------------------------------
    def seal(self, plaintext: bytes, aad: bytes = b"") -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + AESGCM(_derive(self.data_key, b"kiosk-seal-v1")).encrypt(
            nonce, plaintext, aad
        )

    def open(self, sealed: bytes, aad: bytes = b"") -> bytes:
        nonce, body = sealed[:_NONCE], sealed[_NONCE:]
        return AESGCM(_derive(self.data_key, b"kiosk-seal-v1")).decrypt(nonce, body, aad)

    def blind_index(self, kind: str, value: str) -> str:
        """Keyed hash of a normalised identifier, for exact look-ups without the plaintext."""
        key = _derive(self.data_key, b"kiosk-blind-index-v1")
        return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def _load_or_make_private(path: Path, generate: Callable[[], PrivateKeyTypes]) -> PrivateKeyTypes:
    """The private key in ``path``, or a new one from ``generate`` written there.

    The caller checks the kind of a loaded key (a file may hold a key of another kind).
    """
    if path.exists():
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    key = generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    atomic_write_bytes(path, pem)
    return key
