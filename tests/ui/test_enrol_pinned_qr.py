"""Issue 13.4 at the desk: the console's QR code carries the central's TLS pin; scanning it on
Settings → Sync enrols with a central serving a self-signed certificate (the pin is the trust),
and a QR whose pin is another key's is refused with a sentence, the kiosk staying unenrolled.

A real central on loopback serving TLS with a certificate made here; the camera still takes the
camera dialog's own path (see tests/ui/test_enrol_by_qr.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.core.test_sync_tls import self_signed
from tests.ui.helpers import settle
from tests.ui.test_app_sync_settings import sync_tab
from tests.ui.test_enrol_by_qr import camera_dialog, photo_of_qr


@pytest.fixture
def tls_central(tmp_path) -> Iterator:
    from kiosk.central.server import start_in_thread
    from kiosk.central.settings import CentralSettings

    storage = tmp_path / "central"
    storage.mkdir()
    cert, key = self_signed(tmp_path, "central")
    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    settings = CentralSettings(data_dir=storage, rate_per_second=10_000.0, rate_burst=10_000)
    running = start_in_thread(
        db_url, storage, settings=settings, ssl_certfile=str(cert), ssl_keyfile=str(key)
    )
    try:
        yield running, db_url
    finally:
        running.stop()


def test_a_pinned_qr_enrols_and_a_qr_with_another_key_is_refused(
    qtbot, make_window, store, supervisor, tls_central, tmp_path
):
    from kiosk.central.admin import create_enrolment_code
    from kiosk.protocol import enrolment_link
    from kiosk.sync import tls

    running, db_url = tls_central
    window = make_window()
    tab = sync_tab(qtbot, window, supervisor)
    code = create_enrolment_code(db_url, "Meja 3", "MPP Kota Tarakan")
    impostor, _ = self_signed(tmp_path, "impostor")
    forged = enrolment_link(running.url, code, tls.pin_of_pem(impostor.read_bytes()))
    camera_dialog(qtbot, tab).deliver(photo_of_qr(forged))
    qtbot.waitUntil(lambda: tab.message.isVisible() and tab.enroll.isEnabled(), timeout=20_000)
    settle(qtbot)
    assert tab.message.text().startswith("Kunci TLS server pusat tidak sama"), tab.message.text()
    assert store.kiosk_code_is_provisional  # not enrolled

    link = enrolment_link(running.url, code, running.settings.tls_pin)  # as the console shows it
    camera_dialog(qtbot, tab).deliver(photo_of_qr(link))
    qtbot.waitUntil(
        lambda: tab.enroll.isEnabled() and "Terdaftar" in tab.message.text(), timeout=20_000
    )
    assert not store.kiosk_code_is_provisional
    assert store.get_setting(tls.SETTING) == running.settings.tls_pin
