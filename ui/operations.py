"""Background operations: run core work off the GUI thread, report back on it (Anki's model).

``run_op(parent, fn, on_done=..., on_error=...)`` runs ``fn()`` in a thread pool. When it returns,
``on_done(result)`` runs on the GUI thread; when it raises, ``on_error(exc)`` does. If ``parent``
(a QObject, normally the page) has been destroyed by then, neither callback runs: a page that went
away must not be touched.

Why a relay QObject per operation: a signal emitted in a worker thread reaches a receiver living in
the GUI thread through Qt's queued connection, which is the thread-safe way back. The relay is
created on the GUI thread, owned by the application object and kept referenced in ``_PENDING``
until its result was delivered; then it is deleted on the GUI thread (``deleteLater``).

Progress: ``progress=True`` (or a text) shows a busy dialog when the work takes longer than
``PROGRESS_DELAY_MS``; inside ``fn`` call :func:`report_progress` to make it determinate.

Partial results (a scanned page stored while the feeder goes on): inside ``fn`` call
:func:`report` with a value; ``on_report(value)`` runs on the GUI thread, in order and before
``on_done``, and not at all once ``parent`` is gone. The worker never touches the page's own
objects: a signal emitted from the worker on a QObject the page owns raced the page's deletion
(a test that failed mid-scan crashed the process in its teardown, the scan still going).

Errors: a storage fault is handed over named (a :class:`~kiosk.errors.StorageFault`); without
``on_error`` the handler set with :func:`set_default_error_handler` (the main window
shows the message in the user's language) gets the exception; without one, it is logged.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

log = logging.getLogger(__name__)
T = TypeVar("T")

PROGRESS_DELAY_MS = 300

_PENDING: set[_Relay] = set()
_LOCAL = threading.local()
_default_error_handler: Callable[[QObject | None, BaseException], None] | None = None
_pool: QThreadPool | None = None


def pool() -> QThreadPool:
    """The pool operations run in (two threads: one slow scan never blocks a quick save)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
    return _pool


def set_default_error_handler(
    handler: Callable[[QObject | None, BaseException], None] | None,
) -> None:
    """``handler(parent, exc)`` is called on the GUI thread for operations without ``on_error``."""
    global _default_error_handler
    _default_error_handler = handler


def report_progress(done: int, total: int, text: str | None = None) -> None:
    """Call from inside an operation's ``fn`` to move its progress dialog (no-op otherwise)."""
    relay = getattr(_LOCAL, "relay", None)
    if relay is not None:
        relay.progressed.emit(int(done), int(total), text or "")


def report(value: object) -> None:
    """Call from inside an operation's ``fn``: hand ``value`` to its ``on_report`` on the GUI
    thread (no-op outside an operation)."""
    relay = getattr(_LOCAL, "relay", None)
    if relay is not None:
        relay.reported.emit(value)


def pending_count() -> int:
    """Operations started whose callbacks have not run yet (tests wait for 0)."""
    return len(_PENDING)


def wait_idle(timeout_ms: int = 10_000) -> bool:
    """Wait for all running operations and deliver their callbacks (shutdown and tests)."""
    from PySide6.QtCore import QDeadlineTimer

    deadline = QDeadlineTimer(timeout_ms)
    while _PENDING and not deadline.hasExpired():
        pool().waitForDone(20)
        QCoreApplication.processEvents()
    return not _PENDING


