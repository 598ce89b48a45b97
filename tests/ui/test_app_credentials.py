"""The credentials form shared by the log-in and lock pages, the error helper, and the context's
store before start-up opened it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.errors import UserFacingError
from tests.ui.helpers import settle
from ui.context import AppContext
from ui.widgets.credentials import CredentialsForm
from ui.widgets.forms import show_error


def test_login_and_lock_pages_use_one_form(qtbot, make_window, supervisor):
    window = make_window()
    login, lock = window.page("login"), window.page("lock")
    for page, prefix in ((login, "login"), (lock, "lock")):
        assert isinstance(page.form, CredentialsForm)
        assert page.username.objectName() == f"{prefix}Username"
        assert page.password.objectName() == f"{prefix}Password"
        assert page.message.objectName() == f"{prefix}Message"
    assert (login.submit.objectName(), login.back.objectName()) == ("loginSubmit", "loginBack")
    assert (lock.submit.objectName(), lock.logout.objectName()) == ("lockUnlock", "lockLogout")
    assert login.username.accessibleName() == lock.username.accessibleName() == "Nama pengguna"


def test_an_attempt_before_the_store_is_open_waits_for_it(qtbot, store, supervisor, qt_lang):
    ctx = AppContext(None)
    assert not ctx.has_store
    with pytest.raises(RuntimeError):
        ctx.store  # noqa: B018 (the property raises)
    form = CredentialsForm(ctx, "test", submit_name="testSubmit", secondary_name="testOther")
    qtbot.addWidget(form)
    form.username.setText("sari")
    form.password.setText("rahasia-123")
    form.attempt()
    assert form.password.text() == "" and not form.submit.isEnabled()
    assert form.message.text() == "Memeriksa…"
    with qtbot.waitSignal(form.accepted, timeout=10_000) as accepted:
        ctx.set_store(store)
    assert accepted.args[0].username == "sari" and form.submit.isEnabled()
    settle(qtbot)


def test_show_error_says_what_the_person_may_read(qtbot, store, qt_lang):
    ctx = AppContext(store)
    label = QLabel()
    qtbot.addWidget(label)
    from kiosk.staff import accounts  # noqa: F401 (registers the security.* messages)

    show_error(label, ctx, UserFacingError("security.login.failed"))
    assert label.text() == "Nama pengguna atau kata sandi salah."
    show_error(label, ctx, KeyError("registration 42 with NIK 3201…"))  # a bug: no details
    assert label.text() == ctx.t("error.internal") and not label.isHidden()


def test_an_attempt_before_the_store_is_open_is_checked_early(qtbot, store, supervisor, qt_lang):
    """With the early log-in: checked and recorded at once; accepted when the store is open."""
    from kiosk.staff import accounts, audit
    from kiosk.staff.early_login import EarlyLogin

    ctx = AppContext(None)
    ctx.early_login = EarlyLogin.prepare(store.paths.root)
    assert ctx.early_login is not None
    form = CredentialsForm(ctx, "test", submit_name="testSubmit", secondary_name="testOther")
    qtbot.addWidget(form)
    accepted: list[object] = []
    form.accepted.connect(accepted.append)
    for _ in range(accounts.FREE_FAILURES + 1):  # refusals are shown while the store still opens
        form.username.setText("sari")
        form.password.setText("salah-sekali")
        form.attempt()
        qtbot.waitUntil(form.submit.isEnabled, timeout=10_000)
    assert "30" in form.message.text()  # locked for 30 s: counted early, durably
    assert [e.action for e in audit.entries(store, action="login.")] == ["login.failed"] * 4
    with pytest.raises(UserFacingError) as info:  # the store sees the same lock-out
        accounts.authenticate(store, "sari", "rahasia-123")
    assert info.value.code == "security.login.locked"


def test_a_right_password_checked_early_waits_for_the_store(qtbot, store, supervisor, qt_lang):
    from kiosk.staff import audit
    from kiosk.staff.early_login import EarlyLogin

    ctx = AppContext(None)
    ctx.early_login = EarlyLogin.prepare(store.paths.root)
    form = CredentialsForm(ctx, "test", submit_name="testSubmit", secondary_name="testOther")
    qtbot.addWidget(form)
    accepted: list[object] = []
    form.accepted.connect(accepted.append)
    form.username.setText("sari")
    form.password.setText("rahasia-123")
    form.attempt()
    qtbot.waitUntil(lambda: bool(audit.entries(store, action="login.ok")), timeout=10_000)
    settle(qtbot)
    assert accepted == [] and not form.submit.isEnabled()  # verified, not yet accepted
    with qtbot.waitSignal(form.accepted, timeout=10_000):
        ctx.set_store(store)
    assert [u.username for u in accepted] == ["sari"] and form.submit.isEnabled()
    assert len(audit.entries(store, action="login.")) == 1  # checked once, not again
    settle(qtbot)
