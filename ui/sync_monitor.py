"""The Qt face of the core's sync service: :class:`SyncMonitor` wraps
:class:`kiosk.sync.service.SyncService` for the GUI thread.

The service is thread-based and calls its listeners on the sync thread. The monitor hands each
:class:`~kiosk.sync.service.SyncStatus` to itself through a private signal (queued to the
monitor's own slot on the GUI thread, the thread-safe way back), and only there emits the public
``status_changed``: every receiver is called directly on the GUI thread. Emitting the public
signal from the sync thread instead queued one call per receiver; a receiver that was a plain
callable (pytest-qt's waiter) and disconnected after the first status still had the second call
queued, and it ran after the waiter was gone, on whatever object took its place (issue 12,
item 13: "'MultiSignalBlocker' object has no attribute 'check_params_callback'"). A queued call
to the monitor itself is safe: Qt drops the posted calls of a deleted QObject.

One monitor lives for the application run as ``ctx.sync``; the main window makes it a moment
after the first page (httpx and pydantic are not needed for the first frame) with
:func:`make_monitor`. A sync set-up that fails to start leaves ``ctx.sync`` ``None``: the desk
keeps working offline and the status area says sync is not set up.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ui.operations import run_op

if TYPE_CHECKING:
    from kiosk.store import Store
    from kiosk.sync.service import SyncService, SyncStatus

log = logging.getLogger(__name__)


class SyncMonitor(QObject):
    """Signals: status_changed(object): a new ``SyncStatus`` (on the GUI thread)."""

    status_changed = Signal(object)
    _arrived = Signal(object)  # emitted on the sync thread, delivered queued to _deliver

    def __init__(self, service: SyncService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.last: SyncStatus | None = None
        self._arrived.connect(self._deliver)  # a QObject slot: queued across threads
        service.add_listener(self._arrived.emit)

    def _deliver(self, status: SyncStatus) -> None:
        """On the GUI thread: remember the status, then tell every receiver directly."""
        self.last = status
        self.status_changed.emit(status)

    def start(self) -> None:
        self.service.start()  # its first round notifies the listeners with a fresh status

    def stop(self) -> None:
        self.service.stop()

    def sync_now(self, parent: QObject) -> None:
        run_op(parent, self.service.sync_now, on_done=lambda _r: None)


def make_monitor(store: Store, parent: QObject | None = None) -> SyncMonitor | None:
    """A monitor of a new sync service on ``store``, or None when the service cannot start."""
    from kiosk.sync.service import SyncService

    try:
        return SyncMonitor(SyncService(store), parent)
    except Exception:  # a broken sync set-up must not stop the desk from working offline
        log.exception("sync service could not be started")
        return None
