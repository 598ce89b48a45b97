"""The idle countdown, in two kinds: the staff lock warning and the self-service privacy reset.

- staff (``locking=True``): "Still here? The screen locks in N seconds" with "Yes, continue",
  shown for the last seconds of the lock period, so a lock never comes without warning (issue 12:
  the next typed text went into the lock page's password field).
- self-service: "Are you still there? The form will be cleared in N seconds".

The staff warning does not take the keyboard focus: typing goes on into the field being filled
(the key press is the activity that ends the warning), so nothing typed is lost. The
self-service countdown focuses its button (the form behind it is hidden) and gives the focus back
to where it was when it is cancelled.

Shown over the current page. Any touch, key or mouse movement (the idle watcher's ``activity``)
or the button cancels it; reaching zero emits ``expired`` and the shell locks the screen (staff)
or clears the form and returns to the welcome page (self-service). Which page stays visible behind
it is the shell's decision (:mod:`ui.shell.session` hides the owner's form).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from ui.widgets.forms import button, set_button


class IdleCountdown(QFrame):
    """Signals: expired(): the countdown reached zero; cancelled(): somebody is still there."""

    expired = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idleCountdown")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._total_ms = 0
        self._locking = False
        self._focus_before: QWidget | None = None
        self._clock = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._update)
        self.title = QLabel(self)
        self.title.setObjectName("idleCountdownTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.title.setFont(font)
        self.text = QLabel(self)
        self.text.setObjectName("idleCountdownText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = QLabel(self)
        self.number.setObjectName("idleCountdownNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.resume = button("idleCountdownContinue", primary=True, parent=self)
        self.resume.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.number)
        layout.addWidget(self.resume, 0, Qt.AlignmentFlag.AlignHCenter)
        self.hide()
        self.retranslate()

    def is_running(self) -> bool:
        return self._tick.isActive()

    def remaining_ms(self) -> int:
        return max(0, self._total_ms - self._clock.elapsed()) if self.is_running() else 0

    @property
    def locking(self) -> bool:
        """True for the staff lock warning, False for the self-service reset."""
        return self._locking

    def start(
        self, total_ms: int, *, locking: bool = False, focus_back: QWidget | None = None
    ) -> None:
        """Count down ``total_ms``; ``focus_back``: where the focus returns on a cancel (by
        default the widget focused now; the shell names it when it hid the page first)."""
        self._locking = locking
        self.retranslate()
        self._total_ms = max(1, int(total_ms))
        self._clock.start()
        self._tick.start(min(250, self._total_ms))
        self._place()
        self.show()
        self.raise_()
        self._focus_before = focus_back or QApplication.focusWidget()
        if not locking:
            self.resume.setFocus()
        self._update()

    def cancel(self) -> None:
        if self.is_running():
            self._stop()
            self.cancelled.emit()  # the shell shows a hidden page again first
            before, self._focus_before = self._focus_before, None
            if before is not None and isValid(before) and before.isVisible():
                before.setFocus()

    def _stop(self) -> None:
        self._tick.stop()
        self.hide()

    def _update(self) -> None:
        left = self._total_ms - self._clock.elapsed()
        if left <= 0:
            self._stop()
            self.expired.emit()
            return
        self.number.setText(str(math.ceil(left / 1000)))

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:  # never: the window's central widget is the parent
            return
        width = min(640, max(320, parent.width() - 40))
        self.resize(width, self.sizeHint().height())
        self.move((parent.width() - width) // 2, max(0, (parent.height() - self.height()) // 2))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Still here?"))
        if self._locking:
            self.text.setText(self.tr("To protect the data, the screen locks in (seconds):"))
            set_button(self.resume, self.tr("Yes, continue"))
            return
        self.text.setText(self.tr("To protect your data, the form will be cleared in (seconds):"))
        set_button(self.resume, self.tr("Continue filling in"))
