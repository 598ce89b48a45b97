"""The warning that an identifier is already registered, naming who has it.

Shows, for each :class:`kiosk.store.Duplicate` the store found (same NIK, NIB or NPWP), the
registration number, the business name, the owner's *masked* NIK and the status, so staff can tell
a returning business from a typing mistake without the full NIK ever being on screen.

Signals:
    open_requested(str): the person asked to open the existing registration (its id).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.issues import field_label
from kiosk.i18n import Lang
from ui.widgets.status_text import status_text

if TYPE_CHECKING:
    from kiosk.store import Duplicate


class DuplicateBanner(QFrame):
    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicateBanner")
        self.setProperty("severity", "warning")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel(self)
        self.text.setObjectName("duplicateText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setProperty("severity", "warning")
        self.text.setWordWrap(True)
        self.open = QPushButton(self)
        self.open.setObjectName("duplicateOpen")
        self.open.clicked.connect(self._open)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.open, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(row)
        self._duplicates: list[Duplicate] = []
        self._lang: Lang = "id"
        self.open.setText(self.tr("Open"))
        self.open.setAccessibleName(self.tr("Open the registration already there"))
        self.setAccessibleName(self.tr("Already registered"))
        self.hide()

    def show_duplicates(self, duplicates: list[Duplicate], lang: Lang) -> None:
        self._duplicates = list(duplicates)
        self._lang = lang
        if not duplicates:
            self.text.clear()
            self.hide()
            return
        by_registration: dict[str, list[Duplicate]] = {}
        for dup in duplicates:
            by_registration.setdefault(dup.summary.id, []).append(dup)
        lines = []
        for group in by_registration.values():
            s = group[0].summary
            fields = ", ".join(field_label(d.field, lang) for d in group)
            lines.append(
                self.tr("Already registered with this %1: %2 — %3 — owner %4, NIK %5 (%6)")
                .replace("%1", fields)
                .replace("%2", s.reg_no or "—")
                .replace("%3", s.business_name or "—")
                .replace("%4", s.owner_name or "—")
                .replace("%5", s.nik_masked or "—")
                .replace("%6", status_text(s.status))
            )
        self.text.setText("\n".join(lines))
        self.open.setText(self.tr("Open %1").replace("%1", duplicates[0].summary.reg_no or ""))
        self.open.setAccessibleName(self.open.text())
        self.setAccessibleDescription(self.text.text())
        self.show()

    def retranslate(self, lang: Lang) -> None:
        self.show_duplicates(self._duplicates, lang)

    def duplicates(self) -> list[Duplicate]:
        return list(self._duplicates)

    def _open(self) -> None:
        if self._duplicates:
            self.open_requested.emit(self._duplicates[0].summary.id)
