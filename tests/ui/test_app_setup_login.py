"""First run → set-up creates the supervisor → home; log-out → log-in with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.staff import accounts
from tests.ui.helpers import settle


def type_into(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_first_run_setup_then_login(qtbot, make_window, store):
    window = make_window()
    assert window.current_page_name() == "setup"
    page = window.page("setup")
    type_into(qtbot, page.mpp_name, "MPP Kota Batam")
    type_into(qtbot, page.province, "Kepulauan Riau")
    type_into(qtbot, page.username, "Sari")
    type_into(qtbot, page.full_name, "Sari Wulandari")
    type_into(qtbot, page.password, "rahasia-123")
    type_into(qtbot, page.confirm, "rahasia-123")
    qtbot.keyClick(page.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page_name() == "home", timeout=10_000)
    assert window.ctx.user.username == "sari" and window.ctx.is_supervisor
    assert store.get_setting("branding.mpp_name") == "MPP Kota Batam"
    assert window.header.title.text() == "MPP Kota Batam"
    assert "Kepulauan Riau" in window.header.subtitle.text()
    assert store.get_setting("receipts.timezone") == "Asia/Jakarta"  # Kepulauan Riau: WIB
    settle(qtbot)

    qtbot.mouseClick(window.page("home").logout, Qt.MouseButton.LeftButton)
    assert window.current_page_name() == "login" and window.ctx.user is None
    assert not window.has_page("home")  # the session's pages are gone, not hidden

    login = window.page("login")
    assert login.username.hasFocus()
    qtbot.keyClicks(login.username, "sari")
    qtbot.keyClick(login.username, Qt.Key.Key_Return)
    assert login.password.hasFocus()
    qtbot.keyClicks(login.password, "rahasia-123")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page_name() == "home", timeout=10_000)
    assert window.ctx.user.full_name == "Sari Wulandari"
    assert "Sari Wulandari" in window.page("home").greeting.text()


def test_setup_refuses_mismatched_passwords_and_changes_nothing(qtbot, make_window, store):
    window = make_window()
    page = window.page("setup")
    type_into(qtbot, page.mpp_name, "MPP Kota Batam")
    type_into(qtbot, page.username, "sari")
    type_into(qtbot, page.full_name, "Sari Wulandari")
    type_into(qtbot, page.password, "rahasia-123")
    type_into(qtbot, page.confirm, "rahasia-124")
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.message.isVisible()
    assert page.message.text() == "Kedua kata sandi tidak sama."
    assert not accounts.has_staff(store)
    assert window.current_page_name() == "setup"


def test_setup_shows_core_message_for_a_short_password(qtbot, make_window, store):
    window = make_window()
    page = window.page("setup")
    type_into(qtbot, page.mpp_name, "MPP")
    type_into(qtbot, page.province, "Kalimantan Utara")
    type_into(qtbot, page.username, "sari")
    type_into(qtbot, page.full_name, "Sari")
    type_into(qtbot, page.password, "pendek")
    type_into(qtbot, page.confirm, "pendek")
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=10_000)
    assert page.message.text() == "Kata sandi minimal 8 karakter."
    assert not accounts.has_staff(store)


def test_existing_staff_go_straight_to_login(make_window, supervisor):
    window = make_window()
    assert window.current_page_name() == "login"
