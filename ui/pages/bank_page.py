"""Bank account for payments from e-catalogue orders: bank, account number, holder name.

The bank list is reference data (``Reference.banks()`` when the domain part ships it, see
``docs/dev/requests/wizard.md``); the combo box stays editable so a bank missing from the list
("other") can be typed. The account number is kept as typed digits; the core validates it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from ui.pages.wizard_step import StepPage


def bank_names() -> list[str]:
    """Names of Indonesian banks from the reference data; empty when it has none yet."""
    try:
        from kiosk.reference import Reference

        ref = Reference.load()
        banks = getattr(ref, "banks", None)
        if banks is None:
            return []
        return [getattr(b, "name", b if isinstance(b, str) else str(b)) for b in banks()]
    except Exception:  # reference data not installed yet: free text only
        return []


class BankPage(StepPage):
    """Bank account step (signals: see :class:`ui.pages.wizard_step.StepPage`)."""

    prefixes = ("bank.",)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.bank = QComboBox()
        self.bank.setEditable(True)
        self.bank.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = bank_names()
        self.bank.addItems(names)
        completer = QCompleter(names, self.bank)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.bank.setCompleter(completer)
        self.bank.setCurrentIndex(-1)
        self.account_number = QLineEdit()
        self.account_number.setMaxLength(30)
        self.account_number.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.account_number.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9 .-]*"), self)
        )
        self.holder_name = QLineEdit()
        self.holder_name.setMaxLength(120)
        rows = {
            "bank.bank": self.bank,
            "bank.account_number": self.account_number,
            "bank.holder_name": self.holder_name,
        }
        r = {f: self.add_row(f, e) for f, e in rows.items()}
        self.build_layout([[r["bank.bank"]], [r["bank.account_number"], r["bank.holder_name"]]])
        self.set_focus_chain(list(rows.values()))
        self._loading = False
        self.bank.currentTextChanged.connect(self._bank_changed)
        self.account_number.textEdited.connect(
            lambda _t: self.field_edited.emit("bank.account_number")
        )
        self.holder_name.textEdited.connect(lambda _t: self.field_edited.emit("bank.holder_name"))
        self.retranslate()

    def _bank_changed(self, _text: str) -> None:
        if not self._loading:
            self.field_edited.emit("bank.bank")

    def retranslate(self) -> None:
        self.title.setText(self.tr("Bank account"))
        self.hint.setText(
            self.tr("Payments for e-catalogue orders go to this account. The holder should be")
            + " "
            + self.tr("the business or its owner.")
        )
        self.label_rows()
        self.bank.lineEdit().setPlaceholderText(self.tr("Type to search, or type another bank"))

    def load(self, reg: Any) -> None:
        self._loading = True
        self.bank.setEditText(reg.bank.bank)
        self._loading = False
        self.account_number.setText(reg.bank.account_number)
        self.holder_name.setText(reg.bank.holder_name)

    def apply(self, reg: Any) -> None:
        reg.bank.bank = self.bank.currentText().strip()
        reg.bank.account_number = self.account_number.text().strip()
        reg.bank.holder_name = self.holder_name.text().strip()
