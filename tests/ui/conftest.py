"""Fixtures of the UI tests: Qt warnings fail, a real store, the shell's window.

Qt warnings: every test under ``tests/ui`` gets pytest-qt's ``qt_log_level_fail("WARNING")``
marker. pytest-qt installs a ``qInstallMessageHandler`` for each test and fails the test when a
warning (or worse) was logged. One message is ignored by default because the offscreen platform
plugin prints it for every top-level window it cannot size-hint ("This plugin does not support
propagateSizeHints()"); tests that need other exceptions use ``qt_log_ignore`` themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here not in Path(str(item.fspath)).parents:
            continue
        if item.get_closest_marker("qt_log_level_fail") is None:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
        if item.get_closest_marker("qt_log_ignore") is None:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def store(data_dir: Path) -> Any:
    """A real store (SQLite file, migrations) in the test's data folder."""
    from kiosk.store import Store
    from ui import operations

    opened = Store.open(data_dir)
    yield opened
    operations.wait_idle(10_000)  # no operation may outlive the store it uses
    opened.close()


@pytest.fixture
def qt_lang(qapp: Any) -> Any:
    """Every test starts in Bahasa Indonesia, the default language."""
    from ui import i18n

    i18n.install("id")
    yield
    i18n.install("id")


@pytest.fixture
def supervisor(store: Any) -> Any:
    from kiosk.staff import accounts

    return accounts.create_staff(store, "sari", "Sari Wulandari", "supervisor", "rahasia-123")


@pytest.fixture
def operator(store: Any) -> Any:
    from kiosk.staff import accounts

    return accounts.create_staff(store, "budi", "Budi Santoso", "operator", "sandi-4567")


@pytest.fixture
def make_window(qtbot: Any, store: Any, qt_lang: Any) -> Any:
    """``make_window(kiosk_mode=False, lang="id", start_sync=False, field_mode=False,
    **timeouts_ms)`` → a started MainWindow (timeouts in ms: ``lock_ms``, ``kiosk_warn_ms``,
    ``kiosk_countdown_ms``)."""
    from PySide6.QtWidgets import QApplication

    from ui import i18n, operations, theme
    from ui.context import AppContext
    from ui.shell.main_window import MainWindow, Timeouts

    windows: list[Any] = []

    def make(
        kiosk_mode: bool = False,
        lang: str = "id",
        start_sync: bool = False,
        field_mode: bool = False,
        **timeouts: int,
    ) -> Any:
        i18n.install(lang)
        qtbot_app = QApplication.instance()
        qtbot_app.setStyleSheet(theme.style_sheet(kiosk_mode))  # as ui.app.main does
        ctx = AppContext(  # type: ignore[arg-type]
            store, lang=lang, kiosk_mode=kiosk_mode, field_mode=field_mode
        )
        window = MainWindow(ctx, timeouts=Timeouts(**timeouts), start_sync=start_sync)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        window.start()
        qtbot.waitUntil(lambda: window.current_page_name() != "starting", timeout=10_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.idle.stop()
        window.allow_quit()
    operations.wait_idle(10_000)
    QApplication.instance().setStyleSheet("")
    operations.set_default_error_handler(None)
