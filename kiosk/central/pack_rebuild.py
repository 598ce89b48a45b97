"""The pack index rebuilt from the packs, and every stored page checked readable.

``packs/index.sqlite`` (:mod:`kiosk.central.page_packs`) only says where each packed page lies;
the packs themselves say what they hold (:mod:`kiosk.central.pack_format`). So a lost or damaged
index is rebuilt instead of leaving every packed page unreachable:

- :func:`reindex` (``kiosk central pages reindex``) scans every pack, lists each whole record
  (CRC and the envelope's own hash checked), and drops the rows that name no whole record
  (erased, damaged, a pack gone). An index that cannot be read is renamed aside first.
- :func:`recover` (the central at start) does the same for the packs the index does not name:
  all of them when the index was missing or unreadable, else only what a crash left.
- :func:`kiosk.central.page_check.unreadable` (``kiosk central pages check``) names every
  ``central_pages`` row whose bytes cannot be read whole.

Invariants: a rebuild only adds rows for records that are whole, and (given ``keep``,
:func:`needed_among`) only for pages the central needs: those with a ``central_pages`` row, and
those a version or conflict it holds references (``central_page_refs``) although the row is
missing. The second kind is what the documented restore leaves (the dump is taken before the
data folder is copied, without the index): a page uploaded in between has its bytes in a pack
and its version in the dump, but no row, and its kiosk, answered ``stored``, will not send it
again; swept, it would be lost. Listed, it is read and erased like any packed page, and given
``restore``, its row is re-created once it is listed (:mod:`kiosk.central.pack_restore`: its
bytes checked as the upload checked them), so its version counts as complete again. An erased
page (zeroed record; :mod:`kiosk.central.erasure` deletes its row and references) is never
listed again, and a record no row and no reference names (a copy a crash left unlisted whose
registration was erased since: the erasure could not find it) stays unlisted for
:meth:`PackStore.sweep`. Rows already listed for a whole record are kept. Nothing
here writes to a pack. A rebuild runs beside a serving central: a pack written while it scans
is simply not touched (its own rows commit as usual).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select, union
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central.models import PageRef, StoredPage
from kiosk.central.pack_format import NewerFormat, scan
from kiosk.central.pack_restore import Restore
from kiosk.central.page_packs import PackStore

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

log = logging.getLogger(__name__)

Keep = Callable[[Sequence[str]], set[str]]
"""Which of these page hashes the central needs (:func:`needed_among`)."""


@dataclass
class Rebuilt:
    """What a rebuild did: packs scanned, rows added and dropped, records seen erased or
    damaged, whole records left unlisted (not needed: :func:`needed_among`), the index set aside."""

    packs: int = 0
    listed: int = 0
    dropped: int = 0
    erased: int = 0
    damaged: int = 0
    unlisted: int = 0
    rows: int = 0
    rows_refused: int = 0
    set_aside: Path | None = None


def needed_among(factory: sessionmaker[Session]) -> Keep:
    """:data:`Keep` answered by the central's database: the pages with a ``central_pages`` row
    or a ``central_page_refs`` row (see the invariants above), in one statement."""

    def keep(hashes: Sequence[str]) -> set[str]:
        wanted = list(hashes)
        stored = select(StoredPage.sha256).where(StoredPage.sha256.in_(wanted))
        referenced = select(PageRef.sha256).where(PageRef.sha256.in_(wanted))
        with factory() as session:
            return set(session.scalars(union(stored, referenced)))

    return keep


_TEMP = (
    "CREATE TEMP TABLE IF NOT EXISTS found (sha256 TEXT NOT NULL, pack TEXT NOT NULL,"
    " offset INTEGER NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (sha256, pack)) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS scanned (pack TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS kept (sha256 TEXT PRIMARY KEY) WITHOUT ROWID",
)
_NEW = (
    "SELECT DISTINCT f.sha256 FROM temp.found f WHERE f.sha256 > ? AND NOT EXISTS (SELECT 1"
    " FROM pages p WHERE p.sha256 = f.sha256 AND p.pack = f.pack) ORDER BY f.sha256 LIMIT 500"
)
_STALE = (
    "DELETE FROM pages WHERE pack IN (SELECT pack FROM temp.scanned) AND NOT EXISTS (SELECT 1"
    " FROM temp.found f WHERE f.sha256 = pages.sha256 AND f.pack = pages.pack"
    " AND f.offset = pages.offset AND f.size = pages.size)"
)
_LISTED = (
    "SELECT DISTINCT f.sha256 FROM temp.found f WHERE f.sha256 > ? AND EXISTS (SELECT 1"
    " FROM pages p WHERE p.sha256 = f.sha256) ORDER BY f.sha256 LIMIT 500"
)
_ADD = (
    "INSERT OR IGNORE INTO pages SELECT f.sha256, f.pack, f.offset, f.size FROM temp.found f"
    " WHERE ? OR f.sha256 IN (SELECT sha256 FROM temp.kept)"
)
_LEFT = (
    "SELECT count(*) FROM temp.found f WHERE NOT EXISTS (SELECT 1 FROM pages p"
    " WHERE p.sha256 = f.sha256 AND p.pack = f.pack)"
)


def reindex(
    store: PackStore,
    keep: Keep | None = None,
    packs: list[Path] | None = None,
    restore: Restore | None = None,
) -> Rebuilt:
    """Rebuild the index from ``packs`` (default: every pack, and rows naming a pack that is
    gone are dropped); ``keep`` None lists every whole record. Then ``restore`` gives the pages
    found there and listed their missing ``central_pages`` rows
    (:mod:`kiosk.central.pack_restore`)."""
    done = Rebuilt(set_aside=store.set_aside_if_unreadable(thorough=packs is None))
    targets = sorted(store.root.glob("*/*.pack")) if packs is None else packs
    with store.connection() as db:
        for statement in _TEMP:
            db.execute(statement)
        for table in ("found", "scanned", "kept"):
            db.execute(f"DELETE FROM temp.{table}")  # noqa: S608
    for path in targets:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        try:
            found = scan(data)
        except NewerFormat:
            log.warning("pack index: a pack of a newer format left as it is")
            continue  # its rows stay as they are
        name = f"{path.parent.name}/{path.name}"
        done.packs += 1
        done.erased += found.erased
        done.damaged += found.damaged
        with store.connection() as db:
            db.execute("INSERT OR IGNORE INTO temp.scanned VALUES (?)", (name,))
            db.executemany(
                "INSERT OR IGNORE INTO temp.found VALUES (?, ?, ?, ?)",
                [(sha, name, offset, size) for sha, offset, size in found.live],
            )
    if keep is not None:
        _ask_which_are_needed(store, keep)
    with store.connection() as db:
        db.execute("BEGIN IMMEDIATE")
        try:
            done.dropped = db.execute(_STALE).rowcount
            if packs is None:
                for (pack,) in db.execute("SELECT DISTINCT pack FROM pages").fetchall():
                    if not (store.root / pack).is_file():
                        done.dropped += db.execute(
                            "DELETE FROM pages WHERE pack = ?", (pack,)
                        ).rowcount
            done.listed = db.execute(_ADD, (keep is None,)).rowcount
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        (done.unlisted,) = db.execute(_LEFT).fetchone()
    if restore is not None:
        _restore_rows(store, restore, done)
    return done


def _restore_rows(store: PackStore, restore: Restore, done: Rebuilt) -> None:
    """The scanned pages now listed, 500 at a time, given to ``restore`` (indexed first, so a
    re-created row never points at bytes the index does not name), without holding the index."""
    for part in _parts(store, _LISTED):
        restored = restore(part)
        done.rows += restored.rows
        done.rows_refused += restored.refused


def _ask_which_are_needed(store: PackStore, keep: Keep) -> None:
    """``temp.kept``: the hashes found unlisted that ``keep`` says the central needs, asked 500
    at a time without holding the index's connection (the central's database may take a while,
    and a serving process's requests read and write the index meanwhile)."""
    for part in _parts(store, _NEW):
        kept = keep(part)
        with store.connection() as db:
            db.executemany("INSERT OR IGNORE INTO temp.kept VALUES (?)", [(sha,) for sha in kept])


