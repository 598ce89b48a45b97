"""How the main window reacts to each page's signals (kept apart so the window stays small).

Signals of the wizard part's pages are connected when present: ``WizardPage.finished(str)`` /
``cancelled()``; ``SearchPage.open_requested(str)``; ``back_requested()`` on search and detail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ui.operations import run_op

if TYPE_CHECKING:
    from ui.pages.handover_page import HandoverPage
    from ui.pages.login_page import LoginPage
    from ui.shell.main_window import MainWindow


def _connect(page: Any, signal: str, slot: Any) -> None:
    if hasattr(page, signal):
        getattr(page, signal).connect(slot)


def wire(window: MainWindow, name: str, page: Any) -> None:
    wiring = {
        "setup": _setup,
        "login": _login,
        "lock": _lock,
        "home": _home,
        "settings": _settings,
        "welcome": _welcome,
        "handover": _handover,
        "wizard": _wizard,
        "search": _search,
        "detail": _detail,
    }
    wiring[name](window, page)


def _setup(window: MainWindow, page: Any) -> None:
    def completed(user: Any) -> None:
        window.reload_branding()
        window.logged_in(user)

    page.completed.connect(completed)


def _login(window: MainWindow, page: Any) -> None:
    page.logged_in.connect(window.logged_in)
    page.cancelled.connect(lambda: window.show_page("welcome"))


def _lock(window: MainWindow, page: Any) -> None:
    page.unlocked.connect(window.unlock)
    page.logout_requested.connect(window.logout)


def _home(window: MainWindow, page: Any) -> None:
    page.new_requested.connect(window.start_registration)
    page.search_requested.connect(window.open_search)
    page.draft_requested.connect(window.open_draft)
    page.settings_requested.connect(lambda: window.show_page("settings"))
    page.logout_requested.connect(window.logout)


def _settings(window: MainWindow, page: Any) -> None:
    def saved() -> None:
        if window._fixed_timeouts is None:  # tests fix the timeouts; settings must not override
            window.start_timeouts_from_settings()
        window.reload_branding()

    page.back_requested.connect(lambda: window.show_page("home"))
    page.settings_saved.connect(saved)


def _welcome(window: MainWindow, page: Any) -> None:
    def staff() -> None:
        cast("LoginPage", window.page("login")).reset()
        window.show_page("login")

    page.start_requested.connect(window.start_registration)
    page.staff_requested.connect(staff)
    page.language_requested.connect(window.set_language)


def _handover(window: MainWindow, page: Any) -> None:
    page.done.connect(window.reset_self_service)


def _wizard(window: MainWindow, page: Any) -> None:
    def show_number(reg_no: str) -> None:
        cast("HandoverPage", window.show_page("handover")).show_number(reg_no)

    def finished(reg_id: str) -> None:
        if window.ctx.user is not None:
            window.show_page("home")
            return
        reg_no = getattr(getattr(page, "registration", None), "reg_no", "")
        if reg_no:
            show_number(reg_no)
            return
        store = window.ctx.store
        run_op(
            window,
            lambda: store.get(reg_id).reg_no,
            on_done=show_number,
        )

    def cancelled() -> None:
        if window.ctx.user is not None:
            window.show_page("home")
        else:
            window.reset_self_service()

    _connect(page, "finished", finished)
    _connect(page, "cancelled", cancelled)
    # The duplicate banner's "open" button: only staff may look at another registration.
    _connect(
        page,
        "open_registration_requested",
        lambda reg_id: window.open_detail(reg_id) if window.ctx.user is not None else None,
    )


def _search(window: MainWindow, page: Any) -> None:
    _connect(page, "open_requested", window.open_detail)
    _connect(page, "back_requested", lambda: window.show_page("home"))


def _detail(window: MainWindow, page: Any) -> None:
    _connect(page, "back_requested", window.open_search)
    _connect(page, "continue_draft_requested", window.open_draft)
