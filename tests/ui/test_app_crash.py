"""An unhandled exception in the app: a calm message, the form kept, a crash report on disk.

Raised for real inside a slot (PySide6 hands it to ``sys.excepthook``), inside a ``run_op``
callback and in a Python thread (``threading.excepthook``), while the wizard holds typed values.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk import logs
from tests.ui.helpers import settle
from tests.ui.test_wizard_helpers import alt_right

NAME = "Warung Bu Tini Sejahtera"


def wizard_with_typing(qtbot: Any, window: Any) -> Any:
    window.start_registration()
    wizard = window.page("wizard")
    settle(qtbot)
    wizard._current_page().agree.setFocus()
    qtbot.keyClick(wizard._current_page().agree, Qt.Key.Key_Space)
    alt_right(qtbot, wizard)
    settle(qtbot)
    qtbot.keyClicks(wizard._current_page().name, NAME)  # typed just now: not saved yet
    return wizard


@pytest.mark.qt_no_exception_capture
def test_a_slot_that_raises_keeps_the_wizard_and_writes_a_report(
    qtbot: Any, make_window: Any, store: Any, supervisor: Any, data_dir: Path
) -> None:
    from ui import crash, operations

    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    wizard = wizard_with_typing(qtbot, window)
    handler = crash.install(window, data_dir)
    try:
        boom = QPushButton("boom", window)
        owner_nik = "6471015501900001"

        def broken_slot() -> None:
            raise RuntimeError(f"bug while showing {NAME!r} {owner_nik}")

        boom.clicked.connect(broken_slot)
        qtbot.mouseClick(boom, Qt.MouseButton.LeftButton)

        # The draft keeper was told to save at once (its typing pause cut short).
        assert not wizard.drafts._timer.isActive() and wizard.drafts.busy
        operations.wait_idle(10_000)
        drafts = store.list_drafts()
        assert [d.business_name for d in drafts] == [NAME]

        reports = logs.crash_reports(data_dir)
        assert len(reports) == 1 and handler.last_report == reports[0]
        text = reports[0].read_text("utf-8")
        assert "page: wizard" in text and "wizard step: business" in text
        assert "PySide6: " in text and "in broken_slot" in text and "RuntimeError" in text
        assert NAME not in text and owner_nik not in text

        # The calm message, in the person's language, naming the report; nothing else moved.
        assert window.banner.isVisible()
        assert window.banner.text.text().startswith("Maaf, terjadi gangguan")
        assert reports[0].name in window.banner.text.text()
        assert window.current_page_name() == "wizard"
        assert wizard.isVisible() and wizard._current_page().name.text() == NAME

        # A run_op callback and a Python thread: reported the same way.
        def broken_callback(_: object) -> None:
            raise ValueError("callback bug")

        operations.run_op(window, lambda: 1, on_done=broken_callback)
        operations.wait_idle(10_000)
        worker = threading.Thread(target=lambda: 1 / 0, name="sync-like")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(logs.crash_reports(data_dir)) == 3, timeout=5_000)
        texts = [p.read_text("utf-8") for p in logs.crash_reports(data_dir)]
        assert any("in broken_callback" in t for t in texts)
        assert any("thread: sync-like" in t and "ZeroDivisionError" in t for t in texts)
        assert window.current_page_name() == "wizard"
        assert wizard._current_page().name.text() == NAME
        assert all(re.fullmatch(r"crash-\d{8}-\d{6}(-\d+)?\.txt", p.name) for p in reports)
    finally:
        handler.uninstall()
