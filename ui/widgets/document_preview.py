"""A zoomable preview of one page (plaintext lives only in this widget's memory while shown).

Zoom with the buttons, Ctrl + mouse wheel, pinch (touch) or keyboard (+, -, 0 to fit); drag to pan.
``clear()`` drops the image when the page changes or the registration closes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage, QKeyEvent, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QGestureEvent,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QPinchGesture,
    QWidget,
)


class PagePreview(QGraphicsView):
    """Signals: none (a view). ``zoom`` is the current scale factor (1.0 = 100 %)."""

    MIN_ZOOM, MAX_ZOOM, STEP = 0.05, 8.0, 1.25

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPreview")
        self.setScene(QGraphicsScene(self))
        self._item: QGraphicsPixmapItem | None = None
        self.zoom = 1.0
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.horizontalScrollBar().setObjectName("documentPreviewScrollX")
        self.verticalScrollBar().setObjectName("documentPreviewScrollY")

    def set_names(self, name: str, horizontal: str, vertical: str) -> None:
        """Accessible names (translated by the owner of the texts)."""
        self.setAccessibleName(name)
        self.horizontalScrollBar().setAccessibleName(horizontal)
        self.verticalScrollBar().setAccessibleName(vertical)

    def set_image(self, image: QImage) -> None:
        self.clear()
        self._item = self.scene().addPixmap(QPixmap.fromImage(image))
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().setSceneRect(self._item.boundingRect())
        self.fit()

    def has_image(self) -> bool:
        return self._item is not None

    def clear(self) -> None:
        self.scene().clear()
        self._item = None
        self.resetTransform()
        self.zoom = 1.0

    def set_zoom(self, factor: float) -> None:
        factor = max(self.MIN_ZOOM, min(self.MAX_ZOOM, factor))
        self.resetTransform()
        self.scale(factor, factor)
        self.zoom = factor

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * self.STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / self.STEP)

    def fit(self) -> None:
        if self._item is None:
            return
        rect = self._item.boundingRect()
        view = self.viewport().rect()
        if rect.width() <= 0 or rect.height() <= 0 or view.width() <= 1:
            return
        self.set_zoom(min(view.width() / rect.width(), view.height() / rect.height()))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if event.angleDelta().y() > 0 else self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                self.set_zoom(self.zoom * pinch.scaleFactor())
                return True
        return super().viewportEvent(event)
