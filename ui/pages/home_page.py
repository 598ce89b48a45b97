"""Home: start a registration, continue a draft, search, today's work and the sync status area.

The drafts list is read off the GUI thread each time the page is shown and when a registration
is saved (``ctx.registration_saved``). Enter or double-click on a draft continues it. A draft made
from a district office's list says so, with the list's name (issue 14).

Layout for a 1366×768 desk (issue 12 item 8): one header line (greeting, then Settings and Log
out beside it, not in a far corner), the two actions, then today's registrations of this desk
(:class:`ui.widgets.today_list.TodayPanel`) beside the drafts and the sync status, so the page
is filled with what the desk works on rather than empty space.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.operations import run_op
from ui.widgets import intake_list_badge as list_badge
from ui.widgets.intake_session import IntakeSessionBox
from ui.widgets.sync_status import SyncStatusBox
from ui.widgets.today_list import TodayPanel

if TYPE_CHECKING:
    from kiosk.store.records import Summary
    from ui.context import AppContext
    from ui.widgets.field_status import FieldStatusBox
from ui.widgets.forms import button, set_button, set_label


class HomePage(QWidget):
    """Signals: new_requested(); search_requested(); draft_requested(str): a registration id;
    registration_requested(str): a submitted registration's id (today's list);
    settings_requested(); logout_requested()."""

    new_requested = Signal()
    search_requested = Signal()
    draft_requested = Signal(str)
    registration_requested = Signal(str)
    settings_requested = Signal()
    logout_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("homePage")
        self._drafts: list[Summary] = []
        self._lists: dict[str, str] = {}  # draft id → the district list it came from
        self.greeting = theme.set_role(QLabel(self), role="title")
        self.new = button("homeNewRegistration", primary=True, parent=self)
        self.search = button("homeSearch", parent=self)
        self.settings = button("homeSettings", parent=self)
        self.logout = button("homeLogout", parent=self)
        self.drafts_label = theme.set_role(QLabel(self), role="subtitle")
        self.drafts_list = QListWidget(self)
        self.drafts_list.setObjectName("homeDrafts")
        self.drafts_label.setBuddy(self.drafts_list)
        self.empty = theme.set_role(QLabel(self), role="hint")
        self.empty.setObjectName("homeDraftsEmpty")
        self.resume = button("homeContinueDraft", parent=self)
        self.status = SyncStatusBox(ctx, self)
        self.intake = IntakeSessionBox(ctx, self)  # the intake session's progress
        self.field: FieldStatusBox | None = None  # field mode: battery, disk, receipts to send
        if ctx.field_mode:
            from ui.widgets.field_status import FieldStatusBox

            self.field = FieldStatusBox(ctx, self)
        self.today = TodayPanel(ctx, self)

        head = QHBoxLayout()
        head.addWidget(self.greeting, 1)
        head.addWidget(self.settings)
        head.addWidget(self.logout)
        actions = QGridLayout()
        actions.addWidget(self.new, 0, 0)
        actions.addWidget(self.search, 0, 1)
        actions.setColumnStretch(2, 1)
        right = QVBoxLayout()
        right.addWidget(self.drafts_label)
        right.addWidget(self.drafts_list, 1)
        right.addWidget(self.empty)
        draft_row = QHBoxLayout()
        draft_row.addWidget(self.resume)
        draft_row.addStretch(1)
        right.addLayout(draft_row)
        if self.field is not None:
            right.addWidget(self.field)
        right.addWidget(self.intake)
        right.addWidget(self.status)
        body = QHBoxLayout()
        body.addWidget(self.today, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(actions)
        layout.addLayout(body, 1)

        chain = [self.new, self.search, self.today.table, self.drafts_list, self.resume]
        chain += [self.status.sync_button]
        chain += [self.intake.open_button, self.intake.report_button, self.intake.close_button]
        chain += [self.settings, self.logout]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self.new.clicked.connect(self.new_requested)
        self.search.clicked.connect(self.search_requested)
        self.settings.clicked.connect(self.settings_requested)
        self.logout.clicked.connect(self.logout_requested)
        self.resume.clicked.connect(self._resume_selected)
        self.drafts_list.itemActivated.connect(lambda _item: self._resume_selected())
        self.today.open_requested.connect(self._open_from_today)
        self.drafts_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        ctx.registration_saved.connect(lambda _id: self.refresh())
        ctx.user_changed.connect(self.retranslate)
        self.retranslate()

    def refresh(self) -> None:
        """Re-read the drafts list and the outbox counts (off the GUI thread)."""
        if not self.ctx.has_store or self.ctx.user is None:
            return
        store = self.ctx.store

        def drafts() -> tuple[list[Summary], dict[str, str]]:
            from kiosk.importexport.origin import list_names

            found = store.list_drafts()
            return found, list_names(store, [s.id for s in found])

        run_op(self, drafts, on_done=lambda answer: self._show_drafts(*answer))
        self.status.refresh()
        self.intake.refresh()
        if self.field is not None:
            self.field.refresh()
        self.today.refresh()

    def _open_from_today(self, reg_id: str, status: str) -> None:
        (self.draft_requested if status == "draft" else self.registration_requested).emit(reg_id)

    def _show_drafts(self, drafts: list[Summary], lists: dict[str, str] | None = None) -> None:
        from kiosk.domain.formatting import format_datetime

        self._drafts = list(drafts)
        if lists is not None:
            self._lists = dict(lists)
        self.drafts_list.clear()
        for summary in self._drafts:
            name = summary.business_name or self.tr("(no business name yet)")
            when = format_datetime(summary.updated_at, self.ctx.lang)
            text = f"{summary.reg_no} — {name} — {when}"
            if list_name := self._lists.get(summary.id, ""):  # from a district list: which one
                text += f"  ·  {list_badge.badge_text(list_name)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self.drafts_list.addItem(item)
        if self._drafts:
            self.drafts_list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = bool(self._drafts)
        self.drafts_list.setVisible(has)
        self.empty.setVisible(not has)
        self.resume.setEnabled(self.drafts_list.currentItem() is not None)

    def _resume_selected(self) -> None:
        item = self.drafts_list.currentItem()
        if item is not None:
            self.draft_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def retranslate(self) -> None:
        user = self.ctx.user
        self.greeting.setText(
            self.tr("Welcome, {name}").format(name=user.full_name) if user else self.tr("Welcome")
        )
        set_button(self.new, self.tr("&New registration"), self.tr("Ctrl+N"))
        set_button(self.search, self.tr("&Search"), self.tr("Ctrl+F"))
        set_button(self.settings, self.tr("Se&ttings"))
        set_button(self.logout, self.tr("&Log out"))
        set_button(self.resume, self.tr("&Continue draft"))
        set_label(self.drafts_label, self.tr("&Drafts"))
        self.drafts_list.setAccessibleName(self.tr("Drafts"))
        self.empty.setText(self.tr("No drafts. Start a new registration."))
        self.status.retranslate()
        self.intake.retranslate()
        if self.field is not None:
            self.field.retranslate()
        self.today.retranslate()
        if self._drafts:
            self._show_drafts(self._drafts)
        self._update_buttons()
