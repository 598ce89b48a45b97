"""A labelled input with its message line underneath.

Validation as you type shows the core's :class:`kiosk.domain.validation.Issue` texts here. The input
gets the dynamic property ``invalid="true"`` (errors) or ``warning="true"`` (warnings) so the theme
can mark it; the message label carries ``severity`` for the same reason. The label is the input's
buddy (Alt+letter focuses it) and its text is also the input's accessible name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from kiosk.i18n import Lang
from ui.theme import repolish


class ShownIssue(Protocol):
    """What the screen shows of an issue: the core's :class:`kiosk.domain.issues.Issue`, or a
    problem only the UI can see (:class:`ui.wizard.step.LocalIssue`)."""

    @property
    def field(self) -> str: ...

    @property
    def severity(self) -> str: ...

    def text(self, lang: Lang = "id") -> str: ...


def object_name_for(field: str) -> str:
    """``owner.nik`` → ``owner_nik``: stable object names for tests, QSS and screen readers."""
    return field.replace(".", "_")


class FieldRow(QWidget):
    """Label, input and message for one model field (``field`` is the model's dotted path)."""

    def __init__(self, field: str, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.editor = editor
        # Compound editors (Rp prefix + line edit, ...) set a focus proxy: that inner widget is
        # what people type into, so it carries the names, the buddy and the invalid mark.
        self.input = editor.focusProxy() or editor
        self.setObjectName(object_name_for(field) + "_row")
        if not self.input.objectName():
            self.input.setObjectName(object_name_for(field))
        if self.input is not editor and not editor.objectName():
            editor.setObjectName(object_name_for(field) + "_box")
        self.label = QLabel(self)
        self.label.setObjectName(object_name_for(field) + "_label")
        self.label.setBuddy(self.input)
        self.message = QLabel(self)
        self.message.setObjectName(object_name_for(field) + "_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(self.message.textFormat().PlainText)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        self._issues: list[ShownIssue] = []

    def set_label(self, text: str, *, required: bool = False) -> None:
        """Set the label (with ``&`` mnemonic if any) and the input's accessible name."""
        self.label.setText(text + (" *" if required else ""))
        self.input.setAccessibleName(text.replace("&", ""))

    def show_issues(self, issues: Iterable[ShownIssue], lang: Lang) -> None:
        """Show the first error (else the first warning) under the input and mark the input."""
        self._issues = list(issues)
        errors = [i for i in self._issues if i.severity == "error"]
        warnings = [i for i in self._issues if i.severity != "error"]
        shown = errors[:1] or warnings[:1]
        self.input.setProperty("invalid", bool(errors))
        self.input.setProperty("warning", bool(warnings) and not errors)
        if shown:
            text = " ".join(i.text(lang) for i in (errors or warnings))
            self.message.setText(text)
            self.message.setProperty("severity", "error" if errors else "warning")
            self.message.show()
            self.input.setAccessibleDescription(text)
        else:
            self.message.clear()
            self.message.setProperty("severity", "")
            self.message.hide()
            self.input.setAccessibleDescription("")
        repolish(self.input)
        repolish(self.message)

    def rerender(self, lang: Lang) -> None:
        """Re-render the shown issues in another language."""
        self.show_issues(self._issues, lang)

    @property
    def issues(self) -> list[ShownIssue]:
        return list(self._issues)

    def has_error(self) -> bool:
        return any(i.severity == "error" for i in self._issues)

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""


def name_clear_button(line: QLineEdit, accessible: str) -> None:
    """Give a line edit's built-in clear button a name (screen readers, UI tests)."""
    from PySide6.QtWidgets import QToolButton

    for button in line.findChildren(QToolButton):
        button.setObjectName(line.objectName() + "_clear")
        button.setAccessibleName(accessible)
