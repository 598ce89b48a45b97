"""Field mode (``kiosk app --field``): the home page shows battery and disk, and the receipts to
send later: saved from a registration number, listed with the owner's phone, marked sent."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog

from kiosk.domain.examples import complete_registration
from kiosk.intake.send_later import to_send
from tests.ui.helpers import settle
from ui.widgets.field_receipts import ReceiptsToSendDialog


def test_staff_mode_has_no_field_box(qtbot, make_window, supervisor):
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    assert window.page("home").field is None


def test_field_box_and_receipts_to_send(qtbot, make_window, store, supervisor, monkeypatch):
    reg = store.submit(complete_registration(1), staff_id=supervisor.id)
    draft = store.save_draft(complete_registration(2), staff_id=supervisor.id)
    window = make_window(field_mode=True)
    assert window.ctx.field_mode and not window.ctx.kiosk_mode
    window.logged_in(supervisor)
    settle(qtbot)
    box = window.page("home").field
    assert box is not None
    box.refresh()
    settle(qtbot)
    assert box.battery.text().startswith("Baterai:")
    assert box.disk.text().startswith("Ruang disk kosong:") and " GB dari " in box.disk.text()
    assert box.receipts.text() == "&Tanda terima akan dikirim: 0…"

    dialog = ReceiptsToSendDialog(window.ctx, box)
    qtbot.addWidget(dialog)
    settle(qtbot)
    assert dialog.table.rowCount() == 0
    answers = iter([(draft.reg_no, True), (reg.reg_no, True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    dialog.add.click()
    settle(qtbot)
    assert "masih draf" in dialog.message.text() and dialog.table.rowCount() == 0
    dialog.add.click()
    settle(qtbot)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == reg.reg_no
    assert dialog.table.item(0, 3).text().startswith("08")  # the owner's phone, as people write it
    dialog.copy_link.click()
    assert QGuiApplication.clipboard().text() == "https://wa.me/" + reg.owner.phone[1:]
    dialog.sent.click()
    settle(qtbot)
    assert dialog.table.rowCount() == 0 and to_send(store) == []


def test_receipt_page_in_field_mode_saves_the_receipt_to_send_later(
    qtbot, store, supervisor, qt_lang
):
    from ui.context import AppContext
    from ui.pages.receipt_page import ReceiptPage

    reg = store.submit(complete_registration(3), staff_id=supervisor.id)
    staff = AppContext(store)
    staff.set_user(supervisor)
    assert ReceiptPage(staff).later is None  # only in field mode
    ctx = AppContext(store, field_mode=True)
    ctx.set_user(supervisor)
    page = ReceiptPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.later is not None and page.later.text() == "Kirim &nanti"
    page.set_registration(reg.id)
    qtbot.waitUntil(lambda: page.print_button.isEnabled(), timeout=20_000)
    settle(qtbot)
    page.later.click()
    settle(qtbot)
    assert "disimpan untuk dikirim nanti" in page.message.text()
    assert [item.reg_no for item in to_send(store)] == [reg.reg_no]
