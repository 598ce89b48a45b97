"""The staff lock is announced ("Masih di sini?") and mouse movement counts as activity (issue 12,
item 1); the self-service countdown hides the owner's form (item 17)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit

from kiosk.staff import accounts
from tests.ui.helpers import settle, visible_texts
from tests.ui.test_wizard_helpers import agree_to_consent

# QTest moves the cursor and raises the window first; the offscreen platform cannot raise one.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"
MOUSE_MOVE_NOISE = "This plugin does not support raise"


def test_the_lock_is_announced_and_the_button_keeps_the_session(qtbot, make_window, supervisor):
    window = make_window(lock_ms=1_200, lock_warn_ms=600)
    window.logged_in(supervisor)
    settle(qtbot)
    qtbot.waitUntil(lambda: window.countdown_running(), timeout=5_000)
    countdown = window.countdown
    assert not window.is_locked and countdown.isVisible() and countdown.locking
    assert countdown.title.text() == "Masih di sini?"
    assert countdown.resume.text() == "Ya, lanjutkan"
    assert countdown.number.text() == "1"  # 0.6 s left, rounded up to whole seconds
    assert window.current_page_name() == "home"  # staff's page stays: only a warning
    qtbot.mouseClick(countdown.resume, Qt.MouseButton.LeftButton)
    assert not countdown.isVisible() and not window.is_locked
    assert window.idle.is_running()  # the lock period starts again


def test_without_an_answer_the_warning_ends_in_the_lock(qtbot, make_window, supervisor):
    window = make_window(lock_ms=1_000, lock_warn_ms=500)
    window.logged_in(supervisor)
    settle(qtbot)
    qtbot.waitUntil(lambda: window.countdown_running(), timeout=5_000)
    assert not window.is_locked
    with qtbot.waitSignal(window.locked, timeout=5_000):
        pass
    assert window.current_page_name() == "lock" and not window.countdown.isVisible()


@pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, MOUSE_MOVE_NOISE)
def test_mouse_movement_over_the_window_postpones_the_lock(qtbot, make_window, supervisor):
    window = make_window(lock_ms=2_000, lock_warn_ms=500)
    window.logged_in(supervisor)
    settle(qtbot)
    home = window.page("home")
    for step in range(8):  # 4 s in all, twice the lock period, only the mouse moving
        qtbot.wait(500)
        qtbot.mouseMove(home, QPoint(100 + 20 * step, 200 + (step % 2) * 30))
        assert not window.countdown_running()
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.countdown_running(), timeout=5_000)
    qtbot.mouseMove(home, QPoint(400, 300))  # moving during the warning answers it too
    assert not window.countdown_running() and not window.is_locked


def test_ten_minutes_by_default_and_a_stored_value_is_kept(qtbot, make_window, store, supervisor):
    assert accounts.idle_settings(store).lock_after_s == 600
    window = make_window()  # the window's own default matches the setting's
    window.logged_in(supervisor)
    assert window.timeouts.lock_ms == 600_000
    assert window.idle.timeout_ms == 570_000  # the warning takes the last 30 s
    accounts.save_idle_settings(store, accounts.IdleSettings(180, 120, 30), actor="sari")
    assert accounts.idle_settings(store).lock_after_s == 180


def test_self_service_countdown_hides_the_form(qtbot, make_window, supervisor):
    window = make_window(kiosk_mode=True, kiosk_warn_ms=300, kiosk_countdown_ms=5_000)
    qtbot.mouseClick(window.page("welcome").start, Qt.MouseButton.LeftButton)
    wizard = window.page("wizard")
    agree_to_consent(qtbot, wizard)
    name = wizard.findChild(QLineEdit, "business_name")
    name.setFocus()
    qtbot.keyClicks(name, "Batik Ibu Sri")
    qtbot.waitUntil(lambda: window.countdown_running(), timeout=5_000)
    assert window.countdown.isVisible() and not window.countdown.locking
    assert not wizard.isVisible() and not name.isVisible()
    assert not any("Batik Ibu Sri" in text for text in visible_texts(window))
    qtbot.mouseClick(window.countdown.resume, Qt.MouseButton.LeftButton)
    assert wizard.isVisible() and name.text() == "Batik Ibu Sri"
    assert window.current_page_name() == "wizard"


def test_typing_during_the_warning_goes_on_into_the_field(qtbot, make_window, supervisor):
    from PySide6.QtWidgets import QApplication

    window = make_window(lock_ms=1_200, lock_warn_ms=600)
    window.logged_in(supervisor)
    settle(qtbot)
    window.open_search()
    search = window.page("search")
    search.focus_search()
    qtbot.waitUntil(lambda: window.countdown_running(), timeout=5_000)
    assert QApplication.focusWidget() is search.text  # the warning did not take the keyboard
    qtbot.keyClicks(QApplication.focusWidget(), "roti")
    assert search.text.text() == "roti" and not window.countdown_running()
    assert not window.is_locked


def test_the_self_service_countdown_gives_the_focus_back(qtbot, make_window, supervisor):
    from PySide6.QtWidgets import QApplication

    window = make_window(kiosk_mode=True, kiosk_warn_ms=300, kiosk_countdown_ms=5_000)
    qtbot.mouseClick(window.page("welcome").start, Qt.MouseButton.LeftButton)
    agree_to_consent(qtbot, window.page("wizard"))
    name = window.page("wizard").findChild(QLineEdit, "business_name")
    name.setFocus()
    qtbot.waitUntil(lambda: window.countdown_running(), timeout=5_000)
    assert QApplication.focusWidget() is window.countdown.resume
    qtbot.keyClick(window.countdown.resume, Qt.Key.Key_Space)
    assert not window.countdown_running() and QApplication.focusWidget() is name
