"""Scanned pages for the console: who may see one, and the image decrypted in memory only.

A page is identified by the SHA-256 of its plaintext. A viewer may see it only when a registration
(or an open conflict) that references it is within their scope (:func:`owners`): a supervisor of
another MPP gets 403 even with the hash in hand; a hash nobody references, or a page not yet
uploaded, is 404.

:func:`decrypt` reads the envelope from the page store, opens it with the central's X25519 key
and checks the plaintext against the hash. The plaintext exists only in memory and in the
response (``Cache-Control: no-store``); nothing decrypted touches the disk. :func:`thumbnail`
shrinks it with Pillow, also in memory.
"""

from __future__ import annotations

import hashlib
import io

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select, union_all
from sqlalchemy.orm import Session

from kiosk.central.models import (
    CentralRegistration,
    CentralVersion,
    Conflict,
    Kiosk,
    PageRef,
    StoredPage,
)
from kiosk.central.storage import PageStorage

THUMB_BOX = (280, 360)


class PageUnreadable(Exception):
    """The stored envelope does not open, or its content does not match its hash."""


def owners(session: Session, sha256: str) -> list[tuple[str, int]]:
    """(registration id, MPP id) of every registration whose versions or conflicts name the page."""
    R = CentralRegistration
    by_version = (
        select(R.id, Kiosk.mpp_id)
        .select_from(PageRef)
        .join(CentralVersion, CentralVersion.id == PageRef.version_id)
        .join(R, R.id == CentralVersion.registration_id)
        .join(Kiosk, Kiosk.id == R.kiosk_id)
        .where(PageRef.sha256 == sha256)
    )
    by_conflict = (
        select(R.id, Kiosk.mpp_id)
        .select_from(PageRef)
        .join(Conflict, Conflict.id == PageRef.conflict_id)
        .join(R, R.id == Conflict.registration_id)
        .join(Kiosk, Kiosk.id == R.kiosk_id)
        .where(PageRef.sha256 == sha256)
    )
    rows = session.execute(union_all(by_version, by_conflict)).all()
    return sorted({(rid, mpp) for rid, mpp in rows})


def media_type(session: Session, sha256: str) -> str | None:
    """The stored page's media type, or None when the central does not hold it."""
    page = session.get(StoredPage, sha256)
    if page is None:
        return None
    return page.media_type or "application/octet-stream"


def decrypt(storage: PageStorage, private_key: X25519PrivateKey, sha256: str) -> bytes:
    from kiosk.documents.envelope import EnvelopeError, open_document

    try:
        plaintext = open_document(storage.read(sha256), private_key)
    except (EnvelopeError, OSError) as exc:
        raise PageUnreadable(sha256) from exc
    if hashlib.sha256(plaintext).hexdigest() != sha256:
        raise PageUnreadable(sha256)
    return plaintext


def thumbnail(image: bytes) -> tuple[bytes, str] | None:
    """A JPEG no larger than :data:`THUMB_BOX`, or None when Pillow cannot read the page."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(image)) as img:
            img.draft("RGB", (THUMB_BOX[0] * 2, THUMB_BOX[1] * 2))  # JPEG: decode smaller, faster
            small = img.convert("RGB")
            small.thumbnail(THUMB_BOX)
            out = io.BytesIO()
            small.save(out, "JPEG", quality=75)
            return out.getvalue(), "image/jpeg"
    except (UnidentifiedImageError, OSError, ValueError):
        return None
