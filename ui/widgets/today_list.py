"""Today at this desk: the registrations created or changed today, their status and their sync.

"Today" is the kiosk's day (its province's zone, WIB/WITA/WIT: :func:`start_of_today`), not the
machine's. The list is read off the GUI thread (:meth:`TodayPanel.refresh` with
``Store.list_changed_since``, plaintext columns only) and shows, newest first, the time, the
number, the business name, the status and where the registration stands with the central
("menunggu dikirim", "terkirim", "ditahan server pusat", or nothing for a draft, which never
travels). A line above the list sums it up for the desk ("12 hari ini · 3 draf · 2 menunggu
dikirim"). Enter or a double-click opens the registration (a draft in the wizard).

Signals:
    open_requested(str, str): the registration's id and its status (``draft`` or another).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.operations import run_op
from ui.widgets.status_text import status_text

if TYPE_CHECKING:
    from kiosk.store.records import DeskEntry
    from ui.context import AppContext

COLUMNS = ("time", "number", "name", "status", "sync")


def start_of_today(now: dt.datetime | None = None) -> dt.datetime:
    """Midnight of today in the kiosk's zone, as an aware datetime (compares with stored UTC)."""
    from kiosk.domain.timezones import display_zone

    local = (now or dt.datetime.now(dt.UTC)).astimezone(display_zone())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


class TodayPanel(QWidget):
    """Today's registrations of this desk (see the module docstring)."""

    open_requested = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("homeToday")
        self._entries: list[DeskEntry] = []
        self.heading = theme.set_role(QLabel(self), role="subtitle")
        self.summary = theme.set_role(QLabel(self), role="hint")
        self.summary.setObjectName("homeTodaySummary")
        self.summary.setWordWrap(True)
        self.table = QTreeWidget(self)
        self.table.setObjectName("homeTodayList")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setColumnCount(len(COLUMNS))
        header = self.table.header()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            mode = QHeaderView.ResizeMode.ResizeToContents
            if COLUMNS[column] == "name":
                mode = QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column, mode)
        self.heading.setBuddy(self.table)
        self.empty = theme.set_role(QLabel(self), role="hint")
        self.empty.setObjectName("homeTodayEmpty")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.table.itemActivated.connect(self._activated)
        self.retranslate()

    def refresh(self) -> None:
        """Re-read today's list (off the GUI thread)."""
        if not self.ctx.has_store:
            return
        store, since = self.ctx.store, start_of_today()
        run_op(self, lambda: store.list_changed_since(since), on_done=self._show)

    def entries(self) -> list[DeskEntry]:
        return list(self._entries)

    def _show(self, entries: list[DeskEntry]) -> None:
        from kiosk.domain.formatting import format_datetime

        self._entries = list(entries)
        self.table.clear()
        for entry in self._entries:
            s = entry.summary
            when = format_datetime(s.updated_at, self.ctx.lang).rsplit(" ", 2)[-2:]
            values = {
                "time": " ".join(when),  # "14.05 WITA": the day is today
                "number": s.reg_no,
                "name": s.business_name or self.tr("(no business name yet)"),
                "status": status_text(s.status),
                "sync": self._sync_text(entry),
            }
            item = QTreeWidgetItem([values[c] for c in COLUMNS])
            item.setData(0, Qt.ItemDataRole.UserRole, s.id)
            item.setData(1, Qt.ItemDataRole.UserRole, s.status)
            self.table.addTopLevelItem(item)
        first = self.table.topLevelItem(0)
        if first is not None:
            self.table.setCurrentItem(first)
        self._summarise()

    def _sync_text(self, entry: DeskEntry) -> str:
        state = entry.sync_state
        if state == "draft":
            return self.tr("not submitted")
        if state == "set_aside":
            return self.tr("held by the central server")
        if state == "waiting":
            return self.tr("waiting to be sent")
        return self.tr("sent")

    def _summarise(self) -> None:
        drafts = sum(1 for e in self._entries if e.sync_state == "draft")
        waiting = sum(1 for e in self._entries if e.sync_state == "waiting")
        held = sum(1 for e in self._entries if e.sync_state == "set_aside")
        parts = [self.tr("%n today", "", len(self._entries))]
        parts.append(self.tr("%n draft(s)", "", drafts))
        parts.append(self.tr("%n waiting to be sent", "", waiting))
        if held:
            parts.append(self.tr("%n held by the central server", "", held))
        self.summary.setText(" · ".join(parts))
        has = bool(self._entries)
        self.table.setVisible(has)
        self.summary.setVisible(has)
        self.empty.setVisible(not has)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.open_requested.emit(
            item.data(0, Qt.ItemDataRole.UserRole), item.data(1, Qt.ItemDataRole.UserRole)
        )

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Today at this desk"))
        headers = {
            "time": self.tr("Time"),
            "number": self.tr("Number"),
            "name": self.tr("Business name"),
            "status": self.tr("Status"),
            "sync": self.tr("Central server"),
        }
        self.table.setHeaderLabels([headers[c] for c in COLUMNS])
        self.table.setAccessibleName(self.tr("Today's registrations at this desk"))
        self.empty.setText(self.tr("Nothing registered at this desk today yet."))
        if self._entries:
            self._show(self._entries)
        else:
            self._summarise()
