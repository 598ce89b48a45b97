"""A console user changes their own password (``/console/password``), against a real central
(SQLite and PostgreSQL): the new password works and the old one no longer does, every other
session ends while this browser stays logged in, refusals change nothing, and wrong guesses of
the current password count towards the same lock-out as the log-in."""

from __future__ import annotations

import httpx

from tests.central.console_helpers import PASSWORD, add_user, csrf, login
from tests.central.helpers import Central

NEW_PASSWORD = "kata-sandi-baru-yang-panjang"


def _change(
    client: httpx.Client, current: str, new: str, repeat: str | None = None
) -> httpx.Response:
    form = client.get("/console/password")
    assert form.status_code == 200
    data = {"csrf_token": csrf(form.text), "current": current, "new": new}
    data["repeat"] = new if repeat is None else repeat
    return client.post("/console/password", data=data)


def _login_status(central: Central, username: str, password: str) -> int:
    with httpx.Client(base_url=central.url, timeout=30) as browser:
        page = browser.get("/console/login")
        answer = browser.post(
            "/console/login",
            data={"username": username, "password": password, "csrf_token": csrf(page.text)},
        )
        return answer.status_code


def test_a_changed_password_replaces_the_old_and_ends_other_sessions(central: Central) -> None:
    name = add_user(central.db_url, "verifier")
    with login(central.url, name) as here, login(central.url, name) as elsewhere:
        old_cookie = here.cookies.get("kiosk_console")
        answer = _change(here, PASSWORD, NEW_PASSWORD)
        assert (
            answer.status_code == 303 and answer.headers["location"] == "/console/password?done=1"
        )
        assert here.cookies.get("kiosk_console") not in (None, old_cookie)  # a new session here
        done = here.get("/console/password?done=1")
        assert done.status_code == 200 and 'id="password-done"' in done.text
        assert here.get("/console/queue").status_code == 200
        gone = elsewhere.get("/console/queue")  # the other browser's session has ended
        assert gone.status_code == 303 and gone.headers["location"].startswith("/console/login")
    assert _login_status(central, name, PASSWORD) == 401
    assert _login_status(central, name, NEW_PASSWORD) == 303
    entries = central.sql(
        f"SELECT action, details FROM central_audit WHERE actor = '{name}' ORDER BY id"
    )
    assert "password.changed" in [action for action, _ in entries]
    assert not any(NEW_PASSWORD in str(row) or PASSWORD in str(row) for row in entries)


def test_refusals_say_why_and_change_nothing(central: Central) -> None:
    name = add_user(central.db_url, "viewer")
    with login(central.url, name) as client:
        cases = [
            (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "Kedua kata sandi baru tidak sama"),
            (PASSWORD, "pendek", None, "Kata sandi minimal 10 karakter"),
            (PASSWORD, PASSWORD, None, "harus berbeda dari yang sekarang"),
            ("salah-sekali-123", NEW_PASSWORD, None, "Kata sandi saat ini salah"),
        ]
        for current, new, repeat, sentence in cases:
            answer = _change(client, current, new, repeat)
            assert answer.status_code == 422
            assert 'id="password-error"' in answer.text and sentence in answer.text
            assert NEW_PASSWORD not in answer.text  # typed passwords are never sent back
        assert client.get("/console/queue").status_code == 200  # refusals end no session
    assert _login_status(central, name, PASSWORD) == 303
    assert _login_status(central, name, NEW_PASSWORD) == 401


def test_guessing_the_current_password_locks_the_account(central: Central) -> None:
    name = add_user(central.db_url, "verifier")
    with login(central.url, name) as client:
        for attempt in range(4):
            answer = _change(client, f"tebakan-salah-{attempt}", NEW_PASSWORD)
            assert answer.status_code == 422
        locked = _change(client, PASSWORD, NEW_PASSWORD)  # the right one waits out the lock too
        assert locked.status_code == 422 and "Kata sandi saat ini salah" in locked.text
    assert _login_status(central, name, PASSWORD) == 401  # the log-in shares the lock-out
    assert _login_status(central, name, NEW_PASSWORD) == 401
    actions = [
        a for (a,) in central.sql(f"SELECT action FROM central_audit WHERE actor = '{name}'")
    ]
    assert actions.count("password.failed") == 4 and "password.locked" in actions
    assert "password.changed" not in actions


def test_the_form_is_in_english_for_an_english_viewer(central: Central) -> None:
    name = add_user(central.db_url, "viewer")
    with login(central.url, name) as client:
        form = client.get("/console/password")
        client.post(
            "/console/preferences",
            data={"csrf_token": csrf(form.text), "language": "en", "next": "/console/password"},
        )
        answer = _change(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x")
        assert answer.status_code == 422 and "The two new passwords differ" in answer.text
        assert 'lang="en"' in answer.text and "Change password" in answer.text
