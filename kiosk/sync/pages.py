"""Uploading the document pages the central lacks (recorded in ``sync_pages`` by the push).

Each page goes as the vault's stored envelope. A page sealed before enrolment is first wrapped to
the central's key (:meth:`Vault.wrap_to_central`), otherwise the central could not open it to
verify its hash. Small envelopes (≤ :data:`SMALL_PAGE`) travel together, up to
:data:`~kiosk.protocol.PAGE_BATCH_MAX_PAGES` in one ``POST /page-batches`` (a week offline is
thousands of them: one request and one durable write at the central per batch instead of a
``HEAD`` + ``PUT`` and two fsyncs each), as the binary body (:mod:`kiosk.page_batch_body`: no
base64 and no JSON on either side), or as JSON to a central that cannot read it; larger ones are
streamed from the file and resumable from the central's ``Upload-Offset``
(:meth:`CentralClient.upload_page`). Batches and large pages go over a few connections of the
round's one client at once (:class:`Uploader`).

A page is taken off the list only when the central answered it stored, which it does once the
page is durable there. The batches' answers are written together once the pages listed in one go
are done (or one failed): one SQLite transaction for up to 2,000 pages instead of one per batch,
which contended with the push's writes; a crash before that write only means those pages are
sent again and answered stored (the batch is idempotent). A central without the batch route (an
older version) gets every page by ``PUT``.
A page the batch refuses for its content, or the central was busy with, gets the single-page path
below (its own tries); one refused as not referenced by this kiosk is marked failed at once.

A page the central refuses for its content (422: hash mismatch, envelope unreadable) gets one more
complete try (the envelope may have been re-wrapped between tries); if it is refused again, or the
file is missing or damaged on the kiosk, the page is marked failed and shown as a problem instead
of being retried forever. Network trouble ends the round (``CentralUnreachable``) and the page
stays pending.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import ValidationError

from kiosk import page_batch_body
from kiosk import protocol as p
from kiosk.sync.client import CentralClient
from kiosk.sync.messages import CentralRefused
from kiosk.sync.state import SyncState

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault
    from kiosk.store import Store

log = logging.getLogger(__name__)

#: an envelope up to this size goes in a batch; the margin leaves room for the central's wrap
SMALL_PAGE = p.PAGE_BATCH_MAX_ENVELOPE - 4096
BATCH_BYTES = 2 * 1024 * 1024  # envelopes in one batch request (the protocol allows more)
PASS_ROWS = 4096  # listed pages taken in one pass (one write takes the stored ones off the list)
_RETRY_ALONE = {p.PAGES_HASH_MISMATCH, p.PAGES_ENVELOPE_INVALID, p.PAGES_BUSY, p.REQUEST_TOO_LARGE}


@dataclass
class UploadTally:
    uploaded: int = 0
    bytes: int = 0
    failed: int = 0
    completed_registrations: set[str] = field(default_factory=set)


def open_vault(store: Store) -> Vault:
    from kiosk.documents.vault import Vault

    return Vault(store.paths.documents, store.keys)


class Uploader:
    """Uploads with ``concurrency`` requests in flight (batches of small pages, or one large page
    each): the central's per-request cost is mostly waiting (fsyncs and the commit), which
    overlaps well; the network errors of one request do not disturb the others, and the first
    ``CentralUnreachable`` ends the pass."""

    def __init__(
        self, store: Store, state: SyncState, client: CentralClient, vault: Vault | None = None,
        concurrency: int = 4, on_complete: Callable[[set[str]], None] | None = None,
    ) -> None:  # fmt: skip
        """``on_complete`` is told the registrations whose last page the central just stored
        (the round's :class:`~kiosk.sync.forget_alongside.Forgetter`)."""
        self.store = store
        self.state = state
        self.client = client
        self.vault = vault if vault is not None else open_vault(store)
        self.concurrency = max(1, concurrency)
        self._lock = threading.Lock()
        self._batches = True  # False once the central showed it has no batch route
        self._binary = True  # False once the central showed it cannot read the binary body
        self._stop = threading.Event()  # the push alongside failed: start nothing more
        self._on_complete = on_complete

    def upload_all(
        self, tally: UploadTally | None = None, *, until: threading.Event | None = None
    ) -> UploadTally:
        """Upload every page listed, each tried once in this pass. With ``until``, pages listed
        meanwhile are taken too, and the pass ends only when ``until`` is set and nothing is
        left (:meth:`alongside`)."""
        tally = tally if tally is not None else UploadTally()
        tried: set[str] = set()
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="kiosk-upload") as pool:
            while not self._stop.is_set():
                finished = until is None or until.is_set()  # before the query: nothing missed
                pending = [
                    row for row in self.state.pages_pending(limit=PASS_ROWS) if row[0] not in tried
                ]
                if not pending and finished:
                    return tally
                if not pending:
                    assert until is not None
                    until.wait(0.05)
                    continue
                tried.update(sha for sha, _ in pending)
                futures = [pool.submit(self._job, job, tally) for job in self._jobs(pending)]
                stored: list[str] = []
                try:
                    for future in as_completed(futures):
                        stored += future.result()
                except BaseException:
                    for future in futures:
                        future.cancel()
                    wait(futures)
                    raise
                finally:  # what the central answered stored comes off the list, in one write
                    stored += _finished(futures, stored)
                    self.state.pages_done(stored)
                done = self.state.registrations_without_pages(reg_id for _, reg_id in pending)
                tally.completed_registrations |= done
                if self._on_complete is not None and done:
                    self._on_complete(done)
        return tally  # stopped: the push alongside failed

    @contextmanager
    def alongside(self, tally: UploadTally) -> Iterator[None]:
        """Upload the pages the push lists while the push goes on (``with uploader.alongside(t):
        pusher.push_all()``). The order rule holds: a page is listed only once a version the
        central committed names it. On leaving, what was listed is uploaded before this returns,
        and an upload's failure (``CentralUnreachable``) is raised; when the push itself failed,
        no further pages are started."""
        until = threading.Event()
        failures: list[BaseException] = []

        def run() -> None:
            try:
                self.upload_all(tally, until=until)
            except BaseException as exc:  # raised in the round's thread below
                failures.append(exc)

        worker = threading.Thread(target=run, name="kiosk-upload-alongside", daemon=True)
        worker.start()
        try:
            yield
        except BaseException:
            self._stop.set()
            raise
        finally:
            until.set()
            worker.join()
        if failures:
            raise failures[0]

    def _jobs(self, pending: list[tuple[str, str]]) -> Iterator[list[str]]:
        """Small pages in batches (≤ :meth:`batch_pages`, ≤ :data:`BATCH_BYTES`); a large or
        missing page alone (the single-page path names a missing one)."""
        sizes: list[tuple[str, int]] = []
        for sha, _ in pending:
            try:
                sizes.append((sha, os.stat(self.vault.file_name(sha)).st_size))
            except OSError:
                sizes.append((sha, SMALL_PAGE + 1))
        most = self.batch_pages(sum(1 for _, envelope in sizes if envelope <= SMALL_PAGE))
        batch: list[str] = []
        size = 0
        for sha, envelope in sizes:
            if envelope > SMALL_PAGE or not self._batches:
                yield [sha]
                continue
            if batch and (len(batch) == most or size + envelope > BATCH_BYTES):
                yield batch
                batch, size = [], 0
            batch.append(sha)
            size += envelope
        if batch:
            yield batch

    def batch_pages(self, small: int) -> int:
        """Pages in one batch when a pass holds ``small`` small pages. The central's cost of a
        batch is mostly fixed (~10 ms of CPU: the request, its transaction, the pack's fsyncs),
        so a large backlog (a week offline) goes in batches of up to the binary body's 256; a
        small one keeps the JSON batch's 64, so that it still spreads over every connection. A
        central that cannot read the binary body takes 64 at most."""
        if not self._binary:
            return p.PAGE_BATCH_MAX_PAGES
        share = small // (4 * self.concurrency)  # four batches a connection, at least
        return max(p.PAGE_BATCH_MAX_PAGES, min(p.PAGE_BATCH_BINARY_MAX_PAGES, share))

    def _job(self, hashes: list[str], tally: UploadTally) -> list[str]:
        """Upload ``hashes``; returns those of a batch the central answered stored, for the
        caller to take off the list (a page sent alone is taken off at once)."""
        if len(hashes) == 1 or not self._batches:
            for sha in hashes:
                self._one(sha, tally)
            return []
        return self._batch(hashes, tally)

    def _batch(self, hashes: list[str], tally: UploadTally) -> list[str]:
        envelopes: dict[str, bytes] = {}
        for sha, envelope in self.vault.for_central_many(hashes).items():
            if envelope is None:
                self._fail(sha, "sync.page.missing_local", "missing on the kiosk", tally)
                continue
            envelopes[sha] = envelope
        if not envelopes:
            return []
        try:
            results = self._post_batch(envelopes)
        except CentralRefused as exc:  # the batch as a whole: each page goes alone instead
            if exc.status in (404, 405):  # an older central without the batch route
                self._batches = False
            log.info("page batch refused (%s); the pages go one by one", exc.central_code)
            for sha in envelopes:
                self._one(sha, tally)
            return []
        stored: list[str] = []
        for result in results:
            if result.sha256 not in envelopes:
                continue  # not asked for: ignored (the pages asked for and unanswered stay)
            if result.stored:
                stored.append(result.sha256)
            elif result.code in _RETRY_ALONE:
                self._one(result.sha256, tally)
            else:
                self._fail(result.sha256, "sync.page.rejected", result.code, tally)
        with self._lock:
            tally.uploaded += len(stored)
            tally.bytes += sum(len(envelopes[sha]) for sha in stored)
        return stored

    def _post_batch(self, envelopes: dict[str, bytes]) -> list[p.PageBatchResult]:
        """``POST /page-batches`` with the binary body (the envelopes as they are); a central
        that cannot read it (an older one reads it as JSON: 422, or 400/415) gets the JSON body
        with base64 envelopes, now and for the rest of this upload, in requests of at most the
        JSON batch's count (a batch made for the binary body may hold more)."""
        if self._binary:
            try:
                return _results(self.client.call(
                    "POST", "/page-batches", content=page_batch_body.encode(envelopes.items()),
                    headers={"Content-Type": p.PAGE_BATCH_BINARY_MEDIA_TYPE},
                ).json())  # fmt: skip
            except CentralRefused as exc:
                if exc.status not in (400, 415, 422):
                    raise
                log.info("the central refused a binary page batch (%s); sending JSON", exc.status)
                self._binary = False
        items = list(envelopes.items())
        results: list[p.PageBatchResult] = []
        for start in range(0, len(items), p.PAGE_BATCH_MAX_PAGES):
            chunk = items[start : start + p.PAGE_BATCH_MAX_PAGES]
            body = json.dumps(
                {
                    "pages": [
                        {"sha256": sha, "envelope": base64.b64encode(data).decode()}
                        for sha, data in chunk
                    ]
                }
            ).encode()
            answer = self.client.call(
                "POST", "/page-batches", content=body, headers={"Content-Type": "application/json"}
            )
            results += _results(answer.json())
        return results

    def _one(self, sha: str, tally: UploadTally) -> None:
        if not self.vault.has(sha):
            self._fail(sha, "sync.page.missing_local", "missing on the kiosk", tally)
            return
        self.vault.wrap_to_central(sha)
        path = self.vault.path(sha)
        for attempt in (1, 2):
            try:
                self.client.upload_page(sha, path)
            except CentralRefused as exc:
                if exc.status == 422 and attempt == 1:
                    log.info("page %s refused (%s); one more try", sha[:12], exc.central_code)
                    continue
                self._fail(sha, "sync.page.rejected", f"{exc.central_code}", tally)
                return
            break
        self.state.pages_done([sha])
        with self._lock:
            tally.uploaded += 1
            tally.bytes += path.stat().st_size

    def _fail(self, sha: str, code: str, detail: str, tally: UploadTally) -> None:
        self.state.page_attempt(sha, detail, failed=True)
        self.state.problem_set("page", sha, code, sha=sha[:12], detail=detail)
        with self._lock:
            tally.failed += 1


def _finished(futures: list[Future[list[str]]], taken: list[str]) -> list[str]:
    """The stored pages of the jobs that ended well and were not read yet (when another failed:
    what the central holds still comes off the list)."""
    out: list[str] = []
    seen = set(taken)
    for future in futures:
        if future.done() and not future.cancelled() and future.exception() is None:
            out += [sha for sha in future.result() if sha not in seen]
    return out


def _results(body: object) -> list[p.PageBatchResult]:
    """The batch answer's results, read leniently: one that does not match the protocol is
    skipped (its page stays pending), not a failure of the whole batch."""
    raw = body.get("results") if isinstance(body, dict) else None
    out: list[p.PageBatchResult] = []
    for item in raw if isinstance(raw, list) else []:
        try:
            out.append(p.PageBatchResult.model_validate(item))
        except ValidationError:
            continue
    return out
