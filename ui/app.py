"""Start the desktop application: ``kiosk app [--kiosk-mode] [--lang id|en]`` calls :func:`main`.

Start-up order, chosen for a fast first frame: environment (on-screen keyboard) → QApplication →
theme and translations → main window shown with an "opening the database" page → the store opens
off the GUI thread (its migrations may take a moment after an update) → settings are read and the
first page appears. Nothing heavy is imported here (no OpenCV, reportlab, FastAPI, pypdfium2,
numpy): pages import what they need when they are first shown.

Language: ``--lang`` wins; otherwise the saved setting ``ui.language``; otherwise Bahasa Indonesia.

When the data key is kept under a supervisor's passphrase and ``KIOSK_DATA_PASSPHRASE`` is not
set (:func:`needs_desk_unlock`, read from the small key file before the first frame), the first
page is the unlock page (:mod:`ui.pages.unlock_page`) instead: the store opens only with the
passphrase typed there, and nothing is shown early. :func:`begin` decides, so tests drive the same
start-up without ``app.exec()``.

When the database already holds staff accounts (peeked with the standard library's ``sqlite3``,
read-only, about a millisecond), the log-in page is shown at once and is usable while the store
opens. Right after the first frame :func:`prepare_early_login` sets up the log-in before the store
(:mod:`kiosk.staff.early_login`: plain ``sqlite3`` against the staff table, the lock-out counters
and the audit chain, only at the schema this code knows and with the plain data key), and only
then does the store start opening off the GUI thread; a log-in typed meanwhile is checked at once
and accepted when the store is open (:mod:`ui.widgets.credentials`). Without it (an older schema
to upgrade first, a passphrase-kept key, any doubt) an attempt waits for the store, as before.

Python's cyclic garbage collector is off during start-up (:func:`main` to the ``started`` signal,
or to the unlock page): importing PySide6, SQLAlchemy and the store allocates ~70,000 objects that
live as long as the process, and the collector, triggered every 700 allocations, walked them again
and again (~150 collections, ~15% of the CPU time to a store that takes a log-in). Once the store
is open :func:`settle_memory` collects once and turns it back on: cyclic garbage made during
start-up is freed then, a second or so later than before, and nothing else changes.

PySide6's import hook asks, for every module imported after Qt, whether its source mentions
"PySide6" (for ``from __feature__ import ...``, which this app does not use), by
``inspect.getsource``: the whole file read through ``linecache`` and kept there. For SQLAlchemy and
the store's ~300 modules that was ~45 ms CPU on the way to a store that takes a log-in and ~9 MB of
source text held for the whole run. :func:`lighten_pyside_import_hook` asks the same question of
the file's bytes (the same answer for every module the app imports; the original for anything that
is not a plain ``.py`` file) and leaves things as they are when PySide's hook is not there.

``KIOSK_EXIT_WHEN_READY=1`` makes the app print ``KIOSK_READY <unix time>`` and quit as soon as
the first interactive page is shown; ``=login`` as soon as the process can check a log-in (the
early log-in set up, or else the store open); ``=started`` when the store is open as well (all
used by ``bench/bench_ui.py``). ``kiosk app --smoke-test`` (``smoke_test=True``, CI's start of
the frozen bundle) waits as ``=started`` does, prints ``ready <first page>`` and exits 0; a store
that fails to open exits 1 with the reason on stderr instead of a dialog nobody offscreen could
close.
"""

from __future__ import annotations

import gc
import logging
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from PySide6.QtWidgets import QWidget

    from kiosk.security.datakey import Unlock
    from kiosk.staff.early_login import EarlyLogin
    from kiosk.store import Store
    from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


def virtual_keyboard_available() -> bool:
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    folder = plugins / "platforminputcontexts"
    return folder.is_dir() and any("virtualkeyboard" in p.name for p in folder.iterdir())


def lighten_pyside_import_hook() -> None:
    """Imports Qt, then gives PySide's per-import check a plain read of the file (see the module
    docstring). Called once, before anything else of Qt or the UI is imported."""
    import PySide6.QtCore  # noqa: F401  # the hook is in place from here on

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, "__module__", "") == __name__:
        return
    ask_pyside: Callable[[ModuleType], object] = original

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(ask_pyside(module))

    vars(feature)["_mod_uses_pyside"] = uses_pyside


