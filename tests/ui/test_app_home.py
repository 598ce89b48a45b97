"""Home: drafts list (continue with the keyboard), shortcuts, the sync status area."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.domain.model import Registration
from tests.ui.helpers import settle


def test_drafts_are_listed_and_enter_continues_one(qtbot, make_window, store, supervisor):
    reg = Registration()
    reg.business.name = "Sambal Roa Mama Ina"
    saved = store.save_draft(reg, staff_id=supervisor.id, step="owner")
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    home = window.page("home")
    assert home.drafts_list.count() == 1
    assert "Sambal Roa Mama Ina" in home.drafts_list.item(0).text()
    assert saved.reg_no in home.drafts_list.item(0).text()
    home.drafts_list.setFocus()
    qtbot.keyClick(home.drafts_list, Qt.Key.Key_Return)
    settle(qtbot)
    assert window.current_page_name() == "wizard"
    assert window.page("wizard").registration.id == saved.id


def test_shortcuts_open_new_registration_and_search(qtbot, make_window, store, supervisor):
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    home = window.page("home")
    assert home.empty.isVisible() and not home.resume.isEnabled()
    qtbot.keyClick(home.new, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_name() == "search"
    window.show_page("home")
    qtbot.keyClick(home.new, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_name() == "wizard"
    window.page("wizard").cancelled.emit()
    assert window.current_page_name() == "home"


def test_status_area_without_and_with_the_sync_service(qtbot, make_window, store, supervisor):
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    status = window.page("home").status
    assert status.state_label.text() == "Luring: sinkronisasi belum diatur di kios ini"
    assert status.waiting_label.text() == "Data menunggu sinkronisasi: 0"
    assert not status.sync_button.isVisible()

    window._sync_wanted = True
    window._start_sync()  # normally 1.5 s after start-up
    try:
        assert window.ctx.sync is not None
        with qtbot.waitSignal(window.ctx.sync.status_changed, timeout=10_000):
            pass
        qtbot.waitUntil(
            lambda: status.state_label.text() == "Belum terhubung ke server pusat", timeout=10_000
        )
        assert status.sync_button.isVisible()
        qtbot.waitUntil(status.problems_label.isVisible, timeout=10_000)
        assert "belum terdaftar" in status.problems_label.text()
        status.problems_label.clear()
        status.sync_button.click()  # not enrolled: it says so and where to go, at once
        assert status.problems_label.isVisible() and status.sync_button.isEnabled()
        assert "Pengaturan → Sinkronisasi" in status.problems_label.text()
        window.set_language("en")
        assert status.state_label.text() == "Not connected to a central server yet"
        assert "not" in status.problems_label.text().lower()
    finally:
        window.ctx.sync.stop()
