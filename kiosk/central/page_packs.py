"""Pack files: a batch of small page envelopes stored as one file with one fsync (issue 17).

A week offline brings thousands of 3 KB pages at once. One file per page costs a file creation,
an fsync and a journal commit each: about 700–950 pages/s on the central's ext4, whatever the
threads, and most of a reconnect's time. Here a batch's verified envelopes are written one after
the other into *one* new file, ``packs/<ab>/<uuid>.pack`` (temp, fsync, rename, fsync folder:
:func:`~kiosk.fsutil.atomic_write_parts`), and where each page lies (pack, offset, size) goes
into ``packs/index.sqlite`` in one transaction, committed with ``synchronous=FULL`` in WAL mode.

The packs describe themselves (format 1, :mod:`kiosk.central.pack_format`: a file header, and
per envelope a 44-byte record header with its length, hash and CRC-32), so the index is a cache:
lost or damaged, it is rebuilt from the packs (:mod:`kiosk.central.pack_rebuild`, by the central
at start and by ``kiosk central pages reindex``). Packs written before format 1 (envelopes back
to back) are read, erased and rebuilt too.

Invariants:

- Durable before indexed, indexed before the central's row: the pack file is whole on disk under
  its final name before its index rows commit, and :mod:`kiosk.central.page_batch` commits the
  ``central_pages`` rows only after :meth:`PackStore.store` returned. A crash in between leaves
  bytes no index names (harmless: the retried batch writes a new pack) or an indexed page without
  its row (the retry finds it stored and commits the row), never a row without its bytes.
- Every copy is indexed: a page is packed again only by a batch racing another with the same
  page (a retry while the first try still runs, two workers); the index lists both places
  (``(sha256, pack)`` is the key), a read takes either.
- Erasure (:meth:`PackStore.remove`) overwrites the page's bytes, and in format 1 its record's
  hash and CRC, with zeros in every pack that holds it, fsyncs, and only then drops its index
  rows: the envelope is gone from disk, not merely unlisted, and no rebuild lists it again.
- A read checks the record header of a format 1 pack (CRC over length, hash and envelope): a
  damaged or half-erased record is an ``OSError``, never bytes served as the page.
- Left behind by a crash: a temp file (before the rename), or a whole pack whose rows did not
  commit (between the rename and the commit, a few milliseconds). Nothing reads them, and none
  of their pages was answered stored (the kiosk sends them again); as they may hold personal data
  an erasure could not find, :meth:`PackStore.sweep` (run when the central starts) zeroes and
  deletes those older than ten minutes (younger ones may be a batch another worker is committing).
  It runs only after the start's recovery listed again every record of an unlisted pack that
  the database stores or references (a lost index leaves *every* pack unlisted).
- Several processes (uvicorn workers, the CLI) share the folder: SQLite's own locking orders
  their writes; each process opens its own connection (re-opened after a ``fork``).

The index is a small SQLite file next to the packs rather than a PostgreSQL table so that
:class:`~kiosk.central.storage.LocalPageStorage` stays what its readers (console page view,
subject export and erasure, catalogue export, bundle import) already call by hash, with no
database session; pages stored one file each before packs existed are read as before.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from kiosk.central.pack_format import (
    FILE_HEADER,
    RECORD_HEADER_SIZE,
    erase_span,
    header_checks,
    is_format_1,
    record_header,
)
from kiosk.fsutil import atomic_write_parts, fsync_dir, shred

INDEX_NAME = "index.sqlite"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS pages (sha256 TEXT NOT NULL, pack TEXT NOT NULL,"
    " offset INTEGER NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (sha256, pack)) WITHOUT ROWID"
)


class PackStore:
    """Pages kept in pack files under ``root`` (``root/index.sqlite`` says where each lies)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def _conn(self) -> sqlite3.Connection:
        """This process's connection (callers hold ``_lock``); made on first use."""
        if self._db is None or self._pid != os.getpid():
            self.root.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                self.root / INDEX_NAME, timeout=30, isolation_level=None, check_same_thread=False
            )
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # a commit is durable when it returns
            db.execute(_SCHEMA)
            self._db, self._pid = db, os.getpid()
        return self._db

    def close(self) -> None:
        """Close this process's connection to the index (a CLI command's end, a test's); the
        next use opens it again."""
        with self._lock:
            if self._db is not None and self._pid == os.getpid():
                self._db.close()
            self._db = None

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """The index's connection, held alone (:mod:`kiosk.central.pack_rebuild`)."""
        with self._lock:
            yield self._conn()

    def set_aside_if_unreadable(self, thorough: bool = False) -> Path | None:
        """If the index cannot be read (not a database, damaged pages: ``quick_check`` when
        ``thorough``), rename it and its WAL aside (``index.sqlite.damaged-<time>``), so that the
        next use starts an empty one to be rebuilt; returns where it went, None if it was fine."""
        with self._lock:
            try:
                db = self._conn()
                db.execute("SELECT pack FROM pages LIMIT 1").fetchall()
                if thorough and db.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    raise sqlite3.DatabaseError("quick_check failed")
                return None
            except sqlite3.DatabaseError:
                if self._db is not None:
                    self._db.close()
                self._db = None
            aside = self.root / f"{INDEX_NAME}.damaged-{time.strftime('%Y%m%dT%H%M%S')}"
            for suffix in ("-wal", "-shm", ""):
                with suppress(FileNotFoundError):
                    Path(f"{self.root / INDEX_NAME}{suffix}").replace(f"{aside}{suffix}")
            fsync_dir(self.root)
            return aside

    def empty(self) -> bool:
        """Whether the index lists no page at all."""
        with self._lock:
            return self._conn().execute("SELECT 1 FROM pages LIMIT 1").fetchone() is None

    def places(self, sha256: str) -> list[tuple[Path, int, int]]:
        """(pack file, offset, size) of every copy of a packed page; empty if none."""
        with self._lock:
            rows = (
                self._conn()
                .execute("SELECT pack, offset, size FROM pages WHERE sha256 = ?", (sha256,))
                .fetchall()
            )
        return [(self.root / pack, int(offset), int(size)) for pack, offset, size in rows]

    def known(self, hashes: Iterable[str]) -> set[str]:
        """The hashes among ``hashes`` that are packed (one query per 500)."""
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
        with self._lock:
            db = self._conn()
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                found.update(
                    sha
                    for (sha,) in db.execute(
                        f"SELECT sha256 FROM pages WHERE sha256 IN ({marks})",  # noqa: S608
                        part,
                    )
                )
        return found

    def known_all(self) -> set[str]:
        """Every packed page's hash (checks and tests; the index of a whole central is large)."""
        with self._lock:
            return {sha for (sha,) in self._conn().execute("SELECT DISTINCT sha256 FROM pages")}

    def read(self, sha256: str) -> bytes | None:
        """The page's envelope, from its first readable copy; None if it is not packed. A copy
        whose record header (format 1) does not check is skipped; ``OSError`` if none is whole."""
        failure: OSError | None = None
        for path, offset, size in self.places(sha256):
            try:
                return _read_checked(path, offset, size, sha256)
            except OSError as exc:
                failure = exc
        if failure is not None:
            raise failure
        return None

    def store(self, envelopes: dict[str, bytes]) -> None:
        """Write ``envelopes`` (sha256 → bytes) into one new pack, durably, then index them."""
        if not envelopes:
            return
        name = uuid.uuid4().hex
        relative = f"{name[:2]}/{name}.pack"
        rows: list[tuple[str, str, int, int]] = []
        parts = [FILE_HEADER]
        offset = len(FILE_HEADER)
        for sha, data in envelopes.items():
            parts += (record_header(sha, data), data)
            offset += RECORD_HEADER_SIZE
            rows.append((sha, relative, offset, len(data)))
            offset += len(data)
        folder_is_new = not (self.root / name[:2]).is_dir()
        atomic_write_parts(self.root / relative, parts)  # no 2 MB join: one writev
        if folder_is_new:  # the new folder's own entry, durable in the root
            fsync_dir(self.root)
        self._index(rows)

    def _index(self, rows: list[tuple[str, str, int, int]]) -> None:
        """List ``rows`` (sha256, pack, offset, size) in one transaction."""
        with self._lock:
            db = self._conn()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR IGNORE INTO pages VALUES (?, ?, ?, ?)", rows)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def remove(self, sha256: str) -> bool:
        """Overwrite every copy of a packed page with zeros (fsync'd), then unlist it; False if
        it was not packed."""
        places = self.places(sha256)
        if not places:
            return False
        for path, offset, size in places:
            try:
                fd = os.open(path, os.O_RDWR)
            except FileNotFoundError:
                continue  # nothing left to zero
            try:
                start, length = erase_span(offset, size, is_format_1(os.pread(fd, 16, 0)))
                os.pwrite(fd, b"\0" * length, start)
                os.fsync(fd)
            finally:
                os.close(fd)
        with self._lock:
            self._conn().execute("DELETE FROM pages WHERE sha256 = ?", (sha256,))
        return True

    def unlisted(self) -> list[Path]:
        """Pack files no index row names (left by a crash between a pack's rename and its
        rows' commit)."""
        with self._lock:
            listed = {pack for (pack,) in self._conn().execute("SELECT DISTINCT pack FROM pages")}
        return [
            path for path in sorted(self.root.glob("*/*.pack"))
            if f"{path.parent.name}/{path.name}" not in listed
        ]  # fmt: skip

    def sweep(self, min_age_s: float = 600) -> int:
        """Zero and delete the unlisted packs and temp files older than ``min_age_s`` (what a
        crash left, see above); returns how many. Run it after
        :func:`kiosk.central.pack_rebuild.recover`, which lists again every pack a lost index
        no longer names."""
        limit = time.time() - min_age_s
        stray = [*self.unlisted(), *self.root.glob("*/.*.tmp")]
        swept = 0
        for path in stray:
            try:
                if path.stat().st_mtime > limit:
                    continue
            except FileNotFoundError:
                continue
            swept += shred(path)
        return swept


