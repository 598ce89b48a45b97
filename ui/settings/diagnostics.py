"""The "Diagnostics" tab of the settings page: ``kiosk doctor`` for the person at the desk.

A supervisor runs the same checks as ``kiosk doctor`` (:mod:`kiosk.doctor`: database, keys,
disk space for a week offline, the document vault, scanners and printers, the central and the
clock, crash reports) and reads each finding as a sentence in the current language, worst first.
"Save for the help desk" writes the doctor's ZIP (report and recent logs, personal data masked by
:func:`kiosk.doctor.write_bundle`) where the supervisor chooses.

Invariants: the checks run off the GUI thread inside :func:`ui.operations.run_op` (a test scan or
an unreachable central takes seconds; each check is bounded in time by the doctor); the tab keeps
the last report only in memory and changes nothing it examines. Scanners and printers can be left
out (a scan in progress at the desk must not be disturbed); no test page is printed from here.

The tab also holds how much the kiosk writes into its log (setting ``log.level`` of
:mod:`kiosk.logs`): a supervisor raises it to "detailed" while the help desk looks at a problem.
The new level applies at once (unless ``KIOSK_LOG_LEVEL`` overrides it for this machine).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.operations import run_op
from ui.settings.tab import SettingsTab
from ui.widgets.forms import (
    add_row,
    button,
    message_label,
    set_button,
    set_label,
    show_error,
    show_message,
)

if TYPE_CHECKING:
    from pathlib import Path

    from kiosk.doctor import CheckResult, Report
    from ui.context import AppContext

_LOG_LEVELS = ("WARNING", "INFO", "DEBUG")
_SEVERITY = {"ok": "ok", "warning": "warning", "failed": "error"}  # doctor status -> theme role


def tab_title() -> str:
    return QCoreApplication.translate("DiagnosticsSettings", "Diagnostics")


class DiagnosticsSettings(SettingsTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        self.setObjectName("diagnosticsSettings")
        self.hint = theme.set_role(QLabel(self), role="hint")
        self.hint.setWordWrap(True)
        self.devices = QCheckBox(self)
        self.devices.setObjectName("diagnosticsDevices")
        self.devices.setChecked(True)
        self.run = button("diagnosticsRun", primary=True, parent=self)
        self.save = button("diagnosticsSave", parent=self)
        self.save.setEnabled(False)
        self.summary = message_label("diagnosticsSummary", self)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("diagnosticsResults")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.message = message_label("diagnosticsMessage", self)
        self.log_level = QComboBox(self)
        self.log_level.setObjectName("diagnosticsLogLevel")
        for level in _LOG_LEVELS:
            self.log_level.addItem("", level)
        levels = QFormLayout()
        self.log_level_label = add_row(levels, self.log_level)
        row = QHBoxLayout()
        row.addWidget(self.devices)
        row.addStretch(1)
        row.addWidget(self.save)
        row.addWidget(self.run)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(levels)
        self.setTabOrder(self.devices, self.run)
        self.setTabOrder(self.run, self.save)
        self.setTabOrder(self.save, self.table)
        self.setTabOrder(self.table, self.log_level)
        self.run.clicked.connect(self.start)
        self.save.clicked.connect(self.save_bundle)
        self.log_level.activated.connect(self._log_level_chosen)
        self.retranslate()

    def refresh(self) -> None:
        """Show the stored log level; checks run only when asked (a test scan makes noise)."""
        from kiosk.logs import LEVEL_SETTING

        stored = str(self.ctx.store.get_setting(LEVEL_SETTING, "INFO") or "INFO").upper()
        index = self.log_level.findData(stored if stored in _LOG_LEVELS else "INFO")
        self.log_level.setCurrentIndex(index)

    def _log_level_chosen(self, index: int) -> None:
        from kiosk.logs import LEVEL_SETTING, apply_setting

        level = str(self.log_level.itemData(index))
        self.ctx.store.set_setting(LEVEL_SETTING, level)
        apply_setting(level)
        show_message(self.message, self.tr("Log level saved."), "ok")

    def start(self) -> None:
        root = self.ctx.store.paths.root
        keyring = self.ctx.store.keys  # unlocked at start-up: a passphrase-kept key is checked too
        skip_devices = not self.devices.isChecked()

        def check() -> Report:
            from kiosk.doctor import Options, run_checks

            return run_checks(root, Options(skip_devices=skip_devices), keyring=keyring)

        self.run.setEnabled(False)
        show_message(self.message, "")
        run_op(self, check, on_done=self._show, on_error=self._failed, progress=True)

    def _show(self, report: Report) -> None:
        self.report = report
        self.run.setEnabled(True)
        self.save.setEnabled(True)
        self._fill()

    def _fill(self) -> None:
        if self.report is None:
            return
        rank = {"failed": 0, "warning": 1, "ok": 2}
        results = sorted(self.report.results, key=lambda r: rank[r.status.value])
        self.table.setRowCount(len(results))
        for row, result in enumerate(results):
            self.table.setItem(row, 0, self._status_item(result))
            finding = QTableWidgetItem(result.text(self.ctx.lang))
            finding.setToolTip(result.id)
            self.table.setItem(row, 1, finding)
        self.table.resizeRowsToContents()
        status = self.report.status.value
        text = {
            "ok": self.tr("Everything checked is in order."),
            "warning": self.tr("Some checks need attention: read the warnings below."),
            "failed": self.tr(
                "Some checks failed: do what the first lines say, or call the help desk."
            ),
        }[status]
        show_message(self.summary, text, _SEVERITY[status])

    def _status_item(self, result: CheckResult) -> QTableWidgetItem:
        text = {
            "ok": self.tr("OK"),
            "warning": self.tr("Warning"),
            "failed": self.tr("Failed"),
        }[result.status.value]
        item = QTableWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, result.status.value)
        return item

    def _failed(self, exc: BaseException) -> None:
        self.run.setEnabled(True)
        show_error(self.message, self.ctx, exc)

    def save_bundle(self) -> None:
        report = self.report
        if report is None:
            return
        stamp = report.started_at.strftime("%Y%m%d-%H%M")
        suggested = str(self.ctx.store.paths.root.parent / f"kiosk-doctor-{stamp}.zip")
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save for the help desk"), suggested, self.tr("ZIP files (*.zip)")
        )
        if not target:
            return

        def write() -> Path:
            from kiosk.doctor import write_bundle

            return write_bundle(report, target)

        run_op(self, write, on_done=self._saved, on_error=self._failed, progress=True)

    def _saved(self, path: Path) -> None:
        text = self.tr("Saved {name}. Send this file to the help desk; it holds no personal data.")
        show_message(self.message, text.format(name=path.name), "ok")

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "Checks this kiosk: the database and its keys, disk space for a week offline, the "
                "scanned documents, scanners and printers, the link to the central and the clock. "
                "Nothing is changed."
            )
        )
        self.devices.setText(self.tr("Include scanners and printers (one test scan)"))
        self.devices.setAccessibleName(self.devices.text())
        set_button(self.run, self.tr("&Run the checks"))
        set_button(
            self.save,
            self.tr("&Save for the help desk…"),
            self.tr("A ZIP with the report and the recent logs, personal data masked"),
        )
        set_label(self.log_level_label, self.tr("&Log detail"))
        names = {
            "WARNING": self.tr("Problems only"),
            "INFO": self.tr("Normal"),
            "DEBUG": self.tr("Detailed (while the help desk looks at a problem)"),
        }
        for i in range(self.log_level.count()):
            self.log_level.setItemText(i, names[str(self.log_level.itemData(i))])
        self.table.setHorizontalHeaderLabels([self.tr("Result"), self.tr("Finding")])
        self.table.setAccessibleName(self.tr("Check results"))
        self._fill()
