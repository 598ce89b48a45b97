"""Helpers for the console's tests: console users, logged-in httpx clients, a real Chromium.

The browser is Debian's ``chromium`` driven by Debian's ``chromium-driver`` through Selenium
(``/usr/bin/chromium``, ``/usr/bin/chromedriver``; nothing is downloaded). Without them the
browser tests skip locally and fail under ``CI=true`` (:func:`tests.conftest.require_service`).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from kiosk.central.console import users
from kiosk.central.db import make_engine, session_factory, session_scope
from tests.conftest import require_service

PASSWORD = "kata-sandi-yang-panjang"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def add_user(db_url: str, role: str, mpp: str = "", name: str = "") -> str:
    name = name or f"{role}{os.urandom(3).hex()}"
    engine = make_engine(db_url)
    try:
        with session_scope(session_factory(engine)) as session:
            users.add_user(session, name, role, PASSWORD, mpp=mpp, time_zone="Asia/Makassar")
    finally:
        engine.dispose()
    return name


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token in the page"
    return found.group(1)


@contextmanager
def login(base_url: str, username: str, password: str = PASSWORD) -> Iterator[httpx.Client]:
    """An httpx client logged in as ``username`` (closed afterwards)."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        page = client.get("/console/login")
        answer = client.post(
            "/console/login",
            data={"username": username, "password": password, "csrf_token": csrf(page.text)},
        )
        assert answer.status_code == 303, answer.text
        yield client


@contextmanager
def chromium(width: int = 1366, height: int = 900) -> Iterator[Any]:
    """A headless Chromium under Selenium, closed afterwards."""
    require_service(
        CHROMIUM.exists() and CHROMEDRIVER.exists() and shutil.which("chromium") is not None,
        "Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)",
    )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={width},{height}",
        "--lang=id-ID",
        "--no-first-run",
        "--disable-extensions",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def browser_login(driver: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base_url + "/console/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()
    wait_for(driver, lambda d: "/console/login" not in d.current_url)


def wait_for(driver: Any, condition: Any, timeout: float = 20) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)
