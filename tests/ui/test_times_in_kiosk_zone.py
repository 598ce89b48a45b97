"""Search, history and home show times in the kiosk's zone, not the machine's (issue 12, item 3):
a Kalimantan Utara kiosk (WITA) on a machine set to UTC."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from kiosk.domain import timezones
from kiosk.domain.formatting import format_datetime
from tests.ui.helpers import settle, visible_texts
from tests.ui.test_wizard_helpers import complete_registration


@pytest.fixture
def utc_machine(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    timezones.set_display_zone(timezones.DEFAULT_ZONE)
    monkeypatch.undo()
    time.tzset()


def wita(moment) -> str:
    text = format_datetime(moment, "id", tz=timezones.tz("Asia/Makassar"))
    assert text.endswith(" WITA")
    return text


def test_search_detail_and_home_show_wita_on_a_utc_machine(
    qtbot, utc_machine, make_window, store, supervisor
):
    store.set_setting(timezones.SETTING, "Asia/Makassar")  # set up in Kalimantan Utara
    submitted = store.submit(complete_registration(store), staff_id=supervisor.id)
    draft = store.save_draft(complete_registration(store, name="Warung Draf"), step="owner")
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    home_texts = visible_texts(window)
    assert any(wita(draft.updated_at) in text for text in home_texts), home_texts
    assert not any(text.endswith((" UTC", " WIB")) for text in home_texts)

    window.open_search()
    search = window.page("search")
    search.focus_search()
    qtbot.keyClicks(search.text, "Sumber Rejeki")
    qtbot.keyClick(search.text, Qt.Key.Key_Return)
    settle(qtbot)
    row = search.results.topLevelItem(0)
    cells = [row.text(i) for i in range(search.results.columnCount())]
    assert wita(submitted.updated_at) in cells, cells

    window.open_detail(submitted.id)
    settle(qtbot)
    detail = window.page("detail")
    first = detail.versions.topLevelItem(0)
    cells = [first.text(i) for i in range(detail.versions.columnCount())]
    assert wita(detail.history[0].created_at) in cells, cells


def test_the_receipt_page_prints_wita_on_a_utc_machine(
    qtbot, utc_machine, monkeypatch, store, operator, qt_lang, tmp_path
):
    from tests.core.test_receipts_support import pdf_text
    from ui.context import AppContext
    from ui.pages.receipt_page import ReceiptPage

    store.set_setting(timezones.SETTING, "Asia/Makassar")
    reg = store.submit(complete_registration(store), staff_id=operator.id)
    ctx = AppContext(store)
    ctx.set_user(operator)
    page = ReceiptPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.set_registration(reg.id)
    qtbot.waitUntil(page.print_button.isEnabled, timeout=20_000)
    settle(qtbot)
    target = tmp_path / "tanda-terima.pdf"
    monkeypatch.setattr(  # the one seam: the file dialog's answer
        "ui.pages.receipt_page.QFileDialog.getSaveFileName",
        lambda *_a, **_k: (str(target), "PDF files (*.pdf)"),
    )
    with qtbot.waitSignal(page.saved, timeout=20_000):
        page.save_pdf()
    text = pdf_text(target.read_bytes())
    assert " WITA" in text and " WIB" not in text and " UTC" not in text
