"""Importing a district office's list in the app: preview, hand mapping, then all or nothing.

The same core as ``kiosk import FILE --drafts`` (:mod:`kiosk.importexport.district`): choosing a
file reads it off the GUI thread and shows, before anything is stored, every column with what it
was understood as (a column not understood is marked and can be mapped by hand; changing a choice
reads the file again with it), and every row with what will happen to it (a draft, linked to a
registration already here, left out as a repeat, or refused) and its problems and notes.
"Import" is enabled only when no row has a problem, or when "keep the rows without problems" is
ticked; it stores everything in one transaction and remembers the hand mapping for the next file
with the same headers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui import theme
from ui.operations import run_op
from ui.widgets.forms import (
    add_row,
    button,
    line_edit,
    message_label,
    set_button,
    set_label,
    show_error,
    show_message,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.importexport.district import ListPreview
    from ui.context import AppContext


class ImportListDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importListDialog")
        self.resize(980, 640)
        self._path: Path | None = None
        self._preview: ListPreview | None = None
        self._by_hand: dict[str, str] = {}
        self.stored: list[str] = []  # the drafts' numbers, once stored
        self.first_id = ""  # the first stored draft's id ("" when none)
        self.choose = button("importListChoose", parent=self)
        self.file_label = QLabel(self)
        self.file_label.setObjectName("importListFile")
        self.list_name = line_edit("importListName", parent=self)
        form = QFormLayout()
        self.name_label = add_row(form, self.list_name)
        self.columns_label = theme.set_role(QLabel(self), role="subtitle")
        self.columns = QTableWidget(0, 2, self)
        self.columns.setObjectName("importListColumns")
        self.columns_label.setBuddy(self.columns)
        self.rows_label = theme.set_role(QLabel(self), role="subtitle")
        self.rows = QTableWidget(0, 4, self)
        self.rows.setObjectName("importListRows")
        self.rows_label.setBuddy(self.rows)
        for table in (self.columns, self.rows):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("importListSummary")
        self.summary.setWordWrap(True)
        self.partial = QCheckBox(self)
        self.partial.setObjectName("importListPartial")
        self.message = message_label("importListMessage", self)
        self.store_button = button("importListStore", primary=True, parent=self)
        self.cancel = button("importListCancel", parent=self)
        top = QHBoxLayout()
        top.addWidget(self.choose)
        top.addWidget(self.file_label, 1)
        tables = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.columns_label)
        left.addWidget(self.columns)
        right.addWidget(self.rows_label)
        right.addWidget(self.rows)
        tables.addLayout(left, 2)
        tables.addLayout(right, 3)
        bottom = QHBoxLayout()
        bottom.addWidget(self.partial)
        bottom.addStretch(1)
        bottom.addWidget(self.store_button)
        bottom.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addLayout(tables, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.choose.clicked.connect(self._choose)
        self.store_button.clicked.connect(self._store)
        self.cancel.clicked.connect(self.reject)
        self.partial.toggled.connect(lambda _on: self._update_buttons())
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import a district list"))
        set_button(self.choose, self.tr("&Choose file…"))
        set_label(self.name_label, self.tr("List &name"))
        set_label(self.columns_label, self.tr("C&olumns"))
        set_label(self.rows_label, self.tr("&Rows"))
        self.columns.setHorizontalHeaderLabels([self.tr("Column in the file"), self.tr("Read as")])
        self.rows.setHorizontalHeaderLabels(
            [
                self.tr("Row"),
                self.tr("What happens"),
                self.tr("Business"),
                self.tr("Problems and notes"),
            ]
        )
        self.partial.setText(self.tr("&Keep the rows without problems"))
        self.partial.setAccessibleName(self.partial.text().replace("&", ""))
        set_button(self.store_button, self.tr("&Import"))
        set_button(self.cancel, self.tr("Cancel"))
        if self._path is None:
            self.file_label.setText(self.tr("No file chosen (CSV or XLSX)."))

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a district list"), "", self.tr("Lists (*.xlsx *.csv)")
        )
        if not path:
            return
        self._path, self._by_hand = Path(path), {}
        self.file_label.setText(self._path.name)
        self.list_name.setText(self._path.stem)
        self._read()

    def _read(self) -> None:
        from kiosk.importexport.district import preview_list

        if self._path is None:
            return
        path, by_hand, name, lang = (
            self._path,
            dict(self._by_hand),
            self.list_name.text(),
            self.ctx.lang,
        )
        show_message(self.message, "")
        self.store_button.setEnabled(False)
        run_op(
            self,
            lambda: preview_list(self.ctx.store, path, by_hand=by_hand, list_name=name, lang=lang),
            on_done=self._show,
            on_error=self._failed,
            progress=self.tr("Reading the list…"),
        )

    def _failed(self, exc: BaseException) -> None:
        show_error(self.message, self.ctx, exc)
        self._update_buttons()

    def _show(self, preview: ListPreview) -> None:
        from kiosk.importexport.headers import IGNORE, field_label, mappable_fields

        self._preview = preview
        lang = self.ctx.lang
        choices = [(IGNORE, self.tr("(not used)"))]
        choices += [(name, field_label(name, lang)) for name in mappable_fields()]
        shown = [(i, h) for i, h in enumerate(preview.headers) if h]
        self.columns.setRowCount(len(shown))
        for row, (index, header) in enumerate(shown):
            item = QTableWidgetItem(header)
            target = preview.mapping[index]
            if target is None:
                item.setText(self.tr("{header} (not understood)").format(header=header))
            self.columns.setItem(row, 0, item)
            combo = QComboBox(self.columns)
            combo.setObjectName(f"importListMap{row}")
            combo.setAccessibleName(self.tr("Read column {header} as").format(header=header))
            for key, label in choices:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(target or IGNORE)))
            combo.currentIndexChanged.connect(
                lambda _i, h=header, c=combo: self._mapped(h, str(c.currentData()))
            )
            self.columns.setCellWidget(row, 1, combo)
        actions = {
            "draft": self.tr("draft"),
            "link": self.tr("linked to {number}"),
            "skip": self.tr("left out (repeat)"),
            "refused": self.tr("refused"),
        }
        self.rows.setRowCount(len(preview.rows))
        for row, plan in enumerate(preview.rows):
            business = plan.reg.business.name if plan.reg is not None else ""
            texts = [f"{p.column}: {p.message}" for p in [*plan.problems, *plan.notes]]
            cells = [
                str(plan.row),
                actions[plan.action].format(number=plan.linked_reg_no),
                business,
                "\n".join(texts),
            ]
            for column, text in enumerate(cells):
                self.rows.setItem(row, column, QTableWidgetItem(text))
        self.rows.resizeRowsToContents()
        problems = sum(1 for r in preview.rows if r.problems)
        self.summary.setText(
            self.tr(
                "{drafts} drafts, {links} linked, {skips} left out, {problems} rows with problems"
            ).format(
                drafts=preview.count("draft"),
                links=preview.count("link"),
                skips=preview.count("skip"),
                problems=problems,
            )
        )
        self._update_buttons()

    def _mapped(self, header: str, target: str) -> None:
        self._by_hand[header] = target
        self._read()

    def _update_buttons(self) -> None:
        preview = self._preview
        ready = preview is not None and (not preview.problems or self.partial.isChecked())
        self.store_button.setEnabled(bool(ready))
        self.partial.setEnabled(preview is not None and bool(preview.problems))

    def _store(self) -> None:
        from kiosk.importexport.district import store_list

        preview = self._preview
        if preview is None:
            return
        preview.list_name = self.list_name.text().strip() or preview.list_name
        partial, staff, remember = self.partial.isChecked(), self.ctx.staff_id, dict(self._by_hand)
        self.store_button.setEnabled(False)
        store = self.ctx.store

        def write() -> tuple[list[str], str]:
            numbers = store_list(store, preview, partial=partial, staff_id=staff, remember=remember)
            return numbers, store.get_by_reg_no(numbers[0]).id if numbers else ""

        run_op(
            self,
            write,
            on_done=self._stored,
            on_error=self._failed,
            progress=self.tr("Storing the drafts…"),
        )

    def _stored(self, result: tuple[list[str], str]) -> None:
        self.stored, self.first_id = result
        self.accept()
