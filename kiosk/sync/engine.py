"""One sync round: push the outbox, upload the pages the central lacks, pull, cross-check.

The page upload runs alongside the push (:meth:`Uploader.alongside`): a page is listed for upload
only when the central's committed answer to a push names it missing, so it still goes after the
version that references it (the central takes no page no version of the kiosk references), but a
week's backlog no longer waits for the last push batch before its first page goes. Dropping the
local keys of what the central now holds in full runs alongside too, fed as registrations are
confirmed, and is finished before ``run_round()`` returns (:mod:`kiosk.sync.forget_alongside`).

A round is safe to stop at any point (network gone, crash, power cut): every step is idempotent
and the outbox/ledger/page tables say where to go on. The round ends early when the central is
unreachable (``online=False``) or the kiosk was revoked (``revoked=True``: nothing more is sent
until it is enrolled again).

A push batch holds up to :data:`~kiosk.protocol.MAX_PUSH_ITEMS` (100) versions by default: each
batch costs the kiosk one SQLite transaction for its answer and the central one request and
commit, so a week's backlog goes in half the batches of the earlier 50.

The store moves a registration from ``submitted`` to ``synced`` when its latest version is marked
sent; "complete at the central" additionally needs every page uploaded (``sync_pages`` empty for
it), which is what retention checks.

Sanity check: when nothing is left to push, the count and digest of the versions the central
confirmed to this kiosk (the ledger) are compared with the central's ``GET /sanity``. On a mismatch
every confirmed version is queued again (``store.outbox_requeue``): the central answers
``unchanged`` for what it holds and stores what it lost; then versions only the central holds
(the kiosk restored from an older backup) are adopted into the ledger and reported
(:mod:`kiosk.sync.reconcile`), so a second check in the same round settles it; if it still
differs, the warning stays visible.

Issue 13: after pulling, erasures carried out here and consent withdrawn at the desk are reported
(:mod:`kiosk.sync.erasure`), and intake sessions that changed (:mod:`kiosk.sync.intake_sessions`,
issue 14); the round ends by sending the audit chain's head, which the central
keeps as an anchor (:mod:`kiosk.sync.anchor`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.protocol import MAX_PUSH_ITEMS
from kiosk.sync import anchor, erasure, intake_sessions, upgrade
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import DEFAULT_TIMEOUT, CentralClient
from kiosk.sync.forget_alongside import Forgetter
from kiosk.sync.messages import (
    CentralRefused,
    CentralUnreachable,
    DeviceRevoked,
    NotEnrolled,
    Problem,
    SyncError,
)
from kiosk.sync.pages import Uploader, UploadTally
from kiosk.sync.pull import Puller, PullTally
from kiosk.sync.push import Pusher, PushTally
from kiosk.sync.reconcile import adopt_central_versions, requeue_confirmed
from kiosk.sync.state import Credentials, SyncState

if TYPE_CHECKING:
    import httpx

    from kiosk.documents.vault import Vault
    from kiosk.store import Store

log = logging.getLogger(__name__)

ClientFactory = Callable[[Credentials], CentralClient]


@dataclass
class RoundResult:
    push: PushTally = field(default_factory=PushTally)
    pages: UploadTally = field(default_factory=UploadTally)
    pull: PullTally = field(default_factory=PullTally)
    sanity_ok: bool | None = None
    online: bool | None = None
    revoked: bool = False
    error: Problem | None = None
    pending_records: int = 0
    pending_pages: int = 0
    set_aside: int = 0

    @property
    def complete(self) -> bool:
        """Nothing left, nothing failed: what ``kiosk sync`` exits 0 on."""
        return (
            self.error is None
            and self.sanity_ok is True
            and self.pending_records == 0
            and self.pending_pages == 0
            and self.set_aside == 0
        )


def outbox_numbers(store: Store) -> tuple[int, int]:
    """(pending, set aside) from ``store.outbox_counts()``."""
    counts = store.outbox_counts()
    return int(counts.get("pending", 0)), int(counts.get("set_aside", 0))


class SyncEngine:
    def __init__(
        self,
        store: Store,
        *,
        batch_size: int = MAX_PUSH_ITEMS,
        backoff: Backoff | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        client_factory: ClientFactory | None = None,
        vault: Vault | None = None,
        upload_streams: int = 4,
    ) -> None:
        """``upload_streams``: page requests in flight at once (:class:`Uploader`)."""
        self.store = store
        self.state = SyncState(store.engine, store.keys)
        self.batch_size = batch_size
        self.backoff = backoff
        self.timeout = timeout
        self.client_factory = client_factory or self._default_client
        self.vault = vault
        self.upload_streams = upload_streams

    def _default_client(self, creds: Credentials) -> CentralClient:
        from kiosk.sync import tls

        return CentralClient(
            creds.central_url, creds.token, backoff=self.backoff, timeout=self.timeout,
            tls=tls.context_for(creds.central_url, tls.stored_pin(self.store),
                                self.store.get_setting(tls.SETTING_CA, False)),
        )  # fmt: skip

    def run_round(self) -> RoundResult:
        result = RoundResult()
        creds = self.state.credentials()
        try:
            if creds is None:
                raise NotEnrolled()
            if self.state.snapshot()["revoked"]:
                raise DeviceRevoked()
            with self.client_factory(creds) as client:
                self._round(client, result)
            result.online = True
        except DeviceRevoked as exc:
            result.revoked, result.online = True, True
            result.error = Problem(exc.code)
            if exc.central_code == "auth.revoked":
                self._erase_and_lock()
        except CentralUnreachable as exc:
            result.online = False
            result.error = Problem(exc.code, **exc.params)
        except SyncError as exc:  # NotEnrolled, a final refusal of the whole request
            result.error = Problem(exc.code, **exc.params)
        self._finish(result)
        return result

    def _round(self, client: CentralClient, result: RoundResult) -> None:
        self.state.pages_retry_failed()
        upgrade.retry_unsigned_once(self.store)  # what the older, unsigning app set aside
        pusher = Pusher(self.store, self.state, client, self.batch_size)
        forgetter = self._forgetter()
        uploader = Uploader(
            self.store, self.state, client, self.vault, self.upload_streams, forgetter.offer
        )
        # the local keys of what the central now holds go alongside; settled before we return
        with forgetter.running():
            with uploader.alongside(result.pages):  # a page goes once a committed push names it
                pusher.push_all(result.push)
            forgetter.offer(result.push.touched | result.pages.completed_registrations)
            result.pull = Puller(self.store, self.state, client).pull_all()
            erasure.report(self.store, client)  # erasures done here, consent withdrawn
            intake_sessions.report(self.store, client)  # intake sessions opened, grown, closed
            if outbox_numbers(self.store)[0] == 0:
                result.sanity_ok = self._sanity(client, pusher, uploader, result)
                forgetter.offer(result.push.touched | result.pages.completed_registrations)
        anchor.push_head(self.store, client)  # last: the round's own audit entries are covered

    def _erase_and_lock(self) -> None:
        """Revoked: erase what the central holds and lock (once; :mod:`.revocation`)."""
        from kiosk.sync import revocation
        from kiosk.sync.pages import open_vault

        if not revocation.is_locked(self.store):
            revocation.erase_and_lock(self.store, self.state, self.vault or open_vault(self.store))

    def _forgetter(self) -> Forgetter:
        """Pages the central now holds in full open only with its key (:mod:`.forget`), done
        alongside the round and finished before it returns (:mod:`.forget_alongside`)."""
        from kiosk.sync.pages import open_vault

        return Forgetter(self.store, self.state, self.vault or open_vault(self.store))

    def _sanity(
        self, client: CentralClient, pusher: Pusher, uploader: Uploader, result: RoundResult
    ) -> bool:
        for attempt in (1, 2):
            central = client.sanity()
            count, digest = self.state.digest()
            if (central.get("count"), central.get("digest")) == (count, digest):
                self.state.problem_clear("sanity")
                return True
            log.warning("sanity mismatch: kiosk %s, central %s", count, central.get("count"))
            self.state.problem_set(
                "sanity", "", "sync.sanity.mismatch",
                local_count=count, central_count=central.get("count"),
            )  # fmt: skip
            if attempt == 2:
                break
            requeue_confirmed(self.store, self.state)  # what the central lost goes again
            pusher.push_all(result.push)
            uploader.upload_all(result.pages)
            if adopt_central_versions(self.store, self.state, client).taken_back:
                pusher.push_all(result.push)  # the versions taken back: confirmed as unchanged
        return False

    def _finish(self, result: RoundResult) -> None:
        result.pending_records, result.set_aside = outbox_numbers(self.store)
        result.pending_pages = self.state.pages_count()
        error = result.error
        self.state.record_round(
            online=result.online,
            error_code=error.code if error else "",
            params=error.params if error else None,
            success=error is None,
            revoked=True if result.revoked else None,
        )


__all__ = ["CentralRefused", "RoundResult", "SyncEngine"]
