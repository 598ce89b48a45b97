"""Forgetting the local keys while the round goes on, finished by the end of the round.

Issue 17. A kiosk back after a week offline confirms thousands of registrations in one round, and
dropping the local wrap of their pages (:mod:`kiosk.sync.forget`: every envelope rewritten
durably) took as long as a third of the round when it ran after the last upload. A registration
counts as synced once its versions and pages are committed at the central; forgetting the local
key is the follow-up, so :class:`Forgetter` does it in a thread of its own, fed as the round
confirms registrations: the uploader hands over the registrations whose last page the central
just stored (:class:`~kiosk.sync.pages.Uploader`'s ``on_complete``), the engine the ones the push
touched once it is over. The writes are mostly fsync waits, which overlap the upload's network
and the central's work.

"After confirmation" (issue 13.4), defined: **by the time ``SyncEngine.run_round()`` returns**,
whatever the round's outcome, every page of a registration the round confirmed in full is closed
to a copied data folder, exactly as when this ran in the round's thread: :meth:`Forgetter.close`
(the end of ``with forgetter.running()``) waits for everything offered, then runs
:func:`~kiosk.sync.forget.sweep` (the kept list and the one-off sweep). The rules are
:mod:`kiosk.sync.forget`'s, unchanged: each batch is judged on the database as it is when the
batch runs, so a page shared with work not yet held is kept in ``sync_keys_kept`` and settled
when its last user is offered or by the closing sweep. A registration found held is not judged
again in the same round (its pages are closed or kept-listed already); one found not held is
judged again when it is offered again.

A failure of the worker (a vault write that failed) is raised in the round's thread when the
round ends, as it was raised by the step it replaces; the pages of what was offered and not
settled go on the kept list instead (:func:`~kiosk.sync.forget.keep_for_later`), so the next
round's sweep judges them again.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kiosk.sync import forget

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault
    from kiosk.store import Store
    from kiosk.sync.state import SyncState

log = logging.getLogger(__name__)


class Forgetter:
    """:func:`forget.forget_held` on batches of registration ids, in one background thread."""

    def __init__(self, store: Store, state: SyncState, vault: Vault) -> None:
        self.store, self.state, self.vault = store, state, vault
        self.changed = 0
        self._queue: queue.SimpleQueue[set[str] | None] = queue.SimpleQueue()
        self._settled: set[str] = set()  # found held and closed (or kept-listed) this round
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None

    def offer(self, ids: Iterable[str]) -> None:
        """Registrations the round may have confirmed in full (judged in the worker)."""
        wanted = set(ids)
        if wanted:
            self._queue.put(wanted)

    def start(self) -> None:
        self.vault.wipe_later = True  # the wraps store's WAL emptied once, in close()
        self._thread = threading.Thread(target=self._run, name="kiosk-forget", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (ids := self._queue.get()) is not None:  # None: the end mark
            while True:  # what queued up meanwhile, judged together (fewer queries and writes)
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)
                    break
                ids |= more
            if self._failure is None:
                try:
                    changed, held = forget.forget_held(
                        self.store, self.state, self.vault, ids - self._settled
                    )
                    self.changed += changed
                    self._settled |= held
                    continue
                except BaseException as exc:  # raised in the round's thread by close()
                    self._failure = exc
            self._later(ids - self._settled)

    def _later(self, ids: set[str]) -> None:
        """After a failure: these registrations' pages go on the kept list, which every round
        looks at again (:func:`forget.sweep`), so none is left with its local key for good."""
        try:
            forget.keep_for_later(self.store, self.state, ids)
        except Exception:
            log.exception("listing pages for the next round's forget step failed")

    def close(self) -> None:
        """Wait for everything offered, then the closing sweep; raise the worker's failure.
        Whatever happens, the wraps store's WAL is emptied last (the rows deleted this round are
        then gone from its files, as the round's end promises)."""
        try:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join()
                self._thread = None
            if self._failure is not None:
                raise self._failure
            self.changed += forget.sweep(self.store, self.state, self.vault)
        except BaseException:
            self._wipe(quiet=True)
            raise
        self._wipe(quiet=False)

    def _wipe(self, *, quiet: bool) -> None:
        self.vault.wipe_later = False
        try:
            self.vault.wipe()
        except Exception:
            if not quiet:
                raise
            log.exception("emptying the local key store's WAL failed")

    @contextmanager
    def running(self) -> Iterator[Forgetter]:
        """The worker for the block; on leaving (normally or not) everything offered is settled
        before the block's own exception, if any, goes on."""
        self.start()
        try:
            yield self
        except BaseException:
            try:
                self.close()
            except Exception:  # the block's own exception is the one to report
                log.exception("forgetting the local keys failed")
            raise
        self.close()
