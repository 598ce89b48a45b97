"""The receipt step: the wizard's last page for staff, the receipt of what was just submitted.

:class:`ReceiptStep` is the :class:`ui.wizard.step.StepView` of the receipt page
(:class:`ui.pages.receipt_page.ReceiptPage`, which the detail page shows for reprints as well).
The receipt edits nothing and shows no issues; only a stored (submitted) registration has a
receipt, so loading a draft leaves the page as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.domain.model import Registration, Status
from ui.pages.receipt_page import ReceiptPage

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.wizard.step import ShownIssue


class ReceiptStep(QWidget):
    """Signals of a step (never emitted: there is nothing to edit)."""

    field_edited = Signal(str)
    advance_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = ReceiptPage(ctx, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)

    def load(self, reg: Registration) -> None:
        if reg.status != Status.DRAFT:
            self.page.set_registration(reg.id)

    def apply(self, reg: Registration) -> None:
        """Nothing to edit here."""

    def retranslate(self) -> None:
        self.page.retranslate()

    def local_issues(self, field: str) -> list[ShownIssue]:
        return []

    def owns(self, field: str) -> bool:
        return False

    def first_input(self) -> QWidget | None:
        return self.page

    def show_issues(self, issues: Sequence[ShownIssue], *, fields: list[str] | None = None) -> None:
        """A submitted registration has no issues to show."""

    def rerender_issues(self) -> None:
        """Nothing shown: see :meth:`show_issues`."""

    def focus_first_error(self) -> bool:
        return False
