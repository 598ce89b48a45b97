"""The Sync tab's "Carry by file" box: an offline bundle for the central, and its confirmation.

For a laptop that will not see a network for days (issue 14.3): "Write bundle…" asks where to
save (a USB stick) and how large each part may be, and writes every registration version and page
the central has not confirmed (:func:`kiosk.bundle.export.export_bundle`, off the GUI thread with
progress) — or, with nothing to send, a small request bundle whose confirmation brings back what
the central has to tell; "Take in confirmation…" reads the small file the central wrote back
(:func:`kiosk.bundle.confirm.apply_confirmation`). The status line says how many versions were
sent by bundle and wait for the central's confirmation. No business rule here: the box only asks
and shows; refusals come back as the core's bilingual messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.operations import run_op
from ui.widgets.forms import (
    add_row,
    button,
    message_label,
    set_button,
    set_label,
    show_error,
    show_message,
)

if TYPE_CHECKING:
    from kiosk.bundle.confirm import ConfirmResult
    from kiosk.bundle.export import ExportResult
    from ui.context import AppContext


class BundleBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("bundleBox")
        self.status = theme.set_role(QLabel(self), role="hint")
        self.status.setObjectName("bundleStatus")
        self.status.setWordWrap(True)
        self.split = QSpinBox(self)
        self.split.setObjectName("bundleSplitMb")
        self.split.setRange(0, 100_000)
        self.split.setSingleStep(100)
        self.export = button("bundleExport", primary=True, parent=self)
        self.confirm = button("bundleConfirm", parent=self)
        self.message = message_label("bundleMessage", self)
        form = QFormLayout()
        self.split_label = add_row(form, self.split)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.confirm)
        row.addWidget(self.export)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.setTabOrder(self.split, self.confirm)
        self.setTabOrder(self.confirm, self.export)
        self.export.clicked.connect(self.start_export)
        self.confirm.clicked.connect(self.start_confirm)
        self._waiting = 0
        self.retranslate()

    # -- what the tests replace: the file dialogs --------------------------------------------------
    def choose_target(self) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the bundle"), "kios.bundle", self.tr("Bundles (*.bundle)")
        )
        return path

    def choose_confirmation(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("The central's confirmation"), "", self.tr("Confirmations (*.json)")
        )
        return path

    # -- actions ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        store = self.ctx.store

        def count() -> int:
            from kiosk.bundle.confirm import sent_by_bundle

            return sent_by_bundle(store)

        run_op(self, count, on_done=self._show_waiting, on_error=lambda _e: None)

    def _show_waiting(self, waiting: int) -> None:
        self._waiting = waiting
        self.status.setText(
            self.tr(
                "Sent by bundle, waiting for the central's confirmation: %n version(s).",
                "",
                waiting,
            )
        )

    def start_export(self) -> None:
        target = self.choose_target()
        if not target:
            return
        store, actor = self.ctx.store, self.ctx.staff_id or "staff"
        split = self.split.value() or None

        def write() -> ExportResult:
            from kiosk.bundle.export import export_bundle

            return export_bundle(store, Path(target), split_mb=split, actor=actor)

        self.export.setEnabled(False)
        run_op(self, write, on_done=self._exported, on_error=self._failed,
               progress=self.tr("Writing the bundle…"))  # fmt: skip

    def _exported(self, result: ExportResult) -> None:
        from kiosk.i18n import tr as core_tr

        self.export.setEnabled(True)
        if result.request:  # nothing to send: the file only asks for the central's news
            size = f"{result.bytes / 1_000_000:.1f} MB"
            text = core_tr("bundle.request_written", self.ctx.lang, bundle=result.bundle_id[:8],
                           size=size, files=len(result.files))  # fmt: skip
            show_message(self.message, text, "ok")
            self.refresh()
            return
        text = self.tr(
            "Bundle written: %n registration version(s), {pages} pages in {files} file(s). "
            "Take it to the central.",
            "",
            result.items,
        ).format(pages=result.pages, files=len(result.files))
        show_message(self.message, text, "ok")
        self.refresh()

    def start_confirm(self) -> None:
        path = self.choose_confirmation()
        if not path:
            return
        store, actor = self.ctx.store, self.ctx.staff_id or "staff"

        def take_in() -> ConfirmResult:
            from kiosk.bundle.confirm import apply_confirmation

            return apply_confirmation(store, Path(path), actor=actor)

        run_op(self, take_in, on_done=self._confirmed, on_error=self._failed, progress=True)

    def _confirmed(self, result: ConfirmResult) -> None:
        from kiosk.i18n import tr as core_tr

        text = self.tr("The central confirmed %n version(s).", "", result.confirmed)
        if result.events or result.erasures_reported:  # what a sync's pull would have told
            told = core_tr("bundle.told", self.ctx.lang, events=result.events,
                      erasures=result.erasures_reported)  # fmt: skip
            text = f"{text} {told}"
        if result.revoked:
            text = f"{text} {core_tr('bundle.revoked_here', self.ctx.lang)}"
        show_message(self.message, text, "warning" if result.revoked else "ok")
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.export.setEnabled(True)
        show_error(self.message, self.ctx, exc)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Carry by file (no network)"))
        set_label(self.split_label, self.tr("Split into parts of at most (MB, 0 = one file)"))
        set_button(
            self.export,
            self.tr("&Write bundle…"),
            self.tr("Save everything the central has not confirmed to a file, e.g. a USB stick"),
        )
        set_button(
            self.confirm,
            self.tr("Take in &confirmation…"),
            self.tr("Read the confirmation file the central wrote for a bundle"),
        )
        self._show_waiting(self._waiting)
