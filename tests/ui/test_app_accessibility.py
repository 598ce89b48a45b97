"""Every input of every shell page has an objectName, an accessibleName and a buddy label;
the tab order is the deliberate one; focus is visible in the theme."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import (
    accessibility_problems,
    assert_accessible,
    clipped_buttons,
    inputs,
    settle,
)

SHELL_PAGES = ("login", "lock", "home", "settings", "welcome", "handover")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_shell_page_is_accessible(qtbot, make_window, supervisor, lang):
    window = make_window(lang=lang)
    window.logged_in(supervisor)
    for name in SHELL_PAGES:
        page = window.page(name)
        if name != "lock":
            window.show_page(name)
        settle(qtbot)
        assert_accessible(page)
        assert clipped_buttons(page) == [], name  # 1366×768: every label fits
    settings = window.page("settings")
    assert settings.staff is not None  # supervisors see staff management
    assert len(inputs(settings)) >= 12
    assert_accessible(window.header)
    assert_accessible(window.countdown)


def test_setup_page_is_accessible(make_window):
    window = make_window()
    assert window.current_page_name() == "setup"
    page = window.page("setup")
    assert_accessible(page)
    assert {w.objectName() for w in inputs(page)} == {
        "setupMppName",
        "setupProvince",
        "setupUsername",
        "setupFullName",
        "setupPassword",
        "setupPasswordConfirm",
    }


def test_checker_reports_what_is_missing(qtbot):
    from PySide6.QtWidgets import QLineEdit, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    QLineEdit(root)
    problems = accessibility_problems(root)
    assert any("no objectName" in p for p in problems)
    assert any("no accessibleName" in p for p in problems)
    assert any("no label's buddy" in p for p in problems)


def test_tab_order_of_the_login_page(qtbot, make_window, supervisor):
    window = make_window()
    page = window.page("login")
    page.reset()
    assert QApplication.focusWidget() is page.username
    order = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget().objectName())
    assert order == ["loginPassword", "loginSubmit", "shellLanguage"]  # then the header


def test_focus_is_visible_in_the_theme():
    from ui.theme import style_sheet

    qss = style_sheet(False)
    for selector in ("QLineEdit:focus", "QPushButton:focus", "QComboBox:focus", "QListView:focus"):
        assert selector in qss
    assert "min-height: 48px" in style_sheet(True) and "min-height: 48px" not in qss
