"""Settings → Backup: a supervisor sets the recovery passphrase (typed twice, checked) and backs
up at once; the tab says whether daily backups are on and names the newest file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.backup import BackupSchedule
from tests.ui.helpers import settle


def _backup_tab(qtbot, make_window, user):
    window = make_window()
    window.logged_in(user)
    settle(qtbot)
    qtbot.mouseClick(window.page("home").settings, Qt.MouseButton.LeftButton)
    settle(qtbot)
    page = window.page("settings")
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    page.tabs.setCurrentIndex(titles.index("Cadangan"))
    tab = page.tabs.currentWidget()
    assert tab.objectName() == "backupSettings"
    return tab


def test_set_the_passphrase_then_back_up_now(
    qtbot, make_window, store, supervisor, data_dir: Path
) -> None:
    tab = _backup_tab(qtbot, make_window, supervisor)
    assert "belum aktif" in tab.state.text() and not tab.run_now.isEnabled()
    qtbot.keyClicks(tab.passphrase, "kunci-pemulihan-mpp")
    qtbot.keyClicks(tab.again, "kunci-pemulihan-mpq")
    qtbot.mouseClick(tab.set_key, Qt.MouseButton.LeftButton)
    assert tab.message.isVisible() and tab.passphrase.text() == tab.again.text() == ""
    assert not BackupSchedule(data_dir).configured()  # a mismatch changes nothing
    qtbot.keyClicks(tab.passphrase, "kunci-pemulihan-mpp")
    qtbot.keyClicks(tab.again, "kunci-pemulihan-mpp")
    qtbot.mouseClick(tab.set_key, Qt.MouseButton.LeftButton)
    settle(qtbot, 120_000)
    assert BackupSchedule(data_dir).configured()
    assert tab.message.text().startswith("Frasa sandi pemulihan ditetapkan")
    assert tab.run_now.isEnabled() and "aktif" in tab.state.text()
    qtbot.mouseClick(tab.run_now, Qt.MouseButton.LeftButton)
    settle(qtbot, 120_000)
    written = list((data_dir / "backups").glob("kiosk-backup-*.zip"))
    assert len(written) == 1
    assert tab.message.text().startswith("Cadangan tersimpan")
    assert written[0].name in tab.state.text()
    qtbot.mouseClick(tab.run_now, Qt.MouseButton.LeftButton)
    settle(qtbot, 60_000)
    assert tab.message.text().startswith("Cadangan hari ini sudah ada")


def test_a_short_passphrase_is_refused_with_a_message(
    qtbot, make_window, store, supervisor, data_dir: Path
) -> None:
    tab = _backup_tab(qtbot, make_window, supervisor)
    qtbot.keyClicks(tab.passphrase, "pendek")
    qtbot.keyClicks(tab.again, "pendek")
    qtbot.mouseClick(tab.set_key, Qt.MouseButton.LeftButton)
    settle(qtbot, 60_000)
    assert tab.message.isVisible() and "8" in tab.message.text()
    assert not BackupSchedule(data_dir).configured() and tab.set_key.isEnabled()
