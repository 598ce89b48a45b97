"""After a self-service session: the draft number, big, for the owner to show at the desk.

Only the registration number and the business name are shown (no NIK, phone or account). The
shell returns to the welcome page when the owner presses Done or after the self-service idle
countdown, whichever comes first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.widgets.forms import button, set_button

if TYPE_CHECKING:
    from ui.context import AppContext


class HandoverPage(QWidget):
    """Signals: done(): the owner finished; the shell shows the welcome page."""

    done = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("handoverPage")
        self.reg_no = ""
        self.title = theme.set_role(QLabel(self), role="title")
        self.number = theme.set_role(QLabel(self), role="bignumber")
        self.number.setObjectName("handoverNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.body = theme.set_role(QLabel(self), role="subtitle")
        self.body.setWordWrap(True)
        self.finish = button("handoverDone", primary=True, parent=self)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.title, self.number, self.body):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addSpacing(24)
        layout.addWidget(self.finish, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.finish.clicked.connect(self.done)
        self.retranslate()

    def show_number(self, reg_no: str) -> None:
        self.reg_no = reg_no
        self.number.setText(reg_no)
        self.number.setAccessibleName(reg_no)
        self.finish.setFocus()

    def focus_first(self) -> None:
        self.finish.setFocus()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Thank you! Your draft number:"))
        self.body.setText(
            self.tr(
                "Please show this number to a staff member at the desk. They will check your "
                "documents and finish the registration with you."
            )
        )
        set_button(self.finish, self.tr("Done"))
