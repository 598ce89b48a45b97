"""Staff management for supervisors: list accounts, add one, reset a password, (de)activate.

Embedded in the settings page (only for supervisors). Every change goes through
:mod:`kiosk.staff.accounts` off the GUI thread and is recorded in the audit log with the
supervisor as actor. Accounts pulled from the central are shown but managed there.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.staff import accounts
from ui.operations import run_op
from ui.settings.tab import SettingsTab
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
    from ui.context import AppContext


class StaffPage(SettingsTab):
    """Signals: changed(): an account was added or changed."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("staffPage")
        self._staff: list[accounts.StaffUser] = []
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("staffTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.toggle_active = button("staffToggleActive", parent=self)
        self.new_password = line_edit("staffNewPassword", password=True, parent=self)
        self.reset = button("staffResetPassword", parent=self)

        self.add_box = QGroupBox(self)
        self.username = line_edit("staffUsername", parent=self.add_box)
        self.full_name = line_edit("staffFullName", parent=self.add_box)
        self.role = QComboBox(self.add_box)
        self.role.setObjectName("staffRole")
        self.password = line_edit("staffPassword", password=True, parent=self.add_box)
        self.create_button = button("staffCreate", primary=True, parent=self.add_box)
        form = QFormLayout(self.add_box)
        self.add_labels = [
            add_row(form, w) for w in (self.username, self.full_name, self.role, self.password)
        ]
        form.addRow(self.create_button)
        self.message = message_label("staffMessage", self)

        selected = QHBoxLayout()
        self.new_password_label = QLabel(self)
        self.new_password_label.setObjectName("staffNewPasswordLabel")
        self.new_password_label.setBuddy(self.new_password)
        selected.addWidget(self.toggle_active)
        selected.addStretch(1)
        selected.addWidget(self.new_password_label)
        selected.addWidget(self.new_password)
        selected.addWidget(self.reset)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(selected)
        layout.addWidget(self.message)
        layout.addWidget(self.add_box)

        chain = [self.table, self.toggle_active, self.new_password, self.reset]
        chain += [self.username, self.full_name, self.role, self.password, self.create_button]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.toggle_active.clicked.connect(self._toggle_active)
        self.reset.clicked.connect(self._reset_password)
        self.create_button.clicked.connect(self._create)
        self.password.returnPressed.connect(self._create)
        self.retranslate()

    # -- data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        store = self.ctx.store
        run_op(self, lambda: accounts.list_staff(store), on_done=self._show)

    def _show(self, staff: list[accounts.StaffUser]) -> None:
        selected = self.selected()
        self._staff = list(staff)
        self.table.setRowCount(len(self._staff))
        for row, user in enumerate(self._staff):
            cells = [user.username, user.full_name, self._role_text(user.role)]
            cells.append(self.tr("active") if user.active else self.tr("deactivated"))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if selected is not None and user.id == selected.id:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> accounts.StaffUser | None:
        rows = self.table.selectionModel().selectedRows()
        return self._staff[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        user = self.selected()
        local = user is not None and user.source == "local"
        self.toggle_active.setEnabled(local)
        self.reset.setEnabled(local)
        self.new_password.setEnabled(local)
        if user is not None and not user.active:
            set_button(self.toggle_active, self.tr("Re&activate"))
        else:
            set_button(self.toggle_active, self.tr("De&activate"))

    # -- actions ---------------------------------------------------------------------------------
    def _actor(self) -> str:
        user = self.ctx.user
        assert user is not None  # the tab is built for a logged-in supervisor only
        return user.username

    def _run(self, fn: Callable[[], object], done_text: str) -> None:
        def finished(_result: object) -> None:
            show_message(self.message, done_text, "ok")
            self.refresh()
            self.changed.emit()

        run_op(
            self,
            fn,
            on_done=finished,
            on_error=lambda exc: show_error(self.message, self.ctx, exc),
        )

    def _toggle_active(self) -> None:
        user, store, actor = self.selected(), self.ctx.store, self._actor()
        if user is None:
            return
        self._run(
            lambda: accounts.set_active(store, user.id, not user.active, actor=actor),
            self.tr("Account {name} changed.").format(name=user.username),
        )

    def _reset_password(self) -> None:
        user, store, actor = self.selected(), self.ctx.store, self._actor()
        password = self.new_password.text()
        self.new_password.clear()
        if user is None:
            return
        self._run(
            lambda: accounts.reset_password(store, user.id, password, actor=actor),
            self.tr("New password set for {name}.").format(name=user.username),
        )

    def _create(self) -> None:
        store, actor = self.ctx.store, self._actor()
        values = (self.username.text(), self.full_name.text(), self.role.currentData())
        password = self.password.text()
        self.password.clear()

        def create() -> accounts.StaffUser:
            return accounts.create_staff(store, *values, password, actor=actor)

        self._run(create, self.tr("Account {name} created.").format(name=values[0].strip()))
        self.username.clear()
        self.full_name.clear()

    def _role_text(self, role: str) -> str:
        return self.tr("Supervisor") if role == "supervisor" else self.tr("Operator")

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [self.tr("Username"), self.tr("Full name"), self.tr("Role"), self.tr("Status")]
        )
        self.table.setAccessibleName(self.tr("Staff accounts"))
        current = self.role.currentData()
        self.role.clear()
        for role in accounts.ROLES:
            self.role.addItem(self._role_text(role), role)
        self.role.setCurrentIndex(max(0, self.role.findData(current)))
        self.add_box.setTitle(self.tr("Add a staff account"))
        for label, text in zip(
            self.add_labels,
            [self.tr("&Username"), self.tr("&Full name"), self.tr("R&ole"), self.tr("&Password")],
            strict=True,
        ):
            set_label(label, text)
        set_label(self.new_password_label, self.tr("&New password"))
        set_button(self.reset, self.tr("&Reset password"))
        set_button(self.create_button, self.tr("Add &account"))
        self._show(self._staff)
