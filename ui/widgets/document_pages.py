"""The thumbnails of one document's pages: select, reorder by drag and drop or by buttons.

The strip only shows and orders; the page (``DocumentsPage``) owns the PageRefs and applies the new
order when ``order_changed`` arrives. Each item carries its page's SHA-256 in ``Qt.UserRole``.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

THUMB_PX = 160


class PageStrip(QListWidget):
    """Signals: order_changed() — the user moved a page (by drag and drop or the buttons)."""

    order_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPages")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Snap)
        self.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.setGridSize(QSize(THUMB_PX + 24, THUMB_PX + 40))
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.model().rowsMoved.connect(lambda *_: self.order_changed.emit())

    def set_pages(self, hashes: list[str], thumbs: dict[str, bytes], caption: str) -> None:
        current = self.current_hash()
        self.blockSignals(True)
        self.clear()
        for n, sha in enumerate(hashes, start=1):
            item = QListWidgetItem(caption.format(n=n))
            item.setData(Qt.ItemDataRole.UserRole, sha)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, caption.format(n=n))
            if sha in thumbs:
                item.setIcon(QIcon(QPixmap.fromImage(QImage.fromData(thumbs[sha]))))
            self.addItem(item)
            if sha == current:
                self.setCurrentItem(item)
        self.blockSignals(False)
        if self.currentRow() < 0 and self.count():
            self.setCurrentRow(self.count() - 1)

    def hashes(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def current_hash(self) -> str | None:
        item = self.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def move_current(self, delta: int) -> None:
        row = self.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.count():
            return
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)
        self.order_changed.emit()
