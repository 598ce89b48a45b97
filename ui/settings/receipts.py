"""The "Receipts" tab of the settings page: the default receipt printer and paper size, and the
thermal (ESC/POS) printers.

What it edits is what :mod:`ui.printing` reads when the receipt page prints: the remembered Qt
printer (``receipts.qt_printer``; the list is the system's print queues) and the paper
(``receipts.qt_paper``: A4 or A5), written with :func:`ui.printing.remember`; and the thermal
printers (``receipts.escpos_printers``, :class:`ui.settings.printers.ThermalPrinters`).
Supervisors only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from ui.printing import PAPERS, remember, remembered
from ui.settings.printers import ThermalPrinters
from ui.settings.tab import SettingsTab
from ui.widgets.forms import add_row, button, message_label, set_button

if TYPE_CHECKING:
    from ui.context import AppContext


def tab_title() -> str:
    return QCoreApplication.translate("PrintSettings", "Receipts")


class PrintSettings(SettingsTab):
    """Settings section: default receipt printer and paper. Signals: none (saves itself)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("receiptPrintSettings")
        self.printer = QComboBox(self)
        self.printer.setObjectName("receiptPrinter")
        self.paper = QComboBox(self)
        self.paper.setObjectName("receiptPaper")
        self.paper.addItems(["A4", "A5"])
        form = QFormLayout()
        self.printer_label = add_row(form, self.printer)
        self.paper_label = add_row(form, self.paper)
        self.save = button("receiptPrintSave", primary=True, parent=self)
        self.save.clicked.connect(self._save)
        self.message = message_label("receiptPrintMessage", self)
        self.thermal = ThermalPrinters(ctx, self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save)
        layout.addWidget(self.message)
        layout.addWidget(self.thermal)
        layout.addStretch(1)
        self.retranslate()

    def refresh(self) -> None:
        if not self.ctx.has_store:
            return
        name, paper = remembered(self.ctx.store)
        self.printer.clear()
        self.printer.addItems(QPrinterInfo.availablePrinterNames())
        if name:
            self.printer.setCurrentText(name)
        self.paper.setCurrentIndex(PAPERS.index(paper))
        self.thermal.refresh()

    def _save(self) -> None:
        remember(self.ctx.store, self.printer.currentText(), PAPERS[self.paper.currentIndex()])
        self.message.setText(self.tr("Saved."))
        self.message.setVisible(True)

    def retranslate(self) -> None:
        self.printer_label.setText(self.tr("Receipt &printer"))
        self.printer.setAccessibleName(self.tr("Receipt printer"))
        self.paper_label.setText(self.tr("&Paper"))
        self.paper.setAccessibleName(self.tr("Paper"))
        set_button(self.save, self.tr("&Save"))
        self.thermal.retranslate()
