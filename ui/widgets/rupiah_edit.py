"""An input for whole-rupiah amounts: typed as digits, shown grouped the Indonesian way.

Staff type ``1250000`` (dots and an ``Rp`` prefix are accepted too); when the field loses focus the
text is regrouped to ``1.250.000`` next to a fixed ``Rp`` prefix. Parsing and formatting are the
core's (:mod:`kiosk.domain.formatting`); this widget only moves text around.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from kiosk.domain.formatting import format_rupiah, parse_rupiah
from kiosk.domain.issues import FieldError


class RupiahEdit(QWidget):
    """``Rp [ 1.250.000 ]``; :meth:`value` is an ``int`` or ``None`` when empty or unreadable.

    Signals:
        edited(): the text changed by the user (not by :meth:`set_value`).
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefix = QLabel("Rp", self)
        self.prefix.setObjectName("rupiahPrefix")
        self.line = QLineEdit(self)
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.line.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.line.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"(Rp\s*)?[0-9][0-9.\s]{0,22}"), self)
        )
        self.line.textEdited.connect(lambda _t: self.edited.emit())
        self.line.editingFinished.connect(self._regroup)
        self.setFocusProxy(self.line)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.prefix)
        layout.addWidget(self.line, 1)

    def value(self) -> int | None:
        text = self.line.text().strip()
        if not text:
            return None
        try:
            return parse_rupiah(text)
        except FieldError:  # parse_issues() reports it; unreadable text is no amount
            return None

    def parse_issues(self, field: str) -> list:
        """The core's reason why the text is not an amount (``[]`` when it is, or is empty)."""
        text = self.line.text().strip()
        if not text:
            return []
        try:
            parse_rupiah(text, field=field)
        except FieldError as exc:
            return [exc.issue()]
        return []

    def set_value(self, amount: int | None) -> None:
        self.line.setText(_grouped(amount))

    def _regroup(self) -> None:
        amount = self.value()
        if amount is not None:
            grouped = _grouped(amount)
            if grouped != self.line.text():
                self.line.setText(grouped)


def _grouped(amount: int | None) -> str:
    """``1250000`` → ``1.250.000`` (the ``Rp`` prefix is a separate label)."""
    if amount is None:
        return ""
    return format_rupiah(amount).replace("Rp", "", 1).strip()
