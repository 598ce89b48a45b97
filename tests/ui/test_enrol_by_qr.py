"""A new kiosk enrols from the console's QR code shown to its camera, or from the pasted link,
against a real central (SQLite, loopback): no terminal, nothing typed but the kiosk's name.

The test machines have no camera, so the still takes the camera dialog's own path
(:meth:`ui.camera.CameraDialog.deliver`), as a photo of a screen would: the QR drawn small,
off-centre, on a grey background.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import assert_accessible, settle
from tests.ui.test_app_sync_settings import central, sync_tab  # noqa: F401 (fixture)


def photo_of_qr(text: str) -> QImage:
    import zxingcpp

    qr = np.asarray(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode).to_image(scale=5))
    photo = np.full((720, 960), 170, dtype=np.uint8)
    photo[140 : 140 + qr.shape[0], 300 : 300 + qr.shape[1]] = qr
    rgb = np.ascontiguousarray(np.stack([photo] * 3, axis=-1))
    image = QImage(rgb.data, 960, 720, 960 * 3, QImage.Format.Format_RGB888)
    return image.copy()


def camera_dialog(qtbot, tab):
    qtbot.mouseClick(tab.scan, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5_000)
    dialog = tab.camera_dialog
    assert dialog.objectName() == "cameraDialog" and dialog.isVisible()
    return dialog


def test_enrol_by_scanning_the_consoles_qr(qtbot, make_window, store, supervisor, central):  # noqa: F811
    from kiosk.central.admin import create_enrolment_code
    from kiosk.protocol import enrolment_link

    running, db_url = central
    window = make_window()
    tab = sync_tab(qtbot, window, supervisor)
    assert_accessible(tab)
    assert tab.scan.accessibleName() == "Pindai kode QR"
    code = create_enrolment_code(db_url, "Meja 2", "MPP Kota Tarakan")
    dialog = camera_dialog(qtbot, tab)
    dialog.deliver(photo_of_qr(enrolment_link(running.url, code)))
    qtbot.waitUntil(lambda: tab.message.isVisible() and tab.enroll.isEnabled(), timeout=20_000)
    settle(qtbot)
    assert tab.message.text().startswith("Terdaftar sebagai "), tab.message.text()
    assert tab.url.text() == running.url
    assert not store.kiosk_code_is_provisional
    assert store.kiosk_code in tab.state.text()


def test_a_picture_without_an_enrolment_qr_says_so(qtbot, make_window, store, supervisor):
    window = make_window()
    tab = sync_tab(qtbot, window, supervisor)
    dialog = camera_dialog(qtbot, tab)
    dialog.deliver(photo_of_qr("TN249Y-20261203-0028"))  # a receipt's QR, not an enrolment link
    qtbot.waitUntil(lambda: tab.message.isVisible(), timeout=10_000)
    assert tab.message.text().startswith("Tidak ada kode QR pendaftaran")
    assert tab.url.text() == "" and tab.code.text() == ""
    assert store.kiosk_code_is_provisional


@pytest.mark.parametrize("field", ["url", "code"])
def test_a_pasted_link_fills_address_and_code(qtbot, make_window, supervisor, field):
    window = make_window()
    tab = sync_tab(qtbot, window, supervisor)
    getattr(tab, field).setText(" kiosk-enrol:ABCD-EFGH-JKMN@https://pusat.example:8443/ ")
    assert tab.url.text() == "https://pusat.example:8443"
    assert tab.code.text() == "ABCD-EFGH-JKMN"
