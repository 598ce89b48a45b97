"""A labelled input with its message line underneath.

Validation as you type shows the core's :class:`kiosk.domain.validation.Issue` texts here. The input
gets the dynamic property ``invalid="true"`` (errors) or ``warning="true"`` (warnings) so the theme
can mark it; the message label carries ``severity`` for the same reason. The label is the input's
buddy (Alt+letter focuses it) and its text is also the input's accessible name.

On the owner's own screen (self-service) a row may carry a "?" button (:meth:`FieldRow.set_help`):
a tap shows the help text under the label and a second tap hides it (a tooltip never shows on a
touch screen), and messages name the field in the same everyday words as the label
(``plain_messages``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.issues import Issue
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
        self.help_button: QToolButton | None = None
        self.help_text: QLabel | None = None
        self.plain_messages = False
        self._head = QHBoxLayout()
        self._head.setContentsMargins(0, 0, 0, 0)
        self._head.addWidget(self.label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addLayout(self._head)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        self._issues: list[ShownIssue] = []

    def set_label(self, text: str, *, required: bool = False) -> None:
        """Set the label (with ``&`` mnemonic if any) and the input's accessible name."""
        self.label.setText(text + (" *" if required else ""))
        self.input.setAccessibleName(text.replace("&", ""))

    def set_help(self, text: str, button_name: str) -> None:
        """A "?" next to the label that shows ``text`` under it (``""``: no help, no button)."""
        if self.help_button is None:
            if not text:
                return
            self.help_button = QToolButton(self)
            self.help_button.setObjectName(self.objectName().removesuffix("_row") + "_help")
            self.help_button.setText("?")
            self.help_button.setCheckable(True)
            self.help_button.setProperty("role", "help")
            self.help_text = QLabel(self)
            self.help_text.setObjectName(self.objectName().removesuffix("_row") + "_help_text")
            self.help_text.setWordWrap(True)
            self.help_text.setProperty("role", "hint")
            self.help_text.hide()
            self.help_button.toggled.connect(self.help_text.setVisible)
            self._head.addWidget(self.help_button)
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(1, self.help_text)
        assert self.help_text is not None
        self.help_text.setText(text)
        self.help_button.setAccessibleName(button_name)
        self.help_button.setToolTip(button_name)
        self.help_button.setVisible(bool(text))
        if not text:
            self.help_button.setChecked(False)

    def _text(self, issue: ShownIssue, lang: Lang) -> str:
        if self.plain_messages and isinstance(issue, Issue):
            return issue.text(lang, plain=True)
        return issue.text(lang)

    def show_issues(self, issues: Iterable[ShownIssue], lang: Lang) -> None:
        """Show the first error (else the first warning) under the input and mark the input."""
        self._issues = list(issues)
        errors = [i for i in self._issues if i.severity == "error"]
        warnings = [i for i in self._issues if i.severity != "error"]
        shown = errors[:1] or warnings[:1]
        self.input.setProperty("invalid", bool(errors))
        self.input.setProperty("warning", bool(warnings) and not errors)
        if shown:
            text = " ".join(self._text(i, lang) for i in (errors or warnings))
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
