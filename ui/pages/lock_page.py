"""The lock screen: shown after the idle period or Ctrl+L; the session's pages are hidden.

The main window switches its stack to this page, so every other page (with personal data) is
hidden, not covered; open dialogs are closed before. The page itself shows no personal data:
only the staff member's username, so they know whose session it is. The same person unlocks with
their password; another staff member may unlock too (the session then switches to them and the
shell returns to the home page). Attempts go through :func:`accounts.authenticate`, so the
lock-out rules and the audit log apply here as well.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.staff import accounts
from ui import theme
from ui.operations import run_op
from ui.widgets.forms import (
    add_row,
    button,
    centered,
    error_text,
    line_edit,
    message_label,
    set_button,
    set_label,
    show_message,
)


class LockPage(QWidget):
    """Signals: unlocked(object): the StaffUser who unlocked; logout_requested()."""

    unlocked = Signal(object)
    logout_requested = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("lockPage")
        self.title = theme.set_role(QLabel(self), role="title")
        self.hint = theme.set_role(QLabel(self), role="hint")
        self.hint.setWordWrap(True)
        self.username = line_edit("lockUsername", parent=self)
        self.password = line_edit("lockPassword", password=True, parent=self)
        self.message = message_label("lockMessage", self)
        self.submit = button("lockUnlock", primary=True, parent=self)
        self.logout = button("lockLogout", parent=self)

        form = QFormLayout()
        self.username_label = add_row(form, self.username)
        self.password_label = add_row(form, self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.logout)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)
        box = QWidget(self)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.hint)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        centered(self, box, 480, 640)

        self.setTabOrder(self.password, self.submit)
        self.setTabOrder(self.submit, self.username)
        self.setTabOrder(self.username, self.logout)
        self.password.returnPressed.connect(self.attempt)
        self.username.returnPressed.connect(self.password.setFocus)
        self.submit.clicked.connect(self.attempt)
        self.logout.clicked.connect(self.logout_requested)
        self.retranslate()

    def prepare(self, username: str) -> None:
        """Called by the shell each time it locks."""
        self.username.setText(username)
        self.password.clear()
        show_message(self.message, "")
        self.submit.setEnabled(True)
        self.password.setFocus()

    def attempt(self) -> None:
        username, password = self.username.text(), self.password.text()
        self.password.clear()
        if not username.strip() or not password:
            show_message(self.message, self.tr("Enter your username and password."))
            return
        self.submit.setEnabled(False)
        store = self.ctx.store
        run_op(
            self,
            lambda: accounts.authenticate(store, username, password),
            on_done=self._accepted,
            on_error=self._refused,
        )

    def _accepted(self, user: accounts.StaffUser) -> None:
        self.submit.setEnabled(True)
        show_message(self.message, "")
        self.unlocked.emit(user)

    def _refused(self, exc: BaseException) -> None:
        self.submit.setEnabled(True)
        show_message(self.message, error_text(self.ctx, exc))
        self.password.setFocus()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Screen locked"))
        self.hint.setText(
            self.tr("The screen locked itself to protect personal data. Enter a password to go on.")
        )
        set_label(self.username_label, self.tr("&Username"))
        set_label(self.password_label, self.tr("&Password"))
        set_button(self.submit, self.tr("Unlock"))
        set_button(self.logout, self.tr("Log out"))
