"""The list of keyboard shortcuts the wizard shows under F1.

One place that names every key the wizard and its pages react to, in the user's language, so a
new member of staff can learn them at the desk. The dialog is non-modal (``open()``): it never
blocks the event loop, and Esc or Close dismisses it. Keep it in step with the shortcuts set up
in :class:`ui.wizard.wizard.WizardPage`, :class:`ui.wizard.step.StepPage` and
:class:`ui.widgets.typeahead.TypeAhead`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QVBoxLayout, QWidget


class ShortcutHelp(QDialog):
    """F1: a two-column table of keys and what they do (no signals)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizardShortcuts")
        self.title = QLabel(self)
        self.title.setProperty("role", "subtitle")
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(24)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.table)
        layout.addWidget(self.buttons)
        self.retranslate()

    def rows(self) -> list[tuple[str, str]]:
        """(keys, what they do); key names are the same in both languages."""
        return [
            ("Enter", self.tr("Next field; on the last field, the next step")),
            (self.tr("Enter on a button"), self.tr("Press the button")),
            ("Tab / Shift+Tab", self.tr("Next / previous field, ending at Next")),
            (self.tr("Alt+Right or Ctrl+Enter"), self.tr("Next step; on the last step, submit")),
            ("Alt+Left", self.tr("Previous step")),
            ("Ctrl+S", self.tr("Save the draft now")),
            (self.tr("Alt+underlined letter"), self.tr("Go to that field or press that button")),
            (self.tr("Arrow down, Enter"), self.tr("In a search list: choose a hit, then go on")),
            ("Esc", self.tr("Close the search list")),
            ("Ctrl+L", self.tr("Lock the screen")),
            ("F1", self.tr("This list")),
        ]

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.title.setText(self.tr("Keyboard shortcuts"))
        while self.table.count():
            item = self.table.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for row, (keys, meaning) in enumerate(self.rows()):
            key_label = QLabel(keys, self)
            key_label.setObjectName(f"wizardShortcutKey{row}")
            key_label.setTextFormat(Qt.TextFormat.PlainText)
            key_label.setProperty("role", "subtitle")
            text = QLabel(meaning, self)
            text.setObjectName(f"wizardShortcutText{row}")
            text.setTextFormat(Qt.TextFormat.PlainText)
            self.table.addWidget(key_label, row, 0)
            self.table.addWidget(text, row, 1)
