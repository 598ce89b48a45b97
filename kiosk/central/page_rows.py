"""The SQL of a page batch (:mod:`kiosk.central.page_batch`): one statement to look the batch's
pages up, one to insert the rows of those stored.

Issue 17: a week offline is ~17,000 small pages in ~270 batches. Through the ORM, the two
look-ups (one ``IN`` each) and the executemany insert cost ~110 µs of the central's CPU per page
(measured, PostgreSQL, batches of 64); here each is one statement whatever the batch's size.
On PostgreSQL the hashes travel as arrays (``= ANY``, ``unnest``): three parameters instead of
one per value, and the same statement text every time. On SQLite (tests, small installs) the
same results come from an expanding ``IN`` and an executemany.

Invariants, the same as before: "referenced" means a version or conflict *this kiosk* pushed names
the page (issue 13: nothing is said about other kiosks' pages); the insert keeps a row another
upload committed meanwhile (``ON CONFLICT DO NOTHING``: the same page, the same bytes).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from kiosk.central.models import StoredPage, Timestamp

_KNOWN_PG = text(
    "SELECT sha256, 'r' FROM central_page_refs WHERE kiosk_id = :kiosk"
    " AND sha256 = ANY(CAST(:hashes AS varchar[]))"
    " UNION ALL SELECT sha256, 's' FROM central_pages"
    " WHERE sha256 = ANY(CAST(:hashes AS varchar[]))"
)
_KNOWN_SQLITE = text(
    "SELECT sha256, 'r' FROM central_page_refs WHERE kiosk_id = :kiosk AND sha256 IN :hashes"
    " UNION ALL SELECT sha256, 's' FROM central_pages WHERE sha256 IN :hashes"
).bindparams(bindparam("hashes", expanding=True))
_INSERT_PG = text(
    "INSERT INTO central_pages (sha256, size, media_type, kiosk_id, stored_at)"
    " SELECT u.sha256, u.size, u.media_type, :kiosk, :now FROM unnest("
    "CAST(:hashes AS varchar[]), CAST(:sizes AS integer[]), CAST(:media AS varchar[])"
    ") AS u(sha256, size, media_type) ON CONFLICT (sha256) DO NOTHING"
).bindparams(bindparam("now", type_=Timestamp))


def _on_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def known(session: Session, kiosk_id: str, hashes: list[str]) -> tuple[set[str], set[str]]:
    """(referenced by this kiosk, stored) among ``hashes``, in one statement."""
    statement = _KNOWN_PG if _on_postgresql(session) else _KNOWN_SQLITE
    referenced: set[str] = set()
    stored: set[str] = set()
    for sha, kind in session.execute(statement, {"kiosk": kiosk_id, "hashes": hashes}):
        (referenced if kind == "r" else stored).add(sha)
    return referenced, stored


def insert(
    session: Session, kiosk_id: str, rows: dict[str, tuple[int, str]], now: dt.datetime
) -> None:
    """``central_pages`` rows for the pages (sha256 → (envelope size, media type)) stored at
    ``now``, in the session's transaction; a row already there is kept."""
    if not rows:
        return
    if _on_postgresql(session):
        session.execute(
            _INSERT_PG,
            {
                "kiosk": kiosk_id,
                "now": now,
                "hashes": list(rows),
                "sizes": [size for size, _ in rows.values()],
                "media": [media for _, media in rows.values()],
            },
        )
        return
    statement = sqlite.insert(StoredPage).on_conflict_do_nothing(index_elements=["sha256"])
    session.execute(
        statement,
        [
            {"sha256": sha, "size": size, "media_type": media, "kiosk_id": kiosk_id,
             "stored_at": now}
            for sha, (size, media) in rows.items()
        ],
    )  # fmt: skip
