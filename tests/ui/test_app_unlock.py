"""Start-up unlock (issue 13.4): a kiosk whose data key is under a supervisor's passphrase shows
the unlock page first; a wrong passphrase is refused and opens nothing; the right one reaches the
log-in page. Driven through ``ui.app.begin``, the same start-up ``kiosk app`` runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from kiosk.security import datakey
from kiosk.staff import accounts
from kiosk.store import Store
from tests.ui.helpers import assert_accessible, assert_touch_targets, settle

PASSPHRASE = "meja depan pagi hari"


@pytest.fixture
def protected(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A kiosk with a supervisor whose data key is kept under ``PASSPHRASE``."""
    with Store.open(data_dir) as store:
        accounts.create_staff(store, "sari", "Sari Wulandari", "supervisor", "rahasia-123")
    datakey.protect(data_dir / "keys", "passphrase", passphrase=PASSPHRASE)
    monkeypatch.delenv(datakey.PASSPHRASE_ENV, raising=False)
    return data_dir


@pytest.fixture
def starting(qtbot: Any, qt_lang: Any) -> Any:
    """``starting(data_dir, kiosk_mode=False)`` → (window, failures): a window whose start-up
    ``ui.app.begin`` runs, as ``kiosk app`` does, without ``app.exec()``."""
    from ui import app, operations
    from ui.context import AppContext
    from ui.shell.main_window import MainWindow

    windows: list[Any] = []

    def start(data_dir: Path, kiosk_mode: bool = False) -> tuple[Any, list[BaseException]]:
        ctx = AppContext(None, lang="id", kiosk_mode=kiosk_mode)
        window = MainWindow(ctx, start_sync=False)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        failures: list[BaseException] = []

        def opened(store: Store) -> None:
            ctx.set_store(store)
            window.start()

        app.begin(window, data_dir, opened=opened, failed=failures.append)
        windows.append(window)
        return window, failures

    yield start
    for window in windows:
        window.idle.stop()
        window.allow_quit()
    operations.wait_idle(10_000)
    for window in windows:
        if window.ctx.has_store:
            window.ctx.store.close()
    operations.set_default_error_handler(None)


def test_the_unlock_page_refuses_a_wrong_passphrase_and_the_right_one_logs_in(
    qtbot, protected, starting
) -> None:
    database = protected / "kiosk.sqlite3"
    before = database.stat().st_mtime_ns
    window, failures = starting(protected)
    assert window.current_page_name() == "unlock"  # not the log-in page, nothing opened
    page = window.page("unlock")
    assert page.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert window.focusWidget() is page.passphrase  # typing goes there at once
    assert page.title.text() == "Buka kunci data kiosk"  # Bahasa Indonesia first
    assert page.passphrase.accessibleName() == "Frasa sandi"
    assert_accessible(page)
    qtbot.mouseClick(window.header.language, Qt.MouseButton.LeftButton)  # before any store
    assert page.title.text() == "Unlock the kiosk's data"
    assert page.passphrase.accessibleName() == "Passphrase"
    qtbot.mouseClick(window.header.language, Qt.MouseButton.LeftButton)
    assert page.title.text() == "Buka kunci data kiosk"
    page.passphrase.setFocus()

    qtbot.keyClicks(page.passphrase, "tebak saja sandinya")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)  # Enter submits
    assert page.passphrase.text() == "" and not page.submit.isEnabled()  # busy while checking
    qtbot.waitUntil(lambda: page.submit.isEnabled(), timeout=30_000)
    assert "Frasa sandi kunci data salah." in page.message.text()
    assert page.message.isVisible() and page.failures == 1 and page.waiting_s() == 0
    assert window.current_page_name() == "unlock" and not window.ctx.has_store
    assert database.stat().st_mtime_ns == before  # the database was never opened
    assert not database.with_name("kiosk.sqlite3-wal").exists()
    assert failures == []

    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_page_name() == "login", timeout=30_000)
    settle(qtbot)
    assert window.ctx.has_store and failures == []
    login = window.page("login")
    qtbot.keyClicks(login.username, "sari")
    qtbot.keyClicks(login.password, "rahasia-123")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_page_name() == "home", timeout=30_000)


def test_repeated_failures_make_the_page_wait_and_quit_leaves(qtbot, protected, starting) -> None:
    window, failures = starting(protected, kiosk_mode=True)
    page = window.page("unlock")
    assert_touch_targets(page)
    for attempt in range(1, 4):
        qtbot.keyClicks(page.passphrase, f"salah ke-{attempt}")
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda n=attempt: page.failures == n, timeout=30_000)
    wait = datakey.desk_wait_s(3)
    assert wait > 0 and page.waiting_s() == wait
    assert not page.submit.isEnabled() and not page.passphrase.isEnabled()
    assert f"coba lagi dalam {wait} detik" in page.message.text()
    page.attempt()  # ignored while waiting: nothing starts
    assert page.failures == 3 and not window.ctx.has_store and failures == []
    assert [datakey.desk_wait_s(n) for n in range(1, 7)] == [0, 0, 5, 10, 20, 40]

    qtbot.mouseClick(page.quit, Qt.MouseButton.LeftButton)  # kiosk mode, and still it may quit
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not window.ctx.has_store


def test_the_environment_passphrase_starts_without_the_page(
    qtbot, protected, starting, monkeypatch
) -> None:
    monkeypatch.setenv(datakey.PASSPHRASE_ENV, PASSPHRASE)
    window, failures = starting(protected)
    assert window.current_page_name() == "login"  # shown early, as on a plain kiosk
    qtbot.waitUntil(lambda: window.ctx.has_store, timeout=30_000)
    settle(qtbot)
    assert not window.has_page("unlock") and failures == []
