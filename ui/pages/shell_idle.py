"""Idle detection for the whole application: an event filter on the QApplication.

Any key press, mouse button, wheel or touch anywhere (any window, any dialog) counts as activity;
mouse *movement* does not, so a nudged mouse in a public hall does not keep a screen unlocked.
The watcher does not decide what idle means: the main window connects ``timed_out`` to the
lock screen (staff) or to the countdown (self-service). Timeouts are in milliseconds so tests can
use tiny ones.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,  # the on-screen keyboard types through the input method
    }
)


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
        if event.type() in ACTIVITY_EVENTS and self._installed:
            self._timer.start()
            self.activity.emit()
        return False
