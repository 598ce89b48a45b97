"""Helpers for the console's operations pages: console users and logged-in httpx clients."""

from __future__ import annotations

import os
import re

import httpx

from kiosk.central.console import users
from kiosk.central.db import make_engine, session_factory, session_scope

PASSWORD = "kata-sandi-yang-panjang"


def add_user(db_url: str, role: str, mpp: str = "") -> str:
    name = f"{role}{os.urandom(3).hex()}"
    engine = make_engine(db_url)
    try:
        with session_scope(session_factory(engine)) as session:
            users.add_user(session, name, role, PASSWORD, mpp=mpp, time_zone="Asia/Makassar")
    finally:
        engine.dispose()
    return name


def login(base_url: str, username: str, password: str = PASSWORD) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=30)
    client.get("/console/login")
    token = client.cookies.get("kiosk_console_login")
    answer = client.post(
        "/console/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert answer.status_code == 303, answer.text
    return client


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token in the page"
    return found.group(1)
