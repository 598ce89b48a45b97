"""The wizard's frame: the step indicator on top and the navigation bar at the bottom.

Kept apart from :mod:`ui.wizard.wizard` so the flow logic stays readable. Both only show state;
the wizard decides what the buttons do.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.domain.wizard import Step
from ui.theme import repolish


class StepIndicator(QWidget):
    """``1 › 2 › 3 Owner › 4 › …``: numbers, the current step with its title (``current="true"``).

    Only the current step shows its title so ten steps fit a 1366 px screen in either language;
    every number carries its title as tooltip and accessible name.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizardSteps")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(24, 8, 24, 4)
        self._layout.setSpacing(6)
        self._labels: dict[Step, QLabel] = {}
        self._titles: dict[Step, str] = {}
        self._current: Step | None = None

    def set_steps(self, steps: list[Step], titles: dict[Step, str]) -> None:
        if list(self._labels) != list(steps):
            while self._layout.count():
                item = self._layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.deleteLater()
            self._labels = {}
            for i, step in enumerate(steps):
                if i:
                    sep = QLabel("›", self)
                    sep.setObjectName("wizardStepSeparator")
                    self._layout.addWidget(sep)
                label = QLabel(self)
                label.setObjectName(f"wizardStep_{step.value}")
                self._labels[step] = label
                self._layout.addWidget(label)
            self._layout.addStretch(1)
        self._titles = dict(titles)
        for step, label in self._labels.items():
            label.setToolTip(titles.get(step, step.value))
            label.setAccessibleName(titles.get(step, step.value))
        self.set_current(self._current)

    def set_current(self, current: Step | None) -> None:
        self._current = current
        passed = True
        for i, (step, label) in enumerate(self._labels.items()):
            if step == current:
                passed = False
                label.setText(f"{i + 1}  {self._titles.get(step, step.value)}")
            else:
                label.setText(str(i + 1))
            label.setProperty("current", step == current)
            label.setProperty("role", "subtitle" if step == current else "hint")
            label.setProperty("done", passed and step != current)
            repolish(label)


class NavBar(QWidget):
    """Cancel · status · Save draft · Back · Next.

    Tab order (set by the wizard on every step): the step's last input, then Next (the primary
    action), Back, Save draft, Close.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizardNav")
        self.cancel = QPushButton(self)
        self.cancel.setObjectName("wizard_cancel")
        self.status = QLabel(self)
        self.status.setObjectName("wizardStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.save = QPushButton(self)
        self.save.setObjectName("wizard_save")
        self.back = QPushButton(self)
        self.back.setObjectName("wizard_back")
        self.next = QPushButton(self)
        self.next.setObjectName("wizard_next")
        self.next.setProperty("primary", True)
        for button in (self.cancel, self.save, self.back, self.next):
            # Enter on a focused button presses it: QPushButton does that only when autoDefault
            # is on, and outside a QDialog it is off unless set (it was set off here, so Enter on
            # "Back" did nothing). On, it makes no button a default one: there is no dialog.
            button.setAutoDefault(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 6, 24, 12)
        layout.addWidget(self.cancel)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.save)
        layout.addWidget(self.back)
        layout.addWidget(self.next)

    def set_touch(self, on: bool) -> None:
        for button in (self.cancel, self.save, self.back, self.next):
            button.setMinimumHeight(56 if on else 0)
            button.setMinimumWidth(140 if on else 0)

    def order_after(self, last: QWidget | None) -> None:
        """Tab from ``last`` (the step's last input) reaches Next first, then the others."""
        chain = [self.next, self.back, self.save, self.cancel]
        if last is not None:
            QWidget.setTabOrder(last, self.next)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
