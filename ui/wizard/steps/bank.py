"""Bank account for payments from e-catalogue orders: bank, account number, holder name.

The bank list is reference data (``Reference.banks()``: state, large, digital banks and the BPDs).
It is not a closed set: the bank field is a line with an inline hit list (type "bri", "mandiri",
"kaltim": matches anywhere in the name); Enter or a tap takes a hit, and a bank missing from the
list (a BPR) is simply typed. The account number is kept as typed; the core validates it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from kiosk.domain.model import Registration
from ui.widgets.typeahead import TypeAhead
from ui.wizard.step import StepPage

if TYPE_CHECKING:
    from ui.context import AppContext

HITS = 6


def bank_names() -> list[str]:
    """Names of Indonesian banks from the reference data; empty when it has none."""
    try:
        from kiosk.reference import Reference

        return [bank.name for bank in Reference.load().banks()]
    except Exception:  # reference data without a bank list: free text only
        return []


class BankPage(StepPage):
    """Bank account step (signals: see :class:`ui.wizard.step.StepPage`)."""

    prefixes = ("bank.",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._names = bank_names()
        self.bank = TypeAhead(self._search, min_chars=1, visible_rows=HITS)
        self.bank.set_object_names("bank_bank")
        self.bank.line.setMaxLength(80)
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
        self.set_focus_chain(
            [self.bank.line, self.account_number, self.holder_name], enter_exempt=[self.bank.line]
        )
        self.bank.picked.connect(self._picked)
        self.bank.line.textEdited.connect(lambda _t: self.field_edited.emit("bank.bank"))
        self.bank.line.returnPressed.connect(self.account_number.setFocus)  # no hit: free text
        self.account_number.textEdited.connect(
            lambda _t: self.field_edited.emit("bank.account_number")
        )
        self.holder_name.textEdited.connect(lambda _t: self.field_edited.emit("bank.holder_name"))
        self.retranslate()

    def _search(self, text: str) -> list[tuple[str, str]]:
        words = text.casefold().split()
        hits = [n for n in self._names if all(w in n.casefold() for w in words)]
        if len(hits) == 1 and hits[0] == text:
            return []  # already the chosen name
        return [(name, name) for name in hits[:HITS]]

    def _picked(self, name: str) -> None:
        self.bank.line.setText(name)
        self.field_edited.emit("bank.bank")
        self.account_number.setFocus(Qt.FocusReason.TabFocusReason)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Bank account"))
        self.hint.setText(
            self.tr("Payments for e-catalogue orders go to this account. The holder should be")
            + " "
            + self.tr("the business or its owner.")
        )
        self.label_rows()
        self.bank.line.setPlaceholderText(self.tr("Type to search, or type another bank"))
        self.bank.set_accessible_names(
            self.rows["bank.bank"].label.text(), self.tr("Banks found"), self.tr("Clear")
        )

    def load(self, reg: Registration) -> None:
        self.bank.clear()
        self.bank.line.setText(reg.bank.bank)
        self.account_number.setText(reg.bank.account_number)
        self.holder_name.setText(reg.bank.holder_name)

    def apply(self, reg: Registration) -> None:
        reg.bank.bank = self.bank.line.text().strip()
        reg.bank.account_number = self.account_number.text().strip()
        reg.bank.holder_name = self.holder_name.text().strip()
