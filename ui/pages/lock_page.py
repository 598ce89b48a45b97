"""The lock screen: shown after the idle period or Ctrl+L; the session's pages are hidden.

The main window switches its stack to this page, so every other page (with personal data) is
hidden, not covered; open dialogs are closed before. The page itself shows no personal data:
only the staff member's username, so they know whose session it is. The same person unlocks with
their password; another staff member may unlock too (the session then switches to them and the
shell returns to the home page). The form is :class:`ui.widgets.credentials.CredentialsForm`
(shared with the log-in page): attempts go through :func:`accounts.authenticate`, so the
lock-out rules and the audit log apply here as well. The username is filled in, so the tab order
starts at the password.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.widgets.credentials import CredentialsForm
from ui.widgets.forms import centered, set_button

if TYPE_CHECKING:
    from ui.context import AppContext


class LockPage(QWidget):
    """Signals: unlocked(object): the StaffUser who unlocked; logout_requested()."""

    unlocked = Signal(object)
    logout_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("lockPage")
        self.form = CredentialsForm(
            ctx, "lock", submit_name="lockUnlock", secondary_name="lockLogout", parent=self
        )
        self.username = self.form.username
        self.password = self.form.password
        self.message = self.form.message
        self.submit = self.form.submit
        self.logout = self.form.secondary
        centered(self, self.form, 480, 640)
        self.setTabOrder(self.password, self.submit)
        self.setTabOrder(self.submit, self.username)
        self.setTabOrder(self.username, self.logout)
        self.form.accepted.connect(self.unlocked)
        self.logout.clicked.connect(self.logout_requested)
        self.retranslate()

    def prepare(self, username: str) -> None:
        """Called by the shell each time it locks."""
        self.form.reset(username)

    def retranslate(self) -> None:
        self.form.title.setText(self.tr("Screen locked"))
        self.form.hint.setText(
            self.tr("The screen locked itself to protect personal data. Enter a password to go on.")
        )
        self.form.retranslate()
        set_button(self.submit, self.tr("Unlock"))
        set_button(self.logout, self.tr("Log out"))
