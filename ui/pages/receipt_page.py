"""The receipt step of the wizard, also the reprint view of a registration's detail page.

What staff see: a preview of the receipt (layout A4, A5, 80 mm, 58 mm), then Print (the
remembered Qt printer), Choose printer…, Print preview, Save as PDF and, where a thermal printer is
configured, Print on receipt printer. The preview is rendered only to look at it and is never
counted (:func:`kiosk.receipts.service.render_view`); it shows the receipt that is coming out of
the printer (ASLI) until staff answer "Did the receipt come out?", and only then SALINAN / COPY
with the number a reprint will carry. While a print runs the status line says so. One primary
button at a time: Print, or "Yes, printed" while the question is open. Nothing assumes the paper
came out; "No" leaves reprint and PDF one click away. Every print, reprint and PDF is recorded by
the core (:mod:`kiosk.receipts.service`) with who, when, which printer. Rendering, rasterising
and sending run in operations off the GUI thread (QPainter may paint a QPrinter from a worker
thread); with no printer installed, Print falls back to Save as PDF.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import printing, theme
from ui.operations import run_op
from ui.widgets.forms import button, error_text, message_label, set_button

if TYPE_CHECKING:
    from PySide6.QtGui import QHideEvent, QImage, QShowEvent

    from kiosk.domain.model import Registration
    from kiosk.receipts.prints import PrintRecord
    from kiosk.store import Store
    from ui.context import AppContext
    from ui.widgets.field_send_later import SendLaterButton

LAYOUTS = ("a4", "a5", "80mm", "58mm")
PREVIEW_DPI = 100


class ReceiptPage(QWidget):
    """Signals:
    printed(int): a receipt was sent to a printer (its ``receipt_prints`` id).
    confirmed(bool): staff answered whether the printed receipt came out.
    saved(str): the receipt was saved as a PDF file (its path).
    """

    printed = Signal(int)
    confirmed = Signal(bool)
    saved = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("receiptPage")
        self.reg: Registration | None = None
        self.shown_copy = 0  # the copy number the preview carries (0: ASLI, the original)
        self.pending_print: int | None = None  # print id awaiting the staff's answer
        self.preview_images: list[QImage] = []
        self.printer: QPrinter | None = None
        self._dialog: QDialog | None = None

        self.title = theme.set_role(QLabel(self), role="title")
        self.layout_choice = QComboBox(self)
        self.layout_choice.setObjectName("receiptLayout")
        self.layout_choice.addItems(["A4", "A5", "80 mm", "58 mm"])
        self.layout_choice.currentIndexChanged.connect(self._layout_changed)
        self.layout_label = QLabel(self)
        self.layout_label.setBuddy(self.layout_choice)
        self.status = QLabel(self)
        self.status.setObjectName("receiptStatus")
        self.status.setWordWrap(True)
        self.preview = QLabel(self)
        self.preview.setObjectName("receiptPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(self)
        scroll.setObjectName("receiptPreviewArea")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.preview)
        self.preview_area = scroll
        scroll.verticalScrollBar().setObjectName("receiptPreviewVerticalScroll")
        scroll.horizontalScrollBar().setObjectName("receiptPreviewHorizontalScroll")

        self.print_button = button("receiptPrint", primary=True, parent=self)
        self.choose_button = button("receiptChoosePrinter", parent=self)
        self.preview_button = button("receiptPrintPreview", parent=self)
        self.save_button = button("receiptSavePdf", parent=self)
        self.thermal_button = button("receiptPrintThermal", parent=self)
        self.thermal_button.setVisible(False)
        self.print_button.clicked.connect(self.print_receipt)
        self.choose_button.clicked.connect(self.choose_printer)
        self.preview_button.clicked.connect(self.open_preview)
        self.save_button.clicked.connect(self.save_pdf)
        self.thermal_button.clicked.connect(self.print_thermal)
        self.later: SendLaterButton | None = None  # field mode: the receipt saved to send later
        if ctx.field_mode:
            from ui.widgets.field_send_later import SendLaterButton

            self.later = SendLaterButton(ctx, self)
            self.later.saved.connect(self._show_message)
            self.later.failed.connect(self._failed)

        self.confirm = QFrame(self)
        self.confirm.setObjectName("receiptConfirm")
        self.question = QLabel(self.confirm)
        self.question.setWordWrap(True)
        self.yes = button("receiptConfirmYes", parent=self.confirm)  # primary while asked
        self.no = button("receiptConfirmNo", parent=self.confirm)
        self.yes.clicked.connect(lambda: self._answer(True))
        self.no.clicked.connect(lambda: self._answer(False))
        row = QHBoxLayout(self.confirm)
        row.addWidget(self.question, 1)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        self.confirm.setVisible(False)
        self.message = message_label("receiptMessage", self)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.layout_label)
        top.addWidget(self.layout_choice)
        actions = QHBoxLayout()
        for widget in (
            self.print_button,
            self.choose_button,
            self.preview_button,
            self.save_button,
            self.thermal_button,
            *([self.later] if self.later is not None else []),
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.confirm)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self.setTabOrder(self.print_button, self.choose_button)
        self.setTabOrder(self.choose_button, self.preview_button)
        self.setTabOrder(self.preview_button, self.save_button)
        self.setTabOrder(self.save_button, self.thermal_button)
        self.setTabOrder(self.thermal_button, self.later or self.layout_choice)
        if self.later is not None:
            self.setTabOrder(self.later, self.layout_choice)
        self._set_busy(True)
        self.retranslate()

    # -- state -----------------------------------------------------------------------------------
    @property
    def layout_name(self) -> str:
        return LAYOUTS[max(0, self.layout_choice.currentIndex())]

    def _staff(self) -> tuple[str, str | None]:
        user = self.ctx.user
        return (user.id, user.full_name) if user is not None else ("", None)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.print_button,
            self.choose_button,
            self.preview_button,
            self.save_button,
            self.thermal_button,
            self.layout_choice,
        ):
            widget.setEnabled(not busy and (self.reg is not None or widget is self.layout_choice))

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._update_status()
        self._show_message(error_text(self.ctx, exc))

    # -- loading and preview ---------------------------------------------------------------------
    def set_registration(self, reg_id: str) -> None:
        """Show the receipt of the (submitted) registration ``reg_id``."""
        store = self.ctx.store
        self.reg = None
        self.confirm.setVisible(False)
        self._show_message("")
        self._set_busy(True)

        run_op(
            self,
            lambda: printing.load_job(store, reg_id),
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, result: tuple[Registration, str, str, str]) -> None:
        self.reg, name, paper, thermal = result
        if self.later is not None:
            self.later.set_registration(self.reg)
        self.thermal_name = thermal
        self.thermal_button.setVisible(bool(thermal))
        self.printer = printing.make_printer(name, paper)
        self.layout_choice.blockSignals(True)
        self.layout_choice.setCurrentIndex(LAYOUTS.index(paper))
        self.layout_choice.blockSignals(False)
        self.refresh_preview()

    def _layout_changed(self, _index: int) -> None:
        if self.reg is not None:
            self.refresh_preview()

    def refresh_preview(self) -> None:
        if self.reg is None:  # never: every caller has a registration loaded
            return
        store, reg, layout = self.ctx.store, self.reg, self.layout_name
        _, staff_name = self._staff()
        self._set_busy(True)

        run_op(
            self,
            lambda: _preview_job(store, reg, layout, staff_name),
            on_done=self._previewed,
            on_error=self._failed,
        )

    def _previewed(self, result: tuple[int, list[QImage]]) -> None:
        self.shown_copy, self.preview_images = result
        self.preview.setPixmap(QPixmap.fromImage(self.preview_images[0]))
        self._set_busy(False)
        self._update_status()

    # The preview (a page image and its pixmap, ~7 MB for A4) is for the screen only: a desk
    # registers dozens of businesses per session, so it is dropped when the page is hidden (next
    # registration, lock screen) and made again if the page is shown again.
    def hideEvent(self, event: QHideEvent) -> None:
        if self.reg is not None and not self._busy:  # a running job still needs its images
            self.preview_images = []
            self.preview.clear()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.reg is not None and not self.preview_images and not self._busy:
            self.refresh_preview()

    def _update_status(self) -> None:
        if self.reg is None:
            return
        if self.pending_print is not None and self.shown_copy == 0:
            text = self.tr("Receipt %1: the original was sent to the printer. Did it come out?")
        elif self.pending_print is not None:
            text = self.tr(
                "Receipt %1: copy #%2 was sent to the printer. Did it come out?"
            ).replace("%2", str(self.shown_copy))
        elif self.shown_copy == 0:
            text = self.tr("Receipt %1: the next print is the original.")
        else:
            text = self.tr(
                "Receipt %1: a receipt was issued before; the next print is marked COPY #%2."
            ).replace("%2", str(self.shown_copy))
        self.status.setText(text.replace("%1", self.reg.reg_no))

    def _working(self, text: str) -> None:
        """Progress text while a print or save runs (the buttons are disabled meanwhile)."""
        self._set_busy(True)
        self.status.setText(text.replace("%1", self.reg.reg_no if self.reg is not None else ""))

    def _set_primary(self, asking: bool) -> None:
        """One primary button: "Yes, printed" while the question is open, else Print."""
        theme.set_role(self.print_button, primary=not asking)
        theme.set_role(self.yes, primary=asking)

    # -- printing --------------------------------------------------------------------------------
    def print_receipt(self) -> None:
        """Print on the remembered (or chosen) Qt printer; no printer at all: save as PDF."""
        if self.reg is None:
            return
        if self.printer is None or (
            not printing.has_printers() and self.printer.outputFileName() == ""
        ):
            self._show_message(self.tr("No printer is installed. Save the receipt as PDF."))
            self.save_pdf()
            return
        store, reg, layout, printer = self.ctx.store, self.reg, self.layout_name, self.printer
        staff_id, staff_name = self._staff()
        self._working(self.tr("Printing receipt %1…"))
        run_op(
            self,
            lambda: printing.print_job(store, reg, layout, printer, staff_id, staff_name),
            on_done=self._sent,
            on_error=self._failed,
            progress=True,
        )

    def _sent(self, record: PrintRecord) -> None:
        self._set_busy(False)
        self._update_status()
        if record.outcome == "failed":
            self._show_message(
                self.tr(
                    "The printer did not accept the receipt. Choose another "
                    "printer or save the receipt as PDF."
                )
            )
            return
        self.printed.emit(record.id)
        self._ask(record.id)
        self.refresh_preview()

    def _ask(self, print_id: int) -> None:
        self.pending_print = print_id
        self._show_message("")
        self.confirm.setVisible(True)
        self._set_primary(True)
        self._update_status()
        self.yes.setFocus()

    def _answer(self, printed: bool) -> None:
        if self.pending_print is None:
            return
        store, print_id = self.ctx.store, self.pending_print
        staff_id, _ = self._staff()

        def record() -> PrintRecord:
            from kiosk.receipts.prints import confirm_print

            return confirm_print(store, print_id, printed=printed, staff_id=staff_id)

        def done(_record: PrintRecord) -> None:
            self.pending_print = None
            self.confirm.setVisible(False)
            self._set_primary(False)
            self.confirmed.emit(printed)
            self.refresh_preview()  # answered: the preview now shows what a reprint would be
            self._show_message(
                self.tr("Recorded: the receipt was printed.")
                if printed
                else self.tr(
                    "Recorded: not printed. Print again (it will be marked "
                    "as a copy) or save the receipt as PDF."
                )
            )

        run_op(self, record, on_done=done, on_error=self._failed)

    def choose_printer(self) -> None:
        if self.printer is None:
            return
        dialog = QPrintDialog(self.printer, self)
        dialog.setObjectName("receiptPrintDialog")
        dialog.accepted.connect(self._printer_chosen)
        self._dialog = dialog
        # QDialog.open() named on its class: the QPrintDialog stub lists only its own
        # open(receiver, member) overload, so dialog.open() would not type-check
        QDialog.open(dialog)

    def _printer_chosen(self) -> None:
        if self.printer is None:  # never: the dialog is only opened for a printer
            return
        store, name, layout = self.ctx.store, self.printer.printerName(), self.layout_name
        paper = layout if layout in printing.PAPERS else "a4"
        run_op(
            self,
            lambda: printing.remember(store, name, paper),
            on_done=lambda _: None,
            on_error=self._failed,
        )

    def open_preview(self) -> None:
        """Qt's print preview of the receipt (printing from it is recorded like Print)."""
        if self.printer is None or not self.preview_images:
            return
        dialog = QPrintPreviewDialog(self.printer, self)
        dialog.setObjectName("receiptPreviewDialog")
        dialog.paintRequested.connect(lambda printer: printing.paint(printer, self.preview_images))
        dialog.accepted.connect(self.print_receipt)
        self._dialog = dialog
        dialog.open()

    def print_thermal(self) -> None:
        if self.reg is None or not self.thermal_name:
            return
        store, reg, layout, name = self.ctx.store, self.reg, self.layout_name, self.thermal_name
        staff_id, staff_name = self._staff()
        paper = layout if layout in ("80mm", "58mm") else "80mm"
        self._working(self.tr("Printing receipt %1 on the receipt printer…"))

        def done(result: tuple[PrintRecord, str]) -> None:
            record, status = result
            self._set_busy(False)
            self.printed.emit(record.id)
            if status == "ok":  # the printer itself reports it printed
                self._show_message(self.tr("The receipt printer reports the receipt printed."))
                self.refresh_preview()
            else:
                self._ask(record.id)
                self.refresh_preview()

        run_op(
            self,
            lambda: printing.thermal_job(store, reg, name, paper, staff_id, staff_name),
            on_done=done,
            on_error=self._failed,
            progress=True,
        )

    def save_pdf(self) -> None:
        if self.reg is None:
            return
        suggested = str(Path.home() / f"tanda-terima-{self.reg.reg_no}.pdf")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save receipt as PDF"), suggested, self.tr("PDF files (*.pdf)")
        )
        if not path:
            return
        store, reg, layout = self.ctx.store, self.reg, self.layout_name
        staff_id, staff_name = self._staff()
        self._working(self.tr("Saving receipt %1 as PDF…"))

        def write() -> PrintRecord:
            from kiosk.receipts.service import save_pdf

            return save_pdf(
                store, reg, Path(path), layout=layout, staff_id=staff_id, staff_name=staff_name
            )

        def done(_record: PrintRecord) -> None:
            self._set_busy(False)
            self.saved.emit(path)
            self._show_message(self.tr("Saved: %1").replace("%1", path))
            self.refresh_preview()

        run_op(self, write, on_done=done, on_error=self._failed)

    # -- language --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Registration receipt"))
        self.layout_label.setText(self.tr("&Layout"))
        self.layout_choice.setAccessibleName(self.tr("Receipt layout"))
        self.preview.setAccessibleName(self.tr("Receipt preview"))
        self.preview_area.verticalScrollBar().setAccessibleName(
            self.tr("Scroll the preview up or down")
        )
        self.preview_area.horizontalScrollBar().setAccessibleName(
            self.tr("Scroll the preview sideways")
        )
        set_button(self.print_button, self.tr("&Print"))
        set_button(self.choose_button, self.tr("C&hoose printer…"))
        set_button(self.preview_button, self.tr("Print pre&view"))
        set_button(self.save_button, self.tr("Save as P&DF"))
        set_button(self.thermal_button, self.tr("Print on &receipt printer"))
        if self.later is not None:
            self.later.retranslate()
        self.question.setText(self.tr("Did the receipt come out of the printer completely?"))
        set_button(self.yes, self.tr("&Yes, printed"))
        set_button(self.no, self.tr("&No, not printed"))
        self._update_status()


def _preview_job(
    store: Store, reg: Registration, layout: str, staff_name: str | None
) -> tuple[int, list[QImage]]:
    """(copy number shown, page images): rendered only to look at it, so nothing is recorded."""
    from kiosk.receipts.service import render_view

    copy_no, pdf = render_view(store, reg, layout=layout, staff_name=staff_name)
    return copy_no, printing.rasterise(pdf, PREVIEW_DPI)
