"""The dialog in which a person withdraws consent for a registration at the desk (UU 27/2022).

What it says: the registration's data and documents are erased from this kiosk now (with the
person's drafts, found by NIK: :mod:`kiosk.store.erasure_drafts`) and from the central office (and
any other kiosk) at the next sync; the registration number stays as an empty
record; a new registration would be needed to apply again. A supervisor confirms with their own
username and password (:class:`ui.widgets.credentials.CredentialsForm`; the password is checked
off the GUI thread); an operator's password is refused. The erasure itself
(:func:`kiosk.sync.erasure.withdraw_consent`) runs off the GUI thread as well; the dialog closes
with ``accept()`` once it is done, or shows the error in the user's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from ui.operations import run_op
from ui.widgets.credentials import CredentialsForm
from ui.widgets.forms import set_button, show_error, show_message

if TYPE_CHECKING:
    from kiosk.staff.accounts import StaffUser
    from ui.context import AppContext


class ConsentWithdrawalDialog(QDialog):
    def __init__(
        self, ctx: AppContext, reg_id: str, reg_no: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ConsentWithdrawalDialog")
        self.setModal(True)
        self.ctx = ctx
        self.reg_id, self.reg_no = reg_id, reg_no
        self.explain = QLabel(self)
        self.explain.setObjectName("withdraw_explain")
        self.explain.setWordWrap(True)
        self.explain.setTextFormat(Qt.TextFormat.PlainText)
        self.form = CredentialsForm(
            ctx, "withdraw", submit_name="withdraw_confirm", secondary_name="withdraw_cancel",
            parent=self,
        )  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.form)
        self.form.accepted.connect(self._confirmed)
        self.form.secondary.clicked.connect(self.reject)
        self.setTabOrder(self.form.username, self.form.password)
        self.setTabOrder(self.form.password, self.form.submit)
        self.setTabOrder(self.form.submit, self.form.secondary)
        self.retranslate()
        self.form.reset()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Withdraw consent"))
        self.explain.setText(
            self.tr(
                "The owner of registration %1 withdraws consent. Its data and documents are "
                "erased from this kiosk now, with this person's drafts (the same NIK), and from "
                "the central office and every other kiosk at the next sync (within 3 × 24 hours). "
                "Only the registration number stays. "
                "This cannot be undone. A supervisor confirms with their own password."
            ).replace("%1", self.reg_no)
        )
        self.form.title.setText(self.tr("Supervisor confirmation"))
        self.form.hint.setText(self.tr("Supervisor's username and password"))
        set_button(self.form.submit, self.tr("Withdraw consent and erase"))
        set_button(self.form.secondary, self.tr("Cancel"))
        self.form.retranslate()

    def _confirmed(self, supervisor: StaffUser) -> None:
        if not supervisor.is_supervisor:
            self.form.reset()
            show_message(self.form.message, self.tr("Only a supervisor can confirm this."))
            return
        staff = self.ctx.user or supervisor
        store, reg_id = self.ctx.store, self.reg_id
        self.form.submit.setEnabled(False)
        show_message(self.form.message, self.tr("Erasing…"), "ok")

        def work() -> None:
            from kiosk.sync.erasure import withdraw_consent

            withdraw_consent(store, reg_id, staff, supervisor)

        run_op(self, work, on_done=lambda _r: self.accept(), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.form.submit.setEnabled(True)
        show_error(self.form.message, self.ctx, exc)
