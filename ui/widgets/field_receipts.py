"""The "Receipts to send" dialog of field mode: the receipt PDFs saved for owners, and their phones.

A table of what waits (number, business, owner, phone), read off the GUI thread. "Save a receipt…"
asks for a registration number and saves its signed receipt PDF to the list
(:func:`kiosk.intake.send_later.save_for_later`); "Copy WhatsApp link" puts the owner's
``https://wa.me/…`` link on the clipboard (the file is attached by hand in WhatsApp or e-mail);
"Open folder" shows the PDFs; "Mark sent" takes the selected one off the list. A refusal (a
draft, an unknown number) is shown under the table and changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui.operations import run_op
from ui.widgets.forms import button, message_label, set_button, show_error, show_message

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.intake.send_later import ToSend
    from ui.context import AppContext


class ReceiptsToSendDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("receiptsToSendDialog")
        self.resize(760, 420)
        self._items: list[ToSend] = []
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("receiptsToSendTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = message_label("receiptsToSendMessage", self)
        self.add = button("receiptsToSendAdd", parent=self)
        self.copy_link = button("receiptsToSendCopyLink", parent=self)
        self.open_folder = button("receiptsToSendOpenFolder", parent=self)
        self.sent = button("receiptsToSendMarkSent", parent=self)
        self.close_button = button("receiptsToSendClose", parent=self)
        row = QHBoxLayout()
        for widget in (self.add, self.copy_link, self.open_folder, self.sent):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.add.clicked.connect(self._add)
        self.copy_link.clicked.connect(self._copy_link)
        self.open_folder.clicked.connect(self._open_folder)
        self.sent.clicked.connect(self._mark_sent)
        self.close_button.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        from kiosk.intake.send_later import to_send

        run_op(self, lambda: to_send(self.ctx.store), on_done=self._show, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        show_error(self.message, self.ctx, exc)

    def _show(self, items: list[ToSend]) -> None:
        from kiosk.domain.contact import format_phone

        self._items = list(items)
        self.table.setRowCount(len(items))
        for index, item in enumerate(items):
            phone = format_phone(item.phone) if item.phone else "—"
            for column, text in enumerate((item.reg_no, item.business, item.owner, phone)):
                self.table.setItem(index, column, QTableWidgetItem(text))
        if items:
            self.table.selectRow(0)
        self._update_buttons()

    def _selected(self) -> ToSend | None:
        row = self.table.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def _update_buttons(self) -> None:
        chosen = self._selected()
        self.copy_link.setEnabled(chosen is not None and bool(chosen.phone))
        self.sent.setEnabled(chosen is not None)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Receipts to send"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Number"), self.tr("Business"), self.tr("Owner"), self.tr("Phone")]
        )
        self.table.setAccessibleName(self.tr("Receipts to send"))
        set_button(self.add, self.tr("&Save a receipt…"))
        set_button(self.copy_link, self.tr("Copy &WhatsApp link"))
        set_button(self.open_folder, self.tr("&Open folder"))
        set_button(self.sent, self.tr("&Mark sent"))
        set_button(self.close_button, self.tr("&Close"))

    def _add(self) -> None:
        from kiosk.intake.send_later import save_for_later

        number, ok = QInputDialog.getText(
            self, self.tr("Save a receipt"), self.tr("Registration number:")
        )
        if not ok or not number.strip():
            return
        staff = self.ctx.staff_id
        run_op(
            self,
            lambda: save_for_later(self.ctx.store, number, staff_id=staff),
            on_done=lambda item: self._saved(item.reg_no),
            on_error=self._failed,
            progress=self.tr("Saving the receipt…"),
        )

    def _saved(self, reg_no: str) -> None:
        show_message(self.message, self.tr("Receipt {number} saved.").format(number=reg_no), "ok")
        self.refresh()

    def _copy_link(self) -> None:
        chosen = self._selected()
        if chosen is not None and chosen.whatsapp_link:
            QGuiApplication.clipboard().setText(chosen.whatsapp_link)
            show_message(
                self.message, self.tr("Link copied: {link}").format(link=chosen.whatsapp_link), "ok"
            )

    def _open_folder(self) -> None:
        from kiosk.intake.send_later import FOLDER

        folder = self.ctx.store.paths.root / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _mark_sent(self) -> None:
        from kiosk.intake.send_later import mark_sent

        chosen = self._selected()
        if chosen is None:
            return
        staff = self.ctx.staff_id
        run_op(
            self,
            lambda: mark_sent(self.ctx.store, chosen.reg_no, staff_id=staff),
            on_done=lambda _r: self.refresh(),
            on_error=self._failed,
        )
