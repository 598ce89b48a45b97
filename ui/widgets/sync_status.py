"""The sync status area of the home page, and the Qt face of the sync part's SyncService.

:class:`SyncMonitor` wraps ``kiosk.sync.service.SyncService`` (a thread-based core service): its
listener is called on the sync thread, so the monitor re-emits the status through a Qt signal
(queued to the GUI thread). When the sync capability is not installed, :func:`make_monitor`
returns ``None`` and the status area still shows how many records wait, from
``store.outbox_counts()``.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.operations import run_op

log = logging.getLogger(__name__)


class SyncMonitor(QObject):
    """Signals: status_changed(object): a new ``SyncStatus`` (on the GUI thread)."""

    status_changed = Signal(object)

    def __init__(self, service: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.last: Any = None
        service.add_listener(self.status_changed.emit)  # emitted from the sync thread: queued
        self.status_changed.connect(self._remember)

    def _remember(self, status: Any) -> None:
        self.last = status

    def start(self) -> None:
        self.service.start()  # its first round notifies the listeners with a fresh status

    def stop(self) -> None:
        self.service.stop()

    def sync_now(self, parent: QObject) -> None:
        run_op(parent, self.service.sync_now, on_done=lambda _r: None)


def make_monitor(store: Any, parent: QObject | None = None) -> SyncMonitor | None:
    try:
        module = importlib.import_module("kiosk.sync.service")
    except ImportError:
        return None
    try:
        return SyncMonitor(module.SyncService(store), parent)
    except Exception:  # a broken sync set-up must not stop the desk from working offline
        log.exception("sync service could not be started")
        return None


def waiting_records(counts: dict[str, Any]) -> int:
    """Records not yet confirmed by the central, from ``store.outbox_counts()``."""
    if "pending" in counts:
        return int(counts.get("pending") or 0) + int(counts.get("set_aside") or 0)
    return sum(int(v or 0) for k, v in counts.items() if k not in ("sent", "total"))


class SyncStatusBox(QFrame):
    """Online/offline, records waiting, last success, problems, and "Sync now"."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncStatus")
        self._counts: dict[str, Any] = {}
        self.state_label = QLabel()
        self.state_label.setObjectName("syncState")
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("syncWaiting")
        self.last_label = QLabel()
        self.last_label.setObjectName("syncLastSuccess")
        self.problems_label = QLabel()
        self.problems_label.setObjectName("syncProblems")
        self.problems_label.setWordWrap(True)
        theme.set_role(self.problems_label, severity="warning")
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.clicked.connect(self._sync_now)
        text = QVBoxLayout()
        for label in (self.state_label, self.waiting_label, self.last_label, self.problems_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            text.addWidget(label)
        row = QHBoxLayout(self)
        row.addLayout(text, 1)
        row.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignTop)
        self._attached: Any = None
        self.attach()
        ctx.registration_saved.connect(self.refresh)
        self.retranslate()

    def attach(self) -> None:
        """Listen to the sync monitor (it starts a moment after the first page)."""
        if self.ctx.sync is not None and self._attached is not self.ctx.sync:
            self.ctx.sync.status_changed.connect(self._show)
            self._attached = self.ctx.sync

    def refresh(self, *_: Any) -> None:
        self.attach()
        store = self.ctx.store
        if store is None:
            return
        run_op(self, store.outbox_counts, on_done=self._got_counts, on_error=lambda _e: None)

    def _got_counts(self, counts: dict[str, Any]) -> None:
        self._counts = dict(counts)
        self._show(self.ctx.sync.last if self.ctx.sync is not None else None)

    def _sync_now(self) -> None:
        if self.ctx.sync is not None:
            self.sync_button.setEnabled(False)
            self.ctx.sync.sync_now(self)

    def _show(self, status: Any) -> None:
        from kiosk.domain.formatting import format_datetime

        waiting = waiting_records(self._counts)
        if status is not None:
            waiting = int(getattr(status, "pending_records", waiting) or 0)
            waiting += int(getattr(status, "set_aside", 0) or 0)
        self.waiting_label.setText(self.tr("Records waiting for sync: %n", "", waiting))
        self.sync_button.setVisible(self.ctx.sync is not None)
        self.sync_button.setEnabled(not getattr(status, "syncing", False))
        self.last_label.setText("")
        self.problems_label.setText("")
        self.problems_label.setVisible(False)
        if self.ctx.sync is None:
            self.state_label.setText(self.tr("Offline: sync is not set up on this kiosk"))
            return
        if status is None:
            self.state_label.setText(self.tr("Sync: checking the connection…"))
        elif getattr(status, "revoked", False):
            self.state_label.setText(self.tr("Sync stopped: this kiosk was revoked"))
        elif not getattr(status, "enrolled", True):
            self.state_label.setText(self.tr("Not connected to a central server yet"))
        elif status.online is None:
            self.state_label.setText(self.tr("Sync: checking the connection…"))
        elif getattr(status, "syncing", False):
            self.state_label.setText(self.tr("Online: syncing…"))
        elif status.online:
            self.state_label.setText(self.tr("Online"))
        else:
            self.state_label.setText(self.tr("Offline: work continues, records wait"))
        last = getattr(status, "last_success", None) if status is not None else None
        if last:
            when = format_datetime(last, self.ctx.lang)
            self.last_label.setText(self.tr("Last successful sync: {when}").format(when=when))
        problems = [
            p.text(self.ctx.lang) if hasattr(p, "text") else self.ctx.t(str(p))
            for p in (getattr(status, "problems", None) or [])
        ]
        self.problems_label.setText("\n".join(problems))
        self.problems_label.setVisible(bool(problems))

    def retranslate(self) -> None:
        self.sync_button.setText(self.tr("Sync now"))
        self.sync_button.setAccessibleName(self.tr("Sync now"))
        self._show(self.ctx.sync.last if self.ctx.sync is not None else None)
