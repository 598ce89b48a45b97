"""Products for the local e-catalogue: a table to add, edit and remove them, and under it the
details of the selected product (:class:`ui.widgets.product_details.ProductDetails`: KBLI, unit,
PPN, minimum order, TKDN/BMP and certificate, delivery regencies, one to three photos).

Prices show as ``Rp 1.250.000`` and are typed as digits. Keyboard: Insert (or the Add button, or
Alt+A) adds a row and starts typing its name; Tab/arrow keys move between cells; F2 or typing edits
a cell; Delete removes the selected product; Tab from the table goes on into the details. Issues
of ``products.N.<field>`` tint their cell and are listed under the table in the current language,
with what the catalogue still lacks (:func:`kiosk.domain.product_checks.catalogue_readiness`).
Photo thumbnails of a loaded registration are decrypted off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.model import Registration
from ui.operations import run_op
from ui.theme import repolish
from ui.widgets.product_details import ProductDetails
from ui.widgets.product_table import COLUMNS, ProductTableModel, ProductTableView
from ui.wizard.step import StepPage

if TYPE_CHECKING:
    from kiosk.documents.vault import Vault
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
        self.table.setMinimumHeight(150)  # about four rows, whatever the details below take
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("products_add")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("products_edit")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("products_remove")
        self._vault: Vault | None = None
        self._kbli: list[tuple[str, str]] = []
        self._regencies: list[tuple[str, str]] = []
        self.details = ProductDetails(ctx, self.vault, self)
        self.details.all_products = lambda: [
            self.model.product(r) for r in range(self.model.rowCount())
        ]
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
        layout.addWidget(self.details)
        layout.addWidget(self.page_message)
        chain = [self.add_button, self.edit_button, self.remove_button, self.table]
        self.set_focus_chain(
            [*chain, *self.details.focus_order()],
            enter_exempt=[*chain, self.details.spec, self.details.regencies],
        )
        self.add_button.clicked.connect(self.add_product)
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.table.add_requested.connect(self.add_product)
        self.table.remove_requested.connect(self.remove_current)
        self.table.activated.connect(self.table.edit)
        self.model.product_edited.connect(self._cell_edited)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _p: self._select(cur.row())
        )
        self.details.edited.connect(self._detail_edited)
        self.retranslate()

    def vault(self) -> Vault:
        if self._vault is None:
            from kiosk.documents.vault import Vault

            self._vault = Vault(self.ctx.store.paths.documents, self.ctx.store.keys)
        return self._vault

    def _select(self, row: int) -> None:
        product = self.model.product(row) if 0 <= row < self.model.rowCount() else None
        self.details.set_product(product, self._kbli, self._regencies)

    def _detail_edited(self, field: str) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            self.model.refresh_row(row)
            self.field_edited.emit(f"products.{row}.{field}")

    def _cell_edited(self, row: int, field: str) -> None:
        self.field_edited.emit(f"products.{row}.{field}")

    def add_product(self) -> None:
        row = self.model.add_product()
        product = self.model.product(row)
        if len(self._kbli) == 1:
            product.kbli = self._kbli[0][0]  # the business's only activity
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
        self._select(self.table.currentIndex().row())
        self.field_edited.emit("products")

    # -- wizard contract -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Products"))
        self.hint.setText(
            self.tr("What the business sells through the e-catalogue. Type prices as digits;")
            + " "
            + self.tr("PDN = made in Indonesia. Insert adds a row, Delete removes it.")
            + " "
            + self.tr("The details and photos of the selected product are below the table.")
        )
        self.add_button.setText(self.tr("&Add product"))
        self.edit_button.setText(self.tr("&Edit cell"))
        self.remove_button.setText(self.tr("&Remove product"))
        headers = {
            "name": self.tr("Product name"),
            "brand": self.tr("Brand"),
            "unit": self.tr("Unit"),
            "price_idr": self.tr("Price"),
            "pdn": self.tr("PDN"),
            "kbli": self.tr("KBLI"),
            "tkdn_percent": self.tr("TKDN"),
            "photos": self.tr("Photos"),
        }
        self.model.set_headers([headers[name] for name, _ in COLUMNS])
        self.table.setAccessibleName(self.tr("Products"))
        self.add_button.setAccessibleName(self.tr("Add product"))
        self.edit_button.setAccessibleName(self.tr("Edit cell"))
        self.remove_button.setAccessibleName(self.tr("Remove product"))
        self.model.lang = self.ctx.lang
        self.details.retranslate()

    def load(self, reg: Registration) -> None:
        from kiosk.reference import Reference

        refs = Reference.load()
        codes = [c for c in reg.business.kbli if isinstance(c, str)]
        self._kbli = [(c, e.title if (e := refs.kbli(c)) else "") for c in codes]
        province = reg.address.province_code or ""
        self._regencies = [(r.code, r.name) for r in refs.regencies(province)] if province else []
        self.model.set_products(reg.products)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._select(self.table.currentIndex().row())
        self._load_thumbnails(reg)

    def _load_thumbnails(self, reg: Registration) -> None:
        hashes = [p.sha256 for product in reg.products for p in product.photos]
        if not hashes:
            return
        vault = self.vault()

        def load() -> dict[str, bytes]:
            from kiosk.documents.pipeline import thumbnail

            return {h: thumbnail(vault.get(h), 240) for h in hashes if vault.has(h)}

        run_op(self, load, on_done=self.details.set_thumbnails, on_error=lambda _exc: None)

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
        shown_cells = {(r, f) for r, f, _ in self.model.all_issues()}
        listed += [
            i for i in mine if i.field.count(".") != 2 or (_row_field(i.field) not in shown_cells)
        ]
        listed += self._readiness()
        self.show_page_issues(listed)
        repolish(self.table)

    def _readiness(self) -> list[ShownIssue]:
        """What the catalogue still lacks (warnings; the registration may be submitted)."""
        from kiosk.domain.product_checks import catalogue_readiness

        reg = Registration(products=self.model.products())
        return [issue for issue in catalogue_readiness(reg)]

    def focus_first_error(self) -> bool:
        issues = self.model.all_issues()
        if not issues:
            return False
        row, field, _ = issues[0]
        col = [n for n, _ in COLUMNS].index(field) if field in dict(COLUMNS) else 0
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.table.setCurrentIndex(self.model.index(row, col))
        return True


def _row_field(path: str) -> tuple[int, str]:
    parts = path.split(".")
    return (int(parts[1]), parts[2]) if len(parts) == 3 and parts[1].isdigit() else (-1, path)
