"""The pages of a bundle's import (:mod:`kiosk.central.bundle_import`): each stored as a page upload
stores it, while the next ones are still being read.

Rules (those of ``POST /page-batches`` and of the single ``PUT``, :mod:`kiosk.central.page_batch`,
:mod:`kiosk.central.pages`):

- Only pages of this kiosk's versions are taken; each is opened with the central's key and its
  hash checked; a page that fails is left out alone (the kiosk's next sync sends it and is told
  why). Small pages go in batches through :func:`~kiosk.central.page_batch.store_envelopes`, with
  the tar member's bytes as they are (no base64 round trip: a request's encoding is no check),
  larger ones alone through the upload's partial file and
  :func:`~kiosk.central.pages.finish_upload`.
- A page is named in the confirmation only once it is durable and its row committed.
- Pipelined, bounded: one writer thread stores a batch (checks, fsyncs, commit) while the
  importing thread reads the next one from the decrypted stream; the writer takes a batch only
  after the one before it is done, so at most two batches (2 × ``PAGE_BATCH_MAX_BYTES``) are held
  in memory and every page is still stored once, in order. A large page is streamed from the tar
  to its partial file by the importing thread once the writer is idle (never held whole). A
  failure of the writer is raised in the importing thread; the pages stored before it stay
  stored (a re-import answers them ``stored`` again), as with a sync cut off halfway.
- No plaintext on disk: envelopes are written as uploaded (sealed to the central).
"""

from __future__ import annotations

import io
import os
import re
import tarfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, TYPE_CHECKING

from kiosk import protocol as p
from kiosk.bundlefile import fileformat as ff

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from sqlalchemy.orm import Session, sessionmaker

    from kiosk.central.storage import PageStorage

_SHA256 = re.compile(r"[0-9a-f]{64}")


class _Writer:
    """One background thread; :meth:`submit` waits for the job before it (depth one)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-pages")
        self._pending: Future[None] | None = None

    def submit(self, job: Callable[[], None]) -> None:
        self.wait()
        self._pending = self._pool.submit(job)

    def wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self._pool.shutdown(wait=True)


def apply_pages(
    factory: sessionmaker[Session], storage: PageStorage, private_key: X25519PrivateKey,
    kiosk_id: str, tar: tarfile.TarFile, stored: list[str],
) -> None:  # fmt: skip
    """Store the page members left in ``tar``; the hash of each page now held is appended to
    ``stored``. A :class:`tarfile.TarError` (the stream ends early) is raised after the pages
    read before it are stored."""
    writer = _Writer()

    def flush(batch: list[tuple[str, bytes]]) -> None:
        writer.submit(lambda: _store_batch(factory, storage, private_key, kiosk_id, batch, stored))

    try:
        batch: list[tuple[str, bytes]] = []
        size = 0
        for member in tar:
            sha = member.name.removeprefix("pages/")
            source = tar.extractfile(member)
            if source is None or not _SHA256.fullmatch(sha) or member.size > p.MAX_PAGE_BYTES:
                continue
            if member.size > p.PAGE_BATCH_MAX_ENVELOPE:  # streamed from the tar, here, alone
                writer.wait()
                _store_one(factory, storage, private_key, kiosk_id, sha, source, stored)
                continue
            if len(batch) == p.PAGE_BATCH_MAX_PAGES or size + member.size > p.PAGE_BATCH_MAX_BYTES:
                flush(batch)
                batch, size = [], 0
            batch.append((sha, source.read()))
            size += member.size
        if batch:
            flush(batch)
    finally:
        writer.close()


def _store_batch(
    factory: sessionmaker[Session], storage: PageStorage, private_key: X25519PrivateKey,
    kiosk_id: str, batch: list[tuple[str, bytes]], stored: list[str],
) -> None:  # fmt: skip
    from kiosk.central.page_batch import store_envelopes

    answer = store_envelopes(factory, storage, private_key, kiosk_id, batch)
    envelopes = dict(batch)
    for result in answer.results:
        if result.stored:
            stored.append(result.sha256)
        elif result.code == p.REQUEST_TOO_LARGE:  # past the batch's bound: alone, as a PUT
            source = io.BytesIO(envelopes[result.sha256])
            _store_one(factory, storage, private_key, kiosk_id, result.sha256, source, stored)


def _store_one(
    factory: sessionmaker[Session], storage: PageStorage, private_key: X25519PrivateKey,
    kiosk_id: str, sha: str, source: IO[bytes], stored: list[str],
) -> None:  # fmt: skip
    from kiosk.central.db import session_scope
    from kiosk.central.http_errors import ApiError
    from kiosk.central.pages import finish_upload, is_referenced, is_stored
    from kiosk.central.storage import OffsetMismatch, UploadBusy

    with session_scope(factory) as session:
        held = is_stored(session, sha)
        referenced = is_referenced(session, kiosk_id, sha)
    if held and referenced:
        stored.append(sha)
        return
    if not referenced:  # as an upload would be: only pages of this kiosk's versions
        return
    try:
        with storage.partial(kiosk_id, sha, 0) as out:
            while chunk := source.read(ff.CHUNK):
                out.write(chunk)
            os.fsync(out.fileno())
    except (UploadBusy, OffsetMismatch):  # the kiosk is uploading it right now: it will land
        return
    try:
        finish_upload(factory, storage, private_key, kiosk_id, sha)
    except ApiError:  # not stored; the kiosk's next sync uploads it and is told why
        return
    stored.append(sha)