def prepare_environment(kiosk_mode: bool) -> None:
    """Must run before the QApplication exists: Qt reads QT_IM_MODULE once."""
    if kiosk_mode and "QT_IM_MODULE" not in os.environ and virtual_keyboard_available():
        os.environ["QT_IM_MODULE"] = "qtvirtualkeyboard"
    if kiosk_mode:
        from ui.shell.onscreen_keyboard import use_keyboard_locale

        use_keyboard_locale()  # read when the input method loads, with the QApplication


def setup_logging(data_dir: Path) -> None:
    """``<data dir>/logs/kiosk.log`` (:mod:`kiosk.logs`: rotating, level, no personal data)."""
    from kiosk import logs

    logs.setup(data_dir, "kiosk")


# The flags a top-level window has once ``setWindowFlag(Qt.WindowType.FramelessWindowHint)`` is
# called on it (Qt's own adjustment adds the title, menu, min/max, close and full-screen hints,
# which a frameless window does not draw), by their keys: naming a member of PySide's ``Qt``
# namespace builds all of its ~90 enums (~20 ms of CPU, a fifth of a bare window's start) and
# ``setWindowFlag`` takes nothing else; Qt converts the keys itself when they are set through the
# native window's ``flags`` property (an int would make PySide build QByteArray's enums).
# tests/ui/test_app_kiosk_window.py checks them against what ``setWindowFlag`` gives.
KIOSK_WINDOW_FLAGS = (
    "Window|WindowTitleHint|WindowSystemMenuHint|WindowMinMaxButtonsHint|WindowCloseButtonHint"
    "|WindowFullscreenButtonHint|FramelessWindowHint"
)


def present(window: QWidget, kiosk_mode: bool, field_mode: bool = False) -> None:
    """Kiosk mode: full screen without window decorations (nothing to drag, close or minimise
    by touch); staff mode: a normal, maximised window; field mode (a laptop shared with other
    work): a normal window of its own size, moved and minimised like any other.

    Kiosk mode's native window is created frameless before it is shown (its first frame has no
    title bar); the widget's own record of its flags follows in :func:`record_frameless`, after
    the first frame, which ``main`` queues (until then ``windowFlags()`` lacks the hint; nothing
    reads it)."""
    if field_mode:
        window.resize(1280, 760)
        window.show()
    elif kiosk_mode:
        window.create()  # the native window, to be told before it is shown
        handle = window.windowHandle()
        assert handle is not None  # a top-level widget, created just now
        if not handle.setProperty("flags", KIOSK_WINDOW_FLAGS):  # a key this Qt lacks: slow way
            from PySide6.QtCore import Qt

            window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.showFullScreen()
    else:
        window.showMaximized()


def record_frameless(window: QWidget) -> None:
    """The widget's own flags made those its native window already has (:func:`present`),
    without telling the window system again (``setWindowFlags`` would re-create and hide the
    window): a later re-creation of the native window stays frameless."""
    from PySide6.QtCore import Qt  # builds PySide's ``Qt`` enums: after the first frame

    handle = window.windowHandle()
    if handle is not None and handle.flags() & Qt.WindowType.FramelessWindowHint:
        window.overrideWindowFlags(handle.flags())