def read_records(
    path: Path, records: list[tuple[str, int, int]]
) -> Iterator[tuple[str, bytes | OSError]]:
    """Each (sha256, offset, size) of one pack read as :meth:`PackStore.read` reads a copy (the
    record header checked), the file opened once: (sha256, envelope or the ``OSError``). A pack
    that cannot be opened answers its error for every record."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        for sha, _, _ in records:
            yield sha, exc
        return
    with fh:
        format_1 = is_format_1(fh.read(len(FILE_HEADER)))
        for sha, offset, size in records:
            try:
                yield sha, _record(fh, format_1, path, offset, size, sha)
            except OSError as exc:
                yield sha, exc


def _read_checked(path: Path, offset: int, size: int, sha256: str) -> bytes:
    """The envelope at ``offset``; in a format 1 pack its record header must check too
    (``OSError`` when it does not, or when the pack is short)."""
    with open(path, "rb") as fh:
        return _record(fh, is_format_1(fh.read(len(FILE_HEADER))), path, offset, size, sha256)


def _record(fh: BinaryIO, format_1: bool, path: Path, offset: int, size: int, sha256: str) -> bytes:
    ahead = RECORD_HEADER_SIZE if format_1 else 0
    if offset < ahead:
        raise OSError(f"pack {path.name} is shorter than its index says")
    fh.seek(offset - ahead)
    data = fh.read(ahead + size)
    if len(data) != ahead + size:
        raise OSError(f"pack {path.name} is shorter than its index says")
    envelope = data[ahead:]
    if format_1 and not header_checks(data[:ahead], sha256, envelope):
        raise OSError(f"pack {path.name}: the record at {offset} is damaged or erased")
    return envelope
