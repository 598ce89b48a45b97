"""The central's X25519 document key pair, kept in ``<data dir>/keys/central_x25519.pem``.

Kiosks wrap every page's content key to its public half; the central opens envelopes with the
private half to verify a page before it accepts it. Created on first start. Processes starting at
the same moment must not each make their own key (kiosks would get different public keys), so the
file is created with a hard link that fails when it already exists, and everyone then reads the
file that won.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.fsutil import fsync_dir

KEY_FILE = "central_x25519.pem"


def load_document_key(keys_dir: Path) -> X25519PrivateKey | None:
    """The key if its file exists, else None (never made here: ``kiosk central pages``)."""
    path = Path(keys_dir) / KEY_FILE
    if not path.is_file():
        return None
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, X25519PrivateKey):
        raise ValueError(f"{path} is not an X25519 private key")
    return key


def load_or_create_document_key(keys_dir: Path) -> X25519PrivateKey:
    keys_dir = Path(keys_dir)
    keys_dir.mkdir(parents=True, exist_ok=True)
    if os.name != "nt":
        os.chmod(keys_dir, 0o700)
    path = keys_dir / KEY_FILE
    if not path.exists():
        pem = X25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd, tmp = tempfile.mkstemp(dir=keys_dir, prefix=".central_x25519.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process won the race: use its key
            fsync_dir(keys_dir)
        finally:
            Path(tmp).unlink(missing_ok=True)
    key = load_document_key(keys_dir)
    if key is None:  # deleted the moment after it was made
        raise FileNotFoundError(path)
    return key


def public_pem(key: X25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
