"""After a self-service session: the draft number, big, with a QR code of it and what happens next.

The owner shows the screen (or a photo of it) at the desk: staff read the number or scan the QR
code (:class:`ui.widgets.qr_label.QrLabel`, the number and nothing else) to open the draft. Only
the registration number is shown (no name, NIK, phone or account: the next person in the queue
sees this screen too). The
shell returns to the welcome page when the owner presses Done or after the self-service idle
countdown, whichever comes first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.widgets.forms import button, set_button
from ui.widgets.qr_label import QrLabel

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
        self.qr = QrLabel("handoverQr", 6, self)
        self.body = theme.set_role(QLabel(self), role="subtitle")
        self.body.setWordWrap(True)
        self.next_steps = QLabel(self)
        self.next_steps.setObjectName("handoverNextSteps")
        self.next_steps.setWordWrap(True)
        self.next_steps.setTextFormat(Qt.TextFormat.PlainText)
        self.left = theme.set_role(QLabel(self), role="subtitle")  # what staff will help with
        self.left.setObjectName("handoverLeftForStaff")
        self.left.setWordWrap(True)
        self.left.setTextFormat(Qt.TextFormat.PlainText)
        self.left.hide()
        self._left: list[str] = []
        self.finish = button("handoverDone", primary=True, parent=self)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.title, self.number, self.qr, self.body, self.left):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addWidget(self.next_steps, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(24)
        layout.addWidget(self.finish, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.finish.clicked.connect(self.done)
        self.retranslate()

    def show_number(self, reg_no: str, left_for_staff: Sequence[str] = ()) -> None:
        """Show the draft number; ``left_for_staff``: the field paths the owner left to staff
        ("Belum punya NIB"), named so the owner knows staff will help with them."""
        self._left = list(left_for_staff)
        self._show_left()
        self.reg_no = reg_no
        self.number.setText(reg_no)
        self.number.setAccessibleName(reg_no)
        self.qr.set_text(reg_no, self.tr("QR code of the draft number %1").replace("%1", reg_no))
        self.finish.setFocus()

    def _show_left(self) -> None:
        from kiosk.domain.issues import field_label

        names = ", ".join(field_label(path, self.ctx.lang, plain=True) for path in self._left)
        self.left.setText(self.tr("Staff will help you with: %1").replace("%1", names))
        self.left.setVisible(bool(self._left))

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
        self.next_steps.setText(
            "\n".join(
                (
                    self.tr("What happens next:"),
                    self.tr("1. Staff read the number or scan the code and open your draft."),
                    self.tr("2. They check your documents and complete what is missing."),
                    self.tr("3. You receive a printed receipt with your registration number."),
                )
            )
        )
        if self.reg_no:
            self.qr.setAccessibleName(
                self.tr("QR code of the draft number %1").replace("%1", self.reg_no)
            )
        set_button(self.finish, self.tr("Done"))
        self._show_left()