class _Relay(QObject):
    """Carries one operation's outcome from the worker thread back to the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)
    reported = Signal(object)

    def __init__(
        self,
        parent: QObject | None,
        on_done: Callable[[Any], None],  # the result's type is the operation's: erased here
        on_error: Callable[[BaseException], None] | None,
        progress: bool | str,
        on_report: Callable[[Any], None] | None = None,
    ) -> None:
        # Owned by the application object (GUI thread), not by Python: the worker thread may drop
        # the last Python reference, and a QObject must only be deleted in its own thread. It is
        # deleted with deleteLater() once its result was delivered.
        super().__init__(QCoreApplication.instance())
        self._parent = parent
        self._parent_alive = True
        self._on_done = on_done
        self._on_error = on_error
        self._on_report = on_report
        self._dialog: QProgressDialog | None = None  # once shown
        self._progress_label = progress if isinstance(progress, str) else ""
        if parent is not None:
            parent.destroyed.connect(self._parent_gone)
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)
        self.progressed.connect(self._show_progress)
        self.reported.connect(self._deliver_report)
        self._timer: QTimer | None = None
        if progress:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(lambda: self._show_progress(0, 0, ""))
            self._timer.start(PROGRESS_DELAY_MS)

    def _parent_gone(self, *_: object) -> None:
        self._parent_alive = False

    def _deliver_report(self, value: object) -> None:
        if self in _PENDING and self._parent_alive and self._on_report is not None:
            self._on_report(value)

    def _show_progress(self, done: int, total: int, text: str) -> None:
        if self not in _PENDING or not self._parent_alive:
            return
        if self._dialog is None:
            if self._timer is None:  # progress not requested: report_progress is ignored
                return
            from PySide6.QtWidgets import QProgressDialog, QWidget  # rarely needed: not at start-up

            owner = self._parent if isinstance(self._parent, QWidget) else None
            self._dialog = QProgressDialog(owner)
            self._dialog.setObjectName("operationProgress")
            self._dialog.setCancelButton(None)
            self._dialog.setMinimumDuration(0)
            self._dialog.setAutoClose(False)
            self._dialog.setAutoReset(False)
            self._dialog.setLabelText(self._progress_label)
            self._dialog.setWindowTitle(self._progress_label or " ")
            self._dialog.show()
        self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(max(min(done, total), 0) if total else 0)
        if text:
            self._dialog.setLabelText(text)

    def _finish(self) -> bool:
        if self._timer is not None:
            self._timer.stop()
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        _PENDING.discard(self)
        self.deleteLater()
        if self._parent is not None and self._parent_alive:
            try:
                self._parent.destroyed.disconnect(self._parent_gone)
            except (RuntimeError, TypeError):
                pass
        return self._parent is None or self._parent_alive

    def _deliver_result(self, result: object) -> None:
        if self._finish():
            self._on_done(result)

    def _deliver_error(self, exc: object) -> None:
        if not self._finish():
            log.info("operation failed after its page closed: %r", exc)
            return
        assert isinstance(exc, BaseException)
        if self._on_error is not None:
            self._on_error(exc)
        elif _default_error_handler is not None:
            _default_error_handler(self._parent, exc)
        else:
            log.error("operation failed", exc_info=exc)


def _run(fn: Callable[[], object], relay: _Relay) -> None:
    """The worker-thread side: run ``fn`` and send the outcome through the relay's signals."""
    _LOCAL.relay = relay
    try:
        result = fn()
    except BaseException as exc:  # everything goes back to the GUI thread
        exc = _named(exc)
        if not _is_user_facing(exc):
            log.error("operation failed", exc_info=exc)
        relay.failed.emit(exc)
    else:
        relay.succeeded.emit(result)
    finally:
        _LOCAL.relay = None


def _named(exc: BaseException) -> BaseException:
    """A storage fault (full disk, read-only, permission, I/O, locked) reaches the page as its
    own sentence (:func:`kiosk.errors.storage_fault`), whatever part of the core raised it."""
    from kiosk.errors import storage_fault

    fault = storage_fault(exc) if isinstance(exc, Exception) else None
    if fault is None:
        return exc
    log.warning("operation stopped by a storage fault (%s)", fault.kind, exc_info=exc)
    return fault


def _is_user_facing(exc: BaseException) -> bool:
    from kiosk.errors import UserFacingError

    return isinstance(exc, UserFacingError)


def run_op(
    parent: QObject | None,
    fn: Callable[[], T],
    *,
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
    progress: bool | str = False,
    on_report: Callable[[Any], None] | None = None,
) -> None:
    """Run ``fn()`` off the GUI thread; call ``on_done(result)`` or ``on_error(exc)`` on it.

    Must be called from the GUI thread. ``progress`` (True or a label text) shows a busy dialog
    after ``PROGRESS_DELAY_MS``. ``on_report`` gets what ``fn`` hands to :func:`report`.
    Callbacks are skipped when ``parent`` was destroyed meanwhile.
    """
    relay = _Relay(parent, on_done, on_error, progress, on_report)
    _PENDING.add(relay)
    # A plain callable: Qt wraps it in a runnable it owns and deletes after it ran, so no Python
    # object's lifetime races the worker thread's return.
    pool().start(lambda: _run(fn, relay))