def _parts(store: PackStore, statement: str) -> Iterator[list[str]]:
    """The hashes ``statement`` lists after its ``?`` (ordered, a page of them at a time), the
    index's connection held only while a page is read, not while the caller works on it."""
    last = ""
    while True:
        with store.connection() as db:
            part = [sha for (sha,) in db.execute(statement, (last,))]
        if not part:
            return
        yield part
        last = part[-1]


def recover(
    store: PackStore, keep: Keep | None = None, restore: Restore | None = None
) -> Rebuilt | None:
    """At start: set an unreadable index aside and list again what the packs the index does not
    name hold (every pack when the index was lost). None when there was nothing to do."""
    aside = store.set_aside_if_unreadable()
    stray = store.unlisted()
    if not stray and aside is None:
        return None
    done = reindex(store, keep, packs=stray, restore=restore)
    done.set_aside = aside
    log.warning(
        "pack index: %s; %d packs not listed were scanned: %d pages listed again, %d left "
        "unlisted (not needed), %d erased and %d damaged records skipped; %d missing page rows "
        "re-created, %d refused (bytes not the page's)",
        "unreadable, set aside and rebuilt" if aside else "readable",
        done.packs, done.listed, done.unlisted, done.erased, done.damaged, done.rows,
        done.rows_refused,
    )  # fmt: skip
    return done


