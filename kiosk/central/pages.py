"""Page uploads: resumable, streamed to a partial file, verified before anything counts as stored.

A page is accepted only when its envelope opens with the central's private key
(:func:`kiosk.documents.envelope.open_document`, which also checks the plaintext against the hash
sealed in the envelope) *and* the plaintext's SHA-256 equals the name it is uploaded under. Then the
envelope is written durably (temp, fsync, rename, fsync folder) and only after that the
``central_pages`` row commits: a row never points at a missing file. A failed check drops the
partial (the client starts again at offset 0).

Only pages referenced by a version (or conflict) this kiosk pushed may be uploaded, and only for
those (or one it is uploading) does the central say whether it stores them: the central is no
general file store, and a kiosk learns nothing about other kiosks' pages, not even that one
exists (issue 13: the status of any other hash is 404, the upload of one is 409 not referenced).
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk import protocol as p
from kiosk.central.db import session_scope
from kiosk.central.http_errors import ApiError
from kiosk.central.models import PageRef, StoredPage
from kiosk.central.storage import PageStorage


def is_stored(session: Session, sha256: str) -> bool:
    return session.get(StoredPage, sha256) is not None


def is_referenced(session: Session, kiosk_id: str, sha256: str) -> bool:
    row = session.scalar(
        select(PageRef.id).where(PageRef.kiosk_id == kiosk_id, PageRef.sha256 == sha256).limit(1)
    )
    return row is not None


def finish_upload(
    factory: sessionmaker[Session],
    storage: PageStorage,
    private_key: X25519PrivateKey,
    kiosk_id: str,
    sha256: str,
) -> p.PageStatus:
    """Verify the complete partial and store it; raises :class:`ApiError` 422 on a bad envelope."""
    from kiosk.documents.envelope import EnvelopeError, open_with_info

    envelope = storage.read_partial(kiosk_id, sha256)
    try:
        _plaintext, info = open_with_info(envelope, private_key)  # one parse of the header
    except EnvelopeError as exc:
        storage.drop_partial(kiosk_id, sha256)
        raise ApiError(
            422, p.PAGES_ENVELOPE_INVALID, f"the envelope cannot be opened by the central: {exc}"
        ) from exc
    # the plaintext matched the hash sealed in the envelope: the page is the one named when
    # that hash is the name
    if info.sha256 != sha256:
        storage.drop_partial(kiosk_id, sha256)
        raise ApiError(422, p.PAGES_HASH_MISMATCH, "the page's content does not match its hash")
    storage.commit_partial(kiosk_id, sha256, envelope)
    try:
        with session_scope(factory) as session:
            if not is_stored(session, sha256):
                session.add(
                    StoredPage(
                        sha256=sha256,
                        size=len(envelope),
                        media_type=info.media_type[:100],
                        kiosk_id=kiosk_id,
                    )
                )
    except IntegrityError:  # the same page finished at the same moment elsewhere: it is stored
        pass
    return p.PageStatus(sha256=sha256, stored=True, upload_offset=len(envelope))
