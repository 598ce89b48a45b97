"""Session rules of the main window: log-in, log-out, lock, unlock, idle, self-service reset.

A mixin of :class:`ui.shell.main_window.MainWindow` (kept apart so each module stays small); it
uses the window's ``ctx``, pages, ``idle`` watcher, ``countdown`` and ``timeouts``. The rules are
described in :mod:`ui.shell.main_window`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QStackedWidget, QWidget

    from kiosk.staff.accounts import StaffUser
    from ui.context import AppContext
    from ui.pages.lock_page import LockPage
    from ui.pages.login_page import LoginPage
    from ui.shell.countdown import IdleCountdown
    from ui.shell.idle import IdleWatcher
    from ui.shell.main_window import Timeouts
    from ui.shell.wiring import ShellPage

SESSION_PAGES = ("home", "settings", "wizard", "search", "detail", "handover")
SELF_SERVICE_PAGES = ("wizard", "handover")


class SessionControl:
    """Mixed into MainWindow; see the module docstring."""

    ctx: AppContext
    idle: IdleWatcher
    timeouts: Timeouts
    _pages: dict[str, ShellPage]
    _locked: bool
    _before_lock: str
    _home_lang: str
    _hidden_page: QWidget | None
    stack: QStackedWidget

    if TYPE_CHECKING:  # provided by MainWindow
        locked: SignalInstance
        unlocked: SignalInstance

        @property
        def countdown(self) -> IdleCountdown: ...

        def countdown_running(self) -> bool: ...

        def page(self, name: str) -> QWidget: ...

        def show_page(self, name: str) -> QWidget: ...

        def current_page_name(self) -> str: ...

        def drop_pages(self, names: tuple[str, ...]) -> None: ...

        def save_pending(self) -> None: ...

    # -- session ---------------------------------------------------------------------------------
    def logged_in(self, user: StaffUser) -> None:
        self._cancel_countdown()
        self.drop_pages(SELF_SERVICE_PAGES)  # a self-service wizard must not become staff's
        self.ctx.set_user(user)
        self._locked = False
        self.show_page("home")

    def logout(self) -> None:
        self._close_dialogs()
        self._cancel_countdown()
        self._audit_session("logout")
        self._locked = False
        self.ctx.set_user(None)
        self.drop_pages(SESSION_PAGES)
        if self.ctx.kiosk_mode:
            self.ctx.set_language(self._home_lang)
            self.show_page("welcome")
        else:
            cast("LoginPage", self.page("login")).reset()
            self.show_page("login")

    @property
    def is_locked(self) -> bool:
        return self._locked

    def lock(self) -> None:
        """Hide the session behind the lock page (staff only; a no-op otherwise)."""
        if self.ctx.user is None or self._locked:
            return
        self._cancel_countdown()
        self._close_dialogs()
        self.save_pending()
        self._before_lock = self.current_page_name()
        self._locked = True
        self._audit_session("session.locked")
        lock_page = cast("LockPage", self.page("lock"))
        lock_page.prepare(self.ctx.user.username)
        self.show_page("lock")
        self.locked.emit()

    def unlock(self, user: StaffUser) -> None:
        same = self.ctx.user is not None and user.id == self.ctx.user.id
        self._locked = False
        if same:
            self.show_page(self._before_lock if self._before_lock in self._pages else "home")
        else:  # another staff member: nothing of the previous session stays
            self.drop_pages(SESSION_PAGES)
            self.ctx.set_user(user)
            self.show_page("home")
        self.unlocked.emit()

    def _audit_session(self, action: str) -> None:
        """Log-out and lock are audit entries (log-in is one already, in the core), written off
        the GUI thread; a failure to write one never keeps a session open."""
        user = self.ctx.user
        if user is None or not self.ctx.has_store:
            return
        from kiosk.staff import audit
        from ui.operations import run_op

        store, name, user_id = self.ctx.store, user.username, user.id
        run_op(
            cast("QWidget", self),
            lambda: audit.log(store, name, action, user_id),
            on_done=lambda _r: None,
            on_error=lambda _e: None,
        )

    def _close_dialogs(self) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):  # never: there are widgets
            return
        for _ in range(10):  # nested dialogs close one by one
            widget = app.activePopupWidget() or app.activeModalWidget()
            if widget is None or widget is self:
                break
            widget.close()

    # -- idle ------------------------------------------------------------------------------------
    def _self_service(self) -> bool:
        return self.ctx.kiosk_mode and self.ctx.user is None

    def lock_warning_ms(self) -> int:
        """How long the staff lock warning shows: the last ``lock_warn_ms`` of the lock period,
        or its last half when the period is shorter (tests), so the lock always comes after
        ``lock_ms`` in all."""
        return max(1, min(self.timeouts.lock_warn_ms, self.timeouts.lock_ms // 2))

    def _update_idle(self) -> None:
        name = self.current_page_name()
        if self.ctx.user is not None and not self._locked:
            self.idle.set_timeout_ms(max(1, self.timeouts.lock_ms - self.lock_warning_ms()))
            self.idle.start()
        elif self._self_service() and name in SELF_SERVICE_PAGES:
            self.idle.set_timeout_ms(self.timeouts.kiosk_warn_ms)
            self.idle.start()
        else:
            self.idle.stop()

    def _idle_timed_out(self) -> None:
        if self.ctx.user is not None:
            if not self._locked:
                self.countdown.start(self.lock_warning_ms(), locking=True)
        elif self._self_service() and self.current_page_name() in SELF_SERVICE_PAGES:
            # The owner's data must not stay readable behind the question (issue 12, item 17):
            # the page is hidden, not covered, and comes back when somebody answers.
            focused = QApplication.focusWidget()  # hiding the page moves the focus away
            self._hidden_page = self.stack.currentWidget()
            if self._hidden_page is not None:
                self._hidden_page.hide()
            self.countdown.start(self.timeouts.kiosk_countdown_ms, focus_back=focused)

    def _countdown_expired(self) -> None:
        self._hidden_page = None  # the page is dropped by the reset, or hidden by the lock
        if self.ctx.user is not None:
            self.lock()
        else:
            self.reset_self_service()

    def _countdown_cancelled(self) -> None:
        page, self._hidden_page = self._hidden_page, None
        if page is not None and page is self.stack.currentWidget():
            page.show()

    def _activity(self) -> None:
        self._cancel_countdown()

    def _cancel_countdown(self) -> None:
        if self.countdown_running():  # never builds the (lazily made) countdown
            self.countdown.cancel()

    def reset_self_service(self) -> None:
        """Privacy reset: clear the owner's form (the draft stays saved) and welcome the next."""
        self._cancel_countdown()
        self._close_dialogs()
        self.drop_pages(SELF_SERVICE_PAGES)
        self.ctx.set_language(self._home_lang)
        self.show_page("welcome")
