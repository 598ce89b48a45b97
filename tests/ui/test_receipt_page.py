"""The receipt step: preview, print through Qt, confirm-printed question, reprint as copy, PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrinter

from kiosk.domain.examples import complete_registration
from kiosk.receipts import known_keys, verify
from kiosk.receipts.prints import print_history
from tests.ui.helpers import assert_accessible, settle
from ui import printing
from ui.context import AppContext
from ui.pages.receipt_page import ReceiptPage


@pytest.fixture
def page(qtbot: Any, store: Any, operator: Any, qt_lang: Any) -> ReceiptPage:
    ctx = AppContext(store)
    ctx.set_user(operator)
    widget = ReceiptPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


@pytest.fixture
def reg(store: Any, operator: Any) -> Any:
    return store.submit(complete_registration(11), staff_id=operator.id)


def load(qtbot: Any, page: ReceiptPage, reg: Any) -> None:
    page.set_registration(reg.id)
    qtbot.waitUntil(lambda: page.print_button.isEnabled(), timeout=20_000)
    settle(qtbot)


def to_file(page: ReceiptPage, path: Path) -> None:
    """Send the page's Qt printer into a PDF file (Qt's own PDF engine), like a real queue."""
    page.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    page.printer.setOutputFileName(str(path))


def test_preview_shows_the_original_and_is_accessible(qtbot, page, reg):
    load(qtbot, page, reg)
    assert not page.preview.pixmap().isNull()
    assert reg.reg_no in page.status.text() and "#" not in page.status.text()
    assert page.shown_copy == 0
    assert_accessible(page)


def test_preview_is_released_when_hidden_and_made_again_when_shown(qtbot, page, reg):
    load(qtbot, page, reg)
    page.hide()  # the wizard moved on to the next registration, or the screen locked
    assert page.preview_images == [] and page.preview.pixmap().isNull()
    page.show()
    qtbot.waitUntil(lambda: bool(page.preview_images), timeout=20_000)
    settle(qtbot)
    assert not page.preview.pixmap().isNull() and page.print_button.isEnabled()
    assert reg.reg_no in page.status.text()


def test_print_asks_for_confirmation_and_reprint_is_a_numbered_copy(
    qtbot, page, reg, store, tmp_path
):
    load(qtbot, page, reg)
    assert page.print_button.property("primary") and not page.yes.property("primary")
    first = tmp_path / "first.pdf"
    to_file(page, first)
    with qtbot.waitSignal(page.printed, timeout=30_000):
        page.print_button.click()
        # while it prints the page says so (the worker's answer comes through the event loop)
        assert page.status.text() == f"Mencetak tanda terima {reg.reg_no}…"
    qtbot.waitUntil(lambda: page.confirm.isVisible(), timeout=10_000)
    result = verify(first, known_keys(store))  # the printed page carries a valid, signed QR
    assert result.valid and result.claim.reg_no == reg.reg_no and result.claim.copy_no == 0
    # not answered yet: the preview still shows the original (no SALINAN / COPY #1), and the one
    # primary button is the answer
    qtbot.waitUntil(lambda: page.print_button.isEnabled(), timeout=20_000)
    settle(qtbot)
    assert page.shown_copy == 0 and "#" not in page.status.text()
    assert "Apakah sudah keluar?" in page.status.text()
    assert page.yes.property("primary") and not page.print_button.property("primary")

    with qtbot.waitSignal(page.confirmed, timeout=10_000) as answer:
        page.no.click()
    assert answer.args == [False]
    qtbot.waitUntil(lambda: page.shown_copy == 1, timeout=20_000)
    assert page.print_button.property("primary") and not page.yes.property("primary")
    assert "#1" in page.status.text()

    second = tmp_path / "second.pdf"
    to_file(page, second)
    with qtbot.waitSignal(page.printed, timeout=30_000):
        page.print_button.click()
    with qtbot.waitSignal(page.confirmed, timeout=10_000):
        qtbot.waitUntil(lambda: page.confirm.isVisible(), timeout=10_000)
        page.yes.click()
    assert verify(second, known_keys(store)).claim.copy_no == 1
    settle(qtbot)
    history = print_history(store, reg.id)
    assert [(h.copy_no, h.outcome, h.channel, h.staff_id) for h in history] == [
        (0, "not_printed", "qt", page.ctx.staff_id),
        (1, "confirmed", "qt", page.ctx.staff_id),
    ]
    assert history[0].printer == str(first)


def test_save_as_pdf(qtbot, page, reg, store, tmp_path, monkeypatch):
    load(qtbot, page, reg)
    target = tmp_path / "receipt.pdf"
    monkeypatch.setattr(
        "ui.pages.receipt_page.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), "PDF files (*.pdf)"),
    )
    page.layout_choice.setCurrentIndex(2)  # 80 mm
    qtbot.waitUntil(lambda: page.print_button.isEnabled(), timeout=20_000)
    with qtbot.waitSignal(page.saved, timeout=20_000):
        page.save_button.click()
    assert verify(target, known_keys(store)).valid
    settle(qtbot)
    (record,) = print_history(store, reg.id)
    assert (record.channel, record.layout, record.outcome) == ("pdf", "80mm", "saved_pdf")


def test_thermal_printer_prints_and_asks_when_it_cannot_report(qtbot, page, reg, store):
    store.set_setting(
        "receipts.escpos_printers",
        [{"name": "Meja 1", "connection": "dummy", "profile": "TM-T20II"}],
    )
    load(qtbot, page, reg)
    assert page.thermal_button.isVisible()
    with qtbot.waitSignal(page.printed, timeout=20_000):
        page.thermal_button.click()
    qtbot.waitUntil(lambda: page.confirm.isVisible(), timeout=10_000)  # a Dummy cannot report
    settle(qtbot)
    (record,) = print_history(store, reg.id)
    assert (record.channel, record.printer) == ("escpos", "Meja 1")


def test_printer_choice_is_remembered(qtbot, store):
    printing.remember(store, "PDF", "a5")
    assert printing.remembered(store) == ("PDF", "a5")
    printer = printing.make_printer("no-such-printer", "a5")
    assert printer.pageLayout().pageSize().id() == printer.pageLayout().pageSize().PageSizeId.A5


def test_print_preview_shows_the_receipt_pages(qtbot, page, reg, monkeypatch):
    load(qtbot, page, reg)
    painted: list[int] = []
    original = printing.paint

    def spy(printer: Any, images: list[Any]) -> bool:
        painted.append(len(images))
        return original(printer, images)

    monkeypatch.setattr(printing, "paint", spy)
    page.preview_button.click()
    dialog = page._dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and bool(painted), timeout=10_000)
    assert painted[0] == len(page.preview_images) >= 1
    dialog.reject()


def test_settings_section_remembers_the_printer(qtbot, store, supervisor, qt_lang):
    from PySide6.QtPrintSupport import QPrinterInfo

    ctx = AppContext(store)
    ctx.set_user(supervisor)
    from ui.settings.receipts import PrintSettings

    section = PrintSettings(ctx)
    qtbot.addWidget(section)
    section.show()
    section.refresh()
    assert_accessible(section)
    names = QPrinterInfo.availablePrinterNames()
    if names:
        section.printer.setCurrentText(names[0])
    section.paper.setCurrentIndex(1)  # A5
    section.save.click()
    assert printing.remembered(store) == (names[0] if names else "", "a5")
