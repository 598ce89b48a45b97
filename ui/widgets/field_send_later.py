"""Field mode's "Send later" button on the receipt page: the receipt PDF saved for the owner.

When there is no paper or no printer at a village hall, staff save the signed receipt to the
"send receipt later" list (:func:`kiosk.intake.send_later.save_for_later`, off the GUI thread);
it is sent to the owner's phone by WhatsApp or e-mail when there is signal (the home page's
"Receipts to send" list). The page shows the outcome through :attr:`saved` / :attr:`failed`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton

from ui.operations import run_op
from ui.widgets.forms import set_button

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.domain.model import Registration
    from kiosk.intake.send_later import ToSend
    from ui.context import AppContext


class SendLaterButton(QPushButton):
    """Signals: saved(str): the sentence to show; failed(object): the exception."""

    saved = Signal(str)
    failed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("receiptSendLater")
        self.setAutoDefault(True)
        self.reg_no = ""
        self.clicked.connect(self._save)
        self.retranslate()

    def set_registration(self, reg: Registration | None) -> None:
        self.reg_no = reg.reg_no if reg is not None else ""
        self.setEnabled(bool(self.reg_no))

    def retranslate(self) -> None:
        set_button(
            self,
            self.tr("Send &later"),
            self.tr("Save the receipt to send to the owner's phone when there is signal"),
        )

    def _save(self) -> None:
        from kiosk.intake.send_later import save_for_later

        if not self.reg_no:
            return
        store, reg_no, staff = self.ctx.store, self.reg_no, self.ctx.staff_id
        self.setEnabled(False)
        run_op(
            self,
            lambda: save_for_later(store, reg_no, staff_id=staff),
            on_done=self._done,
            on_error=self._refused,
        )

    def _done(self, item: ToSend) -> None:
        self.setEnabled(True)
        phone = item.phone or self.tr("no phone number")
        self.saved.emit(self.tr("Receipt saved to send later ({phone}).").format(phone=phone))

    def _refused(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.failed.emit(exc)
