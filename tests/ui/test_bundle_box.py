"""The Sync tab's "Carry by file" box writes a bundle, and takes in the central's confirmation,
against a real central (SQLite, loopback) and the kiosk's real store and vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import assert_accessible, settle
from tests.ui.test_app_sync_settings import sync_tab


@pytest.fixture
def central(tmp_path):
    from kiosk.central.server import start_in_thread
    from kiosk.central.settings import CentralSettings

    storage = tmp_path / "central"
    storage.mkdir()
    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    settings = CentralSettings(data_dir=storage, rate_per_second=10_000.0, rate_burst=10_000)
    running = start_in_thread(db_url, storage, settings=settings)
    try:
        yield running, db_url
    finally:
        running.stop()


def test_write_a_bundle_and_take_in_the_confirmation(
    qtbot,
    make_window,
    store,
    supervisor,
    central,
    tmp_path: Path,
) -> None:
    from kiosk.central.admin import create_enrolment_code
    from kiosk.central.bundle_import import import_bundle, write_confirmation
    from kiosk.central.db import open_database
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.storage import LocalPageStorage
    from kiosk.documents.vault import Vault
    from kiosk.sync.enrol import enroll
    from tests.core.test_sync_support import make_registration

    running, db_url = central
    enroll(store, running.url, create_enrolment_code(db_url, "Laptop 1", "MPP Kota Tarakan"))
    vault, shared = Vault(store.paths.documents, store.keys), {}
    for seed in (1, 2):
        reg, _ = make_registration(seed, vault, shared=shared)
        store.submit(reg, staff_id=supervisor.id)
    window = make_window()
    tab = sync_tab(qtbot, window, supervisor)
    box = tab.bundle
    assert_accessible(box)
    qtbot.waitUntil(lambda: "menunggu konfirmasi pusat: 0 versi" in box.status.text())
    target = tmp_path / "stick" / "kios.bundle"
    box.choose_target = lambda: str(target)
    qtbot.mouseClick(box.export, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.message.isVisible() and box.export.isEnabled(), timeout=20_000)
    assert box.message.text().startswith("Bundel ditulis: 2 versi pendaftaran"), box.message.text()
    assert target.exists()
    qtbot.waitUntil(lambda: "menunggu konfirmasi pusat: 2 versi" in box.status.text())

    engine = open_database(db_url, run_migrations=False)
    storage = Path(running.settings.data_dir)
    try:
        confirmation, key = import_bundle(
            engine, LocalPageStorage(storage), load_or_create_document_key(storage / "keys"),
            [target],
        )  # fmt: skip
    finally:
        engine.dispose()
    answer = write_confirmation(confirmation, key, tmp_path / "konfirmasi.json")
    box.choose_confirmation = lambda: str(answer)
    qtbot.mouseClick(box.confirm, Qt.MouseButton.LeftButton)
    told = "Pusat mengonfirmasi 2 versi. Dari pusat: 1 kabar diterapkan"  # this kiosk's key
    qtbot.waitUntil(lambda: box.message.text().startswith(told), timeout=20_000)
    qtbot.waitUntil(lambda: "menunggu konfirmasi pusat: 0 versi" in box.status.text())
    assert store.outbox_counts().get("pending", 0) == 0

    # nothing left to send: the button writes a request bundle that fetches the central's news
    request = tmp_path / "stick" / "minta.bundle"
    box.choose_target = lambda: str(request)
    qtbot.mouseClick(box.export, Qt.MouseButton.LeftButton)
    asks = "Tidak ada data yang perlu dikirim, jadi bundel"
    qtbot.waitUntil(lambda: box.message.text().startswith(asks), timeout=20_000)
    assert request.exists() and box.export.isEnabled()
    settle(qtbot)
