"""The owner's own form (self-service, issue 12 item 15): short, in everyday words, jargon only
behind "?", required fields marked before Next, "Belum punya NIB/NPWP" leave them for staff."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.domain.plain_labels import JARGON
from kiosk.domain.wizard import Flow, Step
from tests.ui.helpers import assert_touch_targets, visible_texts
from tests.ui.test_wizard_drafts import make_wizard
from tests.ui.test_wizard_helpers import NIB, agree_to_consent, enter, settle

# The regulation numbers and terms the issue names, as they appear on the staff form.
ON_STAFF_FORM = ("PP 7/2021", "OSS", "PKP", "tanpa tanah dan bangunan")


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def jargon_on_screen(root) -> list[str]:
    texts = visible_texts(root)
    return [t for t in texts for term in (*ON_STAFF_FORM, *JARGON) if term in t]


def fill_owner_business(qtbot, page) -> None:
    qtbot.keyClicks(page.name, "Dapur Kue Bu Ani")
    page.legal_form.setFocus()
    qtbot.keyClick(page.legal_form, Qt.Key.Key_Down)  # perorangan
    qtbot.keyClicks(page.capital.line, "15000000")
    qtbot.keyClicks(page.kbli.search.line, "roti")
    enter(qtbot, page.kbli.search.line)
    assert page.kbli.codes() == ["10710"]


def test_the_owner_form_is_short_plain_and_marks_what_is_needed(qtbot, store, qt_lang):
    staff = make_wizard(qtbot, store)
    staff.go_to(Step.BUSINESS)
    assert jargon_on_screen(staff._current_page())  # the staff form keeps the official words

    w = make_wizard(qtbot, store, flow=Flow.self_service(), kiosk_mode=True)
    agree_to_consent(qtbot, w)
    page = w._current_page()
    assert jargon_on_screen(page) == []
    for hidden in (page.scale, page.pkp, page.year, page.employees):  # left to staff
        assert not hidden.isVisible()
    labels = {field: row.label.text() for field, row in page.rows.items() if row.isVisible()}
    assert labels["business.capital_idr"] == "Modal usaha *"  # marked before anyone presses Next
    assert labels["business.nib"].endswith(" *") and labels["business.kbli"].endswith(" *")
    assert not labels["business.annual_sales_idr"].endswith("*")  # optional, not marked
    assert_touch_targets(page)

    # The official meaning is one tap away, behind "?".
    row = page.rows["business.capital_idr"]
    assert row.help_button is not None and row.help_button.isVisible()
    assert not row.help_text.isVisible()
    click(qtbot, row.help_button)
    assert row.help_text.isVisible() and "tanah dan bangunan" in row.help_text.text()
    click(qtbot, row.help_button)
    assert not row.help_text.isVisible()

    # Next with nothing typed: messages name the fields in the same plain words.
    click(qtbot, w.nav.next)
    assert w.step == Step.BUSINESS
    message = page.rows["business.capital_idr"].message
    assert message.isVisible() and message.text().startswith("Modal usaha ")
    assert jargon_on_screen(page) == []

    w2 = make_wizard(qtbot, store, flow=Flow.self_service(), kiosk_mode=True)
    agree_to_consent(qtbot, w2)
    owner_step = w2.flow.next(Step.BUSINESS)
    w2.go_to(owner_step)
    owner = w2._current_page()
    assert jargon_on_screen(owner) == []
    assert owner.rows["owner.nik"].label.text() == "NIK (16 angka di KTP) *"
    assert owner.rows["owner.nik"].help_button.isVisible()
    assert_touch_targets(owner)


def test_no_nib_or_npwp_yet_leaves_them_for_staff(qtbot, store, qt_lang):
    w = make_wizard(qtbot, store, flow=Flow.self_service(), kiosk_mode=True)
    agree_to_consent(qtbot, w)
    page = w._current_page()
    fill_owner_business(qtbot, page)
    qtbot.keyClicks(page.nib, "12")  # started typing, then: "I have none yet"
    click(qtbot, w.nav.next)
    assert w.step == Step.BUSINESS  # NIB and NPWP are needed ...
    assert page.rows["business.npwp"].message.isVisible()
    click(qtbot, page.no_nib)  # ... unless the owner leaves them for staff
    click(qtbot, page.no_npwp)
    assert page.nib.text() == "" and not page.nib.isEnabled() and not page.npwp.isEnabled()
    click(qtbot, w.nav.next)
    assert w.step == Step.OWNER
    assert w.reg.left_for_staff == ["business.nib", "business.npwp"]
    settle(qtbot)  # the step change saved the draft
    stored = store.get(w.reg.id)
    assert stored.left_for_staff == ["business.nib", "business.npwp"]

    # Staff open the draft: told what the owner left, and they must fill it before going on.
    desk = make_wizard(qtbot, store)
    desk.load_registration(stored, "business")
    business = desk._current_page()
    note = business.findChild(QLabel, "business_left_for_staff")
    assert note.isVisible() and "NIB" in note.text() and "NPWP" in note.text()
    assert business.nib.isEnabled() and not business.no_nib.isVisible()
    click(qtbot, desk.nav.next)
    assert desk.step == Step.BUSINESS  # staff cannot leave it empty
    qtbot.keyClicks(business.nib, NIB)
    business.apply(desk.reg)
    assert desk.reg.left_for_staff == ["business.npwp"]  # the NIB no longer waits
    assert "NIB" not in note.text() and "NPWP" in note.text()


def test_the_handover_names_what_staff_will_help_with(qtbot, make_window, store, supervisor):
    from kiosk.domain.model import Registration

    reg = Registration()
    reg.business.name = "Dapur Kue Bu Ani"
    reg.left_for_staff = ["business.nib", "business.npwp"]
    reg = store.save_draft(reg, staff_id="", step="products")
    window = make_window(kiosk_mode=True, kiosk_warn_ms=600_000)
    click(qtbot, window.page("welcome").start)
    wizard = window.page("wizard")
    wizard.load_registration(store.get(reg.id), "products")
    wizard.finished.emit(reg.id)  # the owner's last step was saved
    settle(qtbot)
    assert window.current_page_name() == "handover"
    left = window.page("handover").left
    assert left.isVisible()
    assert (
        left.text()
        == "Petugas akan membantu Anda dengan: Nomor Induk Berusaha (NIB), Nomor pajak (NPWP)"
    )
    window.page("handover").show_number(reg.reg_no)  # nothing left: no such line
    assert not left.isVisible()
