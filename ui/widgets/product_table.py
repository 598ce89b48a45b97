"""The products table of the registration: add, edit, remove; prices in rupiah.

:class:`ProductTableModel` is a ``QAbstractTableModel`` over ``list[Product]``. Prices show as
``Rp 1.250.000`` and are edited as plain digits (the editor gets the bare number); the PDN flag is
a check box cell. Issues from :func:`kiosk.domain.validation.validate_field` for
``products.<row>.<field>`` are attached per cell (tooltip + a tinted cell, text for screen readers);
the table widget lists them under the table as well.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from kiosk.domain.formatting import format_rupiah, parse_rupiah
from kiosk.domain.model import Product
from kiosk.i18n import Lang
from ui.widgets.field_row import ShownIssue

# (model attribute, kind) in column order; headers are translated by the owner page.
# Kinds: text, money and bool are edited in the cell; shown, percent and count only show what
# the details panel under the table (ui/widgets/product_details.py) edits.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "text"),
    ("brand", "text"),
    ("price_idr", "money"),
    ("unit", "shown"),
    ("pdn", "bool"),
    ("kbli", "shown"),
    ("tkdn_percent", "percent"),
    ("photos", "count"),
)
EDITABLE_KINDS = frozenset({"text", "money", "bool"})
ISSUE_TINT = QColor("#fde7e7")
WARNING_TINT = QColor("#fff4d6")
Index = QModelIndex | QPersistentModelIndex


class ProductTableModel(QAbstractTableModel):
    """Products as rows; emits ``product_edited(row, field)`` after a cell changed."""

    product_edited = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Product] = []
        self._headers: list[str] = [name for name, _ in COLUMNS]
        self._issues: dict[tuple[int, str], list[ShownIssue]] = {}
        self.lang: Lang = "id"

    # -- data in and out -------------------------------------------------------------------------
    def set_products(self, products: list[Product]) -> None:
        self.beginResetModel()
        self._rows = [copy.deepcopy(p) for p in products]
        self._issues.clear()
        self.endResetModel()

    def products(self) -> list[Product]:
        return [copy.deepcopy(p) for p in self._rows]

    def product(self, row: int) -> Product:
        return self._rows[row]

    def set_headers(self, headers: list[str]) -> None:
        self._headers = list(headers)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def add_product(self) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(Product())
        self.endInsertRows()
        return row

    def refresh_row(self, row: int) -> None:
        """The details panel changed the row's product: show it again."""
        if 0 <= row < len(self._rows):
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def remove_product(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        # issues are keyed by row: shift the ones below the removed row up
        self._issues = {
            (r - 1 if r > row else r, f): v for (r, f), v in self._issues.items() if r != row
        }

    # -- issues ----------------------------------------------------------------------------------
    def set_issues(self, row: int, field: str, issues: Sequence[ShownIssue]) -> None:
        if issues:
            self._issues[(row, field)] = list(issues)
        else:
            self._issues.pop((row, field), None)
        col = [name for name, _ in COLUMNS].index(field) if field in dict(COLUMNS) else -1
        if col >= 0 and row < len(self._rows):
            idx = self.index(row, col)
            self.dataChanged.emit(idx, idx)

    def all_issues(self) -> list[tuple[int, str, ShownIssue]]:
        return [(r, f, i) for (r, f), issues in sorted(self._issues.items()) for i in issues]

    # -- Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if section < len(self._headers) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        kind = COLUMNS[index.column()][1]
        if kind == "bool":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable if kind in EDITABLE_KINDS else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        product = self._rows[index.row()]
        name, kind = COLUMNS[index.column()]
        value = getattr(product, name)
        issues = self._issues.get((index.row(), name), [])
        if role == Qt.ItemDataRole.DisplayRole:
            if kind == "money":
                return format_rupiah(value) if value is not None else ""
            if kind == "bool":
                return None
            if kind == "percent":
                return _percent_text(value)
            if kind == "count":
                return f"{len(value)}/3" if isinstance(value, list) else ""
            return value
        if role == Qt.ItemDataRole.EditRole:
            if kind == "money":
                return "" if value is None else str(value)
            return value
        if role == Qt.ItemDataRole.CheckStateRole and kind == "bool":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and kind == "money":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return " ".join(i.text(self.lang) for i in issues) or None
        if role == Qt.ItemDataRole.BackgroundRole and issues:
            errors = any(i.severity == "error" for i in issues)
            return ISSUE_TINT if errors else WARNING_TINT
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        product = self._rows[index.row()]
        name, kind = COLUMNS[index.column()]
        if kind == "bool" and role == Qt.ItemDataRole.CheckStateRole:
            new: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole and kind == "money":
            text = str(value or "").strip()
            try:
                new = parse_rupiah(text) if text else None
            except Exception:  # unreadable amount: keep the old value, the editor validates digits
                return False
        elif role == Qt.ItemDataRole.EditRole and kind == "text":
            new = str(value or "").strip()
        else:
            return False
        if getattr(product, name) == new:
            return True
        setattr(product, name, new)
        self.dataChanged.emit(index, index)
        self.product_edited.emit(index.row(), name)
        return True


def _percent_text(value: Any) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:g} %".replace(".", ",")
    return "" if value is None else str(value)


class _PriceDelegate(QStyledItemDelegate):
    """The price cell's editor takes digits only (the model parses and formats)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        from PySide6.QtCore import QRegularExpression
        from PySide6.QtGui import QRegularExpressionValidator

        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):  # what the default delegate makes for text
            editor.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9.]{0,20}")))
            editor.setObjectName("productPriceEditor")
            editor.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)  # the keyboard's pad
        return editor


class ProductTableView(QTableView):
    """Keyboard-friendly table: Insert adds a row, Delete removes it, F2/Enter edits.

    Signals:
        add_requested(), remove_requested(): the keyboard asked for a row to be added/removed.
    """

    add_requested = Signal()
    remove_requested = Signal()

    def __init__(self, model: ProductTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegateForColumn(
            [n for n, _ in COLUMNS].index("price_idr"), _PriceDelegate(self)
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        for col, width in enumerate((230, 120, 130, 80, 56, 70, 80)):
            self.setColumnWidth(col, width)
        self.verticalHeader().setVisible(True)
        QShortcut(
            QKeySequence(Qt.Key.Key_Insert),
            self,
            self.add_requested.emit,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        QShortcut(
            QKeySequence(Qt.Key.Key_Delete),
            self,
            self.remove_requested.emit,
            context=Qt.ShortcutContext.WidgetShortcut,
        )

    def edit_cell(self, row: int, field: str) -> None:
        col = [n for n, _ in COLUMNS].index(field)
        index = self.model().index(row, col)
        self.setCurrentIndex(index)
        self.edit(index)
