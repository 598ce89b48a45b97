"""First run: name the service hall (MPP) and create the first supervisor account.

Shown only while the kiosk has no staff account at all. The account is made by
:func:`kiosk.staff.accounts.create_first_supervisor`, which refuses when an account appeared
meanwhile; the MPP and province names are stored as settings (``branding.mpp_name``,
``branding.province``) and shown in the header from then on. The province is picked from the
reference data's list (:class:`ui.widgets.province_picker.ProvincePicker`), not typed, because it
sets the kiosk's time zone (``receipts.timezone``: WIB, WITA or WIT, see
:mod:`kiosk.domain.timezones`), which every time on screen, on receipts and in exports uses.

Errors are shown all at once, each under its field (``setup…Error`` labels): what the page can
see before asking the core (empty fields, the two passwords differ, a password shorter than the
core's ``MIN_PASSWORD``, with the core's own sentence) is checked together; a refusal from the
core (a username it does not accept) lands under the field its code names.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain import timezones
from kiosk.errors import UserFacingError
from kiosk.staff import accounts
from ui import theme
from ui.operations import run_op
from ui.widgets.forms import (
    add_row,
    button,
    centered,
    line_edit,
    message_label,
    set_button,
    set_label,
    show_error,
    show_message,
)
from ui.widgets.province_picker import ProvincePicker

if TYPE_CHECKING:
    from ui.context import AppContext


class SetupPage(QWidget):
    """Signals: completed(object): the first supervisor (a StaffUser), already logged in."""

    completed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("setupPage")
        self.title = theme.set_role(QLabel(self), role="title")
        self.hint = theme.set_role(QLabel(self), role="hint")
        self.hint.setWordWrap(True)
        self.mpp_name = line_edit("setupMppName", parent=self)
        self.province = ProvincePicker("setupProvince", self)
        self.username = line_edit("setupUsername", parent=self)
        self.full_name = line_edit("setupFullName", parent=self)
        self.password = line_edit("setupPassword", password=True, parent=self)
        self.confirm = line_edit("setupPasswordConfirm", password=True, parent=self)
        self.message = message_label("setupMessage", self)
        self.submit = button("setupSubmit", primary=True, parent=self)

        form = QFormLayout()
        self.inputs = [
            self.mpp_name,
            self.province,
            self.username,
            self.full_name,
            self.password,
            self.confirm,
        ]
        self.labels = [add_row(form, w) for w in self.inputs]
        self.errors: dict[QWidget, QLabel] = {}
        for i, widget in enumerate(self.inputs):
            error = message_label(widget.objectName() + "Error", self)
            theme.with_role(error, severity="error")
            form.insertRow(2 * i + 1, "", error)  # under its field
            self.errors[widget] = error
        box = QWidget(self)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.hint)
        inner.addLayout(form)
        inner.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.submit)
        inner.addLayout(row)
        centered(self, box, 560, 820)

        chain = [*self.inputs, self.submit]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self.mpp_name.returnPressed.connect(self.province.setFocus)
        province_line = self.province.lineEdit()
        assert province_line is not None  # the picker is editable
        province_line.returnPressed.connect(self.username.setFocus)
        lines = [self.username, self.full_name, self.password, self.confirm]
        for current, following in itertools.pairwise(lines):
            current.returnPressed.connect(following.setFocus)
        self.confirm.returnPressed.connect(self.attempt)
        self.submit.clicked.connect(self.attempt)
        self.retranslate()

    def problems(self) -> dict[QWidget, str]:
        """Every problem the page can see before asking the core, by the input it is about."""
        found: dict[QWidget, str] = {}
        if not self.mpp_name.text().strip():
            found[self.mpp_name] = self.tr("Enter the name of the service hall (MPP).")
        if not self.province.code():
            found[self.province] = self.tr("Choose the province of the service hall.")
        if not self.username.text().strip():
            found[self.username] = self.tr("Enter a username for the supervisor.")
        if not self.full_name.text().strip():
            found[self.full_name] = UserFacingError("security.full_name.required").text(
                self.ctx.lang
            )
        if len(self.password.text()) < accounts.MIN_PASSWORD:
            found[self.password] = UserFacingError(
                "security.password.too_short", min=accounts.MIN_PASSWORD
            ).text(self.ctx.lang)
        elif self.password.text() != self.confirm.text():
            found[self.confirm] = self.tr("The two passwords are not the same.")
        return found

    def _show_problems(self, found: dict[QWidget, str]) -> None:
        for widget, label in self.errors.items():
            show_message(label, found.get(widget, ""))
            widget.setProperty("invalid", widget in found)
            theme.repolish(widget)
        show_message(self.message, "")
        first = next((w for w in self.inputs if w in found), None)
        if first is not None:
            if first is self.confirm:
                self.confirm.clear()
            first.setFocus()

    def attempt(self) -> None:
        found = self.problems()
        self._show_problems(found)
        if found:
            return
        store = self.ctx.store
        mpp, province, zone = (
            self.mpp_name.text().strip(),
            self.province.province(),
            self.province.zone(),
        )
        username, full_name = self.username.text(), self.full_name.text()
        password = self.password.text()

        def create() -> accounts.StaffUser:
            user = accounts.create_first_supervisor(store, username, full_name, password)
            store.set_setting("branding.mpp_name", mpp)
            store.set_setting("branding.province", province)
            store.set_setting(timezones.SETTING, zone)
            timezones.use_store_zone(store)
            return user

        self.submit.setEnabled(False)
        run_op(self, create, on_done=self._created, on_error=self._failed)

    def _created(self, user: accounts.StaffUser) -> None:
        self.password.clear()
        self.confirm.clear()
        self.submit.setEnabled(True)
        self.completed.emit(user)

    def _failed(self, exc: BaseException) -> None:
        self.submit.setEnabled(True)
        code = exc.code if isinstance(exc, UserFacingError) else ""
        field = {
            "security.username": self.username,
            "security.full_name": self.full_name,
            "security.password": self.password,
        }.get(code.rsplit(".", 1)[0])
        if field is not None and isinstance(exc, UserFacingError):
            self._show_problems({field: exc.text(self.ctx.lang)})
        else:
            show_error(self.message, self.ctx, exc)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Set up this kiosk"))
        self.hint.setText(
            self.tr(
                "Name the service hall and create the first supervisor account. Supervisors "
                "manage staff accounts and settings."
            )
        )
        texts = [
            self.tr("Service hall (&MPP) name"),
            self.tr("P&rovince"),
            self.tr("Supervisor &username"),
            self.tr("&Full name"),
            self.tr("&Password (at least 8 characters)"),
            self.tr("Repea&t the password"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            set_label(label, text)
        set_button(self.submit, self.tr("Create the account and start"))
        line = self.province.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Type or choose the province"))
