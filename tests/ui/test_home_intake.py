"""The home page's intake session box: a supervisor opens a session in the dialog, the box counts
the desk's work as it is saved, writes the report, and closes the session (Indonesian texts)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox

from kiosk.domain.examples import complete_registration
from kiosk.intake.sessions import current_session
from tests.ui.helpers import settle
from ui.widgets.intake_dialog import OpenSessionDialog


def test_open_count_report_and_close(qtbot, make_window, store, supervisor, tmp_path, monkeypatch):
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    box = window.page("home").intake
    assert box.title.text() == "Tidak ada sesi pendataan yang terbuka"
    assert box.open_button.isVisibleTo(window) and not box.close_button.isVisibleTo(window)

    dialog = OpenSessionDialog(window.ctx, box)
    qtbot.addWidget(dialog)
    settle(qtbot)
    assert dialog.place.accessibleName() == "Tempat"
    dialog.buttons.accepted.emit()  # no place: refused under the form, nothing opened
    settle(qtbot)
    assert "wajib" in dialog.message.text() and current_session(store) is None
    qtbot.keyClicks(dialog.place, "Balai Desa Sebengkok")
    dialog.team.setPlainText("Ani Suryani\nBudi")
    dialog.target.setValue(30)
    dialog.buttons.accepted.emit()
    settle(qtbot)
    opened = current_session(store)
    assert opened is not None and opened.team == ["Ani Suryani", "Budi"]
    assert opened.opened_by == supervisor.id

    box.refresh()
    settle(qtbot)
    assert box.title.text().startswith("Sesi pendataan: Balai Desa Sebengkok")
    assert "Terdaftar: 0" in box.counts.text() and "Target: 30" in box.counts.text()
    saved = store.submit(complete_registration(1), staff_id=supervisor.id)
    window.ctx.registration_saved.emit(saved.id)
    settle(qtbot)
    assert "Terdaftar: 1" in box.counts.text() and "Draf: 0" in box.counts.text()

    target = tmp_path / "laporan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    box.report_button.click()
    settle(qtbot)
    assert target.read_bytes().startswith(b"%PDF")
    assert "laporan.pdf" in box.message.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    box.close_button.click()
    settle(qtbot)
    assert current_session(store) is None
    assert box.title.text() == "Tidak ada sesi pendataan yang terbuka"
    # The report of the session just closed stays at hand.
    assert box.report_button.isVisibleTo(window)
    assert box.report_button.text() == "&Laporan sesi terakhir…"
    target.unlink()
    box.report_button.click()
    settle(qtbot)
    assert target.read_bytes().startswith(b"%PDF")
