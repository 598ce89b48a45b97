"""No open redirect through the log-in's ``next``: only a local ``/console/`` path is ever
followed, whatever is posted (the form never even carries another). One SQLite central: the
check is in the request handling, not in the database; ``safe_next`` itself by property test."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.central.console.redirects import HOME, safe_next
from tests.central.console_helpers import PASSWORD, add_user, csrf
from tests.central.helpers import Central


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    folder = tmp_path_factory.mktemp("console-redirects")
    with Central.start(f"sqlite:///{folder / 'c.sqlite3'}", folder, backend="sqlite") as running:
        yield running


EVIL_TARGETS = (
    "https://evil.example/",
    "//evil.example/console/queue",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/console/../../etc",
    "/console/%2e%2e/x",
    "/console\r\nSet-Cookie: x=1",
    "http:/console/queue",
    "/elsewhere",
)


def test_no_open_redirect_after_login(central: Central) -> None:
    name = add_user(central.db_url, "viewer")
    for target in EVIL_TARGETS:
        with httpx.Client(base_url=central.url, timeout=30) as browser:
            form = browser.get("/console/login", params={"next": target})
            assert 'name="next" value="/console/queue"' in form.text
            answer = browser.post(
                "/console/login",
                data={
                    "username": name,
                    "password": PASSWORD,
                    "csrf_token": csrf(form.text),
                    "next": target,
                },
            )
            assert answer.status_code == 303 and answer.headers["location"] == HOME, target


def test_a_local_next_is_kept(central: Central) -> None:
    name = add_user(central.db_url, "verifier")
    with httpx.Client(base_url=central.url, timeout=30) as browser:
        first = browser.get("/console/registrations/ABC-20261125-0001?status=")
        assert first.status_code == 303
        form = browser.get(first.headers["location"])
        answer = browser.post(
            "/console/login",
            data={
                "username": name,
                "password": PASSWORD,
                "csrf_token": csrf(form.text),
                "next": "/console/registrations/ABC-20261125-0001?status=",
            },
        )
        assert answer.headers["location"] == "/console/registrations/ABC-20261125-0001?status="


@given(st.text(max_size=80))
def test_safe_next_only_ever_gives_a_console_path(value: str) -> None:
    result = safe_next(value)
    parts = urlsplit(result)
    assert result == HOME or result == value
    assert parts.scheme == "" and parts.netloc == "" and result.startswith("/console/")
    assert not result.startswith("//") and "\\" not in result
