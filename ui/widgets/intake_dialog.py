"""The "Open intake session" dialog: place, date, team, an optional district list and target.

The date starts at today in the kiosk's zone; the team is one name per line; the district list is
chosen among the lists imported on this kiosk (``registrations.origin_list``, read off the GUI
thread) or left empty. The core checks and opens (:func:`kiosk.intake.sessions.open_session`); a
refusal (another session open, no place) is shown under the form and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
)

from ui.operations import run_op
from ui.widgets.forms import add_row, line_edit, message_label, set_label, show_error

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.store import Store
    from ui.context import AppContext


def imported_lists(store: Store) -> list[str]:
    """Names of the district lists imported on this kiosk (runs off the GUI thread)."""
    with store.session(write=False) as session:
        rows = (
            session.connection()
            .exec_driver_sql(
                "SELECT DISTINCT origin_list FROM registrations WHERE origin_list != '' "
                "ORDER BY origin_list"
            )
            .all()
        )
    return [str(r[0]) for r in rows]


class OpenSessionDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("openSessionDialog")
        self.place = line_edit("sessionPlace", parent=self)
        self.day = QDateEdit(self)
        self.day.setObjectName("sessionDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.team = QPlainTextEdit(self)
        self.team.setObjectName("sessionTeam")
        self.team.setTabChangesFocus(True)
        self.team.setFixedHeight(80)
        self.target_list = QComboBox(self)
        self.target_list.setObjectName("sessionTargetList")
        self.target = QSpinBox(self)
        self.target.setObjectName("sessionTarget")
        self.target.setRange(0, 100_000)
        form = QFormLayout()
        self.labels = [
            add_row(form, w)
            for w in (self.place, self.day, self.team, self.target_list, self.target)
        ]
        self.message = message_label("sessionMessage", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("sessionButtons")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self._today()
        self.retranslate()
        if ctx.has_store:
            run_op(self, lambda: imported_lists(ctx.store), on_done=self._show_lists)

    def _today(self) -> None:
        from kiosk.domain.timezones import display_zone

        today = dt.datetime.now(display_zone()).date()
        self.day.setDate(QDate(today.year, today.month, today.day))

    def _show_lists(self, names: list[str]) -> None:
        for name in names:
            self.target_list.addItem(name, name)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Open intake session"))
        texts = [
            self.tr("&Place"),
            self.tr("&Date"),
            self.tr("&Team (one name per line)"),
            self.tr("District &list"),
            self.tr("T&arget registrations"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            set_label(label, text)
        if self.target_list.count() == 0:
            self.target_list.addItem(self.tr("(none)"), "")
        else:
            self.target_list.setItemText(0, self.tr("(none)"))
        self.target.setSpecialValueText(self.tr("(none)"))

    def _submit(self) -> None:
        from kiosk.intake.sessions import open_session

        qdate = self.day.date()
        day = dt.date(qdate.year(), qdate.month(), qdate.day())
        place, team = self.place.text(), self.team.toPlainText().splitlines()
        chosen, target, staff = (
            str(self.target_list.currentData() or ""),
            self.target.value(),
            self.ctx.staff_id,
        )
        self.buttons.setEnabled(False)
        run_op(
            self,
            lambda: open_session(
                self.ctx.store,
                place=place,
                day=day,
                team=team,
                staff_id=staff,
                target_list=chosen,
                target_count=target,
            ),
            on_done=lambda _s: self.accept(),
            on_error=self._refused,
        )

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        show_error(self.message, self.ctx, exc)
