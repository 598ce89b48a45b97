"""Products for the local e-catalogue: a table to add, edit and remove them.

Prices show as ``Rp 1.250.000`` and are typed as digits. Keyboard: Insert (or the Add button, or
Alt+A) adds a row and starts typing its name; Tab/arrow keys move between cells; F2 or typing edits
a cell; Delete removes the selected product. Issues of ``products.N.<field>`` tint their cell and
are listed under the table in the current language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.model import Registration
from ui.theme import repolish
from ui.widgets.product_table import COLUMNS, ProductTableModel, ProductTableView
from ui.wizard.step import StepPage

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.wizard.step import ShownIssue


class ProductsPage(StepPage):
    """Products step (signals: see :class:`ui.wizard.step.StepPage`)."""

    prefixes = ("products",)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = ProductTableModel(self)
        self.table = ProductTableView(self.model, self)
        self.table.setObjectName("products_table")
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("products_add")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("products_edit")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("products_remove")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.page_message)
        self.set_focus_chain(
            [self.add_button, self.edit_button, self.remove_button, self.table],
            enter_exempt=[self.add_button, self.edit_button, self.remove_button, self.table],
        )
        self.add_button.clicked.connect(self.add_product)
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.table.add_requested.connect(self.add_product)
        self.table.remove_requested.connect(self.remove_current)
        self.table.activated.connect(self.table.edit)
        self.model.product_edited.connect(self._cell_edited)
        self.retranslate()

    def _cell_edited(self, row: int, field: str) -> None:
        self.field_edited.emit(f"products.{row}.{field}")

    def add_product(self) -> None:
        row = self.model.add_product()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.edit_cell(row, "name")
        self.field_edited.emit("products")

    def edit_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.setCurrentIndex(index)
            self.table.edit(index)

    def remove_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        self.model.remove_product(index.row())
        self.field_edited.emit("products")

    # -- wizard contract -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Products"))
        self.hint.setText(
            self.tr("What the business sells through the e-catalogue. Type prices as digits;")
            + " "
            + self.tr("PDN = made in Indonesia. Insert adds a row, Delete removes it.")
        )
        self.add_button.setText(self.tr("&Add product"))
        self.edit_button.setText(self.tr("&Edit cell"))
        self.remove_button.setText(self.tr("&Remove product"))
        headers = {
            "name": self.tr("Product name"),
            "brand": self.tr("Brand"),
            "category": self.tr("Category"),
            "unit": self.tr("Unit"),
            "price_idr": self.tr("Price"),
            "pdn": self.tr("PDN"),
            "tkdn_cert_no": self.tr("TKDN certificate no."),
            "description": self.tr("Description"),
        }
        self.model.set_headers([headers[name] for name, _ in COLUMNS])
        self.table.setAccessibleName(self.tr("Products"))
        self.add_button.setAccessibleName(self.tr("Add product"))
        self.edit_button.setAccessibleName(self.tr("Edit cell"))
        self.remove_button.setAccessibleName(self.tr("Remove product"))
        self.model.lang = self.ctx.lang

    def load(self, reg: Registration) -> None:
        self.model.set_products(reg.products)

    def apply(self, reg: Registration) -> None:
        reg.products = self.model.products()

    def first_input(self) -> QWidget | None:
        return self.table if self.model.rowCount() else self.add_button

    def set_touch_mode(self, on: bool) -> None:
        super().set_touch_mode(on)
        header = self.table.verticalHeader()
        header.setMinimumSectionSize(48 if on else 24)
        header.setDefaultSectionSize(52 if on else 30)

    def show_issues(self, issues: Sequence[ShownIssue], *, fields: list[str] | None = None) -> None:
        """Cell issues tint their cell; every product issue is also listed under the table."""
        self.model.lang = self.ctx.lang
        mine = [i for i in issues if self.owns(i.field)]
        if fields is None:
            for row, field, _ in self.model.all_issues():
                self.model.set_issues(row, field, [])
        else:
            for f in fields:
                parts = f.split(".")
                if len(parts) == 3 and parts[1].isdigit():
                    self.model.set_issues(int(parts[1]), parts[2], [])
        for issue in mine:
            parts = issue.field.split(".")
            if len(parts) == 3 and parts[1].isdigit():
                row, field = int(parts[1]), parts[2]
                current = self.model._issues.get((row, field), [])
                self.model.set_issues(row, field, [*current, issue])
        listed = [i for _, _, i in self.model.all_issues()]
        listed += [i for i in mine if i.field.count(".") != 2]
        self.show_page_issues(listed)
        repolish(self.table)

    def focus_first_error(self) -> bool:
        issues = self.model.all_issues()
        if not issues:
            return False
        row, field, _ = issues[0]
        col = [n for n, _ in COLUMNS].index(field) if field in dict(COLUMNS) else 0
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(self.model.index(row, col))
        return True
