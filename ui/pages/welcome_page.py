"""Self-service welcome screen (kiosk mode): the only screen a walk-in owner sees at rest.

It shows the hall's name, what the owner can do here, a large Start button and the language
choice. Staff reach their log-in through the small "Staff" button. The shell returns here after
a finished or abandoned self-service session; nothing from the previous person remains (the
wizard page is destroyed, not just hidden).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.widgets.forms import button, set_button

if TYPE_CHECKING:
    from ui.context import AppContext


class WelcomePage(QWidget):
    """Signals: start_requested(); staff_requested(); language_requested(str)."""

    start_requested = Signal()
    staff_requested = Signal()
    language_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("welcomePage")
        # No ``Qt`` enum and no repolish on the way to the first frame (see ui.theme.ALIGN_CENTER)
        self.title = theme.centred(theme.with_role(QLabel(self), role="title"))
        self.title.setWordWrap(True)
        self.body = theme.centred(theme.with_role(QLabel(self), role="subtitle"))
        self.body.setWordWrap(True)
        self.start = button("welcomeStart", primary=True, parent=self)
        self.indonesian = button("welcomeLanguageId", parent=self)
        self.english = button("welcomeLanguageEn", parent=self)
        self.staff = button("welcomeStaff", parent=self)

        start_row = QHBoxLayout()  # centred at its own width, as the language buttons below
        start_row.addStretch(1)
        start_row.addWidget(self.start)
        start_row.addStretch(1)
        languages = QHBoxLayout()
        languages.addStretch(1)
        languages.addWidget(self.indonesian)
        languages.addWidget(self.english)
        languages.addStretch(1)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.staff)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addSpacing(24)
        layout.addLayout(start_row)
        layout.addSpacing(16)
        layout.addLayout(languages)
        layout.addStretch(2)
        layout.addLayout(footer)

        self.setTabOrder(self.start, self.indonesian)
        self.setTabOrder(self.indonesian, self.english)
        self.setTabOrder(self.english, self.staff)
        self.start.clicked.connect(self.start_requested)
        self.staff.clicked.connect(self.staff_requested)
        self.indonesian.clicked.connect(lambda: self.language_requested.emit("id"))
        self.english.clicked.connect(lambda: self.language_requested.emit("en"))
        self.retranslate()

    def focus_first(self) -> None:
        self.start.setFocus()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Register your business as a government supplier"))
        self.body.setText(
            self.tr(
                "Fill in your business, contact, address and products here while you wait. "
                "You will get a draft number; a staff member checks your documents and finishes "
                "the registration with you."
            )
        )
        set_button(self.start, self.tr("Start"))
        # Language names stay in their own language on purpose: people look for their own.
        set_button(self.indonesian, "Bahasa Indonesia")
        set_button(self.english, "English")
        set_button(self.staff, self.tr("Staff"), self.tr("Log-in for staff members"))
