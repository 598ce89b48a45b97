"""The Diagnostics tab: a supervisor runs ``kiosk doctor``'s checks from the settings page, reads
each finding in Indonesian, worst first, and saves the help desk's ZIP without personal data."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.ui.helpers import settle


def _diagnostics_tab(qtbot, make_window, user):
    window = make_window()
    window.logged_in(user)
    settle(qtbot)
    qtbot.mouseClick(window.page("home").settings, Qt.MouseButton.LeftButton)
    settle(qtbot)
    page = window.page("settings")
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Diagnosis" in titles
    page.tabs.setCurrentIndex(titles.index("Diagnosis"))
    tab = page.tabs.currentWidget()
    assert tab.objectName() == "diagnosticsSettings"
    return tab


def _rows(tab) -> list[tuple[str, str, str]]:
    table = tab.table
    return [
        (
            table.item(r, 0).data(Qt.ItemDataRole.UserRole),
            table.item(r, 0).text(),
            table.item(r, 1).text(),
        )
        for r in range(table.rowCount())
    ]


def test_checks_run_off_the_gui_thread_and_show_worst_first(
    qtbot, make_window, store, supervisor
) -> None:
    tab = _diagnostics_tab(qtbot, make_window, supervisor)
    assert not tab.save.isEnabled()  # nothing to send before a run
    tab.devices.setChecked(False)  # scanners and printers are checked by the doctor's own tests
    qtbot.mouseClick(tab.run, Qt.MouseButton.LeftButton)
    settle(qtbot, 60_000)
    rows = _rows(tab)
    ids = {tab.table.item(r, 1).toolTip() for r in range(tab.table.rowCount())}
    assert {"database.integrity", "database.migration", "keys.ring", "disk.space"} <= ids
    rank = {"failed": 0, "warning": 1, "ok": 2}
    assert [rank[s] for s, _, _ in rows] == sorted(rank[s] for s, _, _ in rows)
    labels = {"ok": "Baik", "warning": "Peringatan", "failed": "Gagal"}
    assert all(text == labels[status] for status, text, _ in rows)
    integrity = next(
        tab.table.item(r, 1).text()
        for r in range(tab.table.rowCount())
        if tab.table.item(r, 1).toolTip() == "database.integrity"
    )
    assert integrity == tab.report.results[0].text("id")  # the finding in the user's language
    assert tab.summary.isVisible() and tab.save.isEnabled()


def test_save_for_the_help_desk_writes_the_zip(
    qtbot, make_window, store, supervisor, tmp_path: Path, monkeypatch
) -> None:
    tab = _diagnostics_tab(qtbot, make_window, supervisor)
    tab.devices.setChecked(False)
    qtbot.mouseClick(tab.run, Qt.MouseButton.LeftButton)
    settle(qtbot, 60_000)
    target = tmp_path / "bantuan.zip"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "ZIP files (*.zip)")
    )
    qtbot.mouseClick(tab.save, Qt.MouseButton.LeftButton)
    settle(qtbot, 30_000)
    with zipfile.ZipFile(target) as bundle:
        names = bundle.namelist()
        assert any(name.endswith(".json") for name in names)
        assert bundle.testzip() is None
    assert tab.message.isVisible() and "bantuan.zip" in tab.message.text()
    assert b"Sari Wulandari" not in target.read_bytes()  # the staff member's name is masked


def test_a_supervisor_raises_the_log_detail_and_it_applies_at_once(
    qtbot, make_window, store, supervisor, monkeypatch
) -> None:
    import logging

    from kiosk.logs import LEVEL_ENV, LEVEL_SETTING, set_level

    monkeypatch.delenv(LEVEL_ENV, raising=False)
    root = logging.getLogger()
    before = root.level
    try:
        _raise_log_detail(qtbot, make_window, store, supervisor, root, LEVEL_SETTING)
    finally:
        set_level(before)  # the other tests log at the level they started with


def _raise_log_detail(qtbot, make_window, store, supervisor, root, setting) -> None:
    import logging

    tab = _diagnostics_tab(qtbot, make_window, supervisor)
    assert tab.log_level.currentData() == "INFO" and tab.log_level.currentText() == "Normal"
    index = tab.log_level.findData("DEBUG")
    tab.log_level.setCurrentIndex(index)
    tab.log_level.activated.emit(index)
    assert store.get_setting(setting, None) == "DEBUG"
    assert root.getEffectiveLevel() == logging.DEBUG
    assert tab.message.text() == "Tingkat log disimpan."
