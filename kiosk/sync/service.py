"""Background sync for the app: a thread that runs a round every ``interval_s`` and on demand.

The core has no Qt: the app part wraps :class:`SyncService` in a QObject and forwards the
listener calls to the GUI thread. Listeners are called from the sync thread with a fresh
:class:`SyncStatus` when a round starts and when it ends; a listener that raises is logged and
otherwise ignored (it must never stop sync).

Signals (listener calls, past-tense facts): ``status_changed(SyncStatus)``.

Revocation: a round answered with 401 ``auth.revoked`` sets ``revoked``; the thread stops
syncing (no request is sent again until the kiosk is enrolled anew; then :meth:`sync_now` brings
the thread back) and the status says so.
After each successful round the retention rule runs (:mod:`kiosk.sync.retention`).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.sync.engine import RoundResult, SyncEngine, outbox_numbers
from kiosk.sync.messages import Problem

if TYPE_CHECKING:
    from kiosk.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncStatus:
    """What the status area shows. ``problems`` are :class:`Problem` (a ``str`` with a code)."""

    online: bool | None  # None: not tried yet
    pending_records: int
    pending_pages: int
    last_success: dt.datetime | None
    problems: list[Problem] = field(default_factory=list)
    revoked: bool = False
    set_aside: int = 0
    enrolled: bool = False
    syncing: bool = False
    last_attempt: dt.datetime | None = None
    kiosk_code: str = ""
    central_url: str = ""


def _when(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def read_status(engine: SyncEngine, *, syncing: bool = False) -> SyncStatus:
    """The status from the database (also without a running service: ``kiosk sync status``)."""
    state = engine.state
    snap = state.snapshot()
    pending, set_aside = outbox_numbers(engine.store)
    problems = state.problems()
    if snap["last_error_code"]:
        problems.insert(0, Problem(snap["last_error_code"], **(snap["last_error_params"] or {})))
    return SyncStatus(
        online=snap["online"],
        pending_records=pending,
        pending_pages=state.pages_count(),
        last_success=_when(snap["last_success_at"]),
        problems=problems,
        revoked=bool(snap["revoked"]),
        set_aside=set_aside,
        enrolled=snap["token_sealed"] is not None,
        syncing=syncing,
        last_attempt=_when(snap["last_attempt_at"]),
        kiosk_code=snap["kiosk_code"],
        central_url=snap["central_url"],
    )


class SyncService:
    def __init__(
        self,
        store: Store,
        *,
        interval_s: float = 60,
        engine: SyncEngine | None = None,
        retention: bool = True,
    ) -> None:
        self.store = store
        self.interval_s = interval_s
        self.engine = engine or SyncEngine(store)
        self.retention = retention
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._round_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._syncing = False
        self.last_result: RoundResult | None = None

    # -- listeners -------------------------------------------------------------------------------
    def add_listener(self, listener: Callable[[SyncStatus], None]) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[SyncStatus], None]) -> None:
        self._listeners.remove(listener)

    def _notify(self) -> None:
        status = self.status()
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:
                log.exception("sync status listener failed")

    # -- control ---------------------------------------------------------------------------------
    def status(self) -> SyncStatus:
        return read_status(self.engine, syncing=self._syncing)

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="kiosk-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 30) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def sync_now(self) -> SyncStatus:
        """Wake the background thread; without one, run a round here. Returns the status.

        A service that was started and whose thread ended (revoked, then enrolled anew) starts
        its thread again instead."""
        if self.running:
            self._wake.set()
            return self.status()
        if self._thread is not None and not self.status().revoked:  # started, not stopped
            self.start()
            return self.status()
        self.run_round()
        return self.status()

    # -- work ------------------------------------------------------------------------------------
    def run_round(self) -> RoundResult | None:
        with self._round_lock:
            self._syncing = True
            self._notify()
            try:
                result = self.engine.run_round()
                self.last_result = result
                if result.error is None and self.retention:
                    self._retention()
                return result
            except Exception:  # a bug or a broken disk: logged, the thread keeps going
                log.exception("sync round failed")
                return None
            finally:
                self._syncing = False
                self._notify()

    def _retention(self) -> None:
        from kiosk.sync.retention import Retention

        try:
            Retention(self.store).run()
        except Exception:
            log.exception("retention failed")

    def _loop(self) -> None:
        while not self._stop.is_set():
            result = self.run_round()
            if result is not None and result.revoked:
                log.warning("kiosk revoked by the central; background sync stopped")
                return
            self._wake.wait(self.interval_s)
            self._wake.clear()
