"""The widgets of the documents step, built and labelled in one place (the page wires them).

Keeping construction and texts here keeps :mod:`ui.wizard.steps.documents` about behaviour. Every
input has an objectName and an accessibleName; combo boxes have buddy labels; buttons are at least
48 px high so they work on a touch screen.

What is on screen follows what can be done (issue 12 item 6): before the first page of a document
the page area says what to do (:attr:`DocumentControls.empty`) and no page button is shown; the
page buttons appear with the first page (Undo only after a delete), Cancel only while capturing;
the pages are a grid of large thumbnails (:class:`ui.widgets.document_pages.PageStrip`) beside the
preview and its zoom buttons.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.model import DocumentType
from ui import theme
from ui.widgets.document_pages import PageStrip
from ui.widgets.document_preview import PagePreview
from ui.widgets.forms import button, message_label, set_button, set_label

if TYPE_CHECKING:
    from kiosk.documents.presets import Preset
    from kiosk.documents.scanner import ScannerInfo
    from kiosk.documents.status import ChecklistRow
    from kiosk.i18n import Lang


MARKED_ROLE = Qt.ItemDataRole.UserRole + 2  # a required document still missing, marked
MISSING_COLOUR = "#b3261e"  # the error red of resources/styles/kiosk.qss


class DocumentControls(QObject):
    """Not a widget: the holder of the page's child widgets and their texts (no signals)."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.page = page
        self.title = QLabel(page)
        self.title.setObjectName("pageTitle")
        self.title.setProperty("role", "title")
        self.hint = QLabel(page)
        self.hint.setObjectName("pageHint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.checklist_box = QGroupBox(page)
        self.checklist_box.setObjectName("documentChecklistBox")
        box = QVBoxLayout(self.checklist_box)
        self.checklist = QListWidget(self.checklist_box)
        self.checklist.setObjectName("documentChecklist")
        self.checklist.setWordWrap(True)
        box.addWidget(self.checklist)

        self.preset_label = QLabel(page)
        self.preset = QComboBox(page)
        self.preset.setObjectName("documentPreset")
        self.preset_label.setBuddy(self.preset)
        self.device_label = QLabel(page)
        self.device = QComboBox(page)
        self.device.setObjectName("documentScanner")
        self.device_label.setBuddy(self.device)
        self.scan = button("documentScan", primary=True, parent=page)
        self.camera = button("documentCamera", parent=page)
        self.import_files = button("documentImport", parent=page)
        self.cancel = button("documentCancel", parent=page)
        # the scanner's name is long ("Brother ADS-2200 (sane:...)"): the combo takes the room left
        self.device.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.device.setMinimumContentsLength(14)
        self.preset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # names whole
        self.capture_row = QHBoxLayout()
        for widget in (
            self.preset_label,
            self.preset,
            self.device_label,
            self.device,
            self.scan,
            self.camera,
            self.import_files,
            self.cancel,
        ):
            self.capture_row.addWidget(widget, 1 if widget is self.device else 0)

        self.progress = QProgressBar(page)
        self.progress.setObjectName("documentProgress")
        self.progress.setRange(0, 0)  # busy indicator: a feeder does not say how many sheets
        self.status = message_label("documentStatus", page)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # file names are user text, not HTML
        self.retry = button("documentRetry", parent=page)
        self.retry.setVisible(False)
        self.status_row = QHBoxLayout()
        self.status_row.addWidget(self.progress)
        self.status_row.addWidget(self.status, 1)
        self.status_row.addWidget(self.retry)

        self.pages = PageStrip(page)
        self.empty = QLabel(page)
        self.empty.setObjectName("documentEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "hint")
        self.rotate_left = button("documentRotateLeft", parent=page)
        self.rotate_right = button("documentRotateRight", parent=page)
        self.earlier = button("documentMoveEarlier", parent=page)
        self.later = button("documentMoveLater", parent=page)
        self.delete = button("documentDeletePage", parent=page)
        self.undo = button("documentUndo", parent=page)
        self.zoom_in = button("documentZoomIn", parent=page)
        self.zoom_out = button("documentZoomOut", parent=page)
        self.zoom_fit = button("documentZoomFit", parent=page)
        # One row under the page area (not under the grid alone: beside the preview it was too
        # narrow at 1366 px and Qt cut the labels off); shown only while there are pages.
        self.page_row = QHBoxLayout()
        for widget in (
            self.rotate_left,
            self.rotate_right,
            self.earlier,
            self.later,
            self.delete,
            self.undo,
        ):
            widget.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            self.page_row.addWidget(widget)
        self.page_row.addStretch(1)
        self.preview = PagePreview(page)
        zoom = QHBoxLayout()
        zoom.addStretch(1)
        for widget in (self.zoom_out, self.zoom_fit, self.zoom_in):
            widget.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            zoom.addWidget(widget)
        # The page area: what to do while there is no page; else the grid beside the preview.
        grid_column = QWidget(page)
        grid_layout = QVBoxLayout(grid_column)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.pages, 1)
        preview_column = QWidget(page)
        preview_layout = QVBoxLayout(preview_column)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addLayout(zoom)
        self.work = QSplitter(Qt.Orientation.Horizontal, page)
        self.work.setObjectName("documentWork")
        self.work.setChildrenCollapsible(False)
        self.work.addWidget(grid_column)
        self.work.addWidget(preview_column)
        self.work.setStretchFactor(0, 3)
        self.work.setStretchFactor(1, 2)
        self.pages_area = QStackedWidget(page)
        self.pages_area.setObjectName("documentPagesArea")
        self.pages_area.addWidget(self.empty)
        self.pages_area.addWidget(self.work)
        self.zoom_in.clicked.connect(self.preview.zoom_in)
        self.zoom_out.clicked.connect(self.preview.zoom_out)
        self.zoom_fit.clicked.connect(self.preview.fit)
        self._type_labels: dict[str, str] = {}
        self._no_scanner = False
        theme.enforce_touch_targets(page)
        order = (
            self.checklist,
            self.preset,
            self.device,
            self.scan,
            self.camera,
            self.import_files,
            self.cancel,
            self.retry,
            self.pages,
            self.rotate_left,
            self.rotate_right,
            self.earlier,
            self.later,
            self.delete,
            self.undo,
            self.zoom_out,
            self.zoom_fit,
            self.zoom_in,
            self.preview,
        )
        for first, second in itertools.pairwise(order):  # the order of the work
            QWidget.setTabOrder(first, second)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Documents"))
        self.hint.setText(
            self.tr("Choose a document on the left, then scan it, photograph it or import a file.")
        )
        self.checklist_box.setTitle(self.tr("Documents for this business"))
        self.checklist.setAccessibleName(self.tr("Documents checklist"))
        set_label(self.preset_label, self.tr("&Preset:"))
        set_label(self.device_label, self.tr("Sca&nner:"))
        set_button(self.scan, self.tr("&Scan"), self.tr("Scan with the chosen scanner and preset"))
        set_button(
            self.camera, self.tr("Ca&mera"), self.tr("Take a photo with the document camera")
        )
        set_button(
            self.import_files,
            self.tr("&Import file"),
            self.tr("JPEG, PNG, TIFF or PDF; you can also drop files here"),
        )
        set_button(
            self.cancel,
            self.tr("&Cancel"),
            self.tr("Stop the scan; pages already scanned are kept"),
        )
        self.progress.setAccessibleName(self.tr("Capturing"))
        set_button(self.retry, self.tr("Save &again"), self.tr("Store the pages kept on screen"))
        self.pages.setAccessibleName(self.tr("Pages of the selected document"))
        set_button(self.rotate_left, self.tr("Rotate left"))
        set_button(self.rotate_right, self.tr("Rotate right"))
        set_button(self.earlier, self.tr("Move earlier"))
        set_button(self.later, self.tr("Move later"))
        set_button(self.delete, self.tr("&Delete page"))
        set_button(self.undo, self.tr("&Undo delete"))
        set_button(self.zoom_in, self.tr("Zoom in"))
        set_button(self.zoom_out, self.tr("Zoom out"))
        set_button(self.zoom_fit, self.tr("Fit"))
        self.preview.set_names(
            self.tr("Page preview"), self.tr("Scroll the page sideways"), self.tr("Scroll the page")
        )
        if self._no_scanner:
            self.device.setItemText(0, self.tr("No scanner found"))

    # -- state -----------------------------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        for widget in (self.scan, self.camera, self.import_files, self.preset, self.device):
            widget.setEnabled(not busy)
        if not busy and self._no_scanner:
            self.scan.setEnabled(False)
        self.cancel.setEnabled(busy)
        self.cancel.setVisible(busy)  # nothing to cancel: not shown at all
        self.progress.setVisible(busy)

    def show_pages_area(self, count: int, document: str) -> None:
        """The grid when the selected document has pages, else what to do to add the first."""
        self.pages_area.setCurrentWidget(self.work if count else self.empty)
        self.empty.setText(
            self.tr(
                "No page of %1 yet.\n\nPut it on the scanner and press Scan, take a photo with "
                "Camera, or import a file (you can also drop files here)."
            ).replace("%1", document or self.tr("this document"))
        )

    def set_page_actions(self, count: int, can_undo: bool) -> None:
        for widget in (
            self.rotate_left,
            self.rotate_right,
            self.earlier,
            self.later,
            self.delete,
            self.zoom_in,
            self.zoom_out,
            self.zoom_fit,
        ):
            widget.setVisible(count > 0)  # no page: no wall of disabled page buttons
        self.undo.setVisible(can_undo)
        selected = self.pages.currentRow() >= 0
        for widget in (self.rotate_left, self.rotate_right, self.delete):
            widget.setEnabled(selected)
        self.earlier.setEnabled(selected and self.pages.currentRow() > 0)
        self.later.setEnabled(selected and self.pages.currentRow() < count - 1)
        self.undo.setEnabled(can_undo)

    def set_checklist(self, rows: list[ChecklistRow], lang: Lang, selected: DocumentType) -> None:
        self.checklist.blockSignals(True)
        self.checklist.clear()
        for row in rows:
            self._type_labels[row.doc_type.value] = row.label
            item = QListWidgetItem(row.summary(lang))
            item.setData(Qt.ItemDataRole.UserRole, row.doc_type.value)
            item.setData(Qt.ItemDataRole.UserRole + 1, row.state)
            if row.reason:
                item.setToolTip(row.reason)
            self.checklist.addItem(item)
            if row.doc_type == selected:
                self.checklist.setCurrentItem(item)
        self.checklist.blockSignals(False)

    def mark_missing(self, doc_types: set[DocumentType]) -> None:
        """Mark the checklist items the step cannot be left without (bold, error colour,
        ``UserRole + 2`` = True for tests and screen readers' tool tips); the others unmarked."""
        for i in range(self.checklist.count()):
            item = self.checklist.item(i)
            marked = DocumentType(item.data(Qt.ItemDataRole.UserRole)) in doc_types
            item.setData(MARKED_ROLE, marked)
            font = item.font()
            font.setBold(marked)
            item.setFont(font)
            if marked:
                item.setForeground(QColor(MISSING_COLOUR))
            else:
                item.setData(Qt.ItemDataRole.ForegroundRole, None)

    def select_type(self, doc_type: DocumentType) -> None:
        for i in range(self.checklist.count()):
            if self.checklist.item(i).data(Qt.ItemDataRole.UserRole) == doc_type.value:
                self.checklist.setCurrentRow(i)
                return

    def type_label(self, doc_type: DocumentType) -> str:
        return self._type_labels.get(doc_type.value, "")

    def set_devices(self, devices: list[ScannerInfo], last: str | None) -> None:
        self.device.clear()
        self._no_scanner = not devices
        if not devices:
            self.device.addItem(self.tr("No scanner found"), "")
            self.device.setEnabled(False)
            self.scan.setEnabled(False)
            return
        for info in devices:
            self.device.addItem(info.name, info.id)
        index = self.device.findData(last) if last else -1
        self.device.setCurrentIndex(max(index, 0))

    def current_device(self) -> str:
        return str(self.device.currentData() or "")

    def set_presets(self, presets: list[Preset], name: str) -> None:
        self.preset.blockSignals(True)
        self.preset.clear()
        for preset in presets:
            self.preset.addItem(preset.name, preset)
        index = self.preset.findText(name)
        self.preset.setCurrentIndex(max(index, 0))
        self.preset.blockSignals(False)

    def current_preset(self) -> Preset | None:
        preset: Preset | None = self.preset.currentData()  # set_presets stores each Preset
        return preset
