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
    # every problem at once, each under its field: no province, and the passwords differ
    assert page.errors[page.confirm].isVisible()
    assert page.errors[page.confirm].text() == "Kedua kata sandi tidak sama."
    assert page.errors[page.province].text() == "Pilih provinsi tempat mal pelayanan publik ini."
    shown = [w.objectName() for w, label in page.errors.items() if label.isVisible()]
    assert shown == ["setupProvince", "setupPasswordConfirm"]
    assert page.province.property("invalid") and not page.username.property("invalid")
    assert page.province.hasFocus()  # the first of them
    assert not page.message.isVisible()
    assert not accounts.has_staff(store)
    assert window.current_page_name() == "setup"


def test_setup_shows_every_error_of_an_empty_form_at_once(qtbot, make_window, store):
    window = make_window()
    page = window.page("setup")
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert all(label.isVisible() for w, label in page.errors.items() if w is not page.confirm)
    assert page.errors[page.password].text() == "Kata sandi minimal 8 karakter."  # the core's
    assert page.errors[page.full_name].text() == "Nama lengkap wajib diisi."
    assert page.mpp_name.hasFocus() and not accounts.has_staff(store)
    type_into(qtbot, page.mpp_name, "MPP")
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    assert not page.errors[page.mpp_name].isVisible()  # fixed: its message goes
    assert page.errors[page.username].isVisible()


def test_a_username_the_core_refuses_is_shown_under_the_username(qtbot, make_window, store):
    window = make_window()
    page = window.page("setup")
    type_into(qtbot, page.mpp_name, "MPP")
    type_into(qtbot, page.province, "Kalimantan Utara")
    type_into(qtbot, page.username, "a b")
    type_into(qtbot, page.full_name, "Sari")
    type_into(qtbot, page.password, "rahasia-123")
    type_into(qtbot, page.confirm, "rahasia-123")
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.errors[page.username].isVisible(), timeout=10_000)
    assert "Nama pengguna" in page.errors[page.username].text()
    assert page.username.hasFocus() and not accounts.has_staff(store)


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
    qtbot.waitUntil(lambda: page.errors[page.password].isVisible(), timeout=10_000)
    assert page.errors[page.password].text() == "Kata sandi minimal 8 karakter."
    assert not accounts.has_staff(store)


def test_existing_staff_go_straight_to_login(make_window, supervisor):
    window = make_window()
    assert window.current_page_name() == "login"
