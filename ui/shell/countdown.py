"""The self-service privacy countdown: "Still there? The form will be cleared in N seconds."

Shown over the current page after the self-service idle period. Any touch or key (the idle
watcher's ``activity``) or the Continue button cancels it; reaching zero emits ``expired`` and the
shell clears the form and returns to the welcome page.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

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
        self._clock = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._update)
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
        layout.addWidget(self.text)
        layout.addWidget(self.number)
        layout.addWidget(self.resume, 0, Qt.AlignmentFlag.AlignHCenter)
        self.hide()
        self.retranslate()

    def is_running(self) -> bool:
        return self._tick.isActive()

    def remaining_ms(self) -> int:
        return max(0, self._total_ms - self._clock.elapsed()) if self.is_running() else 0

    def start(self, total_ms: int) -> None:
        self._total_ms = max(1, int(total_ms))
        self._clock.start()
        self._tick.start(min(250, self._total_ms))
        self._place()
        self.show()
        self.raise_()
        self.resume.setFocus()
        self._update()

    def cancel(self) -> None:
        if self.is_running():
            self._stop()
            self.cancelled.emit()

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
        self.text.setText(
            self.tr(
                "Are you still there? To protect your data, the form will be cleared in (seconds):"
            )
        )
        set_button(self.resume, self.tr("Continue filling in"))
