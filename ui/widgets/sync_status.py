"""The sync status area of the home page: online or not, records waiting, last success, problems.

It listens to ``ctx.sync`` (a :class:`ui.sync_monitor.SyncMonitor`, made a moment after the first
page, so :meth:`SyncStatusBox.attach` is called again on each refresh). Without a monitor (sync
could not start, or tests without sync) the box still shows how many records wait, from
``store.outbox_counts()``, and says sync is not set up. "Sync now" on a kiosk that is not
enrolled starts no round: it shows the sentence that says so and where to enrol (Settings → Sync).
Problems are shown as the sentences of :mod:`kiosk.sync.messages`, never their technical detail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.operations import run_op

if TYPE_CHECKING:
    from kiosk.sync.service import SyncStatus
    from ui.context import AppContext
    from ui.sync_monitor import SyncMonitor


def waiting_records(counts: dict[str, int]) -> int:
    """Records not yet confirmed by the central, from ``store.outbox_counts()`` (``{}``: none
    read yet)."""
    return counts.get("pending", 0) + counts.get("set_aside", 0)


class SyncStatusBox(QFrame):
    """Online/offline, records waiting, last success, problems, and "Sync now"."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncStatus")
        self._counts: dict[str, int] = {}
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
        self._attached: SyncMonitor | None = None
        self.attach()
        ctx.registration_saved.connect(self.refresh)
        self.retranslate()

    def attach(self) -> None:
        """Listen to the sync monitor (it starts a moment after the first page)."""
        if self.ctx.sync is not None and self._attached is not self.ctx.sync:
            self.ctx.sync.status_changed.connect(self._show)
            self._attached = self.ctx.sync

    def refresh(self, *_: object) -> None:
        self.attach()
        if not self.ctx.has_store:
            return
        run_op(
            self, self.ctx.store.outbox_counts, on_done=self._got_counts, on_error=lambda _e: None
        )

    def _got_counts(self, counts: dict[str, int]) -> None:
        self._counts = dict(counts)
        self._show(self.ctx.sync.last if self.ctx.sync is not None else None)

    def _sync_now(self) -> None:
        if self.ctx.sync is None:
            return
        last = self.ctx.sync.last
        if last is not None and not last.enrolled and not last.revoked:
            # nothing to send to: say so and where to enrol, instead of a round that changes
            # nothing on screen
            from kiosk.sync.messages import NotEnrolled

            self.problems_label.setText(NotEnrolled().text(self.ctx.lang))
            self.problems_label.setVisible(True)
            return
        self.sync_button.setEnabled(False)
        self.ctx.sync.sync_now(self)

    def _show(self, status: SyncStatus | None) -> None:
        from kiosk.domain.formatting import format_datetime

        waiting = waiting_records(self._counts)
        if status is not None:
            waiting = status.pending_records + status.set_aside
        self.waiting_label.setText(self.tr("Records waiting for sync: %n", "", waiting))
        self.sync_button.setVisible(self.ctx.sync is not None)
        self.sync_button.setEnabled(status is None or not status.syncing)
        self.last_label.setText("")
        self.problems_label.setText("")
        self.problems_label.setVisible(False)
        if self.ctx.sync is None:
            self.state_label.setText(self.tr("Offline: sync is not set up on this kiosk"))
            return
        if status is None:
            self.state_label.setText(self.tr("Sync: checking the connection…"))
            return
        if status.revoked:
            self.state_label.setText(self.tr("Sync stopped: this kiosk was revoked"))
        elif not status.enrolled:
            self.state_label.setText(self.tr("Not connected to a central server yet"))
        elif status.online is None:
            self.state_label.setText(self.tr("Sync: checking the connection…"))
        elif status.syncing:
            self.state_label.setText(self.tr("Online: syncing…"))
        elif status.online:
            self.state_label.setText(self.tr("Online"))
        else:
            self.state_label.setText(self.tr("Offline: work continues, records wait"))
        if status.last_success:
            when = format_datetime(status.last_success, self.ctx.lang)
            self.last_label.setText(self.tr("Last successful sync: {when}").format(when=when))
        problems = [problem.text(self.ctx.lang) for problem in status.problems]
        self.problems_label.setText("\n".join(problems))
        self.problems_label.setVisible(bool(problems))

    def retranslate(self) -> None:
        self.sync_button.setText(self.tr("Sync now"))
        self.sync_button.setAccessibleName(self.tr("Sync now"))
        self._show(self.ctx.sync.last if self.ctx.sync is not None else None)
