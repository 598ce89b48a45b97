"""Helpers for the console's operations pages: a logged-in httpx client that the caller closes
(the pages' fixtures keep several open at once). Console users, the password and the CSRF token
are :mod:`tests.central.console_helpers`' own, named here too for the modules that import them
from here."""

from __future__ import annotations

import httpx

from tests.central.console_helpers import PASSWORD, add_user, csrf

__all__ = ["PASSWORD", "add_user", "csrf", "login"]


def login(base_url: str, username: str, password: str = PASSWORD) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=30)
    client.get("/console/login")
    token = client.cookies.get("kiosk_console_login")
    answer = client.post(
        "/console/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert answer.status_code == 303, answer.text
    return client