def peek_has_staff(database: Path) -> bool:
    """True when ``database`` exists and has a staff account (False on first run or any doubt:
    then the shell simply waits for the store, as before)."""
    if not database.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=0.5)
        try:
            return bool(con.execute("SELECT EXISTS (SELECT 1 FROM staff)").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return False


def needs_desk_unlock(data_dir: Path) -> bool:
    """True when the data key needs a passphrase that the environment does not give."""
    from kiosk.config import Paths

    keys = Paths(data_dir).keys
    if not (keys / "data.key.wrapped").exists():  # the common case: no cryptography imported
        return False
    from kiosk.security import datakey

    try:
        mode = datakey.mode_of(keys)
    except Exception:  # a damaged key file: Store.open names it through the usual failure
        return False
    return mode == "passphrase" and not os.environ.get(datakey.PASSPHRASE_ENV)


def open_store(data_dir: Path, unlock: Unlock | None = None) -> Store:
    """Off the GUI thread: logging, an interrupted restore finished, the store opened (with the
    data key's passphrase from ``unlock`` when the unlock page gives one) and the page sweep."""
    from kiosk.config import Paths
    from kiosk.store import Store

    # The log file (logging.handlers pulls in socket, pickle, ~10 ms) is set up here, off the
    # GUI thread and after the first frame, but before anything that may fail and log.
    try:
        setup_logging(data_dir)
    except OSError:  # e.g. a kiosk.log left by another user: start anyway, log to stderr
        log.warning("the log file could not be opened", exc_info=True)
    if Paths(data_dir).restore_journal.exists():  # a restore's swap a crash cut short
        from kiosk.backup.swap import finish_interrupted_restore

        finish_interrupted_restore(data_dir)
    store = Store.open(data_dir, unlock=unlock)
    # Before any capture can start: remove half-written and unreferenced page files and flag
    # rows whose file is missing or damaged. Only here, never while a capture may be running.
    try:
        from kiosk.documents.sweep import sweep_store

        sweep_store(store)
    except Exception:  # the sweep is housekeeping; a failure must not keep staff out
        log.exception("the start-up document sweep failed")
    return store


def prepare_early_login(data_dir: Path) -> EarlyLogin | None:
    """Off the GUI thread, before the store opens: the log-in that needs no store, if possible."""
    from kiosk.staff.early_login import EarlyLogin

    return EarlyLogin.prepare(data_dir)


def settle_memory() -> None:
    """Start-up is over: one collection of what start-up left, then the collector runs again
    on its own (see the module docstring)."""
    if not gc.isenabled():
        gc.collect()
        gc.enable()


def begin(
    window: MainWindow,
    data_dir: Path,
    *,
    opened: Callable[[Store], None],
    failed: Callable[[BaseException], None],
    smoke_test: bool = False,
    login_ready: Callable[[], None] | None = None,
) -> None:
    """Show the first page and open the store: through the unlock page when the data key needs
    a supervisor's passphrase (never for ``--smoke-test``: nobody offscreen could type it, so the
    store's own ``passphrase_needed`` ends it), else at once, off the GUI thread — after the early
    log-in was set up when the log-in page is shown early (``login_ready`` is called then, when
    there is one, before the store starts opening)."""
    from PySide6.QtCore import QCoreApplication, QTimer

    from ui import operations

    if not smoke_test and needs_desk_unlock(data_dir):
        from ui.pages.unlock_page import UnlockPage

        page = cast(UnlockPage, window.page("unlock"))
        page.opener = lambda passphrase: open_store(data_dir, unlock=lambda: passphrase)
        page.opened.connect(opened)
        page.failed.connect(failed)

        def quit_app() -> None:
            window.allow_quit()
            window.close()
            QCoreApplication.quit()

        page.cancelled.connect(quit_app)
        window.show_page("unlock")
        settle_memory()  # the passphrase may take a while: the collector runs meanwhile
        return

    def open_the_store() -> None:
        operations.run_op(window, lambda: open_store(data_dir), on_done=opened, on_error=failed)

    if not peek_has_staff(data_dir / "kiosk.sqlite3"):
        # Open the store once the first frame is out: its imports would compete for the GIL.
        QTimer.singleShot(0, open_the_store)
        return
    window.show_early()

    def early_ready(early: EarlyLogin | None) -> None:
        window.ctx.early_login = early
        if early is not None and login_ready is not None:
            login_ready()
        open_the_store()

    def early_failed(exc: BaseException) -> None:
        log.warning("the log-in before the store could not be set up", exc_info=exc)
        open_the_store()

    QTimer.singleShot(
        0,
        lambda: operations.run_op(
            window,
            lambda: prepare_early_login(data_dir),
            on_done=early_ready,
            on_error=early_failed,
        ),
    )


def main(
    data_dir: Path | str | None,
    *,
    kiosk_mode: bool = False,
    field_mode: bool = False,
    lang: str | None = None,
    smoke_test: bool = False,
) -> int:
    gc.disable()  # until the store is open (see the module docstring)
    try:
        return _run(data_dir, kiosk_mode, field_mode, lang, smoke_test)
    finally:
        gc.enable()


def _run(
    data_dir: Path | str | None,
    kiosk_mode: bool,
    field_mode: bool,
    lang: str | None,
    smoke_test: bool,
) -> int:
    from kiosk.config import resolve_data_dir

    data_dir = resolve_data_dir(data_dir)
    lighten_pyside_import_hook()
    kiosk_mode = kiosk_mode and not field_mode  # field mode is never locked down
    prepare_environment(kiosk_mode)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.i18n import as_lang
    from ui import i18n, operations, theme
    from ui.context import AppContext
    from ui.shell.main_window import MainWindow

    # "-style fusion" makes Qt create the theme's style directly: setting it after the fact
    # (``theme.apply_theme`` still does when another style is in place) costs ~6 ms of start-up.
    # instance() is typed as the QCoreApplication base; in this process it is a QApplication
    existing = QApplication.instance()
    app = cast(QApplication, existing or QApplication([*sys.argv[:1], "-style", "fusion"]))
    app.setApplicationName("kiosk")
    app.setOrganizationName("MPP")
    theme.apply_theme(app, kiosk_mode, fusion_given=existing is None)
    first_lang = as_lang(lang)
    i18n.install(first_lang)
    ctx = AppContext(None, lang=first_lang, kiosk_mode=kiosk_mode, field_mode=field_mode)
    window = MainWindow(ctx)
    from ui import crash  # unhandled exceptions: a calm message, the form kept, a crash report

    crash.install(window, data_dir)
    present(window, kiosk_mode, field_mode)

    exit_when = "started" if smoke_test else os.environ.get("KIOSK_EXIT_WHEN_READY")

    reported: list[bool] = []

    def report_ready() -> None:
        if reported:  # =login: the early log-in, or else the store's start (only the first)
            return
        reported.append(True)
        if smoke_test:
            print(f"ready {window.current_page_name()}", flush=True)
        else:
            print(f"KIOSK_READY {time.time():.6f}", flush=True)  # the bench reads this
        window.allow_quit()  # kiosk mode refuses to close otherwise; quit() asks windows first
        app.quit()

    def ready(*_: object) -> None:
        # From inside the event loop, after the pending show/paint events (as the bench's floor).
        QTimer.singleShot(0, report_ready)

    if exit_when == "1":
        window.page_changed.connect(lambda name: ready() if name != "starting" else None)
    elif exit_when in ("started", "login"):
        window.started.connect(ready)
    window.started.connect(lambda: QTimer.singleShot(0, settle_memory))  # after the first page

    def opened(store: Store) -> None:
        from kiosk import logs

        ctx.set_store(store)
        logs.apply_setting(store.get_setting(logs.LEVEL_SETTING, None))
        saved = store.get_setting("ui.language", None)
        if ctx.lang != first_lang:  # chosen on the unlock (or early log-in) page: kept and saved
            store.set_setting("ui.language", ctx.lang)
        elif lang is None and saved in ("id", "en") and saved != ctx.lang:
            ctx.set_language(saved)
        window._home_lang = ctx.lang
        window.start()
        from ui.scheduled_backup import ScheduledBackup

        ctx.backup = ScheduledBackup(data_dir, window)
        ctx.backup.start()  # the first run waits a few minutes: start-up comes first

    def failed(exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ui.widgets.forms import error_text

        log.error("the database could not be opened", exc_info=exc)
        settle_memory()
        if smoke_test:
            print(error_text(ctx, exc), file=sys.stderr)
            app.exit(1)
            return
        QMessageBox.critical(window, window.windowTitle(), error_text(ctx, exc))
        app.exit(1)

    begin(
        window,
        data_dir,
        opened=opened,
        failed=failed,
        smoke_test=smoke_test,
        # at once, before the store starts opening (a test looks at the modules loaded by then)
        login_ready=report_ready if exit_when == "login" else None,
    )
    if kiosk_mode:  # queued behind the first page's frame (and the report of it)
        QTimer.singleShot(0, window, lambda: record_frameless(window))
    code = app.exec()
    window.idle.stop()
    if ctx.backup is not None:
        ctx.backup.stop()
    operations.wait_idle(10_000)
    if ctx.sync is not None:
        ctx.sync.stop()
    if ctx.has_store:
        ctx.store.close()
    return int(code)
