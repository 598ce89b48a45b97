"""Idle lock: the session's pages are hidden (not covered), unlock brings them back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from kiosk.domain.model import Registration
from kiosk.staff import accounts
from tests.ui.helpers import settle, visible_texts

BUSINESS = "Keripik Tempe Bu Yati"


def draft(store, staff_id):
    reg = Registration()
    reg.business.name = BUSINESS
    reg.owner.full_name = "Suryati Ningsih"
    return store.save_draft(reg, staff_id=staff_id)


def unlock(qtbot, window, username, password):
    page = window.page("lock")
    page.username.setText(username)
    page.password.setFocus()
    qtbot.keyClicks(page.password, password)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=10_000)


def test_idle_lock_hides_personal_data_and_unlock_restores(qtbot, make_window, store, supervisor):
    saved = draft(store, supervisor.id)
    window = make_window(lock_ms=300)
    window.logged_in(supervisor)
    settle(qtbot)
    home = window.page("home")
    assert any(BUSINESS in text for text in visible_texts(window))
    assert home.drafts_list.count() == 1

    dialog = QDialog(window)  # something open on top must not survive the lock
    dialog.setObjectName("someDialog")
    dialog.open()
    with qtbot.waitSignal(window.locked, timeout=5_000):
        pass  # nobody touches anything
    assert window.current_page_name() == "lock"
    assert not home.isVisible() and not home.drafts_list.isVisible()
    assert not dialog.isVisible()
    assert not any(BUSINESS in text for text in visible_texts(window))
    assert not any("Sari Wulandari" in text for text in visible_texts(window))
    assert window.page("lock").username.text() == "sari"
    # Shortcuts do nothing while locked.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_name() == "lock" and not window.has_page("wizard")

    unlock(qtbot, window, "sari", "rahasia-123")
    assert window.current_page_name() == "home" and home.isVisible()
    assert window.page("home") is home  # same page, same state
    assert home.drafts_list.item(0).data(Qt.ItemDataRole.UserRole) == saved.id


def test_activity_postpones_the_lock(qtbot, make_window, store, supervisor):
    window = make_window(lock_ms=2_000)
    window.logged_in(supervisor)
    settle(qtbot)
    for _ in range(6):  # 3 s in all, longer than the lock period, never 2 s without a key
        qtbot.wait(500)
        qtbot.keyClick(window.page("home").new, Qt.Key.Key_Shift)
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=5_000)


def test_ctrl_l_locks_and_another_staff_member_gets_a_fresh_session(
    qtbot, make_window, store, supervisor, operator
):
    draft(store, supervisor.id)
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    old_home = window.page("home")
    qtbot.keyClick(old_home.new, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    wrong = window.page("lock")
    wrong.password.setFocus()
    qtbot.keyClicks(wrong.password, "not-the-password")
    qtbot.keyClick(wrong.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wrong.message.isVisible() and wrong.submit.isEnabled(), timeout=10_000)
    assert wrong.message.text() == "Nama pengguna atau kata sandi salah."
    assert window.is_locked

    unlock(qtbot, window, "budi", "sandi-4567")
    assert window.ctx.user.username == "budi"
    assert window.current_page_name() == "home"
    assert window.page("home") is not old_home
    settle(qtbot)
    assert "Budi Santoso" in window.page("home").greeting.text()


def test_lock_timeout_comes_from_settings(qtbot, make_window, store, supervisor):
    from ui.context import AppContext
    from ui.shell.main_window import MainWindow

    accounts.save_idle_settings(store, accounts.IdleSettings(45, 60, 10), actor="sari")
    window = MainWindow(AppContext(store))
    qtbot.addWidget(window)
    window.start()
    settle(qtbot)
    assert window.timeouts.lock_ms == 45_000
    window.logged_in(supervisor)
    assert window.lock_warning_ms() == 22_500  # half of a period shorter than a minute
    assert window.idle.timeout_ms == 22_500 and window.idle.is_running()
    window.idle.stop()


def test_lock_in_the_middle_of_a_registration_keeps_it(qtbot, make_window, store, supervisor):
    from PySide6.QtWidgets import QLineEdit

    from kiosk.domain.wizard import Step

    window = make_window(lock_ms=60_000)
    window.logged_in(supervisor)
    settle(qtbot)
    qtbot.keyClick(window.page("home").new, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = window.page("wizard")
    settle(qtbot)
    wizard.go_to(Step.BUSINESS)  # straight to the business step (consent is the wizard's test)
    name = wizard.findChild(QLineEdit, "business_name")
    assert name is not None and name.isVisible()
    name.setFocus()
    qtbot.keyClicks(name, BUSINESS)
    window.lock()
    settle(qtbot)
    assert not wizard.isVisible()
    assert not any(BUSINESS in text for text in visible_texts(window))
    # What was typed is saved before the screen locked (a power cut now loses nothing).
    assert [d.business_name for d in store.list_drafts()] == [BUSINESS]
    unlock(qtbot, window, "sari", "rahasia-123")
    assert window.current_page_name() == "wizard" and window.page("wizard") is wizard
    assert name.text() == BUSINESS
