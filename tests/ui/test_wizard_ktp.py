"""Issue 15 in the wizard: a KTP imported on the documents step fills the owner step, marked
"dibaca dari KTP — periksa" until staff change or confirm each value; then the registration is
submitted. Issue 12 item 5: correcting the NIK re-derives the birth date and sex it gave.

Real parts: the encrypted vault, Tesseract on a generated card (``tests/ktp_cards.py``), the
SQLite store; the OCR runs through ``run_op`` off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import shutil

from kiosk.domain.model import DocumentType, Sex, Status
from kiosk.domain.wizard import Step
from tests import ktp_cards
from tests.conftest import require_service
from tests.ui.test_wizard_helpers import complete_registration, make_ctx, settle, type_text


def test_a_ktp_read_fills_the_owner_step_marked_until_confirmed(qtbot, store, qt_lang, tmp_path):
    require_service(shutil.which("tesseract") is not None, "tesseract with the ind data")
    from ui.wizard.steps.documents import DocumentsPage
    from ui.wizard.steps.owner import OwnerPage
    from ui.wizard.wizard import WizardPage

    data, truth = ktp_cards.scan(3)
    wizard = WizardPage(make_ctx(store))
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    qtbot.waitExposed(wizard)
    reg = complete_registration(store)
    reg.owner.nik, reg.owner.full_name, reg.owner.birth_date, reg.owner.sex = "", "", None, None
    reg.bank.holder_name = truth.name.title()
    reg.documents = [d for d in reg.documents if d.doc_type != DocumentType.KTP]
    reg = store.save_draft(reg, step="documents")
    wizard.load_registration(reg, "documents")
    settle(qtbot)
    documents = wizard._current_page()
    assert isinstance(documents, DocumentsPage)
    owner = wizard._page(Step.OWNER)
    assert isinstance(owner, OwnerPage) and owner.unchecked_ktp_fields() == []

    path = tmp_path / "ktp.jpg"
    path.write_bytes(data)
    documents.controls.select_type(DocumentType.KTP)
    documents.import_paths([str(path)])
    qtbot.waitUntil(lambda: bool(owner.ktp_text.text()), timeout=60_000)  # read off the GUI thread
    marked = ["owner.nik", "owner.full_name", "owner.birth_date", "owner.sex"]
    assert owner.unchecked_ktp_fields() == marked, owner.ktp_text.text()
    settle(qtbot)

    wizard.go_to(Step.OWNER)
    settle(qtbot)
    assert owner.nik.text() == truth.nik
    assert owner.full_name.text() == truth.name
    born = dt.date.fromisoformat(truth.birth_date)
    assert owner.birth_date.text() == born.strftime("%d-%m-%Y")
    assert owner.sex.currentData() == (Sex.FEMALE if truth.sex == "F" else Sex.MALE).value
    assert wizard.step == Step.OWNER, wizard.step
    assert owner.ktp_note.isVisibleTo(owner), owner.unchecked_ktp_fields()
    assert "dibaca dari ktp — periksa" in owner.ktp_text.text().lower()
    assert owner.nik.property("fromKtp") is True
    assert owner.nik.toolTip() == "Dibaca dari KTP — periksa"

    # staff change one value (its mark goes), then confirm the others against the card
    owner.full_name.selectAll()
    type_text(qtbot, owner.full_name, truth.name.title())
    assert "owner.full_name" not in owner.unchecked_ktp_fields()
    assert owner.unchecked_ktp_fields() == ["owner.nik", "owner.birth_date", "owner.sex"]
    qtbot.mouseClick(owner.ktp_confirm, qtbot_button())
    assert owner.unchecked_ktp_fields() == [] and not owner.ktp_note.isVisible()
    assert owner.nik.property("fromKtp") is False

    wizard.go_to(Step.SUBMIT)
    settle(qtbot)
    assert wizard.step == Step.SUBMIT, wizard.step
    wizard.submit()
    qtbot.waitUntil(
        lambda: store.get(reg.id).status == Status.SUBMITTED or bool(wizard._pending),
        timeout=30_000,
    )
    assert not wizard._pending, [(i.field, i.code) for i in wizard._pending]
    stored = store.get(reg.id)
    assert stored.status == Status.SUBMITTED
    assert (stored.owner.nik, stored.owner.full_name) == (truth.nik, truth.name.title())
    assert stored.owner.birth_date == born
    assert truth.religion not in repr(stored.to_dict())


def qtbot_button():  # the left mouse button, imported late (Qt loads with the fixtures)
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_correcting_the_nik_rederives_the_birth_date_it_gave(qtbot, store, qt_lang):
    from ui.wizard.steps.owner import OwnerPage

    page = OwnerPage(make_ctx(store))
    qtbot.addWidget(page)
    page.show()
    type_text(qtbot, page.nik, "6571024101850001")  # a woman born 1 January 1985
    assert page.birth_date.text() == "01-01-1985"
    assert page.sex.currentData() == Sex.FEMALE.value
    page.nik.selectAll()
    type_text(qtbot, page.nik, "6571020202900001")  # corrected: a man born 2 February 1990
    assert page.birth_date.text() == "02-02-1990"
    assert page.sex.currentData() == Sex.MALE.value
    page.birth_date.selectAll()
    type_text(qtbot, page.birth_date, "03-02-1990")  # typed by a person: kept from now on
    page.nik.selectAll()
    type_text(qtbot, page.nik, "6571020502900001")
    assert page.birth_date.text() == "03-02-1990"


def test_the_mismatch_message_shows_a_four_digit_year():
    from kiosk.domain.crosschecks import nik_checks
    from kiosk.domain.examples import complete_registration as example

    reg = example(1)
    reg.owner.birth_date = dt.date(1985, 3, 3)
    issues = [i for i in nik_checks(reg) if i.code == "validation.nik.birth_mismatch"]
    assert issues and issues[0].params["nik_date"] == "02-01-1985"
