"""Find a registration by name, NIK, NIB, NPWP, phone or registration number.

Search runs as you type (after a short pause) in the background (``run_op`` → ``Store.search``);
results of an older query that arrive late are dropped. Keyboard: type, Down moves into the
results, Enter opens the highlighted one (Enter in the search box opens the first). Only masked
NIKs are shown in the list. A registration number that finds nothing because the registration was
erased on its owner's request (issue 13) says so, with the date, instead of "nothing found". A
registration in a district office's list (issue 14) shows the list's name in its own column, read
out as "from the district list …".

Signals:
    open_requested(str): open this registration (its id) in the detail page.
    back_requested(): leave the search (Back button or Escape).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.formatting import format_datetime
from ui.operations import run_op
from ui.widgets import intake_list_badge as list_badge
from ui.widgets.field_row import name_clear_button
from ui.widgets.forms import error_text
from ui.widgets.status_text import status_text

if TYPE_CHECKING:
    from kiosk.store import Summary
    from kiosk.store.erasure import Tombstone
    from ui.context import AppContext

ID_ROLE = Qt.ItemDataRole.UserRole
LIST_COLUMN = 6  # the district list the registration is in (issue 14)
SEARCH_DELAY_MS = 200


class SearchPage(QWidget):
    open_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SearchPage")
        self.ctx = ctx
        self._query_no = 0
        self._results: list[Summary] = []
        self._lists: dict[str, str] = {}  # registration id → the district list it is in
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.setProperty("role", "title")
        self.label = QLabel(self)
        self.label.setObjectName("search_text_label")
        self.text = QLineEdit(self)
        self.text.setObjectName("search_text")
        self.text.setClearButtonEnabled(True)
        self.label.setBuddy(self.text)
        self.state = QLabel(self)
        self.state.setObjectName("search_state")
        self.results = QTreeWidget(self)
        self.results.setObjectName("search_results")
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setAlternatingRowColors(True)
        self.back = QPushButton(self)
        self.back.setObjectName("search_back")
        self.back.clicked.connect(self.back_requested)
        self.results.setColumnCount(7)
        self.results.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.results.header().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.label)
        layout.addWidget(self.text)
        layout.addWidget(self.state)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.back, 0, Qt.AlignmentFlag.AlignLeft)
        QWidget.setTabOrder(self.text, self.results)
        QWidget.setTabOrder(self.results, self.back)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.text.textEdited.connect(lambda _t: self._timer.start())
        self.text.installEventFilter(self)
        self.results.itemActivated.connect(self._open_item)
        ctx.language_changed.connect(lambda _l: self.retranslate())
        ctx.registration_saved.connect(lambda _id: self.refresh())
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Find a registration"))
        self.back.setText(self.tr("Back"))
        self.label.setText(self.tr("&Name, NIK, NIB, NPWP, phone or registration number"))
        self.text.setAccessibleName(self.tr("Name, NIK, NIB, NPWP, phone or registration number"))
        self.text.setPlaceholderText(self.tr("e.g. Toko Maju, 6471…, KODE-20261125-0001"))
        self.results.setHeaderLabels(
            [
                self.tr("Registration no."),
                self.tr("Business"),
                self.tr("Owner"),
                self.tr("NIK"),
                self.tr("Status"),
                self.tr("Last change"),
                list_badge.column_title(),
            ]
        )
        self.results.setAccessibleName(self.tr("Search results"))
        name_clear_button(self.text, self.tr("Clear the search"))
        self._show(self._results)

    def focus_first(self) -> None:
        """Called by the shell when the page is shown."""
        self.focus_search()

    def focus_search(self) -> None:
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self.text.selectAll()

    def refresh(self) -> None:
        if self.text.text().strip():
            self.search_now()

    def search_now(self) -> None:
        self._timer.stop()
        query = self.text.text().strip()
        self._query_no += 1
        number = self._query_no
        if not query:
            self._results = []
            self._show([])
            return
        store = self.ctx.store

        def search() -> tuple[list[Summary], Tombstone | None, dict[str, str]]:
            from kiosk.importexport.origin import list_names
            from kiosk.store.erasure import tombstone_of

            found = store.search(query)
            lists = list_names(store, [s.id for s in found])
            return found, (None if found else tombstone_of(store, query)), lists

        run_op(
            self,
            search,
            on_done=lambda answer: self._arrived(number, *answer),
            on_error=lambda exc: self._failed(number, exc),
        )

    def result_ids(self) -> list[str]:
        return [s.id for s in self._results]

    def _arrived(
        self, number: int, found: list[Summary], erased: Tombstone | None, lists: dict[str, str]
    ) -> None:
        if number != self._query_no:
            return  # an older query answered late
        self._results, self._lists = list(found), dict(lists)
        self._show(self._results)
        if erased is not None:  # the number the person brought was erased on request
            self.state.setText(
                self.tr("Registration %1 was erased at the owner's request on %2.")
                .replace("%1", erased.reg_no)
                .replace("%2", format_datetime(erased.erased_at, self.ctx.lang))
            )

    def _failed(self, number: int, exc: BaseException) -> None:
        if number == self._query_no:
            self.state.setText(error_text(self.ctx, exc))

    def _show(self, found: list[Summary]) -> None:
        self.results.clear()
        for s in found:
            item = QTreeWidgetItem(
                [
                    s.reg_no,
                    s.business_name,
                    s.owner_name,
                    s.nik_masked,
                    status_text(s.status),
                    format_datetime(s.updated_at, self.ctx.lang) if s.updated_at else "",
                    self._lists.get(s.id, ""),
                ]
            )
            item.setData(0, ID_ROLE, s.id)
            if list_name := self._lists.get(s.id, ""):  # in a district list: said, and read out
                badge = list_badge.badge_text(list_name)
                item.setData(LIST_COLUMN, Qt.ItemDataRole.AccessibleTextRole, badge)
                item.setToolTip(LIST_COLUMN, badge)
            self.results.addTopLevelItem(item)
        if found:
            first = self.results.topLevelItem(0)
            if first is not None:  # always: one item per registration found
                self.results.setCurrentItem(first)
            self.state.setText(self.tr("%n registration(s) found. Enter opens.", "", len(found)))
        elif self.text.text().strip():
            self.state.setText(self.tr("Nothing found. Check the spelling or try another number."))
        else:
            self.state.setText("")

    def _open_item(self, item: QTreeWidgetItem) -> None:
        self.open_requested.emit(item.data(0, ID_ROLE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and not self.text.text():
                self.back_requested.emit()
                return True
            if event.key() == Qt.Key.Key_Down and self.results.topLevelItemCount():
                self.results.setFocus()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive() or not self._results:
                    self.search_now()
                elif (current := self.results.currentItem()) is not None:
                    self._open_item(current)
                return True
        return super().eventFilter(watched, event)
