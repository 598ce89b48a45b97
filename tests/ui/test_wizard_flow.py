"""A complete registration driven through the real wizard by keyboard, read back from SQLite."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.domain.model import LegalForm, Scale, Sex, Status
from kiosk.domain.wizard import Step
from tests.ui.test_wizard_helpers import (
    NIB,
    NIK,
    NPWP,
    PHONE_E164,
    PHONE_TYPED,
    VILLAGE_QUERY,
    add_required_documents,
    alt_right,
    edit_cell,
    enter,
    focused,
    make_ctx,
    settle,
    type_text,
)


@pytest.fixture
def wizard(qtbot, store, qt_lang):
    from ui.wizard.wizard import WizardPage

    w = WizardPage(make_ctx(store))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.start_new()
    settle(qtbot)
    return w


def fill_business(qtbot, page) -> None:
    assert focused() is page.name  # the first field has focus when the step opens
    qtbot.keyClicks(page.name, "Toko Roti Maju Jaya")
    enter(qtbot, page.name)
    assert focused() is page.legal_form
    qtbot.keyClick(page.legal_form, Qt.Key.Key_Down)  # first real choice: perorangan
    enter(qtbot, page.legal_form)
    qtbot.keyClicks(focused(), "800000000")
    enter(qtbot, focused())
    qtbot.keyClicks(focused(), "1.500.000.000")
    enter(qtbot, focused())
    assert focused() is page.scale
    assert page.scale.currentData() == "mikro"  # the PP 7/2021 suggestion is pre-selected
    enter(qtbot, page.scale)
    qtbot.keyClicks(focused(), NIB)
    enter(qtbot, focused())
    qtbot.keyClicks(focused(), "01.312.166.0-091.000")
    enter(qtbot, focused())
    assert focused() is page.pkp
    enter(qtbot, page.pkp)
    qtbot.keyClicks(focused(), "2019")
    enter(qtbot, focused())
    assert focused() is page.kbli.search.line
    qtbot.keyClicks(page.kbli.search.line, "roti")
    assert page.kbli.search.hit_keys()[0] == "10710"
    enter(qtbot, page.kbli.search.line)  # Enter takes the first hit and moves on
    assert page.kbli.codes() == ["10710"]
    assert focused() is page.employees
    qtbot.keyClicks(focused(), "4")
    enter(qtbot, focused())  # Enter on the last field goes to the next step


def fill_owner(qtbot, page) -> None:
    assert focused() is page.nik
    qtbot.keyClicks(page.nik, NIK)
    assert page.birth_date.text() == "15-01-1990"  # read from the NIK
    assert page.sex.currentData() == "P"
    enter(qtbot, page.nik)
    qtbot.keyClicks(focused(), "Siti Rahmawati")
    for _ in range(3):  # birth date, sex: already filled from the NIK; then position
        enter(qtbot, focused())
    assert focused() is page.position
    qtbot.keyClicks(page.position.lineEdit(), "Pemilik")
    enter(qtbot, page.position)
    enter(qtbot, focused())  # is-owner stays ticked
    qtbot.keyClicks(focused(), PHONE_TYPED)
    enter(qtbot, focused())
    qtbot.keyClicks(focused(), "siti@example.com")
    enter(qtbot, focused())


def fill_address(qtbot, page) -> None:
    assert focused() is page.region.search.line
    qtbot.keyClicks(page.region.search.line, VILLAGE_QUERY)
    assert page.region.search.hit_keys(), "the village search found nothing"
    qtbot.keyClick(page.region.search.line, Qt.Key.Key_Return)
    assert page.region.codes()["village"] == "65.71.02.1003"
    assert focused() is page.street  # picked: on past the filled pickers, like the bank's Enter
    type_text(qtbot, page.street, "Jl. Yos Sudarso No. 12")
    enter(qtbot, page.street)
    qtbot.keyClicks(focused(), "77111")


def fill_products(qtbot, page) -> None:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    editor = focused()
    qtbot.keyClicks(editor, "Roti Manis")  # Add opens the name cell for typing
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    for column, text in ((1, "Maju"), (2, "1250000")):
        edit_cell(qtbot, page.table, 0, column, text)
    assert page.model.index(0, 2).data() == "Rp 1.250.000"
    page.table.setCurrentIndex(page.model.index(0, 0))
    type_unit(qtbot, page, "pcs")  # the details under the table: the unit list, or typed
    assert page.model.index(0, 3).data() == "pcs"
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Insert)  # a second product from the keyboard
    qtbot.keyClicks(focused(), "Kue Lapis")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    QApplication.processEvents()
    edit_cell(qtbot, page.table, 1, 2, "75.000")
    page.table.setCurrentIndex(page.model.index(1, 0))
    type_unit(qtbot, page, "kotak")  # not in the list: "other" units are typed
    page.table.setCurrentIndex(page.model.index(1, 4))
    qtbot.keyClick(page.table, Qt.Key.Key_Space)  # PDN off for the second product


def type_unit(qtbot, page, unit: str) -> None:
    line = page.details.unit.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, unit)


def fill_bank(qtbot, page) -> None:
    assert focused() is page.bank.line
    qtbot.keyClicks(page.bank.line, "rakyat")
    assert page.bank.hit_keys() == ["Bank Rakyat Indonesia (BRI)"]
    enter(qtbot, page.bank.line)  # takes the hit and moves on
    qtbot.keyClicks(focused(), "0123-4567-8901")
    enter(qtbot, focused())
    qtbot.keyClicks(focused(), "Siti Rahmawati")


def test_staff_registers_a_business_from_the_keyboard(qtbot, wizard, store):
    consent = wizard._current_page()
    assert wizard.step == Step.CONSENT
    consent.agree.setFocus()
    qtbot.keyClick(consent.agree, Qt.Key.Key_Space)
    alt_right(qtbot, wizard)
    settle(qtbot)
    assert wizard.step == Step.BUSINESS
    fill_business(qtbot, wizard._current_page())
    settle(qtbot)
    assert wizard.step == Step.OWNER, wizard._current_page().page_message.text()
    fill_owner(qtbot, wizard._current_page())
    settle(qtbot)
    assert wizard.step == Step.ADDRESS
    fill_address(qtbot, wizard._current_page())
    alt_right(qtbot, wizard)
    settle(qtbot)
    assert wizard.step == Step.PRODUCTS
    fill_products(qtbot, wizard._current_page())
    alt_right(qtbot, wizard)
    settle(qtbot)
    assert wizard.step == Step.BANK
    fill_bank(qtbot, wizard._current_page())
    alt_right(qtbot, wizard)
    settle(qtbot)
    assert wizard.step == Step.DOCUMENTS
    # the documents part's page has its own tests; here the pages go into the vault directly
    add_required_documents(store, wizard.reg)
    alt_right(qtbot, wizard)
    settle(qtbot)
    assert wizard.step == Step.REVIEW
    review = wizard._current_page()
    texts = [lbl.text() for lbl in review.findChildren(type(review.title))]
    assert "Toko Roti Maju Jaya" in texts and "Rp 1.250.000 " not in texts
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert wizard.step == Step.SUBMIT
    assert wizard.nav.next.isEnabled(), wizard._current_page().state.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert wizard.step == Step.RECEIPT, wizard._current_page().state.text()
    # nothing to save and no way back from a receipt: hidden, not shown disabled; one primary
    assert not wizard.nav.save.isVisible() and not wizard.nav.back.isVisible()
    assert not wizard.nav.next.property("primary")

    stored = store.get(wizard.reg.id)
    assert stored.status == Status.SUBMITTED and stored.version == 1
    assert stored.reg_no and stored.reg_no == wizard.reg.reg_no
    b, o, a, k = stored.business, stored.owner, stored.address, stored.bank
    assert (b.name, b.legal_form, b.scale, b.scale_suggested) == (
        "Toko Roti Maju Jaya",
        LegalForm.PERORANGAN,
        Scale.MIKRO,
        Scale.MIKRO,
    )
    assert (b.capital_idr, b.annual_sales_idr) == (800_000_000, 1_500_000_000)
    assert "PP 7/2021" in b.scale_rule
    assert (b.nib, b.npwp, b.pkp, b.kbli) == (NIB, NPWP, False, ["10710"])
    assert (b.year_established, b.employees) == (2019, 4)
    assert (o.nik, o.full_name, o.birth_date, o.sex) == (
        NIK,
        "Siti Rahmawati",
        dt.date(1990, 1, 15),
        Sex.FEMALE,
    )
    assert (o.position, o.is_owner, o.phone, o.email) == (
        "Pemilik",
        True,
        PHONE_E164,
        "siti@example.com",
    )
    assert (a.province_code, a.regency_code, a.district_code, a.village_code) == (
        "65",
        "65.71",
        "65.71.02",
        "65.71.02.1003",
    )
    assert (a.street, a.postal_code) == ("Jl. Yos Sudarso No. 12", "77111")
    assert [(p.name, p.brand, p.unit, p.price_idr, p.pdn) for p in stored.products] == [
        ("Roti Manis", "Maju", "pcs", 1_250_000, True),
        ("Kue Lapis", "", "kotak", 75_000, False),
    ]
    assert (k.bank, k.holder_name) == ("Bank Rakyat Indonesia (BRI)", "Siti Rahmawati")
    assert k.account_number.replace("-", "") == "012345678901"
    c = stored.consent
    assert c.given_at is not None and c.text_version and len(c.text_sha256) == 64
    assert c.kiosk_id == str(store.kiosk_id)
    assert len(stored.documents) == len(wizard.reg.documents) > 0
    assert [v.version for v in store.history(stored.id)] == [1]
    with qtbot.waitSignal(wizard.finished) as finished:
        alt_right(qtbot, wizard)  # Finish on the receipt step
    assert finished.args == [stored.id]


def test_next_is_refused_while_required_fields_are_empty(qtbot, wizard):
    consent = wizard._current_page()
    alt_right(qtbot, wizard)
    assert wizard.step == Step.CONSENT  # no consent, no way on
    assert consent.page_message.isVisible()
    consent.agree.setFocus()
    qtbot.keyClick(consent.agree, Qt.Key.Key_Space)
    alt_right(qtbot, wizard)
    settle(qtbot)
    page = wizard._current_page()
    qtbot.keyClick(focused(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wizard.step == Step.BUSINESS
    assert page.rows["business.name"].message_text()
    assert page.name.property("invalid") is True
    assert QApplication.focusWidget() is page.name  # focus goes to the first field to fix
    qtbot.keyClick(page.name, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert wizard.step == Step.CONSENT


def test_review_shows_what_is_missing_per_section_and_edit_goes_back(qtbot, wizard, store):
    from tests.ui.test_wizard_helpers import complete_registration

    reg = complete_registration(store)
    reg.documents = []  # nothing scanned yet
    reg.owner.phone = ""
    wizard.load_registration(reg, "review")
    settle(qtbot)
    review = wizard._current_page()
    alt_right(qtbot, wizard)
    settle(qtbot)
    assert wizard.step == Step.REVIEW  # refused: the record is not complete
    owner_issues = review.sections["owner"].issues
    assert owner_issues.isVisible() and "Nomor HP" in owner_issues.text()
    assert review.sections["documents"].issues.isVisible()
    assert not review.sections["business"].issues.isVisible(), review.sections[
        "business"
    ].issues.text()
    assert store.count_registrations() == 0 or reg.id not in store.search(reg.reg_no or "x")
    qtbot.mouseClick(review.sections["owner"].edit, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert wizard.step == Step.OWNER
    owner = wizard._current_page()
    qtbot.keyClicks(owner.phone, "0812 3456 7890")
    assert owner.rows["owner.phone"].message_text() == ""
