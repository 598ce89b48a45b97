"""A label that shows a text as a QR code staff can scan (the self-service handover number).

The modules come from the core's encoder (:func:`kiosk.receipts.qr.matrix`, zxing-cpp, error
correction M, the receipts' own), drawn as whole-pixel squares with the four-module quiet zone the
standard asks for, black on white whatever the theme: a scanner needs the contrast, and a scaled
(smoothed) pixmap would blur module edges, so the size is chosen by ``module_px`` instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

QUIET_MODULES = 4


def qr_image(text: str, module_px: int) -> QImage:
    """``text`` as a QR code, ``module_px`` pixels per module, with its quiet zone."""
    from kiosk.receipts.qr import matrix

    rows = matrix(text)
    side = (len(rows) + 2 * QUIET_MODULES) * module_px
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        black = QColor("black")
        for r, row in enumerate(rows):
            y = (r + QUIET_MODULES) * module_px
            for c, dark in enumerate(row):
                if dark:
                    x = (c + QUIET_MODULES) * module_px
                    painter.fillRect(x, y, module_px, module_px, black)
    finally:
        painter.end()
    return image


class QrLabel(QLabel):
    """No signals. ``set_text(text)`` shows the code ("" clears it); the accessible name says
    what the code holds, so a screen reader reads the number, not "image"."""

    def __init__(self, name: str, module_px: int = 6, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.module_px = module_px
        self.code_text = ""
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_text(self, text: str, description: str = "") -> None:
        self.code_text = text
        if not text:
            self.clear()
            return
        self.setPixmap(QPixmap.fromImage(qr_image(text, self.module_px)))
        self.setAccessibleName(description or text)
