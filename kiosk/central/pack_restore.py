"""``central_pages`` rows re-created for the packed pages a restore left without one.

The documented backup takes the database dump first and copies the data folder after it. A page
uploaded in between has its bytes in a pack and its version (a ``central_page_refs`` row) in the
dump, but no ``central_pages`` row: the restored central counts that version incomplete and
``pages check`` does not name the page, while the kiosk, answered ``stored``, will never send it
again. :mod:`kiosk.central.pack_rebuild` keeps such a page listed (``needed_among``); this
module gives it its row back, so the restore ends complete.

Invariants:

- A row is made only for a page some version or conflict references (``central_page_refs``) and
  that has no row, and only after its bytes, read back from the pack (the record's CRC checked
  by the read), are checked as the upload checked them (:func:`verified`): with the central's
  key the envelope is opened (AES-GCM authenticates it, and the plaintext must match the hash
  sealed in the envelope) and that hash must be the page's name; without the key (a CLI run
  where the key file is absent) only the envelope's header must name the page. A page that fails
  stays without its row (``pages check`` still does not name it; the count says how many).
- The row is the upload's (:func:`kiosk.central.page_rows.insert`, the one insert of a batch):
  size = the envelope's length, media type = the envelope header's (first 100 characters), kiosk
  = the one referencing it (the smallest id when several kiosks hold the same page, so a re-run
  gives the same answer), stored at now. ``ON CONFLICT DO NOTHING``: a row another upload
  committed meanwhile is kept, and a second run adds nothing.
- One transaction per 500 pages, on SQLite and PostgreSQL; the pages still referenced and still
  without a row are looked up again inside it, so a page erased meanwhile (its references
  deleted) is not given a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central import page_rows
from kiosk.central.db import session_scope
from kiosk.central.models import PageRef, StoredPage, utcnow
from kiosk.central.page_packs import PackStore

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey


@dataclass
class Restored:
    """Rows re-created, and pages referenced without a row whose bytes did not check."""

    rows: int = 0
    refused: int = 0


Restore = Callable[[Sequence[str]], Restored]
"""Re-create the missing rows among these packed pages (:func:`rows_restorer`)."""


def verified(sha256: str, envelope: bytes, key: X25519PrivateKey | None) -> str | None:
    """The envelope's media type when it is page ``sha256``'s (see the invariants), else None."""
    from kiosk.documents.envelope import EnvelopeError, inspect, open_with_info

    try:
        if key is None:
            info = inspect(envelope)
        else:
            _plaintext, info = open_with_info(envelope, key)
    except EnvelopeError:
        return None
    return info.media_type[:100] if info.sha256 == sha256 else None


def _missing(session: Session, hashes: Sequence[str]) -> dict[str, str]:
    """page → kiosk, for the pages among ``hashes`` referenced but without a row."""
    query = (
        select(PageRef.sha256, func.min(PageRef.kiosk_id))
        .where(PageRef.sha256.in_(list(hashes)))
        .where(~exists().where(StoredPage.sha256 == PageRef.sha256))
        .group_by(PageRef.sha256)
    )
    return {sha: kiosk for sha, kiosk in session.execute(query)}


def rows_restorer(
    factory: sessionmaker[Session], store: PackStore, key: X25519PrivateKey | None
) -> Restore:
    """:data:`Restore` on the central's database, reading the pages from ``store``."""

    def restore(hashes: Sequence[str]) -> Restored:
        done = Restored()
        with factory() as session:
            missing = _missing(session, hashes)
        checked: dict[str, tuple[int, str]] = {}
        for sha in sorted(missing):
            try:
                envelope = store.read(sha)
            except OSError:
                envelope = None
            media = None if envelope is None else verified(sha, envelope, key)
            if envelope is None or media is None:
                done.refused += 1
            else:
                checked[sha] = (len(envelope), media)
        if not checked:
            return done
        with session_scope(factory) as session:
            by_kiosk: dict[str, dict[str, tuple[int, str]]] = {}
            for sha, kiosk in _missing(session, list(checked)).items():
                by_kiosk.setdefault(kiosk, {})[sha] = checked[sha]
            now = utcnow()
            for kiosk, rows in sorted(by_kiosk.items()):
                page_rows.insert(session, kiosk, rows, now)
                done.rows += len(rows)
        return done

    return restore
