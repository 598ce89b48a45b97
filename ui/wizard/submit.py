"""The submit step: what still blocks submission, and the button that submits.

On entering, the registration is checked with the core's submit-stage validation
(:func:`kiosk.domain.validation.validate_registration`); every remaining issue is listed, and
activating one jumps to the field. The store validates again when it writes (the only check that
counts); its :class:`kiosk.store.ValidationFailed` issues are shown here the same way.

Signals:
    submit_requested(): the person pressed Submit (or Ctrl+Enter on this step).
    busy_changed(): whether submitting is possible changed (the wizard updates its button).
    go_to_field(str): jump to the page of this dotted field path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.model import Registration
from ui.theme import repolish

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.wizard.step import ShownIssue

FIELD_ROLE = Qt.ItemDataRole.UserRole


class SubmitPage(QWidget):
    field_edited = Signal(str)
    advance_requested = Signal()
    submit_requested = Signal()
    go_to_field = Signal(str)
    busy_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._issues: list[ShownIssue] = []
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.setProperty("role", "title")
        self.hint = QLabel(self)
        self.hint.setObjectName("pageHint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.issue_list = QListWidget(self)
        self.issue_list.setObjectName("submit_issues")
        self.issue_list.itemActivated.connect(self._jump)
        self.issue_list.itemClicked.connect(self._jump)
        self.state = QLabel(self)
        self.state.setObjectName("submit_state")
        self.state.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.setObjectName("wizard_submit_button")
        self.button.setMinimumHeight(48)
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit_requested)
        self.button.hide()  # the wizard's own Submit button (Next) does it; one button, one place
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.state)
        layout.addWidget(self.issue_list, 3)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)  # without issues the texts stay at the top
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Submit"))
        self.hint.setText(
            self.tr("Submitting stores version 1 of the registration and queues it for the")
            + " "
            + self.tr("central office. Corrections later make a new version.")
        )
        self.button.setText(self.tr("&Submit registration"))
        self.button.setAccessibleName(self.tr("Submit registration"))
        self.issue_list.setAccessibleName(self.tr("What still needs attention"))
        self.rerender_issues()

    def load(self, reg: Registration) -> None:
        from kiosk.domain.validation import validate_registration

        self.show_issues(validate_registration(reg, stage="submit"))

    def apply(self, reg: Registration) -> None:
        """Nothing to edit here."""

    def local_issues(self, field: str) -> list[ShownIssue]:
        return []

    def owns(self, field: str) -> bool:
        return False

    def can_submit(self) -> bool:
        return not self._errors()

    def first_input(self) -> QWidget | None:
        return self.issue_list if self._issues else None

    def focus_first_error(self) -> bool:
        if self.issue_list.count():
            self.issue_list.setFocus()
            self.issue_list.setCurrentRow(0)
            return True
        return False

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy and not self._errors())
        self.busy_changed.emit()
        if busy:
            self.state.setText(self.tr("Submitting…"))

    def show_issues(self, issues: Sequence[ShownIssue], *, fields: list[str] | None = None) -> None:
        self._issues = list(issues)
        self.rerender_issues()

    def show_failure(self, text: str) -> None:
        self.state.setText(text)
        self.state.setProperty("severity", "error")
        repolish(self.state)

    def _errors(self) -> list[ShownIssue]:
        return [i for i in self._issues if i.severity == "error"]

    def rerender_issues(self) -> None:
        lang = self.ctx.lang
        self.issue_list.clear()
        for issue in self._issues:
            item = QListWidgetItem(issue.text(lang))
            item.setData(FIELD_ROLE, issue.field)
            self.issue_list.addItem(item)
        errors = self._errors()
        self.issue_list.setVisible(bool(self._issues))
        self.button.setEnabled(not errors)
        self.busy_changed.emit()
        if errors:
            self.state.setText(
                self.tr(
                    "%n thing(s) must be fixed before submitting. Enter on one goes there.",
                    "",
                    len(errors),
                )
            )
            self.state.setProperty("severity", "error")
        else:
            self.state.setText(self.tr("Everything needed is there. Submit when the owner agrees."))
            self.state.setProperty("severity", "warning" if self._issues else "")
        repolish(self.state)

    def _jump(self, item: QListWidgetItem) -> None:
        self.go_to_field.emit(item.data(FIELD_ROLE))
