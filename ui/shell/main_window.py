"""The main window: header, a stack of pages, shortcuts, idle lock and the self-service reset.

Pages are built on first use (``page(name)``) by :mod:`ui.shell.wiring`, which also connects their
signals to the window, so a page never knows about another. Navigation rules:

- no staff account yet → set-up; staff mode → log-in; kiosk mode → welcome.
- staff idle for ``lock_ms`` (or Ctrl+L) → lock page, announced ``lock_warn_ms`` before by a
  countdown ("Still here?"; any key, click or mouse movement cancels it). The stack switches
  away, so pages with personal data are hidden (not covered) and open dialogs are closed. The
  same user unlocking returns to the page they were on; another user unlocking starts from home
  with fresh pages.
- self-service (kiosk mode, nobody logged in) idle for ``kiosk_warn_ms`` → countdown, the form
  hidden behind it (not covered); at zero the wizard page is destroyed (the draft stays saved
  for staff) and the welcome page returns.
- log-out destroys every page that can show personal data.

Shortcuts (staff, unlocked): Ctrl+N new registration, Ctrl+F search, Ctrl+L lock.
In kiosk mode the window refuses to close unless a supervisor is logged in (or
:meth:`MainWindow.allow_quit` was called).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, NamedTuple, cast

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import operations, theme
from ui.shell.banner import Banner
from ui.shell.header import ShellHeader
from ui.shell.idle import IdleWatcher
from ui.shell.session import SessionControl
from ui.shell.wiring import ShellPage, build

if TYPE_CHECKING:  # for mypy only: nothing of it is built at start-up
    from PySide6.QtGui import QCloseEvent, QShortcut  # QCloseEvent's QEvent base: ~200 enums

    from ui.context import AppContext
    from ui.pages.detail_page import DetailPage
    from ui.pages.home_page import HomePage
    from ui.pages.login_page import LoginPage
    from ui.shell.countdown import IdleCountdown
    from ui.wizard.wizard import WizardPage


log = logging.getLogger(__name__)

SYNC_START_DELAY_MS = 1500


class Timeouts(NamedTuple):  # a NamedTuple, not a dataclass: no code generated at start-up
    lock_ms: int = 600_000
    lock_warn_ms: int = 30_000
    kiosk_warn_ms: int = 120_000
    kiosk_countdown_ms: int = 30_000


class MainWindow(SessionControl, QMainWindow):
    """Signals: page_changed(str): the visible page's name; started(): the store is open and the
    first page is settled; locked(); unlocked()."""

    page_changed = Signal(str)
    started = Signal()
    locked = Signal()
    unlocked = Signal()

    def __init__(
        self, ctx: AppContext, *, timeouts: Timeouts | None = None, start_sync: bool = True
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self._sync_wanted = start_sync
        self._quit_allowed = False
        self.setObjectName("mainWindow")
        self._fixed_timeouts = timeouts
        self.timeouts = timeouts or Timeouts()
        self._pages: dict[str, ShellPage] = {}
        self._locked = False
        self._before_lock = "home"
        self._hidden_page: QWidget | None = None
        self._home_lang = ctx.lang
        self.header = ShellHeader(ctx, self)
        self.banner = Banner(ctx, self)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("shellStack")
        self.starting = QLabel(self.stack)
        self.starting.setObjectName("startingPage")
        self.stack.addWidget(self.starting)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._countdown: IdleCountdown | None = None  # built on first use (see ``countdown``)
        self.idle = IdleWatcher(self.timeouts.lock_ms, self)
        self.idle.timed_out.connect(self._idle_timed_out)
        self.idle.activity.connect(self._activity)

        self.header.home_requested.connect(lambda: self.show_page("home"))
        self.header.lock_requested.connect(self.lock)
        self.header.language_requested.connect(self.set_language)
        # made when they are first enabled (a log-in, see _update_chrome): not for the first frame
        self.shortcuts: dict[str, QShortcut] = {}
        ctx.language_changed.connect(self.retranslate)
        ctx.user_changed.connect(self._update_chrome)
        operations.set_default_error_handler(lambda _parent, exc: self.banner.show_error(exc))
        self.resize(1366, 768)
        self.retranslate()
        if ctx.kiosk_mode:
            theme.enforce_touch_targets(self)
            from ui.shell.onscreen_keyboard import KeyboardInset

            # the page stays above the keyboard; the header steps aside while it is up
            self.keyboard = KeyboardInset(self, layout, hide_while_typing=[self.header])
            self.page_changed.connect(lambda _name: self.keyboard.refresh())
        self._update_chrome()

    @property
    def countdown(self) -> IdleCountdown:
        """The self-service idle countdown (:class:`ui.shell.countdown.IdleCountdown`),
        built on first use: it is not part of the first frame (its centred labels would build
        PySide's whole ``Qt`` enum namespace, ~15 ms, before the log-in page shows)."""
        if self._countdown is None:
            from ui.shell.countdown import IdleCountdown

            host = self.centralWidget()
            assert host is not None  # set in __init__
            self._countdown = IdleCountdown(host)
            self._countdown.expired.connect(self._countdown_expired)
            self._countdown.cancelled.connect(self._countdown_cancelled)
            if self.ctx.kiosk_mode:
                theme.enforce_touch_targets(self._countdown)
        return self._countdown

    def countdown_running(self) -> bool:
        return self._countdown is not None and self._countdown.is_running()

    # -- start-up --------------------------------------------------------------------------------
    def start(self) -> None:
        """The store is open (``ctx.store``): read settings and show the first page."""
        from kiosk.domain.timezones import use_store_zone
        from kiosk.staff import accounts

        store = self.ctx.store
        use_store_zone(store)  # every time on screen in the hall's zone (WIB/WITA/WIT)
        if self._fixed_timeouts is None:
            self.start_timeouts_from_settings()
        self.reload_branding()
        # Sync (httpx, pydantic) is not needed for the first page: start it a moment later.
        QTimer.singleShot(SYNC_START_DELAY_MS, self._start_sync)
        operations.run_op(self, lambda: accounts.has_staff(store), on_done=self._first_page)

    def start_timeouts_from_settings(self) -> None:
        from kiosk.staff import accounts

        idle = accounts.idle_settings(self.ctx.store)
        self.timeouts = Timeouts(
            lock_ms=idle.lock_after_s * 1000,
            kiosk_warn_ms=idle.kiosk_warn_s * 1000,
            kiosk_countdown_ms=idle.kiosk_countdown_s * 1000,
        )
        self._update_idle()

    def show_early(self) -> None:
        """Start-up, before the store is open, when staff accounts are known to exist: show the
        log-in (or welcome) page at once; :meth:`start` confirms it later."""
        self.show_page("welcome" if self.ctx.kiosk_mode else "login")
        if not self.ctx.kiosk_mode:
            cast("LoginPage", self.page("login")).reset()

    def _first_page(self, has_staff: bool) -> None:
        if not has_staff:
            self.show_page("setup")
        elif self.current_page_name() in ("starting", "unlock"):  # unlock: the key was opened
            self.show_early()
        self.started.emit()

    def _start_sync(self) -> None:
        from ui.sync_monitor import make_monitor

        if self.ctx.sync is None and self._sync_wanted:
            self.ctx.sync = make_monitor(self.ctx.store, self)
            if self.ctx.sync is not None:
                self.ctx.sync.start()
                if "home" in self._pages:
                    cast("HomePage", self.page("home")).refresh()

    def reload_branding(self) -> None:
        from ui.settings.branding import logo_path

        store = self.ctx.store
        mpp = str(store.get_setting("branding.mpp_name", "") or "")
        province = str(store.get_setting("branding.province", "") or "")
        self.header.set_branding(mpp, province, logo_path(store))
        self.retranslate()

    # -- pages -----------------------------------------------------------------------------------
    def page(self, name: str) -> QWidget:
        """The page called ``name``, built and wired on first use."""
        if name not in self._pages:
            page = build(self, name)
            widget = page.widget
            widget.setObjectName(widget.objectName() or f"{name}Page")
            self._pages[name] = page
            self.stack.addWidget(widget)
            if self.ctx.kiosk_mode:
                theme.enforce_touch_targets(widget)
        return self._pages[name].widget

    def has_page(self, name: str) -> bool:
        return name in self._pages

    def current_page_name(self) -> str:
        current = self.stack.currentWidget()
        for name, page in self._pages.items():
            if page.widget is current:
                return name
        return "starting"

    def show_page(self, name: str) -> QWidget:
        self.page(name)
        if name not in ("lock",) and self._locked:
            name = "lock"
            self.page(name)
        page = self._pages[name]
        self.stack.setCurrentWidget(page.widget)
        if page.shown is not None:
            page.shown()
        self._update_chrome()
        self.page_changed.emit(name)
        return page.widget

    def save_pending(self) -> None:
        """Save what was typed on the pages that keep typing (the wizard's draft, only when
        something was entered: no empty drafts), before a lock, a close or a drop."""
        for page in self._pages.values():
            if page.save is not None:
                page.save()

    def drop_pages(self, names: tuple[str, ...]) -> None:
        """Destroy pages (their widgets and any data they hold); rebuilt fresh on next use.
        The wizard's pending typing is saved first: the draft stays for staff."""
        dropped = [name for name in names if name in self._pages]
        for name in dropped:
            save = self._pages[name].save
            if save is not None:
                save()
        for name in dropped:
            page = self._pages.pop(name)
            self.stack.removeWidget(page.widget)
            page.widget.hide()
            page.widget.setParent(None)
            page.widget.deleteLater()

    # -- actions ---------------------------------------------------------------------------------
    def _staff_ready(self) -> bool:
        return self.ctx.user is not None and not self._locked

    def start_registration(self) -> None:
        if self._staff_ready() or (self._self_service() and not self._locked):
            cast("WizardPage", self.show_page("wizard")).start_new()

    def open_draft(self, reg_id: str) -> None:
        if self._staff_ready():
            cast("WizardPage", self.show_page("wizard")).open_draft(reg_id)

    def open_search(self) -> None:
        if self._staff_ready():
            self.show_page("search")

    def open_detail(self, reg_id: str) -> None:
        if self._staff_ready():
            cast("DetailPage", self.show_page("detail")).show_registration(reg_id)

    def set_language(self, lang: str) -> None:
        self.ctx.set_language(lang)
        if not self._self_service():  # an owner's choice is for their session only
            self._home_lang = lang
            if self.ctx.has_store:  # not yet at start-up (the unlock or early log-in page)
                self.ctx.store.set_setting("ui.language", lang)

    # -- chrome ----------------------------------------------------------------------------------
    def _update_chrome(self) -> None:
        name = self.current_page_name()
        logged_in = self.ctx.user is not None
        self.header.set_state(
            logged_in=logged_in,
            locked=self._locked,
            home_visible=name not in ("home", "wizard", "lock"),
        )
        enabled = logged_in and not self._locked
        if enabled and not self.shortcuts:
            self._make_shortcuts()
        for shortcut in self.shortcuts.values():
            shortcut.setEnabled(enabled)
        self._update_idle()

    def _make_shortcuts(self) -> None:
        from PySide6.QtGui import QKeySequence, QShortcut

        self.shortcuts = {
            "new": QShortcut(QKeySequence("Ctrl+N"), self, self.start_registration),
            "search": QShortcut(QKeySequence("Ctrl+F"), self, self.open_search),
            "lock": QShortcut(QKeySequence("Ctrl+L"), self, self.lock),
        }

    def retranslate(self, *_: object) -> None:
        self.setWindowTitle(self.tr("Supplier registration kiosk"))
        self.starting.setText(self.tr("Opening the database…"))
        self.header.retranslate()
        self.banner.retranslate()
        if self._countdown is not None:
            self._countdown.retranslate()
        for page in self._pages.values():
            page.retranslate()

    def allow_quit(self) -> None:
        """Let the window close even in self-service mode (shutdown, tests)."""
        self._quit_allowed = True

    def closeEvent(self, event: QCloseEvent) -> None:
        user = self.ctx.user
        if (
            self.ctx.kiosk_mode
            and not self._quit_allowed
            and not (user is not None and user.is_supervisor and not self._locked)
        ):
            event.ignore()  # Alt+F4 at a self-service kiosk: only a supervisor may quit
            return
        self.save_pending()
        self.idle.stop()
        if self.ctx.sync is not None:
            self.ctx.sync.stop()
        super().closeEvent(event)
