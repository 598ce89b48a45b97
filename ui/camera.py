"""Camera capture: a live preview (QCamera → QVideoWidget) and a still (QImageCapture).

The still goes to the core pipeline with ``origin="photo"``: the document's edges are found and the
photo is perspective-corrected to them (:func:`kiosk.documents.pipeline.process`). QtMultimedia is
imported only when the dialog opens. Without a camera (as on the test machines) the dialog says so
and offers nothing to capture; :meth:`CameraDialog.deliver` is the path a still takes either way,
so tests drive it with a still image.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.forms import button, message_label, set_button, set_label, show_message

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession


def qimage_to_array(image: QImage) -> npt.NDArray[np.uint8]:
    """A QImage as a numpy RGB array (a copy: the QImage may go away)."""
    import numpy as np

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


class CameraDialog(QDialog):
    """Signals: captured(object) — a still as a numpy RGB array, ready for the pipeline."""

    captured = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraDialog")
        self.setModal(True)
        self.camera: QCamera | None = None
        self.session: QMediaCaptureSession | None = None
        self.image_capture: QImageCapture | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.device_label = QLabel(self)
        self.devices = QComboBox(self)
        self.devices.setObjectName("cameraDevice")
        self.device_label.setBuddy(self.devices)
        row.addWidget(self.device_label)
        row.addWidget(self.devices, 1)
        layout.addLayout(row)
        self.viewfinder: QWidget = QLabel(self)
        self.viewfinder.setObjectName("cameraViewfinder")
        self.viewfinder.setMinimumSize(480, 360)
        layout.addWidget(self.viewfinder, 1)
        self.message = message_label("cameraMessage", self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # driver error texts are not HTML
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.capture_button = button("cameraCapture", primary=True, parent=self)
        self.close_button = button("cameraClose", parent=self)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.capture_button)
        layout.addLayout(buttons)
        self.capture_button.clicked.connect(self.capture)
        self.close_button.clicked.connect(self.reject)
        self.devices.currentIndexChanged.connect(self._start_camera)
        self.retranslate()
        self._find_cameras()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Camera"))
        set_label(self.device_label, self.tr("&Camera:"))
        set_button(
            self.capture_button,
            self.tr("Take &photo"),
            self.tr("Hold the document flat and fill the frame; its edges are straightened."),
        )
        set_button(self.close_button, self.tr("&Close"))

    def _find_cameras(self) -> None:
        from PySide6.QtMultimedia import QMediaDevices

        self._inputs = list(QMediaDevices.videoInputs())
        self.devices.blockSignals(True)
        for device in self._inputs:
            self.devices.addItem(device.description())
        self.devices.blockSignals(False)
        self.capture_button.setEnabled(bool(self._inputs))
        if not self._inputs:
            show_message(
                self.message,
                self.tr(
                    "No camera was found. Connect a document camera "
                    "or a webcam and open this window again."
                ),
            )
            return
        self._start_camera(0)

    def _start_camera(self, index: int) -> None:
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self._stop_camera()
        if not isinstance(self.viewfinder, QVideoWidget):
            video = QVideoWidget(self)
            video.setObjectName("cameraViewfinder")
            layout = self.layout()
            assert layout is not None
            layout.replaceWidget(self.viewfinder, video)
            self.viewfinder.deleteLater()
            self.viewfinder = video
        self.camera = QCamera(self._inputs[index], self)
        self.image_capture = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.image_capture)
        self.session.setVideoOutput(self.viewfinder)
        self.image_capture.imageCaptured.connect(lambda _id, image: self.deliver(image))
        self.image_capture.errorOccurred.connect(
            lambda _id, _err, text: show_message(self.message, text)
        )
        self.camera.errorOccurred.connect(lambda _err, text: show_message(self.message, text))
        self.camera.start()

    def _stop_camera(self) -> None:
        if self.camera is not None:
            self.camera.stop()
            self.camera.deleteLater()
            self.camera = None

    def capture(self) -> None:
        if self.image_capture is not None and self.image_capture.isReadyForCapture():
            self.image_capture.capture()

    def deliver(self, image: QImage) -> None:
        """A still arrived (from the camera, or a test): hand it on and close."""
        if image.isNull():
            show_message(self.message, self.tr("The photo is empty; try again."))
            return
        self.captured.emit(qimage_to_array(image))
        self.accept()

    def done(self, result: int) -> None:
        self._stop_camera()
        super().done(result)
