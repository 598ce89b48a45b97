"""Telling kiosks to erase a data subject's drafts, without the central keeping the NIK (issue 13).

The central never holds a draft: a district office's list imported at a kiosk, a registration
left unfinished there. A kiosk finds the subject's drafts by NIK; a kiosk that held the erased
registration knows it, but another kiosk of the same MPP (where the list was imported, say) does
not, and the ``erasure`` event carries no personal data. So with every erasure (a request by NIK,
or consent withdrawn at a desk) each kiosk of the owner kiosk's MPP and every kiosk that held the
registration gets its own ``subject_drafts`` event: the request's id and the NIK **sealed to that
kiosk's document key** (the X25519 key it enrolled with; :mod:`kiosk.documents.envelope`).

Why sealed, per kiosk: the event stays in the central's feed after the erasure, and the central
must not keep the NIK it erased. Only that kiosk's private key opens the envelope; the central
cannot read its own event. The plaintext carries a random salt beside the NIK because an envelope's
header names the SHA-256 of its plaintext, and a bare NIK's hash is found by trying every NIK.
A revoked kiosk is not told (it pulls nothing). The kiosk confirms each draft it erased under the
same request (:func:`kiosk.central.erasure.withdraw`, which tombstones the draft's id).
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterable

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk import protocol as p
from kiosk.central import feed
from kiosk.central.models import Kiosk

MEDIA_TYPE = "application/x-kiosk-subject+json"


def sealed_subject(nik: str, key: X25519PublicKey) -> str:
    """The NIK with a random salt, sealed to ``key``, base64 (the event's ``subject``)."""
    from kiosk.documents.envelope import seal_document

    plaintext = json.dumps({"nik": nik, "salt": secrets.token_hex(16)}).encode()
    return base64.b64encode(seal_document(plaintext, [key], MEDIA_TYPE)).decode()


def tell_kiosks(
    session: Session, request_id: str, nik: str, mpp_ids: Iterable[int], holders: Iterable[str]
) -> int:
    """One ``subject_drafts`` event per kiosk to tell (see the module docstring); returns how
    many kiosks were told."""
    wanted = or_(Kiosk.mpp_id.in_(sorted(set(mpp_ids))), Kiosk.id.in_(sorted(set(holders))))
    kiosks = session.scalars(select(Kiosk).where(wanted, Kiosk.revoked_at.is_(None)))
    told = 0
    for kiosk in sorted(kiosks, key=lambda k: k.id):
        try:
            key = serialization.load_pem_public_key(kiosk.document_public_key.encode())
        except (ValueError, TypeError, UnicodeError):
            continue  # checked at enrolment; a damaged row cannot be told
        if not isinstance(key, X25519PublicKey):
            continue
        payload = p.SubjectDraftsPayload(request_id=request_id, subject=sealed_subject(nik, key))
        feed.emit(session, "subject_drafts", payload.model_dump(), kiosk_id=kiosk.id)
        told += 1
    return told
