"""Kiosk mode's window and environment: full screen, no chrome, on-screen keyboard module."""

from __future__ import annotations

import functools
import operator
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from ui import app


def test_kiosk_window_is_full_screen_without_decorations(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    app.present(window, kiosk_mode=True)
    assert window.isFullScreen()
    native = window.windowHandle()
    assert native.flags() & Qt.WindowType.FramelessWindowHint  # before its first frame
    app.record_frameless(window)  # main queues it behind the first frame
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.windowFlags() == native.flags()
    # the same native window, still shown full screen: told nothing again, not re-created
    assert window.windowHandle() is native and window.isVisible() and window.isFullScreen()


def test_kiosk_window_flags_are_those_qt_gives_a_frameless_window(qtbot):
    reference = QMainWindow()
    qtbot.addWidget(reference)
    reference.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    keys = [Qt.WindowType[key] for key in app.KIOSK_WINDOW_FLAGS.split("|")]
    assert reference.windowFlags() == functools.reduce(operator.or_, keys)
    window = QMainWindow()
    qtbot.addWidget(window)
    app.present(window, kiosk_mode=True)
    app.record_frameless(window)
    assert window.windowFlags() == reference.windowFlags()


def test_record_frameless_leaves_a_decorated_window_alone(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    app.present(window, kiosk_mode=False)
    before = window.windowFlags()
    app.record_frameless(window)
    assert window.windowFlags() == before
    assert not window.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_staff_window_keeps_its_decorations(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    app.present(window, kiosk_mode=False)
    assert not window.isFullScreen()
    assert not window.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_virtual_keyboard_module_is_requested_only_in_kiosk_mode(monkeypatch):
    from PySide6.QtCore import QLocale

    before = QLocale()
    monkeypatch.delenv("QT_IM_MODULE", raising=False)
    monkeypatch.setattr(app, "virtual_keyboard_available", lambda: True)
    try:
        app.prepare_environment(kiosk_mode=False)
        assert "QT_IM_MODULE" not in os.environ and QLocale().name() == before.name()
        app.prepare_environment(kiosk_mode=True)
        assert os.environ["QT_IM_MODULE"] == "qtvirtualkeyboard"
        assert QLocale().name() == "id_ID"  # the keyboard's keys and labels: Indonesian
    finally:
        QLocale.setDefault(before)


def test_virtual_keyboard_is_not_forced_where_missing(monkeypatch):
    monkeypatch.delenv("QT_IM_MODULE", raising=False)
    monkeypatch.setattr(app, "virtual_keyboard_available", lambda: False)
    app.prepare_environment(kiosk_mode=True)
    assert "QT_IM_MODULE" not in os.environ


def test_the_installed_qt_has_the_virtual_keyboard_plugin():
    assert app.virtual_keyboard_available()  # pyside6-addons is a dependency


def test_peek_reads_staff_without_the_store(tmp_path, data_dir):
    from kiosk.staff import accounts
    from kiosk.store import Store

    database = data_dir / "kiosk.sqlite3"
    assert app.peek_has_staff(tmp_path / "missing.sqlite3") is False
    with Store.open(data_dir) as store:
        assert app.peek_has_staff(database) is False
        accounts.create_staff(store, "sari", "Sari", "supervisor", "rahasia-123")
        assert app.peek_has_staff(database) is True
