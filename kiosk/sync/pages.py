"""Uploading the document pages the central lacks (recorded in ``sync_pages`` by the push).

Each page goes as the vault's stored envelope, streamed from the file and resumable from the
central's ``Upload-Offset`` (:meth:`CentralClient.upload_page`). A page sealed before enrolment is
first wrapped to the central's key (:meth:`Vault.wrap_to_central`), otherwise the central could not
open it to verify its hash.

A page the central refuses for its content (422: hash mismatch, envelope unreadable) gets one more
complete try (the envelope may have been re-wrapped between tries); if it is refused again, or the
file is missing or damaged on the kiosk, the page is marked failed and shown as a problem instead
of being retried forever. Network trouble ends the round (``CentralUnreachable``) and the page
stays pending.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.sync.client import CentralClient
from kiosk.sync.messages import CentralRefused
from kiosk.sync.state import SyncState

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault
    from kiosk.store import Store

log = logging.getLogger(__name__)


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
    """Uploads with ``concurrency`` pages in flight: the central's per-page cost is mostly
    waiting (fsync of the page file and the commit), which overlaps well; the network errors of
    one upload do not disturb the others, and the first ``CentralUnreachable`` ends the pass."""

    def __init__(
        self, store: Store, state: SyncState, client: CentralClient, vault: Vault | None = None,
        concurrency: int = 4,
    ) -> None:  # fmt: skip
        self.store = store
        self.state = state
        self.client = client
        self.vault = vault if vault is not None else open_vault(store)
        self.concurrency = max(1, concurrency)
        self._lock = threading.Lock()

    def upload_all(self, tally: UploadTally | None = None) -> UploadTally:
        tally = tally if tally is not None else UploadTally()
        tried: set[str] = set()
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="kiosk-upload") as pool:
            while True:
                pending = [p for p in self.state.pages_pending(limit=500) if p[0] not in tried]
                if not pending:
                    return tally
                tried.update(sha for sha, _ in pending)
                futures = [pool.submit(self._one, sha, reg_id, tally) for sha, reg_id in pending]
                try:
                    for future in as_completed(futures):
                        future.result()
                except BaseException:
                    for future in futures:
                        future.cancel()
                    wait(futures)
                    raise
                for _, reg_id in pending:
                    if self.state.pages_count(reg_id) == 0:
                        tally.completed_registrations.add(reg_id)

    def _one(self, sha: str, reg_id: str, tally: UploadTally) -> None:
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
        self.state.page_done(sha)
        self.state.problem_clear("page", sha)
        with self._lock:
            tally.uploaded += 1
            tally.bytes += path.stat().st_size

    def _fail(self, sha: str, code: str, detail: str, tally: UploadTally) -> None:
        self.state.page_attempt(sha, detail, failed=True)
        self.state.problem_set("page", sha, code, sha=sha[:12], detail=detail)
        with self._lock:
            tally.failed += 1
