"""The "Backup" tab of the settings page: the recovery passphrase and the daily backups.

A supervisor sets the recovery passphrase once (typed twice); from then on the app keeps a daily
encrypted backup in ``<data dir>/backups`` (:mod:`ui.scheduled_backup`, rotation 7 daily +
4 weekly). The passphrase is not stored: it seals the recovery key, and scheduled backups are
encrypted to the key's public half (:mod:`kiosk.backup.schedule`). It is what opens a backup on a
new machine (``kiosk restore``), so the tab says to keep it on paper, somewhere safe.

The tab shows whether daily backups are on, the newest backup file and when it was written, and
the last scheduled run's error if there was one. "Back up now" runs the schedule at once (a
second run the same day writes nothing and says so).

Invariants: deriving the key takes seconds and half a gigabyte (age's scrypt), so it runs off the
GUI thread with progress shown; the passphrase fields are cleared whatever the outcome.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.formatting import format_datetime
from ui import theme
from ui.operations import run_op
from ui.settings.tab import SettingsTab
from ui.widgets.forms import (
    add_row,
    button,
    line_edit,
    message_label,
    set_button,
    set_label,
    show_error,
    show_message,
)

if TYPE_CHECKING:
    from kiosk.backup import BackupResult
    from ui.context import AppContext


def tab_title() -> str:
    return QCoreApplication.translate("BackupSettings", "Backup")


def newest_backup(folder: Path) -> Path | None:
    found = sorted(folder.glob("kiosk-backup-*.zip"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


class BackupSettings(SettingsTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backupSettings")
        self.configured = False
        self.state = theme.set_role(QLabel(self), role="subtitle")
        self.state.setObjectName("backupState")
        self.state.setWordWrap(True)
        self.hint = theme.set_role(QLabel(self), role="hint")
        self.hint.setWordWrap(True)
        self.passphrase = line_edit("backupPassphrase", password=True, parent=self)
        self.again = line_edit("backupPassphraseAgain", password=True, parent=self)
        self.set_key = button("backupSetPassphrase", parent=self)
        self.run_now = button("backupRunNow", primary=True, parent=self)
        self.message = message_label("backupMessage", self)
        form = QFormLayout()
        self.labels = [add_row(form, w) for w in (self.passphrase, self.again)]
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.set_key)
        row.addWidget(self.run_now)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addStretch(1)
        self.setTabOrder(self.passphrase, self.again)
        self.setTabOrder(self.again, self.set_key)
        self.setTabOrder(self.set_key, self.run_now)
        self.set_key.clicked.connect(self.set_passphrase)
        self.run_now.clicked.connect(self.back_up_now)
        self.again.returnPressed.connect(self.set_passphrase)
        self.retranslate()

    def refresh(self) -> None:
        from kiosk.backup import BackupSchedule

        schedule = BackupSchedule(self.ctx.store.paths.root)
        self.configured = schedule.configured()
        newest = newest_backup(schedule.folder)
        if not self.configured:
            text = self.tr("Daily backups are off: set a recovery passphrase to turn them on.")
        elif newest is None:
            text = self.tr("Daily backups are on; the first one is made a few minutes after start.")
        else:
            written = dt.datetime.fromtimestamp(newest.stat().st_mtime, dt.UTC)
            text = self.tr("Daily backups are on. Newest: {file}, {when}.").format(
                file=newest.name, when=format_datetime(written, self.ctx.lang)
            )
        self.state.setText(text)
        self.run_now.setEnabled(self.configured)
        backup = self.ctx.backup
        if backup is not None and backup.last_error is not None:
            show_error(self.message, self.ctx, backup.last_error)

    def set_passphrase(self) -> None:
        first, second = self.passphrase.text(), self.again.text()
        self.passphrase.clear()
        self.again.clear()
        if first != second:
            show_message(self.message, self.ctx.t("backup.passphrase.mismatch"))
            self.passphrase.setFocus()
            return
        data_dir = self.ctx.store.paths.root

        def make_key() -> None:
            from kiosk.backup import set_recovery_passphrase

            set_recovery_passphrase(data_dir, first)

        self.set_key.setEnabled(False)
        run_op(self, make_key, on_done=self._key_set, on_error=self._failed, progress=True)

    def _key_set(self, _: None) -> None:
        self.set_key.setEnabled(True)
        show_message(self.message, self.ctx.t("backup.passphrase.set"), "ok")
        self.refresh()

    def back_up_now(self) -> None:
        data_dir = self.ctx.store.paths.root

        def run() -> BackupResult | None:
            from kiosk.backup import BackupSchedule

            return BackupSchedule(data_dir).run()

        self.run_now.setEnabled(False)
        run_op(self, run, on_done=self._backed_up, on_error=self._failed, progress=True)

    def _backed_up(self, result: BackupResult | None) -> None:
        self.run_now.setEnabled(True)
        if result is None:
            newest = newest_backup(self.ctx.store.paths.backups)
            name = newest.name if newest is not None else ""
            show_message(self.message, self.ctx.t("backup.scheduled.skipped", file=name), "ok")
        else:
            text = self.ctx.t(
                "backup.done",
                file=result.path.name,
                size=f"{result.size / 1e6:.1f}".replace(".", "," if self.ctx.lang == "id" else "."),
                registrations=result.registrations,
                pages=result.pages,
            )
            show_message(self.message, text, "ok")
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.set_key.setEnabled(True)
        self.run_now.setEnabled(self.configured)
        show_error(self.message, self.ctx, exc)

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "The recovery passphrase opens the backups on a new machine. Write it down and "
                "keep it somewhere safe: without it no backup can be read, and it cannot be "
                "recovered. Setting a new one applies to the backups made from then on."
            )
        )
        set_label(self.labels[0], self.tr("Recovery &passphrase"))
        set_label(self.labels[1], self.tr("Repeat the pa&ssphrase"))
        set_button(self.set_key, self.tr("Set the recovery passphrase"))
        set_button(self.run_now, self.tr("&Back up now"))
        if self.ctx.has_store:
            self.refresh()
