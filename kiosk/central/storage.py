"""Where the central keeps page envelopes: a content-addressed store behind a small interface.

:class:`PageStorage` is what the service needs; :class:`LocalPageStorage` keeps files under
``<data dir>/pages/ab/abcd…`` (the SHA-256 of the *plaintext* page, so the same page uploaded twice
is stored once). An S3-compatible store can implement the same methods later (partials as
multipart uploads).

A batch of small pages (``POST /page-batches``, a bundle's pages) has no partials:
:meth:`LocalPageStorage.store_many` writes its verified envelopes into one pack file
(``packs/ab/<uuid>.pack``, one fsync for the batch instead of one per page) and indexes them
(:mod:`kiosk.central.page_packs`) before the rows commit. Every reader goes through
:meth:`~LocalPageStorage.has`, :meth:`~LocalPageStorage.read` and :meth:`~LocalPageStorage.remove`,
which look in both places: a page stored as its own file (by ``PUT``, or before packs existed)
and a packed one are read, and erased, alike.

Partial uploads live in ``partial/<kiosk id>-<sha256>.part``, one per kiosk and page, so resuming
needs no state in memory: the offset is the partial file's size, and any process sharing the folder
can continue it. A partial is written under an exclusive ``flock`` so two connections of the same
kiosk (a retry while the old one still hangs) never interleave bytes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

from kiosk.central.page_packs import PackStore
from kiosk.fsutil import atomic_write_bytes, shred

if sys.platform != "win32":  # the central runs on Linux; on Windows the lock is a no-op
    import fcntl


class UploadBusy(Exception):
    """Another connection is writing this partial upload right now."""


class OffsetMismatch(Exception):
    """The upload does not continue where the partial ends (``size``)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"the partial upload holds {size} bytes")
        self.size = size


class PageStorage(Protocol):
    def has(self, sha256: str) -> bool: ...
    def read(self, sha256: str) -> bytes: ...
    def partial_size(self, owner: str, sha256: str) -> int: ...
    def partial(self, owner: str, sha256: str, offset: int) -> AbstractContextManager[BinaryIO]: ...
    def read_partial(self, owner: str, sha256: str) -> bytes: ...
    def commit_partial(self, owner: str, sha256: str, data: bytes) -> None: ...
    def store_many(self, envelopes: dict[str, bytes]) -> None: ...
    def drop_partial(self, owner: str, sha256: str) -> None: ...
    def remove(self, sha256: str) -> bool: ...


class LocalPageStorage:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.pages = self.root / "pages"
        self.partials = self.root / "partial"
        self.packs = PackStore(self.root / "packs")
        self.pages.mkdir(parents=True, exist_ok=True)
        self.partials.mkdir(parents=True, exist_ok=True)

    def _path(self, sha256: str) -> Path:
        return self.pages / sha256[:2] / sha256

    def _partial_path(self, owner: str, sha256: str) -> Path:
        return self.partials / f"{owner}-{sha256}.part"

    def has(self, sha256: str) -> bool:
        return self._path(sha256).is_file() or bool(self.packs.known([sha256]))

    def read(self, sha256: str) -> bytes:
        """The stored envelope; ``FileNotFoundError`` when the page is not stored."""
        path = self._path(sha256)
        if path.is_file():
            return path.read_bytes()
        packed = self.packs.read(sha256)
        if packed is None:
            raise FileNotFoundError(path)
        return packed

    def partial_size(self, owner: str, sha256: str) -> int:
        try:
            return self._partial_path(owner, sha256).stat().st_size
        except FileNotFoundError:
            return 0

    @contextmanager
    def partial(self, owner: str, sha256: str, offset: int) -> Iterator[BinaryIO]:
        """Open the partial for writing at ``offset`` (0 restarts; else it must be its size).

        Raises :class:`UploadBusy` when another writer holds it, :class:`OffsetMismatch` when
        ``offset`` is not where the partial ends. On exit the bytes written are flushed, whether
        the body ended or the connection dropped: what arrived is kept. The caller fsyncs
        (:func:`os.fsync` on ``fileno()``) off its event loop before leaving.
        """
        path = self._partial_path(owner, sha256)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fh = os.fdopen(fd, "r+b")
        try:
            if sys.platform != "win32":
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError as exc:
                    raise UploadBusy(sha256) from exc
            size = os.fstat(fh.fileno()).st_size
            if offset not in (0, size):
                raise OffsetMismatch(size)
            fh.truncate(offset)
            fh.seek(offset)
            try:
                yield fh
            finally:
                fh.flush()
        finally:
            fh.close()  # releases the lock

    def read_partial(self, owner: str, sha256: str) -> bytes:
        return self._partial_path(owner, sha256).read_bytes()

    def commit_partial(self, owner: str, sha256: str, data: bytes) -> None:
        """Store verified envelope bytes durably under their hash, then forget the partial."""
        target = self._path(sha256)
        if not target.exists():
            atomic_write_bytes(target, data, mode=0o600)
        self.drop_partial(owner, sha256)

    def store_many(self, envelopes: dict[str, bytes]) -> None:
        """Store verified envelopes (sha256 → bytes) durably, together: the ones not stored yet
        go into one pack (:class:`~kiosk.central.page_packs.PackStore`), a few fsyncs for the
        batch instead of two per page."""
        packed = self.packs.known(envelopes)
        pages = str(self.pages)  # one stat per page, without a Path object each
        self.packs.store(
            {
                sha: data
                for sha, data in envelopes.items()
                if sha not in packed and not os.path.isfile(f"{pages}/{sha[:2]}/{sha}")
            }
        )

    def drop_partial(self, owner: str, sha256: str) -> None:
        # no folder fsync: a partial that reappears after a crash is harmless (a resume or
        # a restart at offset 0 replaces it), and the fsync would cost every upload
        self._partial_path(owner, sha256).unlink(missing_ok=True)

    def remove(self, sha256: str) -> bool:
        """Delete a stored envelope for good (a data-subject erasure); False if it was not there.

        The file is overwritten with zeros before it is unlinked, and the folder is fsync'd, so
        the removal survives a power cut; a packed copy is zeroed in its pack
        (:meth:`PackStore.remove`)."""
        packed = self.packs.remove(sha256)
        return shred(self._path(sha256)) or packed
