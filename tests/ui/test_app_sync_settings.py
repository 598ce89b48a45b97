"""The settings page's Sync tab enrols the kiosk with a real central server (SQLite, loopback)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import assert_accessible, settle


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


def sync_tab(qtbot, window, supervisor):
    window.logged_in(supervisor)
    settle(qtbot)
    page = window.show_page("settings")
    settle(qtbot)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    page.tabs.setCurrentIndex(titles.index("Sinkronisasi"))
    return page.tabs.currentWidget()


def test_enrol_from_the_settings_page(qtbot, make_window, store, supervisor, central):
    from kiosk.central.admin import create_enrolment_code

    running, db_url = central
    window = make_window()
    tab = sync_tab(qtbot, window, supervisor)
    assert_accessible(tab)
    assert tab.state.text() == "Kios ini belum terdaftar di server pusat mana pun."
    code = create_enrolment_code(db_url, "Meja 1", "MPP Kota Tarakan")
    tab.url.setText(running.url)
    tab.code.setText(code)
    qtbot.mouseClick(tab.enroll, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.isVisible() and tab.enroll.isEnabled(), timeout=20_000)
    settle(qtbot)
    assert tab.message.text().startswith("Terdaftar sebagai ")
    assert not store.kiosk_code_is_provisional
    assert store.kiosk_code in tab.state.text()

    # The code is single-use: a second attempt is refused with the sync part's message.
    tab.code.setText(code)
    qtbot.mouseClick(tab.enroll, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.isVisible() and tab.enroll.isEnabled(), timeout=20_000)
    assert "Terdaftar" not in tab.message.text() and tab.message.text()


def test_bad_address_is_refused_with_a_message(qtbot, make_window, store, supervisor):
    window = make_window()
    tab = sync_tab(qtbot, window, supervisor)
    tab.url.setText("ftp://nowhere")
    tab.code.setText("ABCD-1234")
    qtbot.mouseClick(tab.enroll, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.isVisible() and tab.enroll.isEnabled(), timeout=10_000)
    assert "ftp://nowhere" in tab.message.text()
    assert store.kiosk_code_is_provisional
