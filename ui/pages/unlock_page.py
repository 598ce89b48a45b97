"""Start-up unlock: a supervisor types the data key's passphrase before anything else opens.

When the kiosk keeps its data key under a passphrase (``kiosk keys protect passphrase``,
:mod:`kiosk.security.datakey`) and ``KIOSK_DATA_PASSPHRASE`` is not set, :func:`ui.app.begin`
shows this page instead of opening the store; nothing with personal data exists until it is
unlocked (the log-in page is not shown early either). Invariants:

- the passphrase field is masked and emptied on every attempt; the passphrase lives only in the
  closure of one background operation and is never logged or stored;
- the check IS the opening: ``opener(passphrase)`` (``ui.app.open_store``) runs off the GUI
  thread through :func:`ui.operations.run_op` with its busy dialog, because argon2id (64 MiB,
  3 passes) takes about a second on a kiosk; the page says "Checking…" and its buttons are
  disabled meanwhile, so the window never freezes and nothing is started twice;
- a wrong passphrase (``security.datakey.passphrase_wrong``) opens nothing (the key ring fails
  before the database is touched): the message says so and the field takes the focus again.
  After repeated failures the page waits :func:`kiosk.security.datakey.desk_wait_s` seconds,
  counting down, before the next try; the count starts again when the app starts again;
- any other failure (a damaged key file, a full disk) is handed to ``failed`` (the app's
  start-up error: the reason, then exit);
- Quit (``cancelled``) leaves the app cleanly; it is disabled while an attempt runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.errors import UserFacingError
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

if TYPE_CHECKING:
    from kiosk.store import Store
    from ui.context import AppContext

WRONG = "security.datakey.passphrase_wrong"


class UnlockPage(QWidget):
    """Signals: opened(object): the open :class:`Store`; failed(object): an exception other than
    a wrong passphrase; cancelled(): the supervisor chose to quit."""

    opened = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("unlockPage")
        box = QWidget(self)
        self.title = theme.with_role(QLabel(box), role="title")
        self.hint = theme.with_role(QLabel(box), role="hint")
        self.hint.setWordWrap(True)
        self.passphrase = line_edit("unlockPassphrase", password=True, parent=box)
        self.message = message_label("unlockMessage", box)
        self.submit = button("unlockSubmit", primary=True, parent=box)
        self.quit = button("unlockQuit", parent=box)
        form = QFormLayout()
        self.passphrase_label = add_row(form, self.passphrase)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)
        inner = QVBoxLayout(box)
        for widget in (self.title, self.hint):
            inner.addWidget(widget)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addLayout(buttons)
        centered(self, box, 480, 640)
        self.setTabOrder(self.passphrase, self.submit)
        self.setTabOrder(self.submit, self.quit)

        self.opener: Callable[[str], Store] | None = None
        self.failures = 0
        self._busy = False
        self._wait_left = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self.passphrase.returnPressed.connect(self.attempt)
        self.submit.clicked.connect(self.attempt)
        self.quit.clicked.connect(self.cancelled)
        self.retranslate()

    def focus_first(self) -> None:
        self.passphrase.setFocus()

    def waiting_s(self) -> int:
        """Seconds left before the next attempt is accepted (0: now)."""
        return self._wait_left

    def attempt(self) -> None:
        if self._busy or self._wait_left:
            return
        passphrase = self.passphrase.text()
        self.passphrase.clear()
        if not passphrase:
            show_message(self.message, self.tr("Enter the passphrase."))
            self.passphrase.setFocus()
            return
        opener = self.opener
        if opener is None:  # built by the shell; ui.app.begin gives the opener before showing it
            raise RuntimeError("the unlock page was shown without an opener")
        self._set_busy(True)
        show_message(self.message, self.tr("Checking the passphrase…"), "ok")
        run_op(
            self,
            lambda: opener(passphrase),
            on_done=self._opened,
            on_error=self._refused,
            progress=self.tr("Opening the kiosk's data…"),
        )

    def _opened(self, store: Store) -> None:
        self._set_busy(False)
        self.failures = 0
        show_message(self.message, "")
        self.opened.emit(store)

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not (isinstance(exc, UserFacingError) and exc.code == WRONG):
            show_message(self.message, error_text(self.ctx, exc))
            self.failed.emit(exc)
            return
        from kiosk.security import datakey

        self.failures += 1
        self._wait_left = datakey.desk_wait_s(self.failures)
        if self._wait_left:
            self._set_waiting(True)
            self._countdown.start()
        self._show_refusal()
        self.passphrase.setFocus()

    def _show_refusal(self) -> None:
        text = error_text(self.ctx, UserFacingError(WRONG))
        if self._wait_left:
            wait = self.tr("Too many wrong attempts: try again in %1 seconds.")
            text = f"{text} {wait.replace('%1', str(self._wait_left))}"
        else:
            again = self.tr("Try again.")
            text = f"{text} {again}"
        show_message(self.message, text)

    def _tick(self) -> None:
        self._wait_left = max(self._wait_left - 1, 0)
        if self._wait_left:
            self._show_refusal()
            return
        self._countdown.stop()
        self._set_waiting(False)
        self._show_refusal()
        self.passphrase.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.passphrase, self.submit, self.quit):
            widget.setEnabled(not busy)

    def _set_waiting(self, waiting: bool) -> None:
        self.passphrase.setEnabled(not waiting)
        self.submit.setEnabled(not waiting)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Unlock the kiosk's data"))
        self.hint.setText(
            self.tr(
                "This kiosk's data is protected by a passphrase. A supervisor enters it to start "
                "the kiosk."
            )
        )
        set_label(self.passphrase_label, self.tr("&Passphrase"))
        set_button(self.submit, self.tr("Unlock"))
        set_button(self.quit, self.tr("Quit"))
        if self.message.isVisible() and self.failures and not self._busy:
            self._show_refusal()
