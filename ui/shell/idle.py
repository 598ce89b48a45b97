"""Idle detection for the whole application: an event filter on the QApplication.

Any key press, mouse button, wheel, touch or mouse movement anywhere (any window, any dialog)
counts as activity. Mouse movement counts because staff read a consent text aloud or check an ID
card with a hand on the mouse and no key pressed (issue 12: the screen locked mid-entry). The
platform delivers every movement over a window to that window (the ``QWindow``) whether or not a
widget tracks the mouse, so the application-wide filter sees it without mouse tracking anywhere.
The watcher does not decide what idle means: the main window connects ``timed_out`` to the lock
warning (staff) or to the countdown (self-service). Timeouts are in milliseconds so tests can use
tiny ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

_ACTIVITY = (
    "KeyPress",
    "MouseButtonPress",
    "MouseButtonDblClick",
    "MouseMove",
    "Wheel",
    "TouchBegin",
    "TouchUpdate",
    "TabletPress",
    "InputMethod",  # the on-screen keyboard types through the input method
)


def activity_events() -> frozenset[QEvent.Type]:
    """The event types that count as a person being there (built on first use: QEvent's big
    enum is not needed for the first frame)."""
    global _activity_events
    if _activity_events is None:
        from PySide6.QtCore import QEvent

        _activity_events = frozenset(getattr(QEvent.Type, name) for name in _ACTIVITY)
    return _activity_events


_activity_events: frozenset[QEvent.Type] | None = None


class IdleWatcher(QObject):
    """Emits ``timed_out`` after ``timeout_ms`` without user input.

    Signals:
        timed_out(): nobody touched anything for the configured time.
        activity(): a person used keyboard, mouse or touch (at most once per event).
    """

    timed_out = Signal()
    activity = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, int(timeout_ms)))
        self._timer.timeout.connect(self.timed_out)
        self._installed = False
        self._events: frozenset[QEvent.Type] = frozenset()

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.setInterval(max(1, int(timeout_ms)))
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            self._events = activity_events()
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def is_running(self) -> bool:
        return self._timer.isActive()

    def poke(self) -> None:
        """Count as activity (also used by tests and by programmatic navigation)."""
        if self._installed:
            self._timer.start()
            self.activity.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._installed and event.type() in self._events:
            self._timer.start()
            self.activity.emit()
        return False
