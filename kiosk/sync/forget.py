"""After the central confirms a registration, the kiosk forgets its own key to the pages.

Issue 13.4. Every page is sealed with a per-document key wrapped to the kiosk's local X25519 key
and, once enrolled, to the central's (:mod:`kiosk.documents.envelope`). While the central does not
hold a registration the kiosk must be able to open its pages (to show, print and upload them).
Once the central has confirmed the registration's current version **and** holds every one of its
pages, the local wrap is dropped (:meth:`Vault.forget_local_keys`: a page sealed once enrolled keeps
that wrap as a row beside its file, :mod:`kiosk.documents.wraps`, and loses it by a deleted row; an
older page's file is rewritten without it): from then on only the central's
private key opens those pages, so a stolen kiosk — or a copy of its data folder, keys included —
reveals none of them. The kiosk shows such a page as "sent to the central"
(``documents.page.sent_to_central``); the envelope stays on disk until retention removes it, so a
correction that keeps the page re-sends the same hash without opening it.

Pages are stored once per content hash, so the same page bytes can belong to several
registrations (the same file scanned again, a draft copied from a submitted one, a correction).
The invariant, per page:

    the local key is dropped only when *every* registration that references the page — its
    current documents or photos (``document_pages``) or any of its versions (``version_pages``) —
    is held in full by the central (submitted, synced or verified; the ledger holds its current
    version; none of its pages waits for upload).

A draft, a registration not yet confirmed, one sent back for a fix, or a page waiting for upload
keeps the key, and the page is listed in ``sync_keys_kept``; every round looks at that list again
and drops the key once the last such reference is confirmed, deleted or erased (a page no row
references any more leaves the list; the documents' sweep removes its file). So a page not shared
with unconfirmed work is closed to a copied data folder exactly as before, and a shared one is
closed as soon as nothing here needs it. A page put again after its key went (a re-scan) is sealed
anew to this kiosk by :meth:`Vault.put`, which holds the bytes; one put again *before* (the same
file taken for a new draft while the first registration waits for its confirmation) is in no row
until the draft is saved, so the vault remembers it for the process (:meth:`Vault.taken_again`)
and its key is kept until a saved row refers to it (then that row decides) or the app restarts.

Checked per round for the registrations the round touched (confirmed by a push, or whose last page
was uploaded), for the kept list, and once for everything already confirmed (:func:`sweep`, e.g.
after an upgrade). The round does this alongside its upload, in a thread of its own
(:mod:`kiosk.sync.forget_alongside`), and waits for it before ``run_round()`` returns: "after
the central confirmed" means by the end of the round that confirmed it. A page one of whose
registrations is not held in full, or one the central's key cannot open, is never touched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import sqlalchemy as sa

from kiosk.domain.model import Status, utcnow
from kiosk.sync.tables import KEYS_KEPT

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault
    from kiosk.store import Store
    from kiosk.sync.state import SyncState

log = logging.getLogger(__name__)

SWEPT = "sync.local_keys_swept"  # setting: the one-off sweep over older confirmations ran
HELD = (Status.SUBMITTED, Status.SYNCED, Status.VERIFIED)

# Plain SQLite statements, "{in}" filled with one "?" per item: SQLAlchemy's expanding IN
# rendered each 500-item list anew (a third of the forget step's CPU for a week's backlog).
_USERS = (
    "SELECT sha256, registration_id FROM document_pages WHERE sha256 IN ({in}) "
    "UNION SELECT sha256, registration_id FROM version_pages WHERE sha256 IN ({in})"
)
_PAGES_OF = "SELECT registration_id, sha256 FROM document_pages WHERE registration_id IN ({in})"
_ROWS = "SELECT id, status, version FROM registrations WHERE id IN ({in})"
_LEDGER = (
    "SELECT registration_id, max(version) FROM sync_ledger "
    "WHERE registration_id IN ({in}) GROUP BY registration_id"
)
_WAITING = "SELECT DISTINCT registration_id FROM sync_pages WHERE registration_id IN ({in})"
_PENDING = "SELECT sha256 FROM sync_pages WHERE failed = 0 AND sha256 IN ({in})"
_CHUNK = 500  # ids or hashes per query (SQLite's bound on host parameters is far above)


def _in(statement: str, count: int) -> str:
    return statement.replace("{in}", ",".join("?" * count))


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def confirmed(store: Store, state: SyncState, registration_id: str) -> list[str] | None:
    """The page hashes of a registration the central fully holds, or None if it does not."""
    judge = _Judge(store, state)
    judge.load_registrations([registration_id])
    if not judge.held.get(registration_id):
        return None
    return sorted(judge.pages_of([registration_id]))


class _Judge:
    """Decides per page whether every registration referencing it is held in full.

    A round of a kiosk back after a week settles thousands of pages, so it asks in a few
    queries per 500 pages or registrations (users of the pages; each registration's status and
    version, the ledger's confirmed version, pages still to upload), not several per page."""

    def __init__(self, store: Store, state: SyncState) -> None:
        self.store, self.state = store, state
        self.held: dict[str, bool] = {}
        self.by_page: dict[str, set[str]] = {}

    def load_pages(self, hashes: Iterable[str]) -> None:
        todo = sorted(set(hashes) - self.by_page.keys())
        with self.store.engine.connect() as conn:
            for part in _chunks(todo):
                for sha in part:
                    self.by_page[sha] = set()
                users = _in(_USERS, len(part))
                for sha, rid in conn.exec_driver_sql(users, (*part, *part)):
                    self.by_page[str(sha)].add(str(rid))
        self.load_registrations({rid for sha in todo for rid in self.by_page[sha]})

    def load_registrations(self, ids: Iterable[str]) -> None:
        """Held in full: submitted, synced or verified; the ledger holds its current version;
        none of its pages waits for upload (a registration gone or redacted is not held)."""
        todo = sorted(set(ids) - self.held.keys())
        with self.store.engine.connect() as conn:
            for part in _chunks(todo):
                args = tuple(part)
                rows = {
                    str(r[0]): (str(r[1]), int(r[2]))
                    for r in conn.exec_driver_sql(_in(_ROWS, len(part)), args)
                }
                ledger = {
                    str(r[0]): int(r[1] or 0)
                    for r in conn.exec_driver_sql(_in(_LEDGER, len(part)), args)
                }
                waiting = {str(r[0]) for r in conn.exec_driver_sql(_in(_WAITING, len(part)), args)}
                for rid in part:
                    row = rows.get(rid)
                    self.held[rid] = (
                        row is not None
                        and row[0] in HELD
                        and ledger.get(rid, 0) >= row[1]
                        and rid not in waiting
                    )

    def pages_of(self, ids: list[str]) -> set[str]:
        """The pages (documents and product photos) the given registrations refer to now."""
        out: set[str] = set()
        with self.store.engine.connect() as conn:
            for part in _chunks(sorted(set(ids))):
                found = conn.exec_driver_sql(_in(_PAGES_OF, len(part)), tuple(part))
                out.update(str(r[1]) for r in found)
        return out

    def users(self, sha: str) -> set[str]:
        if sha not in self.by_page:
            self.load_pages([sha])
        return self.by_page[sha]

    def is_held(self, registration_id: str) -> bool:
        if registration_id not in self.held:
            self.load_registrations([registration_id])
        return self.held[registration_id]


def _pending(store: Store, hashes: set[str]) -> set[str]:
    """Which of ``hashes`` wait for upload (not given up on): only those, not the whole list."""
    out: set[str] = set()
    with store.engine.connect() as conn:
        for part in _chunks(sorted(hashes)):
            found = conn.exec_driver_sql(_in(_PENDING, len(part)), tuple(part))
            out.update(str(r[0]) for r in found)
    return out


def _kept(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return {str(r[0]) for r in conn.execute(sa.select(KEYS_KEPT.c.sha256))}


def _mark(store: Store, keep: set[str], release: set[str]) -> None:
    if not keep and not release:
        return
    with store.session() as session:
        if release:
            session.execute(KEYS_KEPT.delete().where(KEYS_KEPT.c.sha256.in_(sorted(release))))
        for sha in sorted(keep):
            session.execute(
                KEYS_KEPT.insert().prefix_with("OR IGNORE"),
                {"sha256": sha, "kept_at": utcnow().isoformat()},
            )


def _settle(
    store: Store, state: SyncState, vault: Vault, hashes: Iterable[str], judge: _Judge | None = None
) -> int:
    """Drop the local wrap of each page every user of which is held in full (the invariant);
    keep the others listed. Returns how many pages changed."""
    if not hashes:
        return 0
    hashes = set(hashes)
    pending = _pending(store, hashes)
    judge = judge or _Judge(store, state)
    judge.load_pages(hashes)
    keep: set[str] = set()
    release: set[str] = set()
    closed: list[str] = []
    for sha in sorted(hashes):
        users = judge.users(sha)
        if not users:
            release.add(sha)  # nothing here refers to it (deleted, erased)
            continue
        if sha in pending or not all(judge.is_held(rid) for rid in sorted(users)):
            if not vault.has(sha):
                release.add(sha)  # no file (or a damaged one): nothing to keep a key of
                continue
            keep.add(sha)  # unconfirmed work still needs the page: look again next round
            vault.release_taken(sha)  # a saved row refers to it now: that row keeps it
            continue
        if vault.taken_again(sha):
            if not vault.has(sha):
                release.add(sha)
                continue
            keep.add(sha)  # put again here, maybe for work not saved yet: not while it may be
            continue
        closed.append(sha)
    # rewritten together (few fsync waits), each file read once; one not wrapped to the central
    # stays readable here; one missing or damaged has no key to drop (released, as before)
    changed, refused = vault.forget_local_keys(closed)
    for sha in refused:
        log.warning("page %s is not wrapped to the central; its key is kept", sha[:12])
    release.update(set(closed) - set(refused))
    _mark(store, keep, release)
    return len(changed)


def forget_for(store: Store, state: SyncState, vault: Vault, ids: Iterable[str]) -> int:
    """Drop the local wrap from the pages of the given registrations the central holds in full,
    unless unconfirmed work shares them (then they are kept and looked at again by
    :func:`sweep`); returns how many pages changed."""
    return forget_held(store, state, vault, ids)[0]


def forget_held(
    store: Store, state: SyncState, vault: Vault, ids: Iterable[str]
) -> tuple[int, set[str]]:
    """:func:`forget_for`, also returning which of ``ids`` were found held in full."""
    judge = _Judge(store, state)
    wanted = sorted(set(ids))
    judge.load_registrations(wanted)
    held = {rid for rid in wanted if judge.held[rid]}
    return _settle(store, state, vault, judge.pages_of(sorted(held)), judge), held


def keep_for_later(store: Store, state: SyncState, ids: Iterable[str]) -> None:
    """List the pages of ``ids`` as kept, for :func:`sweep` to judge in the next round (their
    forget step failed this round; the rules above decide then, as always)."""
    if wanted := sorted(set(ids)):
        _mark(store, _Judge(store, state).pages_of(wanted), set())


def sweep(store: Store, state: SyncState, vault: Vault) -> int:
    """Every round: the pages kept for shared work, again (their last unconfirmed user may be
    confirmed or gone). Once: every registration confirmed before this existed."""
    changed = _settle(store, state, vault, _kept(store))
    if store.get_setting(SWEPT, False):
        return changed
    changed += forget_for(store, state, vault, {rid for rid, _, _ in state.ledger()})
    store.set_setting(SWEPT, True)
    return changed
