"""Unhandled exceptions in the app: a calm message, the form kept, a crash report for the help desk.

:func:`install` sets ``sys.excepthook`` (the GUI thread: PySide6 hands an exception escaping a slot,
an event handler or a ``run_op`` callback to it, and goes on with the event loop) and
``threading.excepthook`` (Python threads such as the sync service). For each exception the
:class:`CrashHandler`:

1. writes a crash report (:func:`kiosk.logs.write_crash_report`: traceback without locals and with
   messages masked, versions, the page and wizard step that were open) into ``<data dir>/logs``,
   and logs it;
2. on the GUI thread (an exception from another thread is relayed there by a queued signal): saves
   what was typed (``MainWindow.save_pending``, the wizard's draft keeper) and shows the calm
   message ``app.crash`` in the window's banner. The window, the page and every typed value stay
   as they were: nothing is closed, reset or rebuilt.

A storage fault that escaped (a full disk, say) is no bug: it gets its own sentence
(:func:`kiosk.errors.storage_fault`) and no crash report (the disk may be what failed). A failure
inside the handler falls back to the interpreter's default hook, so it can never loop.

Signals:
    relayed(object, str): an exception from another thread, and that thread's name (internal).
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.errors import UserFacingError
from kiosk.i18n import register

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

register(
    {
        "app.crash": {
            "id": "Maaf, terjadi gangguan pada aplikasi. Isian di layar tetap ada dan draf sudah "
            "disimpan; silakan lanjutkan. Laporan gangguan ({report}) tersimpan untuk petugas TI.",
            "en": "Sorry, something went wrong in the app. What is on screen stays and the draft "
            "was saved; please carry on. A crash report ({report}) was saved for IT support.",
        },
    }
)


class CrashHandler(QObject):
    relayed = Signal(object, str)

    def __init__(self, window: MainWindow, data_dir: Path) -> None:
        super().__init__(window)
        self.window = window
        self.data_dir = Path(data_dir)
        self.last_report: Path | None = None
        self._handling = False
        self._previous = (sys.excepthook, threading.excepthook)
        self.relayed.connect(self._on_gui_thread)

    # -- hooks -----------------------------------------------------------------------------------
    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        if sys.excepthook == self._excepthook:
            sys.excepthook = self._previous[0]
        if threading.excepthook == self._thread_excepthook:
            threading.excepthook = self._previous[1]

    def _excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if not isinstance(exc, Exception):  # KeyboardInterrupt, SystemExit: not a crash
            sys.__excepthook__(kind, exc, tb)
            return
        if threading.current_thread() is threading.main_thread():
            self._on_gui_thread(exc, threading.current_thread().name)
        else:
            self.relayed.emit(exc, threading.current_thread().name)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or not isinstance(args.exc_value, Exception):
            threading.__excepthook__(args)
            return
        name = args.thread.name if args.thread is not None else "?"
        self.relayed.emit(args.exc_value, name)

    # -- handling --------------------------------------------------------------------------------
    def _on_gui_thread(self, exc: BaseException, thread: str) -> None:
        if self._handling:  # an exception while handling one: never loop
            sys.__excepthook__(type(exc), exc, exc.__traceback__)
            return
        self._handling = True
        try:
            self._handle(exc, thread)
        except Exception as inner:
            sys.__excepthook__(type(inner), inner, inner.__traceback__)
        finally:
            self._handling = False

    def _handle(self, exc: BaseException, thread: str) -> None:
        from kiosk.errors import storage_fault

        fault = storage_fault(exc)
        if fault is not None:
            log.warning("storage fault reached the top (%s)", fault.kind, exc_info=exc)
            shown: UserFacingError = fault
        else:
            shown = UserFacingError("app.crash", report=self._report(exc, thread))
        self._keep_form()
        self.window.banner.show_error(shown)

    def _report(self, exc: BaseException, thread: str) -> str:
        from kiosk.logs import write_crash_report

        try:
            path = write_crash_report(
                self.data_dir,
                exc,
                program="kiosk app",
                context={**self.where(), "thread": thread},
                versions=_qt_versions(),
            )
        except OSError:
            log.critical("unhandled exception; the crash report could not be written", exc_info=exc)
            return "kiosk.log"
        self.last_report = path
        log.critical("unhandled exception; crash report %s", path.name, exc_info=exc)
        return path.name

    def where(self) -> dict[str, str]:
        """The page that is open and, in the wizard, its step (names only, never data)."""
        page = self.window.current_page_name()
        facts = {"page": page, "mode": "self-service" if self.window.ctx.kiosk_mode else "staff"}
        if self.window.has_page("wizard"):
            step = getattr(self.window.page("wizard"), "step", None)
            facts["wizard step"] = str(getattr(step, "value", step))
        return facts

    def _keep_form(self) -> None:
        try:
            self.window.save_pending()
        except Exception:  # saving may be what fails (a broken store); the report is written
            log.exception("saving the drafts after a crash failed")


def _qt_versions() -> dict[str, str]:
    import PySide6
    from PySide6.QtCore import qVersion

    return {"PySide6": PySide6.__version__, "Qt": qVersion()}


def install(window: MainWindow, data_dir: Path) -> CrashHandler:
    """Handle unhandled exceptions of this process for ``window`` from now on."""
    handler = CrashHandler(window, data_dir)
    handler.install()
    return handler
