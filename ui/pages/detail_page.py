"""One registration: status, verdict reason, version history, data; correct, add documents, reprint,
withdraw consent.

Everything is read in the background (``Store.get`` + ``Store.history``); each opening is a
``registration.viewed`` entry in the audit log (who looked at whose data, issue 13). Corrections and
added documents go through :class:`ui.wizard.correction.CorrectionEditor` and become a new version
with a reason (``Store.correct``); drafts are continued in the wizard instead. Consent withdrawn at
the desk (:class:`ui.widgets.consent_withdrawal.ConsentWithdrawalDialog`, a supervisor confirms)
erases the registration here and starts its erasure at the central; the page then goes back to
the search.

Signals:
    continue_draft_requested(str): open this draft (its id) in the wizard.
    back_requested(): return to the search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.formatting import format_datetime
from kiosk.domain.model import Registration, Status
from kiosk.domain.wizard import Step
from ui.operations import run_op
from ui.pages.receipt_page import ReceiptPage
from ui.widgets.forms import error_text
from ui.widgets.status_text import status_text
from ui.wizard.correction import CorrectionEditor
from ui.wizard.steps.review import ReviewPage

if TYPE_CHECKING:
    from kiosk.store import VersionInfo
    from ui.context import AppContext


class DetailPage(QWidget):
    continue_draft_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DetailPage")
        self.ctx = ctx
        self.reg: Registration | None = None
        self.history: list[VersionInfo] = []
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.setProperty("role", "title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel(self)
        self.status.setObjectName("detail_status")
        self.status.setProperty("role", "subtitle")
        self.verdict = QLabel(self)
        self.verdict.setObjectName("detail_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.back = QPushButton(self)
        self.back.setObjectName("detail_back")
        self.continue_draft = QPushButton(self)
        self.continue_draft.setObjectName("detail_continue")
        self.correct = QPushButton(self)
        self.correct.setObjectName("detail_correct")
        self.add_documents = QPushButton(self)
        self.add_documents.setObjectName("detail_add_documents")
        self.reprint = QPushButton(self)
        self.reprint.setObjectName("detail_reprint")
        self.withdraw = QPushButton(self)
        self.withdraw.setObjectName("detail_withdraw")
        buttons = QHBoxLayout()
        for button in (self.back, self.continue_draft, self.correct, self.add_documents):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.withdraw)
        buttons.addWidget(self.reprint)
        self.data = ReviewPage(ctx, self)
        for section in self.data.sections.values():
            section.edit.hide()  # a submitted registration changes only through a correction
        self.data.title.hide()
        self.data.hint.hide()
        self.versions = QTreeWidget(self)
        self.versions.setObjectName("detail_history")
        self.versions.setRootIsDecorated(False)
        self.versions.setColumnCount(4)
        self.versions.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.receipt = ReceiptPage(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("detail_tabs")
        self.tabs.addTab(self.data, "")
        self.tabs.addTab(self.versions, "")
        self.tabs.addTab(self.receipt, "")
        self.editor = CorrectionEditor(ctx, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.verdict)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        self.back.clicked.connect(self.back_requested)
        self.continue_draft.clicked.connect(
            lambda: self.reg and self.continue_draft_requested.emit(self.reg.id)
        )
        self.correct.clicked.connect(lambda: self._start_correction(Step.BUSINESS))
        self.add_documents.clicked.connect(lambda: self._start_correction(Step.DOCUMENTS))
        self.reprint.clicked.connect(self._show_receipt)
        self.withdraw.clicked.connect(self._withdraw_consent)
        self.editor.corrected.connect(self._corrected)
        self.editor.cancelled.connect(lambda: self.stack.setCurrentWidget(self.tabs))
        ctx.language_changed.connect(lambda _l: self.retranslate())
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.back.setText(self.tr("Back to search"))
        self.continue_draft.setText(self.tr("Continue the draft"))
        self.correct.setText(self.tr("Correct data…"))
        self.add_documents.setText(self.tr("Add documents…"))
        self.reprint.setText(self.tr("Reprint receipt"))
        self.withdraw.setText(self.tr("Withdraw consent…"))
        self.withdraw.setAccessibleName(self.tr("Withdraw consent and erase this registration"))
        self.tabs.setTabText(0, self.tr("Data"))
        self.tabs.setTabText(1, self.tr("History"))
        self.tabs.setTabText(2, self.tr("Receipt"))
        self.versions.setHeaderLabels(
            [self.tr("Version"), self.tr("Saved"), self.tr("Reason"), self.tr("Fingerprint")]
        )
        self.versions.setAccessibleName(self.tr("Version history"))
        self.data.retranslate()
        self.editor.retranslate()
        self.receipt.retranslate()
        self._update()

    def focus_first(self) -> None:
        """Called by the shell when the page is shown."""
        self.tabs.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_registration(self, reg_id: str) -> None:
        store = self.ctx.store
        viewer = self.ctx.user.username if self.ctx.user is not None else "owner"

        def load() -> tuple[Registration, list[VersionInfo]]:
            from kiosk.staff import audit

            reg = store.get(reg_id)
            history = store.history(reg_id) if reg.status != Status.DRAFT else []
            audit.log(store, viewer, "registration.viewed", reg_id, {"reg_no": reg.reg_no})
            return reg, history

        run_op(self, load, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, loaded: tuple[Registration, list[VersionInfo]]) -> None:
        self.reg, self.history = loaded
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentWidget(self.data)
        self.data.load(self.reg)
        self._update()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(self.ctx, exc))

    def _update(self) -> None:
        reg = self.reg
        draft = reg is not None and reg.status == Status.DRAFT
        submitted = reg is not None and not draft
        self.continue_draft.setVisible(draft)
        self.correct.setVisible(submitted)
        self.add_documents.setVisible(submitted)
        self.reprint.setVisible(submitted)
        self.withdraw.setVisible(submitted and self.ctx.user is not None)
        if reg is None:
            self.title.setText(self.tr("Registration"))
            self.status.clear()
            self.verdict.hide()
            return
        self.title.setText(f"{reg.reg_no} — {reg.business.name}")
        self.status.setText(
            self.tr("Status: %1 · version %2")
            .replace("%1", status_text(reg.status))
            .replace("%2", str(reg.version))
        )
        self.verdict.setText(
            self.tr("Reason from the central office: %1").replace("%1", reg.verdict_reason)
        )
        self.verdict.setVisible(bool(reg.verdict_reason))
        self.versions.clear()
        for info in self.history:
            item = QTreeWidgetItem(
                [
                    str(info.version),
                    format_datetime(info.created_at, self.ctx.lang),
                    info.reason or self.tr("first submission"),
                    info.content_hash[:12],
                ]
            )
            self.versions.addTopLevelItem(item)

    def _start_correction(self, section: Step) -> None:
        if self.reg is None:
            return
        self.editor.edit(self.reg, section)
        self.stack.setCurrentWidget(self.editor)

    def _corrected(self, saved: Registration) -> None:
        self.show_registration(saved.id)

    def _withdraw_consent(self) -> None:
        if self.reg is None:
            return
        from ui.widgets.consent_withdrawal import ConsentWithdrawalDialog

        dialog = ConsentWithdrawalDialog(self.ctx, self.reg.id, self.reg.reg_no, self)
        dialog.accepted.connect(self._withdrawn)
        dialog.open()

    def _withdrawn(self) -> None:
        self.reg, self.history = None, []
        self._update()
        self.back_requested.emit()

    def _show_receipt(self) -> None:
        if self.reg is None:
            return
        if self.reg.status != Status.DRAFT:  # only a stored registration has a receipt
            self.receipt.set_registration(self.reg.id)
        self.tabs.setCurrentWidget(self.receipt)
