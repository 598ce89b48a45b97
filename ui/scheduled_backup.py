"""The app's daily backup: :class:`kiosk.backup.BackupSchedule` run by a timer, off the GUI thread.

Once a supervisor has set the recovery passphrase (Settings → Backup, or ``kiosk backup
--set-passphrase``), the kiosk keeps a daily encrypted backup in ``<data dir>/backups`` with the
schedule's 7-daily + 4-weekly rotation. The timer fires a few minutes after start-up (not during
it: the first frame and the store come first) and then every hour; the schedule itself does
nothing when today's file exists, so an hourly check costs a ``stat``. Scheduled backups are
encrypted to the recovery *public* key: no passphrase is asked or kept.

A failed run is logged (no personal data: the message is a code) and remembered in
:attr:`ScheduledBackup.last_error` for the settings tab; the next hour tries again. At most one
run at a time.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.errors import UserFacingError
from ui.operations import run_op

if TYPE_CHECKING:
    from kiosk.backup import BackupResult

log = logging.getLogger(__name__)

FIRST_RUN_MS = 5 * 60 * 1000
EVERY_MS = 60 * 60 * 1000


class ScheduledBackup(QObject):
    """Signals: finished(object): a ``BackupResult``, or None when today's was there already or
    no recovery key is set; failed(object): the exception of a failed run."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        parent: QObject | None = None,
        *,
        first_ms: int = FIRST_RUN_MS,
        every_ms: int = EVERY_MS,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.running = False
        self.last_error: BaseException | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.run_now)
        self.first_ms, self.every_ms = first_ms, every_ms

    def start(self) -> None:
        self.timer.start(self.first_ms)

    def stop(self) -> None:
        self.timer.stop()

    def run_now(self) -> None:
        """Run the schedule once now (no-op while a run is going on)."""
        if self.running:
            return
        self.running = True
        data_dir = self.data_dir

        def job() -> BackupResult | None:
            from kiosk.backup import BackupSchedule

            schedule = BackupSchedule(data_dir)
            return schedule.run() if schedule.configured() else None

        run_op(self, job, on_done=self._done, on_error=self._failed)

    def _done(self, result: BackupResult | None) -> None:
        self.running = False
        self.last_error = None
        if result is not None:
            log.info("scheduled backup written: %s (%d bytes)", result.path.name, result.size)
        self.timer.start(self.every_ms)
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.last_error = exc
        what = exc.code if isinstance(exc, UserFacingError) else type(exc).__name__
        log.warning("scheduled backup failed: %s", what)
        self.timer.start(self.every_ms)
        self.failed.emit(exc)
