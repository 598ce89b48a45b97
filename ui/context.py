"""The state every page shares: the store, who is logged in, the language, the mode.

One :class:`AppContext` lives for the whole application run. Pages receive it as their first
constructor argument (``Page(ctx, parent)``), read ``ctx.store`` through
:func:`ui.operations.run_op` and listen to its signals instead of talking to each other.

Decisions written down here:

- :meth:`AppContext.set_language` installs the Qt translator *before* it emits
  ``language_changed``, so every ``retranslate()`` that runs on the signal already sees the new
  ``.qm`` catalogue.
- ``user`` is a :class:`kiosk.staff.accounts.StaffUser` (``id``, ``username``, ``full_name``,
  ``role``) or ``None`` while nobody is logged in (welcome, login, lock screens).
- ``store`` is the open :class:`kiosk.store.Store`. Start-up shows the first page before the
  store has finished opening (off the GUI thread); until then :attr:`AppContext.has_store` is
  False and reading ``store`` raises, so a page built that early checks ``has_store`` (or waits
  for ``store_changed``) instead of handing ``None`` to the core.
- ``sync`` is the Qt wrapper of the core's ``SyncService`` (:class:`ui.sync_monitor.SyncMonitor`,
  signal ``status_changed(object)``), made by the main window a moment after the first page;
  ``None`` before that, in tests that do not start sync, and when sync could not start.
- ``early_login`` checks log-ins while the store is still opening at start-up
  (:class:`kiosk.staff.early_login.EarlyLogin`, set by the app right after the first frame when
  the database allows it); ``None`` otherwise. Once the store is open, log-ins go through it.
- ``backup`` is the daily backup's timer (:class:`ui.scheduled_backup.ScheduledBackup`), set by
  the app once the store is open; ``None`` before that and in tests that do not start it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk import i18n

if TYPE_CHECKING:
    from kiosk.staff.accounts import StaffUser
    from kiosk.staff.early_login import EarlyLogin
    from kiosk.store import Store
    from ui.scheduled_backup import ScheduledBackup
    from ui.sync_monitor import SyncMonitor


class AppContext(QObject):
    """Shared application state.

    Signals:
        language_changed(str): the UI language changed to ``"id"`` or ``"en"``; the Qt translator
            is already installed when this is emitted.
        user_changed(): somebody logged in, logged out, or the session was locked/unlocked.
        registration_saved(str): a registration (its id) was saved or submitted; lists and the
            status area refresh.
        store_changed(): the store finished opening (start-up opens it off the GUI thread while
            the first page is already usable); ``store`` is ``None`` before.
    """

    language_changed = Signal(str)
    user_changed = Signal()
    registration_saved = Signal(str)
    store_changed = Signal()

    def __init__(
        self,
        store: Store | None,
        *,
        lang: i18n.Lang = "id",
        kiosk_mode: bool = False,
        field_mode: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._user: StaffUser | None = None
        self._lang: i18n.Lang = lang if lang in i18n.LANGS else "id"
        self._kiosk_mode = bool(kiosk_mode)
        self._field_mode = bool(field_mode) and not self._kiosk_mode
        self.sync: SyncMonitor | None = None  # set by the main window once sync started
        self.backup: ScheduledBackup | None = None  # set by the app once the store is open
        self.early_login: EarlyLogin | None = None  # set by the app at start-up, when it can be

    # -- store -----------------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        """The open :class:`kiosk.store.Store`. Use it off the GUI thread (``run_op``).

        Raises :class:`RuntimeError` while start-up is still opening it (see :attr:`has_store`).
        """
        if self._store is None:
            raise RuntimeError("the store is not open yet (start-up opens it off the GUI thread)")
        return self._store

    @property
    def has_store(self) -> bool:
        """False only during start-up, before the store finished opening."""
        return self._store is not None

    def set_store(self, store: Store) -> None:
        """Used by the shell once the store finished opening off the GUI thread."""
        self._store = store
        self.store_changed.emit()

    # -- user ------------------------------------------------------------------------------------
    @property
    def user(self) -> StaffUser | None:
        return self._user

    def set_user(self, user: StaffUser | None) -> None:
        if user is self._user:
            return
        self._user = user
        self.user_changed.emit()

    @property
    def is_supervisor(self) -> bool:
        return self._user is not None and self._user.role == "supervisor"

    @property
    def staff_id(self) -> str:
        """The logged-in staff member's id, or ``""`` (self-service owners have no account)."""
        return self._user.id if self._user is not None else ""

    # -- language --------------------------------------------------------------------------------
    @property
    def lang(self) -> i18n.Lang:
        return self._lang

    def set_language(self, lang: str) -> None:
        if lang not in i18n.LANGS:
            raise ValueError(f"unsupported language {lang!r}")
        new = i18n.as_lang(lang)
        from ui import i18n as qt_i18n  # the translator swap needs a QCoreApplication

        qt_i18n.install(new)
        if new == self._lang:
            return
        self._lang = new
        self.language_changed.emit(new)

    def t(self, code: str, **params: object) -> str:
        """A message of the core catalogue (``kiosk.i18n``) in the current language."""
        return i18n.tr(code, self._lang, **params)

    # -- mode ------------------------------------------------------------------------------------
    @property
    def kiosk_mode(self) -> bool:
        """Self-service mode: full screen, touch sizes, only the owner's steps."""
        return self._kiosk_mode

    @property
    def field_mode(self) -> bool:
        """A laptop in the field (``kiosk app --field``): staff mode in a normal window, with the
        battery, the disk and the receipts to send later shown on the home page."""
        return self._field_mode
