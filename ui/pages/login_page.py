"""Log-in: username and password of a staff account, checked offline against argon2id hashes.

The check runs off the GUI thread (argon2id takes ~0.1 s on purpose). Refusals come back as the
core's messages (``security.login.failed`` / ``security.login.locked``) in the current language;
the password field is emptied after every attempt.

At start-up this page is shown before the store has finished opening, so a person can type at
once; an attempt made before the store is ready waits for ``ctx.store_changed``. For the same
reason the accounts module (SQLAlchemy) is imported only when an attempt is made.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

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


class LoginPage(QWidget):
    """Signals: logged_in(object): a :class:`StaffUser`; cancelled(): back (kiosk mode)."""

    logged_in = Signal(object)
    cancelled = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("loginPage")
        self.title = theme.with_role(QLabel(self), role="title")
        self.hint = theme.with_role(QLabel(self), role="hint")
        self.hint.setWordWrap(True)
        self.username = line_edit("loginUsername", parent=self)
        self.password = line_edit("loginPassword", password=True, parent=self)
        self.message = message_label("loginMessage", self)
        self.submit = button("loginSubmit", primary=True, parent=self)
        self.back = button("loginBack", parent=self)
        self.back.setVisible(ctx.kiosk_mode)

        form = QFormLayout()
        self.username_label = add_row(form, self.username)
        self.password_label = add_row(form, self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)
        box = QWidget(self)
        inner = QVBoxLayout(box)
        for widget in (self.title, self.hint):
            inner.addWidget(widget)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        centered(self, box, 480, 640)

        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.submit)
        self.setTabOrder(self.submit, self.back)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.attempt)
        self.submit.clicked.connect(self.attempt)
        self.back.clicked.connect(self.cancelled)
        self._waiting: tuple[str, str] | None = None
        ctx.store_changed.connect(self._store_ready)
        self.retranslate()

    def reset(self, username: str = "") -> None:
        self.username.setText(username)
        self.password.clear()
        show_message(self.message, "")
        self.submit.setEnabled(True)
        (self.password if username else self.username).setFocus()

    def attempt(self) -> None:
        username, password = self.username.text(), self.password.text()
        self.password.clear()
        if not username.strip() or not password:
            show_message(self.message, self.tr("Enter your username and password."))
            (self.password if username.strip() else self.username).setFocus()
            return
        self.submit.setEnabled(False)
        show_message(self.message, self.tr("Checking…"), "ok")
        if self.ctx.store is None:  # still opening at start-up: check as soon as it is open
            self._waiting = (username, password)
            return
        self._check(username, password)

    def _store_ready(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None and self.ctx.store is not None:
            self._check(*waiting)

    def _check(self, username: str, password: str) -> None:
        from kiosk.staff import accounts

        store = self.ctx.store
        run_op(
            self,
            lambda: accounts.authenticate(store, username, password),
            on_done=self._accepted,
            on_error=self._refused,
        )

    def _accepted(self, user: Any) -> None:
        self.submit.setEnabled(True)
        show_message(self.message, "")
        self.logged_in.emit(user)

    def _refused(self, exc: BaseException) -> None:
        self.submit.setEnabled(True)
        show_message(self.message, error_text(self.ctx, exc))
        self.password.setFocus()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Staff log-in"))
        self.hint.setText(self.tr("Log in with your own staff account."))
        set_label(self.username_label, self.tr("&Username"))
        set_label(self.password_label, self.tr("&Password"))
        set_button(self.submit, self.tr("Log in"))
        set_button(self.back, self.tr("Back"))
