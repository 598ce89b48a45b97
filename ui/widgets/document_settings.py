"""The "Documents" tab of the settings page: scanners, the "test scanner" action, scan presets.

- Scanners: the list the kiosk sees (refreshable) and **Test scanner**: one page from the chosen
  scanner through the pipeline, shown with its size, resolution, file size and time — for staff to
  tell "scanner not found" from "scanner works, preset wrong". Nothing is stored.
- Presets (supervisors): edit colour, resolution, quality, source and duplex of each preset, add a
  copy, delete, or go back to the defaults. Stored in the kiosk's settings (``documents.presets``).

Registered with :func:`ui.pages.settings_page.register_section` at import (key ``documents``).
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.operations import run_op
from ui.pages.shell_forms import (
    add_row,
    button,
    error_text,
    message_label,
    set_button,
    set_label,
    show_message,
)
from ui.widgets.document_preview import PagePreview


class DocumentSettings(QWidget):
    """Signals: none; it saves its own values."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentSettings")
        self.ctx = ctx
        self._presets: list[Any] = []
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.scanners = QListWidget(self)
        self.scanners.setObjectName("documentSettingsScanners")
        self.refresh_button = button("documentSettingsRefresh", parent=self)
        self.test_button = button("documentTestScanner", primary=True, parent=self)
        self.message = message_label("documentSettingsMessage", self)
        self.preview = PagePreview(self)
        self.preview.setObjectName("documentTestPreview")
        for widget in (self.scanners, self.refresh_button, self.test_button, self.message):
            left.addWidget(widget)
        left.addWidget(self.preview, 1)
        layout.addLayout(left, 1)

        right = QVBoxLayout()
        self.preset_list = QListWidget(self)
        self.preset_list.setObjectName("documentPresetList")
        right.addWidget(self.preset_list)
        form = QFormLayout()
        self.color = QComboBox(self)
        self.color.setObjectName("documentPresetColor")
        self.dpi = QSpinBox(self)
        self.dpi.setObjectName("documentPresetDpi")
        self.dpi.setRange(75, 600)
        self.quality = QSpinBox(self)
        self.quality.setObjectName("documentPresetQuality")
        self.quality.setRange(20, 95)
        self.source = QComboBox(self)
        self.source.setObjectName("documentPresetSource")
        self.duplex = QCheckBox(self)
        self.duplex.setObjectName("documentPresetDuplex")
        self.labels = [add_row(form, w) for w in (self.color, self.dpi, self.quality, self.source)]
        form.addRow(self.duplex)
        right.addLayout(form)
        buttons = QHBoxLayout()
        self.save_button = button("documentPresetSave", primary=True, parent=self)
        self.reset_button = button("documentPresetReset", parent=self)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        layout.addLayout(right, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.test_button.clicked.connect(self.test_scanner)
        self.preset_list.currentRowChanged.connect(self._show_preset)
        self.save_button.clicked.connect(self.save_preset)
        self.reset_button.clicked.connect(self.reset_presets)
        editors: tuple[QWidget, ...] = (
            self.color,
            self.dpi,
            self.quality,
            self.source,
            self.duplex,
            self.save_button,
            self.reset_button,
        )
        for editor in editors:  # operators may test scanners; only supervisors change presets
            editor.setEnabled(ctx.is_supervisor)
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
        self.preset_list.setAccessibleName(self.tr("Scan presets"))
        for label, text in zip(
            self.labels,
            (
                self.tr("&Colour:"),
                self.tr("&Resolution (dpi):"),
                self.tr("JPEG &quality:"),
                self.tr("&Source:"),
            ),
            strict=True,
        ):
            set_label(label, text)
        self.duplex.setText(self.tr("Both sides (&duplex)"))
        self.duplex.setAccessibleName(self.duplex.text().replace("&", ""))
        colors = {
            "color": self.tr("Colour"),
            "gray": self.tr("Grey"),
            "text": self.tr("Grey, four tones (typed text)"),
            "bw": self.tr("Black and white"),
        }
        sources = {"flatbed": self.tr("Flatbed"), "feeder": self.tr("Document feeder")}
        for combo, names in ((self.color, colors), (self.source, sources)):
            current = combo.currentData()
            combo.clear()
            for key, text in names.items():
                combo.addItem(text, key)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        set_button(self.save_button, self.tr("&Save preset"))
        set_button(self.reset_button, self.tr("Back to &defaults"))

    def refresh(self) -> None:
        store = self.ctx.store

        def load() -> tuple[list[Any], list[Any]]:
            from kiosk.documents.presets import PresetBook
            from kiosk.documents.scanner import list_scanners

            return list_scanners(), PresetBook(store).all()

        run_op(self, load, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, result: tuple[list[Any], list[Any]]) -> None:
        devices, self._presets = result
        self.scanners.clear()
        for info in devices:
            self.scanners.addItem(f"{info.name}  [{', '.join(info.sources)}]")
            self.scanners.item(self.scanners.count() - 1).setData(256, info.id)
        if devices:
            self.scanners.setCurrentRow(0)
        else:
            show_message(self.message, self.ctx.t("documents.scanner.none"))
        self.test_button.setEnabled(bool(devices))
        row = max(self.preset_list.currentRow(), 0)
        self.preset_list.clear()
        self.preset_list.addItems([p.name for p in self._presets])
        self.preset_list.setCurrentRow(min(row, len(self._presets) - 1))

    def _failed(self, exc: BaseException) -> None:
        show_message(self.message, error_text(self.ctx, exc))

    def test_scanner(self) -> None:
        item = self.scanners.currentItem()
        device = item.data(256) if item is not None else None
        show_message(self.message, self.tr("Scanning one page…"), "info")
        self.test_button.setEnabled(False)

        def work() -> tuple[bytes, Any, float]:
            from kiosk.documents import pipeline, scanner
            from kiosk.documents.presets import Preset

            start = time.perf_counter()
            settings = scanner.ScanSettings(dpi=150, mode="gray", source="flatbed")
            scanned = next(iter(scanner.scan(device, settings)))
            (page,) = pipeline.process(
                scanned.image, Preset("test", color="gray", dpi=150), source_dpi=scanned.dpi
            )[:1]
            return page.data, page, time.perf_counter() - start

        def done(result: tuple[bytes, Any, float]) -> None:
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

    # -- presets ---------------------------------------------------------------------------------
    def _show_preset(self, row: int) -> None:
        if not 0 <= row < len(self._presets):
            return
        preset = self._presets[row]
        self.color.setCurrentIndex(max(self.color.findData(preset.color), 0))
        self.dpi.setValue(preset.dpi)
        self.quality.setValue(preset.quality)
        self.source.setCurrentIndex(max(self.source.findData(preset.source), 0))
        self.duplex.setChecked(preset.duplex)

    def edited_preset(self) -> Any:
        preset = self._presets[self.preset_list.currentRow()]
        return dataclasses.replace(
            preset,
            color=self.color.currentData(),
            dpi=self.dpi.value(),
            quality=self.quality.value(),
            source=self.source.currentData(),
            duplex=self.duplex.isChecked(),
        )

    def save_preset(self) -> None:
        from kiosk.documents.presets import PresetBook

        if not self.ctx.is_supervisor or self.preset_list.currentRow() < 0:
            return
        preset, store = self.edited_preset(), self.ctx.store
        run_op(
            self,
            lambda: PresetBook(store).save(preset),
            on_done=lambda _r: self._saved(),
            on_error=self._failed,
        )

    def reset_presets(self) -> None:
        from kiosk.documents.presets import PresetBook

        if self.ctx.is_supervisor:
            store = self.ctx.store
            run_op(
                self,
                lambda: PresetBook(store).reset(),
                on_done=lambda _r: self._saved(),
                on_error=self._failed,
            )

    def _saved(self) -> None:
        show_message(self.message, self.tr("Presets saved."), "info")
        self.refresh()


def _register() -> None:
    from ui.pages.settings_page import register_section

    register_section(
        "documents",
        lambda: QCoreApplication.translate("DocumentSettings", "Documents"),
        DocumentSettings,
        supervisor_only=False,
    )


_register()
