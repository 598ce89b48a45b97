"""Every stored page checked readable (``kiosk central pages check``), each pack read once.

A page is named when its bytes are missing (neither a loose file nor an index entry), cannot be
read whole (a pack gone, cut short, a record whose header does not check: the same checks as
serving it, :meth:`~kiosk.central.page_packs.PackStore.read`), or are no envelope of that page
(its header names another hash, or its size is not the row's).

Why grouped: a week offline packs ~17,000 pages into ~270 packs (issue 17). Read page by page,
the check asked the index and opened a pack once per page. Here the database's rows go 1,000 at
a time into a temporary table beside the index (the central's database is asked without holding
the index), joined with it once into a plan keyed by (pack, offset), and read pack by pack in
offset order, 5,000 records at a time: one open per pack (two when a pack straddles two parts).
Same answers as the page-by-page read: a loose file (``pages/``) is what a read serves first,
so a page with one is checked there; a page with several packed copies is whole when any copy
is (a read takes the first whole one). Names come out pack by pack, not in hash order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central.models import StoredPage
from kiosk.central.page_packs import read_records
from kiosk.central.storage import LocalPageStorage


@dataclass(frozen=True)
class Unreadable:
    """A ``central_pages`` row whose envelope cannot be read whole, and why."""

    sha256: str
    reason: str  # "missing" | "damaged" | "mismatch"


_TEMP = (
    "CREATE TEMP TABLE IF NOT EXISTS checking (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL)"
    " WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS plan (pack TEXT NOT NULL, offset INTEGER NOT NULL,"
    " size INTEGER NOT NULL, sha256 TEXT NOT NULL, row_size INTEGER NOT NULL,"
    " copies INTEGER NOT NULL, PRIMARY KEY (pack, offset, sha256)) WITHOUT ROWID",
    "DELETE FROM temp.checking",
    "DELETE FROM temp.plan",
)
_PLAN = (
    "INSERT INTO temp.plan SELECT p.pack, p.offset, p.size, c.sha256, c.size,"
    " (SELECT count(*) FROM pages q WHERE q.sha256 = c.sha256)"
    " FROM temp.checking c JOIN pages p ON p.sha256 = c.sha256"
)
_NEXT = (
    "SELECT pack, offset, size, sha256, row_size, copies FROM temp.plan"
    " WHERE (pack, offset, sha256) > (?, ?, ?) ORDER BY pack, offset, sha256 LIMIT 5000"
)
_UNPACKED = (
    "SELECT c.sha256 FROM temp.checking c"
    " WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.sha256 = c.sha256)"
)
Planned = tuple[str, int, int, str, int, int]


def _mismatch(sha: str, size: int, data: bytes) -> bool:
    from kiosk.documents.envelope import EnvelopeError, inspect

    try:
        named = inspect(data).sha256
    except EnvelopeError:
        named = ""
    return named != sha or len(data) != size


def unreadable(storage: LocalPageStorage, factory: sessionmaker[Session]) -> Iterator[Unreadable]:
    """Every stored page whose bytes are missing, cannot be read, or are not that page's."""
    packs = storage.packs
    with packs.connection() as db:
        for statement in _TEMP:
            db.execute(statement)
    last = ""
    while True:
        with factory() as session:
            rows = session.execute(
                select(StoredPage.sha256, StoredPage.size)
                .where(StoredPage.sha256 > last)
                .order_by(StoredPage.sha256)
                .limit(1000)
            ).all()
        if not rows:
            break
        last = rows[-1][0]
        packed: list[tuple[str, int]] = []
        for sha, size in rows:
            if not (storage.pages / sha[:2] / sha).is_file():  # what a read serves first
                packed.append((sha, size))
                continue
            try:
                data = storage.read(sha)
            except OSError:
                yield Unreadable(sha, "damaged")
                continue
            if _mismatch(sha, size, data):
                yield Unreadable(sha, "mismatch")
        with packs.connection() as db:
            db.executemany("INSERT OR IGNORE INTO temp.checking VALUES (?, ?)", packed)
    with packs.connection() as db:
        db.execute(_PLAN)
        missing = [sha for (sha,) in db.execute(_UNPACKED)]
    yield from (Unreadable(sha, "missing") for sha in missing)
    copies: dict[str, list[str]] = {}  # a page with several copies: their reasons so far
    after: tuple[str, int, str] = ("", -1, "")
    while True:
        with packs.connection() as db:
            part: list[Planned] = db.execute(_NEXT, after).fetchall()
        if not part:
            return
        yield from _packed(packs.root, part, copies)
        after = (part[-1][0], part[-1][1], part[-1][3])


def _packed(root: Path, part: list[Planned], copies: dict[str, list[str]]) -> Iterator[Unreadable]:
    """Planned records read pack by pack (a pack split across two parts is opened twice)."""
    start = 0
    while start < len(part):
        pack, end = part[start][0], start
        while end < len(part) and part[end][0] == pack:
            end += 1
        rows = {sha: (size, count) for _, _, _, sha, size, count in part[start:end]}
        records = [(sha, offset, size) for _, offset, size, sha, _, _ in part[start:end]]
        for sha, got in read_records(root / pack, records):
            size, count = rows[sha]
            reason = "damaged" if isinstance(got, OSError) else (
                "mismatch" if _mismatch(sha, size, got) else "")  # fmt: skip
            if count == 1:
                if reason:
                    yield Unreadable(sha, reason)
                continue
            seen = copies.setdefault(sha, [])
            seen.append(reason)
            if len(seen) == count and all(seen):
                yield Unreadable(sha, "mismatch" if "mismatch" in seen else "damaged")
        start = end
