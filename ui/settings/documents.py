"""The "Documents" tab of the settings page: scanners, the "test scanner" action, scan presets.

- Scanners: the list the kiosk sees (refreshable) and **Test scanner**: one page from the chosen
  scanner through the pipeline, shown with its size, resolution, file size and time — for staff to
  tell "scanner not found" from "scanner works, preset wrong". Nothing is stored.
- Presets: :class:`ui.settings.document_presets.PresetEditor` (supervisors edit, others look).

A tab of :mod:`ui.settings.page` (key ``documents``, for everyone: operators look, supervisors
edit the presets).
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.operations import run_op
from ui.settings.document_presets import PresetEditor
from ui.settings.tab import SettingsTab
from ui.widgets.document_preview import PagePreview
from ui.widgets.forms import (
    button,
    message_label,
    set_button,
    show_error,
    show_message,
)

if TYPE_CHECKING:
    from kiosk.documents.pipeline import ProcessedPage
    from kiosk.documents.presets import Preset
    from kiosk.documents.scanner import ScannerInfo
    from ui.context import AppContext


def tab_title() -> str:
    return QCoreApplication.translate("DocumentSettings", "Documents")


class DocumentSettings(SettingsTab):
    """Signals: none; it saves its own values."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentSettings")
        self.ctx = ctx
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.scanners = QListWidget(self)
        self.scanners.setObjectName("documentSettingsScanners")
        self.refresh_button = button("documentSettingsRefresh", parent=self)
        self.test_button = button("documentTestScanner", primary=True, parent=self)
        self.message = message_label("documentSettingsMessage", self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # driver texts are not HTML
        self.preview = PagePreview(self)
        self.preview.setObjectName("documentTestPreview")
        for widget in (self.scanners, self.refresh_button, self.test_button, self.message):
            left.addWidget(widget)
        left.addWidget(self.preview, 1)
        layout.addLayout(left, 1)

        self.presets = PresetEditor(ctx, self)
        self.presets.saved.connect(self.refresh)
        layout.addWidget(self.presets, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.test_button.clicked.connect(self.test_scanner)
        theme.enforce_touch_targets(self)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.scanners.setAccessibleName(self.tr("Scanners"))
        set_button(self.refresh_button, self.tr("&Look for scanners"))
        set_button(
            self.test_button,
            self.tr("&Test scanner"),
            self.tr("Scan one page with the selected scanner and show it; nothing is saved"),
        )
        self.preview.set_names(self.tr("Test page"), self.tr("Scroll sideways"), self.tr("Scroll"))
        self.presets.retranslate()

    def refresh(self) -> None:
        store = self.ctx.store

        def load() -> tuple[list[ScannerInfo], list[Preset]]:
            from kiosk.documents.presets import PresetBook
            from kiosk.documents.scanner import list_scanners

            return list_scanners(), PresetBook(store).all()

        run_op(self, load, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, result: tuple[list[ScannerInfo], list[Preset]]) -> None:
        devices, presets = result
        self.scanners.clear()
        for info in devices:
            self.scanners.addItem(f"{info.name}  [{', '.join(info.sources)}]")
            self.scanners.item(self.scanners.count() - 1).setData(256, info.id)
        if devices:
            self.scanners.setCurrentRow(0)
        else:
            show_message(self.message, self.ctx.t("documents.scanner.none"))
        self.test_button.setEnabled(bool(devices))
        self.presets.set_presets(presets)

    def _failed(self, exc: BaseException) -> None:
        show_error(self.message, self.ctx, exc)

    def test_scanner(self) -> None:
        item = self.scanners.currentItem()
        device = item.data(256) if item is not None else None
        show_message(self.message, self.tr("Scanning one page…"), "info")
        self.test_button.setEnabled(False)

        def work() -> tuple[bytes, ProcessedPage, float]:
            from kiosk.documents import pipeline, scanner
            from kiosk.documents.presets import Preset

            start = time.perf_counter()
            settings = scanner.ScanSettings(dpi=150, mode="gray", source="flatbed")
            with contextlib.closing(scanner.scan(device, settings)) as pages:
                scanned = next(iter(pages))  # closing: the scanner is released at once
            (page,) = pipeline.process(
                scanned.image, Preset("test", color="gray", dpi=150), source_dpi=scanned.dpi
            )[:1]
            return page.data, page, time.perf_counter() - start

        def done(result: tuple[bytes, ProcessedPage, float]) -> None:
            data, page, seconds = result
            self.test_button.setEnabled(True)
            self.preview.set_image(QImage.fromData(data))
            show_message(
                self.message,
                self.tr("The scanner works: {w} × {h} px, {dpi} dpi, {kb} KB in {s:.1f} s.").format(
                    w=page.width, h=page.height, dpi=page.dpi, kb=round(len(data) / 1024), s=seconds
                ),
                "info",
            )

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self._failed(exc)

        run_op(self, work, on_done=done, on_error=failed)
