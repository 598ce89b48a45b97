"""The credentials form of the log-in and lock pages: username, password, message, two buttons.

One form, two pages: :class:`ui.pages.login_page.LoginPage` and :class:`ui.pages.lock_page.LockPage`
differ only in their texts, their second button (back / log out), their tab order and what they
do with the accepted user. The form does the rest, the same way for both:

- an attempt with an empty username or password is not sent; the message asks for both;
- otherwise the password field is emptied at once, the submit button is disabled (busy) and the
  message says "Checking…" while :func:`kiosk.staff.accounts.authenticate` runs off the GUI
  thread (argon2id takes ~0.1 s on purpose);
- a refusal (wrong password, or ``security.login.locked`` after too many failures: the core slows
  down and records every attempt, so throttling needs nothing here) is shown in the current
  language through :func:`ui.widgets.forms.show_error`, and the password field gets the focus;
- an attempt made before the store finished opening (the log-in page is usable during start-up)
  is checked at once by ``ctx.early_login`` (:mod:`kiosk.staff.early_login`: plain ``sqlite3``,
  the same rules, counters and audit entries) when the app could set one up; a right password is
  then accepted once the store is open (every page after the log-in needs it), a refusal shown
  at once. Without an early log-in, or when it declines an attempt (the schema changed meanwhile),
  the attempt waits for ``ctx.store_changed`` and is checked then.

The accounts module (SQLAlchemy) is imported only when an attempt is checked through the store:
the log-in page is built before the first frame. Texts of the page's own (title, hint, buttons)
are set by the page; the form's ``retranslate()`` sets the field labels. Object names are
``<prefix>Username``, ``<prefix>Password``, ``<prefix>Message``; the buttons are named by the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.operations import run_op
from ui.widgets.forms import (
    add_row,
    button,
    line_edit,
    message_label,
    set_label,
    show_error,
    show_message,
)

if TYPE_CHECKING:
    from kiosk.staff.accounts import StaffUser
    from ui.context import AppContext


class CredentialsForm(QWidget):
    """Signals: accepted(object): the :class:`StaffUser` whose password was right."""

    accepted = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        prefix: str,
        *,
        submit_name: str,
        secondary_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Roles without a repolish: the labels are new (see theme.with_role; the log-in page is
        # built before the first frame).
        self.title = theme.with_role(QLabel(self), role="title")
        self.hint = theme.with_role(QLabel(self), role="hint")
        self.hint.setWordWrap(True)
        self.username = line_edit(f"{prefix}Username", parent=self)
        self.password = line_edit(f"{prefix}Password", password=True, parent=self)
        self.message = message_label(f"{prefix}Message", self)
        self.submit = button(submit_name, primary=True, parent=self)
        self.secondary = button(secondary_name, parent=self)

        form = QFormLayout()
        self.username_label = add_row(form, self.username)
        self.password_label = add_row(form, self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.secondary)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)
        inner = QVBoxLayout(self)
        inner.addWidget(self.title)
        inner.addWidget(self.hint)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)

        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.attempt)
        self.submit.clicked.connect(self.attempt)
        self._waiting: tuple[str, str] | None = None
        self._verified: StaffUser | None = None  # checked early, accepted once the store is open
        ctx.store_changed.connect(self._store_ready)
        self.retranslate()

    def reset(self, username: str = "") -> None:
        """Fresh form: ``username`` filled in (then the password has the focus), no message."""
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
        if not self.ctx.has_store and self.ctx.early_login is not None:
            self._check_early(username, password)
        elif not self.ctx.has_store:  # still opening at start-up: check as soon as it is open
            self._waiting = (username, password)
        else:
            self._check(username, password)

    def _store_ready(self) -> None:
        if not self.ctx.has_store:
            return
        verified, self._verified = self._verified, None
        waiting, self._waiting = self._waiting, None
        if verified is not None:
            self._accepted(verified)
        elif waiting is not None:
            self._check(*waiting)

    def _check_early(self, username: str, password: str) -> None:
        from kiosk.staff.early_login import EarlyLoginUnavailable

        early = self.ctx.early_login
        assert early is not None  # attempt() asked

        def check() -> StaffUser | None:
            try:
                return early.authenticate(username, password)
            except EarlyLoginUnavailable:  # nothing recorded: the store checks it
                return None

        def done(user: StaffUser | None) -> None:
            if user is None:
                self.ctx.early_login = None
                if self.ctx.has_store:
                    self._check(username, password)
                else:
                    self._waiting = (username, password)
            elif self.ctx.has_store:
                self._accepted(user)
            else:
                self._verified = user

        run_op(self, check, on_done=done, on_error=self._refused)

    def _check(self, username: str, password: str) -> None:
        from kiosk.staff import accounts

        store = self.ctx.store
        run_op(
            self,
            lambda: accounts.authenticate(store, username, password),
            on_done=self._accepted,
            on_error=self._refused,
        )

    def _accepted(self, user: StaffUser) -> None:
        self.submit.setEnabled(True)
        show_message(self.message, "")
        self.accepted.emit(user)

    def _refused(self, exc: BaseException) -> None:
        self.submit.setEnabled(True)
        show_error(self.message, self.ctx, exc)
        self.password.setFocus()

    def retranslate(self) -> None:
        set_label(self.username_label, self.tr("&Username"))
        set_label(self.password_label, self.tr("&Password"))
