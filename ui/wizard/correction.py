"""Correcting a submitted registration: the wizard's own pages on a copy, a reason, a new version.

The registration stays as it was until :meth:`kiosk.store.Store.correct` writes version *n+1*
with the reason and the staff member (one transaction, with its outbox row). Fields are validated
as they are typed, like in the wizard; the store's submit-stage check decides, and its issues are
shown on the pages that own the fields.

Signals:
    corrected(object): the store wrote this new version (:class:`Registration`).
    cancelled(): the person left without saving.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.model import Registration
from kiosk.domain.validation import validate_field
from kiosk.domain.wizard import Step, checks_on_edit, title
from kiosk.errors import UserFacingError
from kiosk.store.records import ValidationFailed
from ui.operations import run_op
from ui.theme import repolish
from ui.widgets.forms import error_text
from ui.wizard.pages import make_page
from ui.wizard.step import ShownIssue, StepView, get_path, step_widget

if TYPE_CHECKING:
    from ui.context import AppContext

# The steps whose data a correction may change (consent stays as given; no review or submit).
SECTIONS = (Step.BUSINESS, Step.OWNER, Step.ADDRESS, Step.PRODUCTS, Step.BANK, Step.DOCUMENTS)


class CorrectionEditor(QWidget):
    corrected = Signal(object)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CorrectionEditor")
        self.ctx = ctx
        self.reg: Registration | None = None
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("correction_tabs")
        self.pages: dict[Step, StepView] = {}
        self._holders: dict[Step, QScrollArea] = {}
        for key in SECTIONS:
            page = make_page(ctx, key, self)
            page.field_edited.connect(lambda field, p=page: self._edited(p, field))
            self.pages[key] = page
            # in a scroll area: a tall step (products with its details) scrolls in its tab
            # instead of making the detail page, and the window, taller than the screen
            holder = QScrollArea(self.tabs)
            holder.setObjectName(f"correction_{key}_holder")
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setWidget(step_widget(page))
            self._holders[key] = holder
            self.tabs.addTab(holder, key)
        self.reason_label = QLabel(self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("correction_reason")
        self.reason.setMaxLength(300)
        self.reason_label.setBuddy(self.reason)
        self.message = QLabel(self)
        self.message.setObjectName("correction_message")
        self.message.setWordWrap(True)
        self.save = QPushButton(self)
        self.save.setObjectName("correction_save")
        self.cancel = QPushButton(self)
        self.cancel.setObjectName("correction_cancel")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason_label)
        buttons.addWidget(self.reason, 1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.save.clicked.connect(self.save_correction)
        self.cancel.clicked.connect(self.cancelled)
        self.reason.returnPressed.connect(self.save_correction)
        self.retranslate()

    def retranslate(self) -> None:
        for index, key in enumerate(SECTIONS):
            self.tabs.setTabText(index, title(key, self.ctx.lang))
            self.pages[key].retranslate()
        self.reason_label.setText(self.tr("&Reason for the correction"))
        self.reason.setAccessibleName(self.tr("Reason for the correction"))
        self.reason.setPlaceholderText(self.tr("e.g. NPWP corrected after checking the card"))
        self.save.setText(self.tr("Save as new version"))
        self.cancel.setText(self.tr("Cancel"))

    def edit(self, reg: Registration, section: Step = Step.BUSINESS) -> None:
        """Start correcting ``reg`` (a copy is edited; ``section`` is the tab shown first)."""
        self.reg = Registration.from_dict(reg.to_dict())
        for page in self.pages.values():
            page.load(self.reg)
            page.show_issues([])
        self.reason.clear()
        self.message.clear()
        self.tabs.setCurrentWidget(self._holders.get(section, self._holders[Step.BUSINESS]))

    def _edited(self, page: StepView, field: str) -> None:
        if self.reg is None:
            return
        page.apply(self.reg)
        issues: Sequence[ShownIssue] = page.local_issues(field)
        if not issues and checks_on_edit(field):
            try:
                issues = validate_field(field, get_path(self.reg, field), self.reg)
            except (AttributeError, IndexError, ValueError):
                issues = []
        page.show_issues(issues, fields=[field])

    def save_correction(self) -> None:
        if self.reg is None:
            return
        for page in self.pages.values():
            page.apply(self.reg)
        snapshot = Registration.from_dict(self.reg.to_dict())
        reason = self.reason.text().strip()
        store, staff_id = self.ctx.store, self.ctx.staff_id
        self.save.setEnabled(False)
        run_op(
            self,
            lambda: store.correct(snapshot, reason=reason, staff_id=staff_id),
            on_done=self._saved,
            on_error=self._failed,
            progress=self.tr("Saving the correction…"),
        )

    def _saved(self, saved: Registration) -> None:
        self.save.setEnabled(True)
        self.ctx.registration_saved.emit(saved.id)
        self.corrected.emit(saved)

    def _failed(self, exc: BaseException) -> None:
        self.save.setEnabled(True)
        issues = exc.issues if isinstance(exc, ValidationFailed) else []
        self.message.setText(error_text(self.ctx, exc))
        self.message.setProperty("severity", "error")
        repolish(self.message)
        if not issues:
            if isinstance(exc, UserFacingError) and exc.code == "store.correction.reason_required":
                self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        first = None
        for key, page in self.pages.items():
            mine = [i for i in issues if page.owns(i.field)]
            page.show_issues(mine)
            if mine and first is None:
                first = key
        if first is not None:
            self.tabs.setCurrentWidget(self._holders[first])
            self.pages[first].focus_first_error()
