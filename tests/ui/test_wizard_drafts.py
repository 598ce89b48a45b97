"""Drafts survive a destroyed window; self-service mode; reset leaves nothing on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.domain.model import LegalForm, Status
from kiosk.domain.wizard import Flow, Step
from tests.ui.helpers import assert_touch_targets, visible_texts
from tests.ui.test_wizard_helpers import (
    NIK,
    VILLAGE_QUERY,
    agree_to_consent,
    alt_right,
    edit_cell,
    make_ctx,
    settle,
)


def make_wizard(qtbot, store, flow=None, kiosk_mode=False, owned_by_qtbot=True):
    from ui.wizard.wizard import WizardPage

    w = WizardPage(make_ctx(store, kiosk_mode=kiosk_mode), flow=flow or Flow.staff())
    if owned_by_qtbot:
        qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.start_new()
    settle(qtbot)
    return w


def test_a_draft_reopens_at_the_same_step_with_the_same_data(qtbot, store, qt_lang):
    w = make_wizard(qtbot, store, owned_by_qtbot=False)
    w._current_page().agree.setFocus()
    qtbot.keyClick(w._current_page().agree, Qt.Key.Key_Space)
    alt_right(qtbot, w)
    settle(qtbot)
    business = w._current_page()
    qtbot.keyClicks(business.name, "Warung Bu Tini")
    business.legal_form.setFocus()
    qtbot.keyClick(business.legal_form, Qt.Key.Key_Down)
    qtbot.keyClicks(business.capital.line, "25000000")
    settle(qtbot)  # the typing pause passes and the draft is written
    reg_id, reg_no = w.reg.id, w.reg.reg_no
    assert reg_no
    qtbot.keyClicks(business.nib, "91200")  # typed just now: may be lost, nothing else may
    w.deleteLater()  # the window is gone, as after a crash: nothing is flushed on the way out
    qtbot.waitUntil(lambda w=w: not _alive(w), timeout=2_000)

    again = make_wizard(qtbot, store)
    again.open_draft(reg_id)
    settle(qtbot)
    assert again.step == Step.BUSINESS
    page = again._current_page()
    assert page.name.text() == "Warung Bu Tini"
    assert page.legal_form.currentData() == LegalForm.PERORANGAN.value
    assert page.capital.value() == 25_000_000
    assert again.reg.reg_no == reg_no
    assert again.reg.consent.given_at is not None
    stored = store.get(reg_id)
    assert stored.status == Status.DRAFT and stored.business.name == "Warung Bu Tini"


def test_self_service_flow_with_touch_targets_and_a_draft_number(qtbot, store, qt_lang):
    w = make_wizard(qtbot, store, flow=Flow.self_service(), kiosk_mode=True)
    saved_numbers: list[str] = []
    w.draft_saved.connect(saved_numbers.append)
    assert w.step == Step.CONSENT  # consent first; no bank, documents or submit on the screen
    assert_touch_targets(w._current_page())
    assert_touch_targets(w.nav)
    agree_to_consent(qtbot, w)
    assert_touch_targets(w._current_page())
    business = w._current_page()
    qtbot.keyClicks(business.name, "Keripik Pisang Ibu Ani")
    owner = _go(qtbot, w, Step.OWNER)
    qtbot.keyClicks(owner.nik, NIK)
    qtbot.keyClicks(owner.full_name, "Ani Lestari")
    address = _go(qtbot, w, Step.ADDRESS)
    qtbot.keyClicks(address.region.search.line, VILLAGE_QUERY)
    qtbot.keyClick(address.region.search.line, Qt.Key.Key_Return)
    products = _go(qtbot, w, Step.PRODUCTS)
    qtbot.mouseClick(products.add_button, Qt.MouseButton.LeftButton)
    for column, text in ((0, "Keripik pisang"), (2, "15000")):
        edit_cell(qtbot, products.table, 0, column, text)
    products.table.setCurrentIndex(products.model.index(0, 0))
    products.details.unit.setCurrentText("bungkus")
    assert w.nav.next.text().replace("&", "") == "Selesai"  # "Done": the last owner step
    with qtbot.waitSignal(w.finished, timeout=5_000) as finished:
        qtbot.mouseClick(w.nav.next, Qt.MouseButton.LeftButton)
    settle(qtbot)
    reg_id = finished.args[0]
    stored = store.get(reg_id)
    assert stored.status == Status.DRAFT
    assert stored.owner.full_name == "Ani Lestari"
    assert stored.consent.given_at is not None  # agreed on the screen, before any typing
    assert stored.address.village_code == "65.71.02.1003"
    assert [(p.name, p.price_idr) for p in stored.products] == [("Keripik pisang", 15_000)]
    assert saved_numbers and saved_numbers[-1] == stored.reg_no

    w.go_to(Step.ADDRESS)
    qtbot.keyClicks(address.region.search.line, "Tarakan")  # typed, not picked
    w.reset()  # idle reset: nothing of the owner may stay on screen
    assert w.step == Step.CONSENT and not w._current_page().agree.isChecked()
    texts = " ".join(visible_texts(w))
    w.go_to(Step.ADDRESS)
    texts += " ".join(visible_texts(w))
    for secret in ("Keripik", "Ani Lestari", NIK, "Sebengkok", "Tarakan"):
        assert secret not in texts
    assert w.reg.id != reg_id
    assert store.get(reg_id).owner.full_name == "Ani Lestari"  # reset never deletes a draft


def _alive(widget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)


def _go(qtbot, w, step):
    w.go_to(step)
    settle(qtbot)
    assert w.step == step
    return w._current_page()


def test_ctrl_s_saves_the_draft_at_once(qtbot, store, qt_lang):
    from ui import operations

    w = make_wizard(qtbot, store)
    w.go_to(Step.BUSINESS)
    business = w._current_page()
    qtbot.keyClicks(business.name, "Bengkel Las Pak Darto")
    assert w.drafts.busy  # the typing pause has not passed yet
    with qtbot.waitSignal(w.draft_saved, timeout=5_000) as saved:
        qtbot.keyClick(business.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    operations.wait_idle()
    assert store.get_by_reg_no(saved.args[0]).business.name == "Bengkel Las Pak Darto"
    assert store.draft_step(w.reg.id) == "business"


def test_a_new_registrations_id_is_made_by_the_kiosks_key_and_kept(qtbot, store, qt_lang):
    """Issue 13.1: the wizard starts every registration with an ID of this kiosk's signing key
    (the central refuses another as new), and the draft the store keeps has that same ID."""
    from kiosk.security import regid

    raw = store.keys.signing_public_raw
    w = make_wizard(qtbot, store)
    first = w.reg.id
    assert regid.made_by(first, raw)
    agree_to_consent(qtbot, w)
    business = w._current_page()
    qtbot.keyClicks(business.name, "Warung Bu Tini")
    settle(qtbot)
    assert w.reg.reg_no and w.reg.id == first
    assert store.get(first).business.name == "Warung Bu Tini"
    w.start_new()
    settle(qtbot)
    assert w.reg.id != first and regid.made_by(w.reg.id, raw)
