"""Login lock-out through the real log-in page: slowed down, shown, recorded."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.staff import accounts, audit


def attempt(qtbot, page, password):
    page.username.setText("sari")
    page.password.setFocus()
    qtbot.keyClicks(page.password, password)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.submit.isEnabled(), timeout=10_000)


def test_repeated_failures_lock_the_account(qtbot, make_window, store, supervisor):
    window = make_window()
    page = window.page("login")
    for _ in range(accounts.FREE_FAILURES):
        attempt(qtbot, page, "salah-sekali")
        assert page.message.text() == "Nama pengguna atau kata sandi salah."
        assert page.password.text() == ""
    attempt(qtbot, page, "salah-sekali")
    assert page.message.text().startswith("Terlalu banyak percobaan gagal.")
    # Locked: even the right password is refused, and nobody is logged in.
    attempt(qtbot, page, "rahasia-123")
    assert page.message.text().startswith("Terlalu banyak percobaan gagal.")
    assert window.current_page_name() == "login" and window.ctx.user is None
    actions = [e.action for e in audit.entries(store, action="login.")]
    assert actions == ["login.refused"] + ["login.failed"] * (accounts.FREE_FAILURES + 1)


def test_empty_fields_are_not_sent(qtbot, make_window, store, supervisor):
    window = make_window()
    page = window.page("login")
    qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Masukkan nama pengguna dan kata sandi Anda."
    assert audit.entries(store, action="login.") == []
