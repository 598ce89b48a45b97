"""Printing receipt PDFs with Qt's print system.

- The printer staff chose last is remembered (setting ``receipts.qt_printer``) with the paper size
  (``receipts.qt_paper``: ``a4`` or ``a5``); :func:`make_printer` sets a new ``QPrinter`` up with
  them, and falls back to the system's default printer when the remembered one is gone.
- A receipt is a PDF made by the core (:mod:`kiosk.receipts`). Qt cannot print a PDF as such, so
  :func:`rasterise` renders its pages with pypdfium2 at the printer's resolution (capped at 300 dpi)
  — slow enough to run inside an operation off the GUI thread, which QImage allows — and
  :func:`paint` draws the images onto the printer or into a print preview on the GUI thread.
- No printer at all: :func:`has_printers` is False and the receipt page offers "Save as PDF".

The settings tab that picks the default printer and paper is :mod:`ui.settings.receipts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRect, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

if TYPE_CHECKING:
    from kiosk.domain.model import Registration
    from kiosk.receipts.prints import PrintRecord
    from kiosk.store import Store

SETTING_PRINTER = "receipts.qt_printer"
SETTING_PAPER = "receipts.qt_paper"
PAPERS = ("a4", "a5")
MAX_DPI = 300


def has_printers() -> bool:
    return bool(QPrinterInfo.availablePrinterNames())


def remembered(store: Store) -> tuple[str, str]:
    """(printer name or "", paper) as last chosen."""
    name = str(store.get_setting(SETTING_PRINTER, "") or "")
    paper = str(store.get_setting(SETTING_PAPER, "a4") or "a4")
    return name, paper if paper in PAPERS else "a4"


def remember(store: Store, printer_name: str, paper: str) -> None:
    store.set_setting(SETTING_PRINTER, printer_name)
    store.set_setting(SETTING_PAPER, paper if paper in PAPERS else "a4")


def make_printer(name: str, layout: str, page_mm: tuple[float, float] | None = None) -> QPrinter:
    """A printer for the named queue (default queue if ``name`` is gone) and the receipt layout."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if name and name in QPrinterInfo.availablePrinterNames():
        printer.setPrinterName(name)
    set_layout(printer, layout, page_mm)
    return printer


def set_layout(printer: QPrinter, layout: str, page_mm: tuple[float, float] | None = None) -> None:
    if layout == "a5":
        size = QPageSize(QPageSize.PageSizeId.A5)
    elif layout == "a4" or page_mm is None:
        size = QPageSize(QPageSize.PageSizeId.A4)
    else:  # a roll: the PDF page's own size
        size = QPageSize(QSizeF(*page_mm), QPageSize.Unit.Millimeter, "receipt roll")
    printer.setPageLayout(
        QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    printer.setFullPage(True)  # the PDF has its own margins


def page_size_mm(pdf: bytes) -> tuple[float, float]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        width, height = doc[0].get_size()
    finally:
        doc.close()
    return width * 25.4 / 72, height * 25.4 / 72


def rasterise(pdf: bytes, dpi: int = 200) -> list[QImage]:
    """The pages of ``pdf`` as images (safe to call off the GUI thread)."""
    import pypdfium2 as pdfium

    dpi = max(72, min(int(dpi), MAX_DPI))
    images: list[QImage] = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            # RGB straight from pdfium's buffer into one owned QImage: no PIL conversions, so a
            # 300 dpi A4 page is one 26 MB copy instead of four (the peak stays in the process).
            # BGR asked for explicitly (pdfium's choice for an opaque page), reversed to RGB.
            bitmap = page.render(
                scale=dpi / 72, force_bitmap_format=pdfium.raw.FPDFBitmap_BGR, rev_byteorder=True
            )
            page.close()
            try:
                image = QImage(
                    bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                    QImage.Format.Format_RGB888,
                )  # fmt: skip
                images.append(image.copy())  # own the pixels: the bitmap's buffer goes away
            finally:
                bitmap.close()
    finally:
        doc.close()
    return images


def paint(printer: QPrinter, images: list[QImage]) -> bool:
    """Draw each image as one page, scaled to fit the page; False if the printer cannot start.

    No smoothing: the images are already at (or near) the printer's resolution and nearest
    neighbour keeps the QR modules' edges sharp.
    """
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for index, image in enumerate(images):
            if index:
                printer.newPage()
            target = painter.viewport()
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), size), image)
    finally:
        painter.end()
    return printer.printerState() not in (
        QPrinter.PrinterState.Error,
        QPrinter.PrinterState.Aborted,
    )


# -- work the receipt page runs off the GUI thread (inside ui.operations.run_op) ----------------
def load_job(store: Store, reg_id: str) -> tuple[Registration, str, str, str]:
    """(registration, remembered printer, paper, first thermal printer's name or "")."""
    from kiosk.receipts.service import escpos_printers

    reg = store.get(reg_id)
    name, paper = remembered(store)
    thermal = escpos_printers(store)
    return reg, name, paper, thermal[0].name if thermal else ""


def preview_job(
    store: Store, reg: Registration, layout: str, staff_name: str | None, dpi: int
) -> tuple[int, list[QImage]]:
    """(next copy number, page images) of the receipt as the next print would look."""
    from kiosk.receipts.prints import next_copy_no
    from kiosk.receipts.render import render_receipt

    copy_no = next_copy_no(store, reg)
    pdf = render_receipt(store, reg, layout, copy_no, staff_name=staff_name)
    return copy_no, rasterise(pdf, dpi)


def print_job(
    store: Store,
    reg: Registration,
    layout: str,
    printer: QPrinter,
    staff_id: str,
    staff_name: str | None,
) -> PrintRecord:
    """Record, render, rasterise and paint one receipt on ``printer``; returns the record."""
    from kiosk.receipts import prints, service

    name = printer.outputFileName() or printer.printerName()
    record, pdf = service.prepare(
        store,
        reg,
        layout=layout,
        channel="qt",
        printer=name,
        staff_id=staff_id,
        staff_name=staff_name,
    )
    try:
        if layout not in PAPERS:
            set_layout(printer, layout, page_size_mm(pdf))
        ok = paint(printer, rasterise(pdf, printer.resolution()))
    except BaseException as exc:
        prints.finish_print(store, record.id, "failed", detail=type(exc).__name__)
        raise
    return prints.finish_print(store, record.id, "sent" if ok else "failed")


def thermal_job(
    store: Store, reg: Registration, name: str, paper: str, staff_id: str, staff_name: str | None
) -> tuple[PrintRecord, str]:
    """Print on the configured ESC/POS printer ``name``: (record, printer status)."""
    from kiosk.receipts import service

    config = next(c for c in service.escpos_printers(store) if c.name == name)
    return service.print_escpos(
        store, reg, config, paper=paper, staff_id=staff_id, staff_name=staff_name
    )
