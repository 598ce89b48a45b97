"""Validation as you type (both languages), the duplicate warning, accessibility of every page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.domain.wizard import Step
from tests.ui.helpers import accessibility_problems
from tests.ui.test_wizard_helpers import (
    NIK,
    complete_registration,
    make_ctx,
    settle,
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
    return w


def open_step(qtbot, wizard, step):
    wizard.go_to(step)
    settle(qtbot)
    return wizard._current_page()


def test_a_wrong_nik_is_explained_under_the_field_in_both_languages(qtbot, wizard):
    owner = open_step(qtbot, wizard, Step.OWNER)
    row = owner.rows["owner.nik"]
    qtbot.keyClicks(owner.nik, "12345")
    indonesian = row.message_text()
    assert indonesian and "NIK" in indonesian
    assert owner.nik.property("invalid") is True
    assert row.message.property("severity") == "error"

    wizard.ctx.set_language("en")
    english = row.message_text()
    assert english and english != indonesian
    assert row.label.text() == "NIK (ID number)"  # labels follow the language too

    owner.nik.clear()
    qtbot.keyClicks(owner.nik, NIK)
    assert row.message_text() == ""
    assert owner.nik.property("invalid") is False
    wizard.ctx.set_language("id")
    assert row.label.text() == "NIK"


def test_an_unreadable_amount_and_date_are_reported_not_dropped(qtbot, wizard):
    business = open_step(qtbot, wizard, Step.BUSINESS)
    qtbot.keyClicks(business.capital.line, "1.25")  # not a grouping: a decimal
    assert business.rows["business.capital_idr"].message_text()
    assert business.capital.line.property("invalid") is True
    owner = open_step(qtbot, wizard, Step.OWNER)
    qtbot.keyClicks(owner.birth_date, "31-02-1990")
    assert owner.rows["owner.birth_date"].message_text()


def test_the_duplicate_warning_names_who_is_registered(qtbot, wizard, store):
    existing = store.submit(complete_registration(store), staff_id="")
    owner = open_step(qtbot, wizard, Step.OWNER)
    assert not wizard.banner.isVisible()
    qtbot.keyClicks(owner.nik, NIK)
    qtbot.waitUntil(wizard.banner.isVisible, timeout=5_000)
    text = wizard.banner.text.text()
    assert existing.reg_no in text
    assert "CV Sumber Rejeki" in text
    assert "6471" in text and NIK not in text  # the NIK is masked
    with qtbot.waitSignal(wizard.open_registration_requested) as opened:
        qtbot.mouseClick(wizard.banner.open, Qt.MouseButton.LeftButton)
    assert opened.args == [existing.id]
    qtbot.keyClick(owner.nik, Qt.Key.Key_Backspace)
    assert not wizard.banner.isVisible()  # an invalid NIK matches nobody
    assert [d.field for d in wizard.banner.duplicates()] == []


@pytest.mark.parametrize("step", [s for s in Step if s not in (Step.RECEIPT, Step.SUBMIT)])
def test_every_page_names_its_inputs(qtbot, wizard, step):
    open_step(qtbot, wizard, step)
    # scroll bars inside scroll areas are Qt's own parts (requested: helpers should skip them)
    problems = [p for p in accessibility_problems(wizard) if not p.startswith("QScrollBar")]
    assert not problems, "\n".join(problems)


def test_every_wizard_string_has_an_indonesian_translation():
    from tests.ui.helpers import assert_catalogue_complete

    assert_catalogue_complete("wizard")


def test_the_language_switches_without_restart(qtbot, wizard):
    business = open_step(qtbot, wizard, Step.BUSINESS)
    assert wizard.nav.next.text() == "&Lanjut"
    assert business.title.text() == "Data usaha"
    assert business.rows["business.name"].label.text() == "Nama usaha"
    wizard.ctx.set_language("en")
    assert wizard.nav.next.text() == "Ne&xt"  # Alt+N is the scanner's on the documents step
    assert business.title.text() == "Business"
    assert business.rows["business.name"].label.text() == "Business name"
    assert business.legal_form.itemText(1) == "Sole proprietor (perorangan / UD)"
    wizard.ctx.set_language("id")
    assert business.legal_form.itemText(1) == "Perorangan / UD"
