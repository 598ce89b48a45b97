"""Editing scan presets (supervisors): name, document type, layout, colour, resolution, quality,
scanner source and duplex; save, copy, delete, back to the defaults.

Presets are kiosk settings (:class:`kiosk.documents.presets.PresetBook`); every write goes through
``run_op``. Operators see the presets but cannot change them. Invalid values come back from the core
as ``documents.preset.invalid`` and are shown in the user's language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
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

from kiosk.domain.model import DocumentType
from ui.operations import run_op
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
    from kiosk.documents.presets import Preset, PresetBook
    from ui.context import AppContext


class PresetEditor(QWidget):
    """Signals: saved() — the presets in the settings changed."""

    saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPresetEditor")
        self.ctx = ctx
        self.presets: list[Preset] = []
        layout = QVBoxLayout(self)
        self.preset_list = QListWidget(self)
        self.preset_list.setObjectName("documentPresetList")
        layout.addWidget(self.preset_list)
        form = QFormLayout()
        self.name = line_edit("documentPresetName", parent=self)
        self.doc_type = QComboBox(self)
        self.doc_type.setObjectName("documentPresetType")
        self.layout_kind = QComboBox(self)
        self.layout_kind.setObjectName("documentPresetLayout")
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
        fields = (
            self.name,
            self.doc_type,
            self.layout_kind,
            self.color,
            self.dpi,
            self.quality,
            self.source,
        )
        self.labels = [add_row(form, w) for w in fields]
        form.addRow(self.duplex)
        layout.addLayout(form)
        self.message = message_label("documentPresetMessage", self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.reset_button = button("documentPresetReset", parent=self)
        self.delete_button = button("documentPresetDelete", parent=self)
        self.copy_button = button("documentPresetCopy", parent=self)
        self.save_button = button("documentPresetSave", primary=True, parent=self)
        for widget in (self.reset_button, self.delete_button, self.copy_button, self.save_button):
            row.addWidget(widget)
        layout.addLayout(row)
        self.preset_list.currentRowChanged.connect(self._show)
        self.save_button.clicked.connect(self.save)
        self.copy_button.clicked.connect(self.copy)
        self.delete_button.clicked.connect(self.delete)
        self.reset_button.clicked.connect(self.reset)
        for editor in (
            *fields,
            self.duplex,
            self.save_button,
            self.copy_button,
            self.delete_button,
            self.reset_button,
        ):
            editor.setEnabled(ctx.is_supervisor)  # operators may look; supervisors change
        self.retranslate()

    def retranslate(self) -> None:
        self.preset_list.setAccessibleName(self.tr("Scan presets"))
        texts = (
            self.tr("&Name:"),
            self.tr("Document &type:"),
            self.tr("&Layout:"),
            self.tr("&Colour:"),
            self.tr("&Resolution (dpi):"),
            self.tr("JPEG &quality:"),
            self.tr("&Source:"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            set_label(label, text)
        self.duplex.setText(self.tr("Both sides (&duplex)"))
        self.duplex.setAccessibleName(self.duplex.text().replace("&", ""))
        choices = {
            self.layout_kind: {
                "card": self.tr("ID cards (each card found on the glass)"),
                "page": self.tr("Paper page (straightened)"),
            },
            self.color: {
                "color": self.tr("Colour"),
                "gray": self.tr("Grey"),
                "text": self.tr("Grey, four tones (typed text)"),
                "bw": self.tr("Black and white"),
            },
            self.source: {"flatbed": self.tr("Flatbed"), "feeder": self.tr("Document feeder")},
            self.doc_type: {t.value: self.ctx.t(f"documents.type.{t.value}") for t in DocumentType},
        }
        for combo, names in choices.items():
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for key, text in names.items():
                combo.addItem(text, key)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        set_button(self.save_button, self.tr("&Save preset"))
        set_button(self.copy_button, self.tr("Save as &copy"))
        set_button(self.delete_button, self.tr("D&elete preset"))
        set_button(self.reset_button, self.tr("Back to &defaults"))

    def set_presets(self, presets: list[Preset]) -> None:
        current = self.preset_list.currentItem()
        name = current.text() if current is not None else ""
        self.presets = presets
        self.preset_list.clear()
        self.preset_list.addItems([p.name for p in presets])
        names = [p.name for p in presets]
        self.preset_list.setCurrentRow(names.index(name) if name in names else 0)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.presets):
            return
        preset = self.presets[row]
        self.name.setText(preset.name)
        for combo, value in (
            (self.doc_type, preset.doc_type.value),
            (self.layout_kind, preset.layout),
            (self.color, preset.color),
            (self.source, preset.source),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.dpi.setValue(preset.dpi)
        self.quality.setValue(preset.quality)
        self.duplex.setChecked(preset.duplex)

    def edited(self) -> Preset:
        preset = self.presets[self.preset_list.currentRow()]
        return dataclasses.replace(
            preset,
            name=self.name.text().strip(),
            doc_type=DocumentType(self.doc_type.currentData()),
            layout=self.layout_kind.currentData(),
            color=self.color.currentData(),
            dpi=self.dpi.value(),
            quality=self.quality.value(),
            source=self.source.currentData(),
            duplex=self.duplex.isChecked(),
        )

    def _write(self, change: Callable[[PresetBook], None]) -> None:
        from kiosk.documents.presets import PresetBook

        if not self.ctx.is_supervisor:
            return
        store = self.ctx.store
        run_op(
            self,
            lambda: change(PresetBook(store)),
            on_done=lambda _r: self._done(),
            on_error=lambda exc: show_error(self.message, self.ctx, exc),
        )

    def _done(self) -> None:
        show_message(self.message, self.tr("Presets saved."), "info")
        self.saved.emit()

    def save(self) -> None:
        if self.preset_list.currentRow() >= 0:
            old, preset = self.presets[self.preset_list.currentRow()].name, self.edited()
            self._write(lambda book: book.save(preset, replaces=old))

    def copy(self) -> None:
        if self.preset_list.currentRow() >= 0:
            preset = self.edited()
            taken = {p.name for p in self.presets}
            name, n = preset.name, 2
            while name in taken:
                name, n = f"{preset.name} ({n})", n + 1
            copy = dataclasses.replace(preset, name=name)
            self._write(lambda book: book.save(copy))

    def delete(self) -> None:
        if self.preset_list.currentRow() >= 0:
            name = self.presets[self.preset_list.currentRow()].name
            self._write(lambda book: book.delete(name))

    def reset(self) -> None:
        self._write(lambda book: book.reset())
