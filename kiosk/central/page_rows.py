"""The SQL of a page batch (:mod:`kiosk.central.page_batch`): one statement to look the batch's
pages up, one to insert the rows of those stored.

Issue 17: a week offline is ~17,000 small pages in ~270 batches. Through the ORM, the two
look-ups (one ``IN`` each) and the executemany insert cost ~110 µs of the central's CPU per page
(measured, PostgreSQL, batches of 64); here each is one statement whatever the batch's size.
On PostgreSQL the hashes travel as arrays (``= ANY``, ``unnest``): three parameters instead of
one per value, and the same statement text every time. The hashes and sizes go as one text each,
split by PostgreSQL (``string_to_array``), and the media types as the batch's few distinct values
and an index per page: psycopg adapts a list element by element in Python (~2.9 ms of the
central's CPU for a batch of 256 pages' three lists, against ~0.2 ms for two texts; issue 17). A
hash holding the separator (or empty) cannot be split back exactly, so such a batch goes as
arrays, as before (a real hash is 64 hex digits). On SQLite (tests, small installs) the same
results come from an expanding ``IN`` and an executemany.

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
_KNOWN_PG_JOINED = text(
    "SELECT sha256, 'r' FROM central_page_refs WHERE kiosk_id = :kiosk"
    " AND sha256 = ANY(CAST(string_to_array(CAST(:joined AS text), ',') AS varchar[]))"
    " UNION ALL SELECT sha256, 's' FROM central_pages"
    " WHERE sha256 = ANY(CAST(string_to_array(CAST(:joined AS text), ',') AS varchar[]))"
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
_INSERT_PG_JOINED = text(
    "INSERT INTO central_pages (sha256, size, media_type, kiosk_id, stored_at)"
    " SELECT u.sha256, u.size, (CAST(:media AS varchar[]))[u.kind], :kiosk, :now FROM unnest("
    "CAST(string_to_array(CAST(:joined AS text), ',') AS varchar[]),"
    " CAST(string_to_array(CAST(:sizes AS text), ',') AS integer[]),"
    " CAST(string_to_array(CAST(:kinds AS text), ',') AS integer[])"
    ") AS u(sha256, size, kind) ON CONFLICT (sha256) DO NOTHING"
).bindparams(bindparam("now", type_=Timestamp))


def _joined(hashes: list[str]) -> str | None:
    """The hashes as one text ``string_to_array`` splits back exactly, or None when it cannot
    (a hash holding a comma, or an empty one)."""
    joined = ",".join(hashes)
    if not hashes or joined.count(",") != len(hashes) - 1 or not all(hashes):
        return None
    return joined


def _on_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def known(session: Session, kiosk_id: str, hashes: list[str]) -> tuple[set[str], set[str]]:
    """(referenced by this kiosk, stored) among ``hashes``, in one statement."""
    statement, params = _KNOWN_SQLITE, {"kiosk": kiosk_id, "hashes": hashes}
    if _on_postgresql(session):
        joined = _joined(hashes)
        if joined is None:
            statement = _KNOWN_PG
        else:
            statement, params = _KNOWN_PG_JOINED, {"kiosk": kiosk_id, "joined": joined}
    referenced: set[str] = set()
    stored: set[str] = set()
    for sha, kind in session.execute(statement, params):
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
        joined = _joined(list(rows))
        if joined is not None:
            kinds: dict[str, int] = {}  # media type -> its 1-based index (PostgreSQL arrays)
            for _, media in rows.values():
                kinds.setdefault(media, len(kinds) + 1)
            session.execute(
                _INSERT_PG_JOINED,
                {
                    "kiosk": kiosk_id,
                    "now": now,
                    "joined": joined,
                    "sizes": ",".join(str(size) for size, _ in rows.values()),
                    "kinds": ",".join(str(kinds[media]) for _, media in rows.values()),
                    "media": list(kinds),
                },
            )
            return
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
