"""The Qt face of the core's sync service: :class:`SyncMonitor` wraps
:class:`kiosk.sync.service.SyncService` for the GUI thread.

The service is thread-based and calls its listeners on the sync thread; the monitor re-emits each
:class:`~kiosk.sync.service.SyncStatus` through a Qt signal, so receivers on the GUI thread get it
queued (the thread-safe way back). One monitor lives for the application run as ``ctx.sync``; the
main window makes it a moment after the first page (httpx and pydantic are not needed for the
first frame) with :func:`make_monitor`. A sync set-up that fails to start leaves ``ctx.sync``
``None``: the desk keeps working offline and the status area says sync is not set up.
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

    def __init__(self, service: SyncService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.last: SyncStatus | None = None
        service.add_listener(self.status_changed.emit)  # emitted from the sync thread: queued
        self.status_changed.connect(self._remember)

    def _remember(self, status: SyncStatus) -> None:
        self.last = status

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
