"""Language switch at run time: every visible shell text changes, no restart."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import assert_catalogue_complete, settle, visible_texts


def test_switching_language_retranslates_visible_widgets(qtbot, make_window, store, supervisor):
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    home = window.page("home")
    assert home.new.text() == "Pendaftaran &baru"
    assert window.header.lock.text() == "Kunci"
    before = set(visible_texts(window))

    qtbot.mouseClick(window.header.language, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert window.ctx.lang == "en"
    assert home.new.text() == "&New registration"
    assert home.new.accessibleName() == "New registration"
    assert window.header.lock.text() == "Lock"
    assert window.header.language.text() == "Bahasa Indonesia"
    assert home.status.waiting_label.text() == "Records waiting for sync: 0"
    after = set(visible_texts(window))
    assert "Pendaftaran &baru" not in after and "Kunci" not in after
    assert len(before - after) >= 8  # most visible texts changed
    assert store.get_setting("ui.language") == "en"  # staff's choice is kept

    # Pages built later come up in the new language, and back again.
    window.show_page("settings")
    assert window.page("settings").title.text() == "Settings"
    qtbot.mouseClick(window.header.language, Qt.MouseButton.LeftButton)
    assert window.page("settings").title.text() == "Pengaturan"
    assert home.new.text() == "Pendaftaran &baru"


def test_core_messages_follow_the_language(qtbot, make_window, supervisor):
    window = make_window(lang="en")
    login = window.page("login")
    assert login.submit.text() == "Log in"
    login.username.setText("sari")
    login.password.setText("wrong-password")
    qtbot.mouseClick(login.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: login.submit.isEnabled() and login.message.isVisible(), timeout=10_000)
    assert login.message.text() == "Wrong username or password."


def test_shell_catalogue_is_complete_and_built():
    assert_catalogue_complete("shell")
