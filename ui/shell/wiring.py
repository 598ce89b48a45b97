"""The pages of the main window: how each is built and how the window reacts to its signals.

One builder per page name (:data:`BUILDERS`). A builder imports its page's module when the page
is first needed (nothing of a page is loaded before it is shown, for start-up speed), makes it,
connects its signals to the window, and returns a :class:`ShellPage`: the widget plus what the
window calls on every page (``retranslate``) and, where a page has one, what runs each time it is
shown (``shown``) and what saves its pending typing before a lock, a close or a drop (``save``).
The signals are the pages' own, typed by their classes: a page without the signal a builder
connects fails at once, not silently.

Kept apart from :mod:`ui.shell.main_window` so the window stays small; the window's navigation
rules are described there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, cast

from ui.operations import run_op

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.domain.model import Registration
    from kiosk.staff.accounts import StaffUser
    from ui.pages.handover_page import HandoverPage
    from ui.pages.login_page import LoginPage
    from ui.shell.main_window import MainWindow


class ShellPage(NamedTuple):  # a NamedTuple, not a dataclass: no code generated at start-up
    """A page of the window's stack and the calls the window makes on it."""

    widget: QWidget
    retranslate: Callable[[], None]
    shown: Callable[[], None] | None = None  # each time the window shows it (focus, refresh)
    save: Callable[[], None] | None = None  # before a lock, a close or a drop: keep the typing


def build(window: MainWindow, name: str) -> ShellPage:
    """The page called ``name``, made and wired (``KeyError`` for an unknown name)."""
    return BUILDERS[name](window)


def _setup(window: MainWindow) -> ShellPage:
    from ui.pages.setup_page import SetupPage

    page = SetupPage(window.ctx, window.stack)

    def completed(user: StaffUser) -> None:
        window.reload_branding()
        window.logged_in(user)

    page.completed.connect(completed)
    return ShellPage(page, page.retranslate)


def _login(window: MainWindow) -> ShellPage:
    from ui.pages.login_page import LoginPage

    page = LoginPage(window.ctx, window.stack)
    page.logged_in.connect(window.logged_in)
    page.cancelled.connect(lambda: window.show_page("welcome"))
    return ShellPage(page, page.retranslate)


def _lock(window: MainWindow) -> ShellPage:
    from ui.pages.lock_page import LockPage

    page = LockPage(window.ctx, window.stack)
    page.unlocked.connect(window.unlock)
    page.logout_requested.connect(window.logout)
    return ShellPage(page, page.retranslate)


def _unlock(window: MainWindow) -> ShellPage:
    from ui.pages.unlock_page import UnlockPage

    page = UnlockPage(window.ctx, window.stack)  # ui.app.begin gives the opener and the outcome
    return ShellPage(page, page.retranslate, shown=page.focus_first)


def _home(window: MainWindow) -> ShellPage:
    from ui.pages.home_page import HomePage

    page = HomePage(window.ctx, window.stack)
    page.new_requested.connect(window.start_registration)
    page.search_requested.connect(window.open_search)
    page.draft_requested.connect(window.open_draft)
    page.registration_requested.connect(window.open_detail)
    page.settings_requested.connect(lambda: window.show_page("settings"))
    page.logout_requested.connect(window.logout)
    return ShellPage(page, page.retranslate)


def _settings(window: MainWindow) -> ShellPage:
    from ui.settings.page import SettingsPage

    page = SettingsPage(window.ctx, window.stack)

    def saved() -> None:
        if window._fixed_timeouts is None:  # tests fix the timeouts; settings must not override
            window.start_timeouts_from_settings()
        window.reload_branding()

    page.back_requested.connect(lambda: window.show_page("home"))
    page.settings_saved.connect(saved)
    return ShellPage(page, page.retranslate, shown=page.refresh)


def _welcome(window: MainWindow) -> ShellPage:
    from ui.pages.welcome_page import WelcomePage

    page = WelcomePage(window.ctx, window.stack)

    def staff() -> None:
        cast("LoginPage", window.page("login")).reset()
        window.show_page("login")

    page.start_requested.connect(window.start_registration)
    page.staff_requested.connect(staff)
    page.language_requested.connect(window.set_language)
    return ShellPage(page, page.retranslate, shown=page.focus_first)


def _handover(window: MainWindow) -> ShellPage:
    from ui.pages.handover_page import HandoverPage

    page = HandoverPage(window.ctx, window.stack)
    page.done.connect(window.reset_self_service)
    return ShellPage(page, page.retranslate, shown=page.focus_first)


def _wizard(window: MainWindow) -> ShellPage:
    from ui.wizard.wizard import WizardPage

    if window._self_service():
        from kiosk.domain.wizard import Flow  # only the owner's steps

        page = WizardPage(window.ctx, window.stack, flow=Flow.self_service())
    else:
        page = WizardPage(window.ctx, window.stack)

    def show_number(reg: Registration) -> None:
        from kiosk.domain.wizard import waiting_for_staff  # what the owner left to staff

        handover = cast("HandoverPage", window.show_page("handover"))
        handover.show_number(reg.reg_no, waiting_for_staff(reg))

    def finished(reg_id: str) -> None:
        if window.ctx.user is not None:
            window.show_page("home")
            return
        if page.registration.reg_no:
            show_number(page.registration)
            return
        store = window.ctx.store
        run_op(window, lambda: store.get(reg_id), on_done=show_number)

    def cancelled() -> None:
        if window.ctx.user is not None:
            window.show_page("home")
        else:
            window.reset_self_service()

    page.finished.connect(finished)
    page.cancelled.connect(cancelled)
    # The duplicate banner's "open" button: only staff may look at another registration.
    page.open_registration_requested.connect(
        lambda reg_id: window.open_detail(reg_id) if window.ctx.user is not None else None
    )
    return ShellPage(page, page.retranslate, shown=page.focus_first, save=page.drafts.flush)


def _search(window: MainWindow) -> ShellPage:
    from ui.pages.search_page import SearchPage

    page = SearchPage(window.ctx, window.stack)
    page.open_requested.connect(window.open_detail)
    page.back_requested.connect(lambda: window.show_page("home"))
    return ShellPage(page, page.retranslate, shown=page.focus_first)


def _detail(window: MainWindow) -> ShellPage:
    from ui.pages.detail_page import DetailPage

    page = DetailPage(window.ctx, window.stack)
    page.back_requested.connect(window.open_search)
    page.continue_draft_requested.connect(window.open_draft)
    return ShellPage(page, page.retranslate, shown=page.focus_first)


BUILDERS: dict[str, Callable[[MainWindow], ShellPage]] = {
    "setup": _setup,
    "login": _login,
    "lock": _lock,
    "unlock": _unlock,
    "home": _home,
    "settings": _settings,
    "welcome": _welcome,
    "handover": _handover,
    "wizard": _wizard,
    "search": _search,
    "detail": _detail,
}
