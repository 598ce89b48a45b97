"""Log-in: username and password of a staff account, checked offline against argon2id hashes.

The form is :class:`ui.widgets.credentials.CredentialsForm` (shared with the lock page): it runs
the check off the GUI thread, shows the core's refusals (``security.login.failed`` /
``security.login.locked``) in the current language and empties the password field after every
attempt. At start-up this page is shown before the store has finished opening, so a person can
type at once; an attempt made before the store is ready waits for it. In kiosk mode a Back button
returns to the welcome page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.widgets.credentials import CredentialsForm
from ui.widgets.forms import centered, set_button

if TYPE_CHECKING:
    from ui.context import AppContext


class LoginPage(QWidget):
    """Signals: logged_in(object): a :class:`StaffUser`; cancelled(): back (kiosk mode)."""

    logged_in = Signal(object)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("loginPage")
        self.form = CredentialsForm(
            ctx, "login", submit_name="loginSubmit", secondary_name="loginBack", parent=self
        )
        self.username = self.form.username
        self.password = self.form.password
        self.message = self.form.message
        self.submit = self.form.submit
        self.back = self.form.secondary
        self.back.setVisible(ctx.kiosk_mode)
        centered(self, self.form, 480, 640)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.submit)
        self.setTabOrder(self.submit, self.back)
        self.form.accepted.connect(self.logged_in)
        self.back.clicked.connect(self.cancelled)
        self.retranslate()

    def reset(self, username: str = "") -> None:
        self.form.reset(username)

    def retranslate(self) -> None:
        self.form.title.setText(self.tr("Staff log-in"))
        self.form.hint.setText(self.tr("Log in with your own staff account."))
        self.form.retranslate()
        set_button(self.submit, self.tr("Log in"))
        set_button(self.back, self.tr("Back"))
