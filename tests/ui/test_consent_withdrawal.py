"""Consent withdrawn at the desk: the detail page's button, a supervisor's password, the erasure.

Also: opening a registration is a ``registration.viewed`` entry in the audit log, without the NIK.
"""

from __future__ import annotations

import pytest

from kiosk.staff import accounts, audit
from kiosk.store import erasure
from kiosk.store.records import RegistrationNotFound
from tests.ui.test_wizard_helpers import NIK, complete_registration, make_ctx, settle


@pytest.fixture
def desk(qtbot, store, qt_lang):
    from ui.pages.detail_page import DetailPage

    supervisor = accounts.create_first_supervisor(store, "sari", "Sari", "rahasia-sekali-1")
    operator = accounts.create_staff(store, "budi", "Budi", "operator", "rahasia-sekali-2")
    reg = store.submit(complete_registration(store), staff_id=operator.id)
    ctx = make_ctx(store)
    ctx.set_user(operator)
    page = DetailPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.show_registration(reg.id)
    settle(qtbot)
    return page, reg, supervisor


def _confirm(qtbot, dialog, username: str, password: str) -> None:
    dialog.form.username.setText(username)
    dialog.form.password.setText(password)
    dialog.form.submit.click()
    settle(qtbot)


def test_viewing_is_audited_without_personal_data(desk, store) -> None:
    _page, reg, _sup = desk
    [entry] = audit.entries(store, action="registration.viewed", target=reg.id)
    assert entry.actor == "budi" and entry.details == {"reg_no": reg.reg_no}
    assert all(NIK not in str(e.details) for e in audit.entries(store, limit=1000))


def test_a_supervisor_confirms_and_the_registration_is_erased(qtbot, desk, store) -> None:
    from ui.widgets.consent_withdrawal import ConsentWithdrawalDialog

    page, reg, supervisor = desk
    assert page.withdraw.isVisible() and page.withdraw.objectName() == "detail_withdraw"
    page.withdraw.click()
    dialog = page.findChild(ConsentWithdrawalDialog)
    assert dialog is not None and dialog.isVisible()
    assert reg.reg_no in dialog.explain.text()
    _confirm(qtbot, dialog, "budi", "rahasia-sekali-2")  # an operator cannot confirm
    assert dialog.isVisible() and dialog.form.message.text()
    assert store.get(reg.id).reg_no == reg.reg_no
    with qtbot.waitSignal(page.back_requested):
        _confirm(qtbot, dialog, supervisor.username, "rahasia-sekali-1")
    assert not dialog.isVisible()
    with pytest.raises(RegistrationNotFound):
        store.get(reg.id)
    [tomb] = erasure.unreported(store)  # sent to the central with the next sync
    assert (tomb["registration_id"], tomb["reg_no"], tomb["origin"]) == (reg.id, reg.reg_no, "desk")
    [withdrawn] = audit.entries(store, action="consent.withdrawn", target=reg.id)
    assert withdrawn.details["supervisor"] == "sari"
    assert audit.entries(store, action="registration.erased", target=reg.id)


def test_the_persons_draft_goes_with_the_withdrawal(qtbot, desk, store) -> None:
    """A draft of the same person (the same NIK, typed with spaces) is erased with it, and the
    dialog says so before anyone confirms."""
    import dataclasses

    from ui.widgets.consent_withdrawal import ConsentWithdrawalDialog

    page, reg, supervisor = desk
    draft = complete_registration(store)
    draft.owner = dataclasses.replace(draft.owner, nik=f"{NIK[:6]} {NIK[6:12]} {NIK[12:]}")
    draft = store.save_draft(draft, staff_id="budi", step="owner")
    page.withdraw.click()
    dialog = page.findChild(ConsentWithdrawalDialog)
    assert dialog is not None and "NIK" in dialog.explain.text()
    with qtbot.waitSignal(page.back_requested):
        _confirm(qtbot, dialog, supervisor.username, "rahasia-sekali-1")
    for gone in (reg.id, draft.id):
        with pytest.raises(RegistrationNotFound):
            store.get(gone)
    origins = {t["registration_id"]: t["origin"] for t in erasure.unreported(store)}
    assert origins == {reg.id: "desk", draft.id: "draft"}


def test_lock_and_log_out_are_audited(qtbot, make_window, store, supervisor) -> None:
    from tests.ui.helpers import settle as settle_all

    window = make_window()
    window.logged_in(supervisor)
    settle_all(qtbot)
    window.lock()
    settle_all(qtbot)
    window.logout()
    settle_all(qtbot)
    actions = [(e.action, e.actor) for e in audit.entries(store, limit=50)]
    assert ("session.locked", "sari") in actions and ("logout", "sari") in actions


def test_search_says_a_number_was_erased(qtbot, store, qt_lang) -> None:
    from ui.pages.search_page import SearchPage

    reg = store.submit(complete_registration(store), staff_id="")
    erasure.erase(store, reg.id, reg.reg_no, "req", "desk", "sari")
    page = SearchPage(make_ctx(store))
    qtbot.addWidget(page)
    page.show()
    page.text.setText(reg.reg_no.lower())
    page.search_now()
    settle(qtbot)
    assert page.result_ids() == []
    assert reg.reg_no in page.state.text() and "dihapus" in page.state.text()