def at_start(
    store: PackStore, factory: sessionmaker[Session], key: X25519PrivateKey | None = None
) -> None:
    """The central's start. A lost index (unreadable, or empty while packs exist) is rebuilt by
    :func:`recover` before this returns, so before the first request; otherwise the packs a crash
    left unlisted are looked at in a thread (listing every pack costs a scan of the index), and
    then :meth:`PackStore.sweep` runs there. One process at a time: workers start together.
    Either way the missing rows of the pages found are re-created (with the central's ``key``)."""
    import threading

    from kiosk.central.pack_restore import rows_restorer

    keep, restore = needed_among(factory), rows_restorer(factory, store, key)
    store.root.mkdir(parents=True, exist_ok=True)
    with _alone(store):
        aside = store.set_aside_if_unreadable()
        lost = aside is not None or (store.empty() and any(store.root.glob("*/*.pack")))
        done = recover(store, keep, restore) if lost else None
    if done is not None:
        done.set_aside = aside
    threading.Thread(
        target=_recover_then_sweep,
        args=(store, factory, done, restore),
        name="pack-sweep",
        daemon=True,
    ).start()


@contextmanager
def _alone(store: PackStore) -> Iterator[None]:
    from kiosk.fsutil import exclusive_lock

    with exclusive_lock(store.root / ".recover.lock", timeout=3600):
        yield


def _recover_then_sweep(
    store: PackStore, factory: sessionmaker[Session], done: Rebuilt | None, restore: Restore
) -> None:
    """:func:`recover` unless the start did, then the sweep: it deletes what recovery left
    unlisted, so it is skipped, and said, when records were left unlisted while the database
    stores no page at all (a wrong ``--database-url``, a dump not restored): those bytes stay."""
    if done is None:
        with _alone(store):
            done = recover(store, needed_among(factory), restore)
    if done is not None and done.unlisted:
        with factory() as session:
            if session.scalar(select(StoredPage.sha256).limit(1)) is None:
                log.warning("pack sweep skipped: the database stores no page, the packs hold %d",
                            done.unlisted)  # fmt: skip
                return
    store.sweep()
