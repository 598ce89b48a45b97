"""The kiosk's own key wraps of page envelopes, kept beside the pages instead of inside them.

Issue 17. A page sealed once the central's key is known (:meth:`Vault.put
<kiosk.documents.vault.Vault.put>`) is written with only the central as recipient in its file;
the wrap of its content key to this kiosk's document key (the same ``{kid, epk, nonce, wrapped}``
record the header would carry, :func:`~kiosk.documents.envelope.seal_split`) is a row here,
``(sha256, nonce, record)`` in ``<documents>/wraps.sqlite3``. Forgetting the local key of such a
page once the central holds it (:mod:`kiosk.sync.forget`) is deleting its row: one transaction for
a whole batch, no page file rewritten (a week's 17,000 renames took seconds).

Invariants, and why:

- **Row first, file second.** :meth:`WrapStore.put` commits durably (WAL, ``synchronous=FULL``)
  before the vault writes the page file, so a crash leaves nothing, a row alone (its file never
  written: the start-up sweep deletes rows without a file), or both — never a page file whose
  local wrap is missing. Every such file is also wrapped to the central, so even losing this
  store loses no page: the central still opens it; only showing it here before it is synced is
  lost, and that is said (:meth:`WrapStore.lost_at`, ``documents.page.local_key_lost``).
- **A row names one sealing.** The content nonce is fresh per sealing and the wrap is bound to
  the header by the AEAD; a row whose nonce is not the file's (a re-scan sealed the page anew and
  the process died between the row and the file) counts as absent and is replaced by the next put.
- **Forgotten means gone from the files.** ``secure_delete`` zeroes a deleted row in the page it
  lived in, and a ``TRUNCATE`` checkpoint follows (after the batch, or once when the sync round's
  forget step closes: :meth:`forget` with ``wipe=False``, then :meth:`wipe`, also when the step
  fails), so by the end of the round the database file holds no deleted wrap and the WAL is
  empty: a copy of the data folder reveals no confirmed page. The
  filesystem blocks the WAL frames occupied before the truncation are freed, not wiped — the same
  as the old path, whose rename freed the old page file's blocks without wiping them (full-disk
  encryption is what covers the raw device, as before).
- **A damaged store is set aside, never silently dropped.** A file SQLite cannot read is renamed
  ``wraps.sqlite3.damaged-<time>`` (kept for recovery), a fresh store records when the loss
  happened, and the loss is logged as an error. A store that vanished while the ``wraps.made``
  marker says one existed is recorded the same way.

One :class:`WrapStore` per folder and process (connections are shared by every ``Vault`` of that
folder), used from any thread under its lock; a store file replaced or removed behind it is noticed
(its inode) and opened afresh.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from kiosk.fsutil import atomic_write_bytes

log = logging.getLogger(__name__)

NAME = "wraps.sqlite3"
MARKER = "wraps.made"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS wraps (sha256 TEXT PRIMARY KEY, nonce TEXT NOT NULL, "
    "record TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
_STORES: dict[str, WrapStore] = {}
_STORES_LOCK = threading.Lock()

Record = dict[str, str]


def store_for(folder: Path) -> WrapStore:
    """The folder's store in this process (made on first use)."""
    key = str(Path(folder).resolve())
    with _STORES_LOCK:
        found = _STORES.get(key)
        if found is None:
            found = _STORES[key] = WrapStore(Path(folder))
        return found


def release_under(folder: Path) -> None:
    """Close this process's stores inside ``folder`` (Windows cannot rename a folder holding an
    open file: a backup's restore swaps the data folder whole). A closed store reopens its path
    at its next use, so it then reads the folder swapped in."""
    root = Path(folder).resolve()
    with _STORES_LOCK:
        stores = [s for key, s in _STORES.items() if Path(key).is_relative_to(root)]
    for store in stores:
        store.close()


class WrapStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / NAME
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._inode: int | None = None
        self._pid = os.getpid()

    # -- connection ------------------------------------------------------------------------------
    def _connect(self, *, create: bool) -> sqlite3.Connection | None:
        """The open connection, reopened if the file changed; None when there is no store yet
        and ``create`` is False (a vault that never sealed a split page has no store)."""
        if self._pid != os.getpid():  # a forked child never uses its parent's connection
            self._conn, self._pid = None, os.getpid()
        try:
            inode: int | None = self.path.stat().st_ino
        except FileNotFoundError:
            inode = None
        if self._conn is not None and inode == self._inode and inode is not None:
            return self._conn
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        marked = (self.folder / MARKER).exists()
        if inode is None and not create and not marked:
            return None
        lost = "the local key store was missing" if inode is None and marked else None
        try:
            conn = self._open()
        except sqlite3.DatabaseError as exc:
            self._set_aside(exc)
            lost = "the local key store was damaged"
            conn = self._open()
        if lost is not None:
            self._record_loss(conn, lost)
        if not marked:
            atomic_write_bytes(self.folder / MARKER, b"")
        self._conn, self._inode = conn, self.path.stat().st_ino
        return conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            if os.name != "nt":
                os.chmod(self.path, 0o600)
            conn.execute("PRAGMA secure_delete=ON")
            if conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] != "wal":
                raise sqlite3.DatabaseError("the local key store cannot use a WAL")
            conn.execute("PRAGMA synchronous=FULL")
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute("SELECT count(*) FROM wraps").fetchone()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _set_aside(self, exc: Exception) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        for suffix in ("", "-wal", "-shm"):
            src = self.path.with_name(NAME + suffix)
            if src.exists():
                src.rename(self.path.with_name(f"{NAME}.damaged-{stamp}{suffix}"))
        log.error(
            "the local key store is damaged (%s): set aside as %s.damaged-%s", exc, NAME, stamp
        )

    def _record_loss(self, conn: sqlite3.Connection, why: str) -> None:
        when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('lost_at', ?)", (when,))
        log.error("%s: pages sealed before %s and not yet sent open only at the central", why, when)

    def lost_at(self) -> str | None:
        """When a store was found damaged or missing (its pages not yet held by the central
        cannot be shown here; they are intact and the central opens them), or None."""
        with self._lock:
            conn = self._connect(create=False)
            if conn is None:
                return None
            row = conn.execute("SELECT value FROM meta WHERE key = 'lost_at'").fetchone()
            return None if row is None else str(row[0])

    # -- rows ------------------------------------------------------------------------------------
    def put(self, sha256: str, nonce: str, record: Record) -> None:
        """Durably keep the wrap of the sealing named by ``nonce`` (before its file is written)."""
        with self._lock:
            conn = self._connect(create=True)
            assert conn is not None
            conn.execute(
                "INSERT OR REPLACE INTO wraps VALUES (?, ?, ?)",
                (sha256, nonce, json.dumps(record, sort_keys=True)),
            )

    def get(self, sha256: str, nonce: str) -> Record | None:
        """The wrap of the sealing ``nonce`` names, or None (forgotten, never here, stale)."""
        with self._lock:
            conn = self._connect(create=False)
            if conn is None:
                return None
            row = conn.execute(
                "SELECT record FROM wraps WHERE sha256 = ? AND nonce = ?", (sha256, nonce)
            ).fetchone()
        if row is None:
            return None
        record: Record = json.loads(row[0])
        return record

    def forget(self, pages: Iterable[tuple[str, str | None]], *, wipe: bool = True) -> list[str]:
        """Delete the wraps of ``(sha256, nonce)`` pairs (nonce None: whatever sealing) in one
        durable transaction, then empty the WAL (:meth:`wipe`; ``wipe=False``: the caller does it
        later, e.g. once at the end of a sync round); returns the hashes whose row went."""
        wanted = list(pages)
        if not wanted:
            return []
        with self._lock:
            conn = self._connect(create=False)
            if conn is None:
                return []
            gone: list[str] = []
            conn.execute("BEGIN IMMEDIATE")
            try:
                for sha256, nonce in wanted:
                    if nonce is None:
                        cur = conn.execute("DELETE FROM wraps WHERE sha256 = ?", (sha256,))
                    else:
                        cur = conn.execute(
                            "DELETE FROM wraps WHERE sha256 = ? AND nonce = ?", (sha256, nonce)
                        )
                    if cur.rowcount:
                        gone.append(sha256)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            if wipe:
                self._truncate(conn)
            return gone

    def wipe(self) -> None:
        """Copy the WAL into the database and truncate it: the deleted wraps' old frames go (the
        database's pages hold zeros where they were: ``secure_delete``)."""
        with self._lock:
            conn = self._connect(create=False)
            if conn is not None:
                self._truncate(conn)

    @staticmethod
    def _truncate(conn: sqlite3.Connection) -> None:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:  # another connection's reader held it past the busy timeout
            raise sqlite3.OperationalError("the local key store's WAL could not be emptied")

    def hashes(self) -> set[str]:
        with self._lock:
            conn = self._connect(create=False)
            if conn is None:
                return set()
            return {str(r[0]) for r in conn.execute("SELECT sha256 FROM wraps")}

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
