"""The central's answer to a bundle, carried back to the kiosk: sealed for that kiosk only.

A kiosk without a network learns from this file everything a sync round would have told it
(:mod:`kiosk.bundle.confirm` applies it): which versions and pages the central now holds, the
pull feed's events after the cursor the bundle named (verdicts, staff, kiosk keys, reference
data, erasure requests), which of its erasure reports the central recorded, and whether the
kiosk was revoked.

Sealed, not only authenticated, because the events carry personal data (staff names and password
hashes, a verdict's reason): the body is ChaCha20-Poly1305 under a key derived (HKDF-SHA256) from
the *reply key* the kiosk put inside its bundle. Only the central could read that key (the bundle
is age-encrypted to it), and only the kiosk that wrote the bundle keeps it (sealed with its data
key), so a file that opens was written by the central for this kiosk and this bundle; a file
altered by one byte, or written for another bundle, does not open. The outer JSON names only the
bundle and kiosk ids (no personal data), which the kiosk and the console need to find the key
and the kiosk's MPP.

Version 1 files (an HMAC over a plain body with results and pages only) are still read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.bundlefile.fileformat import CONFIRMATION_FORMAT, canonical_body
from kiosk.bundlefile.messages import BundleError

FORMAT_V2 = "kiosk-bundle-confirmation-v2"
_INFO = b"kiosk-bundle-confirmation-v2"
MAX_FILE = 512 * 1024 * 1024  # a kiosk's whole feed (reference data sets included) fits


def _key(reply_key: bytes) -> ChaCha20Poly1305:
    derived = HKDF(hashes.SHA256(), 32, salt=None, info=_INFO).derive(reply_key)
    return ChaCha20Poly1305(derived)


def _aad(bundle_id: str, kiosk_id: str) -> bytes:
    return f"{FORMAT_V2}\n{bundle_id}\n{kiosk_id}".encode()


def seal(body: dict[str, Any], reply_key: bytes) -> bytes:
    """The file's bytes: ``body`` (with ``bundle_id`` and ``kiosk_id``) sealed with the key."""
    bundle_id, kiosk_id = str(body["bundle_id"]), str(body["kiosk_id"])
    nonce = os.urandom(12)
    sealed = _key(reply_key).encrypt(nonce, canonical_body(body), _aad(bundle_id, kiosk_id))
    outer = {
        "format": FORMAT_V2,
        "bundle_id": bundle_id,
        "kiosk_id": kiosk_id,
        "nonce": base64.b64encode(nonce).decode(),
        "sealed": base64.b64encode(sealed).decode(),
    }
    return json.dumps(outer, indent=1).encode()


def read_outer(path: Path) -> dict[str, Any]:
    """The file's outer JSON (ids, and the sealed body), or ``bundle.confirmation_invalid``."""
    try:
        if Path(path).stat().st_size > MAX_FILE:
            raise BundleError("bundle.confirmation_invalid")
        data = json.loads(Path(path).read_bytes())
    except OSError as exc:
        raise BundleError(
            "bundle.unreadable", file=Path(path).name, reason=exc.strerror or type(exc).__name__
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BundleError("bundle.confirmation_invalid") from exc
    if not isinstance(data, dict) or data.get("format") not in (FORMAT_V2, CONFIRMATION_FORMAT):
        raise BundleError("bundle.confirmation_invalid")
    return data


def open_body(outer: dict[str, Any], reply_key: bytes) -> dict[str, Any]:
    """The authenticated body of a v2 (sealed) or v1 (HMAC) file; anything else is refused."""
    if outer.get("format") == CONFIRMATION_FORMAT:  # v1: results and pages, in the clear
        body = {k: v for k, v in outer.items() if k != "mac"}
        expected = hmac.new(reply_key, canonical_body(body), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(str(outer.get("mac", "")), expected):
            raise BundleError("bundle.confirmation_invalid")
        return body
    try:
        nonce = base64.b64decode(str(outer["nonce"]), validate=True)
        sealed = base64.b64decode(str(outer["sealed"]), validate=True)
        aad = _aad(str(outer["bundle_id"]), str(outer["kiosk_id"]))
        body = json.loads(_key(reply_key).decrypt(nonce, sealed, aad))
    except (KeyError, ValueError, InvalidTag) as exc:
        raise BundleError("bundle.confirmation_invalid") from exc
    if not isinstance(body, dict) or body.get("bundle_id") != outer["bundle_id"]:
        raise BundleError("bundle.confirmation_invalid")
    return body
