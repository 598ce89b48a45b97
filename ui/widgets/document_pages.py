"""The pages of one document as a grid of large thumbnails (NAPS2-like): select, drag to reorder.

The grid only shows and orders; the page (``DocumentsPage``) owns the PageRefs and applies the new
order when ``order_changed`` arrives. Each item carries its page's SHA-256 in ``Qt.UserRole``.

Reordering by drag and drop is done here, not by Qt's icon view: an icon view with free or snapped
movement only moves the picture (the model keeps its order, so nothing is reordered), and a static
one copies the item on an internal drop. A drag carries the row in :data:`PAGE_MIME`; a drop on the
left half of a page puts the dragged page before it, on the right half after it, below the last
page at the end. Drops of anything else (files) are left to the parent page, which imports them.

No clipping: every cell is as large as the largest thumbnail plus its caption
(:data:`THUMB_PX`, the core's ``pipeline.thumbnail`` size), and the grid wraps into rows.

:class:`ThumbnailRow` is the read-only version for the review page: small pages, one line.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

THUMB_PX = 200  # kiosk.documents.pipeline.thumbnail's default max_side: shown at full size
PAGE_MIME = "application/x-kiosk-page-row"


def _icon(data: bytes) -> QIcon:
    return QIcon(QPixmap.fromImage(QImage.fromData(data)))


class PageStrip(QListWidget):
    """The page grid. Signals: order_changed() — the user moved a page (drag or buttons)."""

    order_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPages")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)  # the order is the model's (module doc)
        self.setUniformItemSizes(True)
        self.setWordWrap(True)
        self.setSpacing(8)
        self.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.setGridSize(QSize(THUMB_PX + 24, THUMB_PX + 44))
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def set_pages(self, hashes: list[str], thumbs: dict[str, bytes], caption: str) -> None:
        current = self.current_hash()
        self.blockSignals(True)
        self.clear()
        for n, sha in enumerate(hashes, start=1):
            item = QListWidgetItem(caption.format(n=n))
            item.setData(Qt.ItemDataRole.UserRole, sha)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, caption.format(n=n))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            if sha in thumbs:
                item.setIcon(_icon(thumbs[sha]))
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
        self.move_row(row, target)

    def move_row(self, row: int, target: int) -> None:
        """Put the page at ``row`` at position ``target`` (counted after it left its place)."""
        if row == target or not (0 <= row < self.count() and 0 <= target < self.count()):
            return
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)
        self.order_changed.emit()

    # -- drag and drop ---------------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [PAGE_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        mime = QMimeData()
        if items:
            mime.setData(PAGE_MIME, QByteArray(str(self.row(items[0])).encode()))
        return mime

    def drop_target(self, pos: QPoint, dragged: int) -> int:
        """Where a page dragged from row ``dragged`` lands when dropped at ``pos``."""
        cell = self.gridSize()
        row, centre = -1, QPoint()
        for index in range(self.count()):  # the cell under the pointer, gaps included
            centre = self.visualItemRect(self.item(index)).center()
            if abs(pos.x() - centre.x()) * 2 <= cell.width() and (
                abs(pos.y() - centre.y()) * 2 <= cell.height()
            ):
                row = index
                break
        if row < 0:
            return self.count() - 1  # below or after the last page: to the end
        after = pos.x() > centre.x()
        target = row + (1 if after else 0)
        return target - 1 if dragged < target else target

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(PAGE_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()  # files: the documents page imports them

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(PAGE_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        raw = bytes(event.mimeData().data(PAGE_MIME).data()).decode() if event.mimeData() else ""
        if not raw.isdigit():
            event.ignore()
            return
        dragged = int(raw)
        self.move_row(dragged, self.drop_target(event.position().toPoint(), dragged))
        event.setDropAction(Qt.DropAction.CopyAction)  # the item was moved here, not by Qt
        event.accept()


class ThumbnailRow(QListWidget):
    """Small page pictures in one row, for looking only (the review page's documents)."""

    SIZE = 96

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(self.SIZE, self.SIZE))
        self.setGridSize(QSize(self.SIZE + 40, self.SIZE + 40))
        self.setFixedHeight(self.SIZE + 64)  # the cell and the scroll bar: nothing is cut off
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_pages(self, pages: list[tuple[str, str]], thumbs: dict[str, bytes]) -> None:
        """``pages``: (caption, sha256) in order; a page without a thumbnail shows its caption."""
        self.clear()
        for caption, sha in pages:
            item = QListWidgetItem(caption)
            item.setData(Qt.ItemDataRole.UserRole, sha)
            if sha in thumbs:
                item.setIcon(_icon(thumbs[sha]))
            self.addItem(item)

    def shown_with_picture(self) -> int:
        """How many pages show a picture (tests, and a screen reader's summary)."""
        return sum(1 for i in range(self.count()) if not self.item(i).icon().isNull())
