"""The intake session box of the home page: the open session's progress, open/close, the report.

Without an open session it says so and offers "Open session…" (supervisors only: opening and
closing are theirs, as in ``kiosk session``); "Import district list…" is the supervisor's too
(:class:`ui.widgets.intake_import.ImportListDialog`). With an open session it shows the place and
date and what the team has done so far: registered, drafts, documents missing, receipts printed
(and the target when one was set), re-read off the GUI thread when the page is shown and after
every save. "Session report…" writes the PDF or XLSX (by the chosen name) off the GUI thread;
"Close session" asks first. The counting and the report are the core's (:mod:`kiosk.intake`);
this box only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout

from ui import theme
from ui.operations import run_op
from ui.widgets.forms import button, message_label, set_button, show_error, show_message

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.intake.sessions import IntakeSession, Progress
    from ui.context import AppContext


@dataclass(frozen=True)
class SessionView:
    session: IntakeSession | None  # the open one
    progress: Progress | None
    last: IntakeSession | None = None  # without an open one: the last closed (for its report)


def read_session(ctx: AppContext) -> SessionView:
    """The open session and its progress, else the last session (runs off the GUI thread)."""
    from kiosk.errors import UserFacingError
    from kiosk.intake.sessions import current_session, get_session, progress

    intake = current_session(ctx.store)
    if intake is not None:
        return SessionView(intake, progress(ctx.store, intake))
    try:
        return SessionView(None, None, get_session(ctx.store))
    except UserFacingError:  # no session ever
        return SessionView(None, None)


class IntakeSessionBox(QFrame):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("intakeSession")
        self._view = SessionView(None, None)
        self.title = theme.set_role(QLabel(self), role="subtitle")
        self.title.setObjectName("intakeSessionTitle")
        self.counts = QLabel(self)
        self.counts.setObjectName("intakeSessionCounts")
        self.counts.setWordWrap(True)
        self.counts.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.message = message_label("intakeSessionMessage", self)
        self.open_button = button("intakeSessionOpen", parent=self)
        self.report_button = button("intakeSessionReport", parent=self)
        self.close_button = button("intakeSessionClose", parent=self)
        self.import_button = button("intakeImportList", parent=self)
        buttons = QHBoxLayout()
        for widget in (self.open_button, self.report_button, self.close_button, self.import_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.counts)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self._open)
        self.report_button.clicked.connect(self._report)
        self.close_button.clicked.connect(self._close)
        self.import_button.clicked.connect(self._import)
        ctx.registration_saved.connect(lambda _id: self.refresh())
        self.retranslate()

    def refresh(self) -> None:
        if not self.ctx.has_store or self.ctx.user is None:
            return
        run_op(self, lambda: read_session(self.ctx), on_done=self._show, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        show_error(self.message, self.ctx, exc)

    def _show(self, view: SessionView) -> None:
        self._view = view
        self.retranslate()

    def retranslate(self) -> None:
        from kiosk.domain.formatting import format_date

        intake, done = self._view.session, self._view.progress
        supervisor = self.ctx.is_supervisor
        set_button(self.open_button, self.tr("&Open intake session…"))
        set_button(self.report_button, self.tr("Session &report…"))
        self.report_button.setToolTip("")
        set_button(self.close_button, self.tr("Close sess&ion"))
        self.open_button.setVisible(intake is None and supervisor)
        self.close_button.setVisible(intake is not None and supervisor)
        self.report_button.setVisible(intake is not None or self._view.last is not None)
        set_button(self.import_button, self.tr("&Import district list…"))
        self.import_button.setVisible(supervisor)
        if intake is None or done is None:
            self.title.setText(self.tr("No intake session open"))
            self.counts.setText(
                self.tr("A supervisor opens one for a day at a market or village hall.")
            )
            last = self._view.last
            if last is not None:
                set_button(self.report_button, self.tr("&Report of the last session…"))
                self.report_button.setToolTip(
                    f"{last.place}, {format_date(last.day, self.ctx.lang)}"
                )
            return
        self.title.setText(
            self.tr("Intake session: {place}, {day}").format(
                place=intake.place, day=format_date(intake.day, self.ctx.lang)
            )
        )
        lines = [
            self.tr("Registered: {n}").format(n=done.registered),
            self.tr("Drafts: {n}").format(n=done.drafts),
            self.tr("Documents missing: {n}").format(n=done.documents_missing),
            self.tr("Receipts printed: {n}").format(n=done.receipts_printed),
        ]
        if done.target:
            lines.append(self.tr("Target: {n}").format(n=done.target))
        if intake.target_list:
            lines.append(self.tr("Still to come from the list: {n}").format(n=done.list_remaining))
        self.counts.setText("\n".join(lines))
        self.counts.setAccessibleName(self.title.text() + ". " + ". ".join(lines))

    def _open(self) -> None:
        from ui.widgets.intake_dialog import OpenSessionDialog

        dialog = OpenSessionDialog(self.ctx, self)
        if dialog.exec():
            show_message(self.message, "")
            self.refresh()

    def _import(self) -> None:
        from ui.widgets.intake_import import ImportListDialog

        dialog = ImportListDialog(self.ctx, self)
        if dialog.exec() and dialog.stored is not None:
            show_message(
                self.message,
                self.tr("{n} drafts from the district list stored.").format(n=len(dialog.stored)),
                "ok",
            )
            if dialog.first_id:  # the home page's drafts list and the counts read again
                self.ctx.registration_saved.emit(dialog.first_id)
            self.refresh()

    def _report(self) -> None:
        from pathlib import Path

        intake = self._view.session or self._view.last
        if intake is None:
            return
        suggested = f"laporan-sesi-{intake.day.isoformat()}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the session report"),
            suggested,
            self.tr("PDF (*.pdf);;Excel (*.xlsx)"),
        )
        if not path:
            return
        target, lang = Path(path), self.ctx.lang

        def write() -> Path:
            from kiosk.intake.report import build_report
            from kiosk.intake.report_pdf import write_report

            write_report(build_report(self.ctx.store, intake, lang), target, lang)
            return target

        run_op(
            self,
            write,
            on_done=lambda p: show_message(
                self.message, self.tr("Report saved: {name}").format(name=p.name), "ok"
            ),
            on_error=self._failed,
            progress=self.tr("Writing the session report…"),
        )

    def _close(self) -> None:
        from kiosk.intake.sessions import close_session

        answer = QMessageBox.question(
            self,
            self.tr("Close the intake session"),
            self.tr("Close the session? Registrations made from now on carry no session."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        staff = self.ctx.staff_id
        run_op(
            self,
            lambda: close_session(self.ctx.store, staff_id=staff),
            on_done=lambda _s: self.refresh(),
            on_error=self._failed,
        )
