"""The console's security promises, against a real central (SQLite and PostgreSQL):

- every console route without a session redirects to the log-in (GET) or answers 401;
- forged or missing CSRF tokens are refused, on every form;
- no session fixation (a new session id at log-in; a cookie brought along is never promoted);
- no open redirect through ``next`` (:mod:`tests.central.test_console_redirects`);
- hostile names render as text on every page;
- lock-out after repeated failures that answers the same for existing and unknown users;
- idle timeout and disabling end a session; cookie flags (HttpOnly, SameSite=Strict, Secure
  behind TLS).
"""

from __future__ import annotations

import re

import httpx
from fastapi.routing import APIRoute

from tests.central.console_helpers import PASSWORD, add_user, csrf, login
from tests.central.helpers import Central, registration

HOSTILE_NAME = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;"\''
HOSTILE_OWNER = '"><svg onload=alert(2)>'


def console_routes(central: Central) -> list[tuple[str, str]]:
    """(method, path with sample parameters) of every console route of the running app."""
    from kiosk.central.app import create_app
    from kiosk.central.settings import CentralSettings

    folder = central.folder / "routes"  # the same code on its own SQLite file: only the routes
    app = create_app(CentralSettings(data_dir=folder))
    app.state.central.engine.dispose()
    out = []
    for route in _api_routes(app.routes):
        if not route.path.startswith("/console"):
            continue
        if route.path in ("/console/login",):
            continue
        path = re.sub(r"\{sha256\}", "0" * 64, route.path)
        path = re.sub(r"\{[^}]+\}", "X-20261125-0001", path)
        out += [(method, path) for method in sorted(route.methods - {"HEAD"})]
    return out


def _api_routes(routes: list) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI keeps those as wrappers)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        inner = getattr(route, "original_router", None)
        if inner is not None:
            found += _api_routes(inner.routes)
    return found


def test_every_console_route_wants_a_session(central: Central) -> None:
    routes = console_routes(central)
    assert len(routes) >= 6
    assert ("POST", "/console/registrations/X-20261125-0001/verdict") in routes
    with httpx.Client(base_url=central.url, timeout=30) as anonymous:
        for method, path in routes:
            answer = anonymous.request(method, path)
            if method == "GET":
                assert answer.status_code == 303, (method, path)
                location = answer.headers["location"]
                assert location.startswith("/console/login?next="), (path, location)
            else:
                assert answer.status_code == 401, (method, path, answer.status_code)


def test_a_form_sent_without_a_session_says_so_in_the_chosen_language(central: Central) -> None:
    """Not a bare English "login required": the page says the session ended, the form was not
    sent, and links to the log-in; in English once English was chosen before log-in."""
    with httpx.Client(base_url=central.url, timeout=30) as anonymous:
        answer = anonymous.post("/console/staff", data={"username": "budi"})
        assert answer.status_code == 401 and answer.headers["cache-control"] == "no-store"
        assert "Sesi berakhir" in answer.text and 'id="login-again"' in answer.text
        anonymous.cookies.set("kiosk_console_lang", "en")
        answer = anonymous.post("/console/registrations/X-20261125-0001/verdict")
        assert answer.status_code == 401 and "Session ended" in answer.text
        assert 'href="/console/login"' in answer.text


def test_csrf_missing_or_forged_is_refused(central: Central) -> None:
    kiosk = central.enroll()
    reg = registration(kiosk.kiosk_code)
    assert kiosk.push(kiosk.item(reg)).status_code == 200
    name = add_user(central.db_url, "verifier")
    with login(central.url, name) as client, login(central.url, name) as other:
        page = client.get("/console/queue")
        mine, theirs = csrf(page.text), csrf(other.get("/console/queue").text)
        assert mine != theirs
        verdict = f"/console/registrations/{reg.reg_no}/verdict"
        for token in (None, "", "forged-" + mine, theirs, mine.upper()):
            data = {"status": "needs_fix", "reason": "Foto buram"}
            if token is not None:
                data["csrf_token"] = token
            assert client.post(verdict, data=data).status_code == 403, token
            assert client.post("/console/logout", data=data).status_code == 403
            assert client.post("/console/preferences", data=data).status_code == 403
        status = central.sql("SELECT status FROM central_registrations WHERE id = :i", i=reg.id)
        assert status[0][0] == "submitted"
        good = client.post(verdict, data={"status": "needs_fix", "reason": "Foto buram",
                                          "csrf_token": mine})  # fmt: skip
        assert good.status_code == 303
    with httpx.Client(base_url=central.url, timeout=30) as fresh:
        form = fresh.get("/console/login")
        token = csrf(form.text)
        creds = {"username": name, "password": PASSWORD}
        assert fresh.post("/console/login", data=creds).status_code == 403  # no token
        forged = fresh.post("/console/login", data={**creds, "csrf_token": token + "x"})
        assert forged.status_code == 403
        fresh.cookies.clear()  # the token without its cookie (another site's form) is refused
        assert fresh.post("/console/login", data={**creds, "csrf_token": token}).status_code == 403


def test_no_session_fixation(central: Central) -> None:
    name = add_user(central.db_url, "viewer")
    with httpx.Client(base_url=central.url, timeout=30) as browser:
        browser.cookies.set("kiosk_console", "chosen-by-the-attacker", path="/console")
        form = browser.get("/console/login")
        answer = browser.post(
            "/console/login",
            data={"username": name, "password": PASSWORD, "csrf_token": csrf(form.text)},
        )
        assert answer.status_code == 303
        issued = re.search(r"kiosk_console=([^;]+)", answer.headers["set-cookie"]).group(1)
        assert issued != "chosen-by-the-attacker" and len(issued) >= 40
    with httpx.Client(base_url=central.url, timeout=30) as attacker:
        attacker.cookies.set("kiosk_console", "chosen-by-the-attacker", path="/console")
        assert attacker.get("/console/queue").status_code == 303  # worth nothing
    # a session the browser already had is ended when someone logs in over it
    first, second = add_user(central.db_url, "viewer"), add_user(central.db_url, "viewer")
    with login(central.url, first) as browser:
        old = browser.cookies.get("kiosk_console")
        form = browser.get("/console/login")
        browser.post(
            "/console/login",
            data={"username": second, "password": PASSWORD, "csrf_token": csrf(form.text)},
        )
        assert browser.cookies.get("kiosk_console") != old
    with httpx.Client(base_url=central.url, timeout=30) as thief:
        thief.cookies.set("kiosk_console", old, path="/console")
        assert thief.get("/console/queue").status_code == 303


def test_hostile_names_render_as_text_on_every_page(central: Central) -> None:
    kiosk = central.enroll(mpp=HOSTILE_NAME[:60])
    reg = registration(kiosk.kiosk_code)
    reg.business.name, reg.owner.full_name = HOSTILE_NAME, HOSTILE_OWNER
    assert kiosk.push(kiosk.item(reg)).status_code == 200
    pages = [path for method, path in console_routes(central) if method == "GET"]
    pages = [p for p in pages if "{" not in p and "X-2026" not in p and "0" * 64 not in p]
    pages += [
        f"/console/registrations/{reg.reg_no}",
        "/console/queue?q=" + "script",
        "/console/queue?q=" + reg.reg_no,
    ]
    with login(central.url, add_user(central.db_url, "admin")) as client:
        seen = 0
        for path in pages:
            answer = client.get(path)
            if answer.status_code != 200 or "html" not in answer.headers["content-type"]:
                continue
            seen += 1
            for raw in ("<script>alert", "<img src=x", "<svg onload", HOSTILE_MPP_RAW):
                assert raw not in answer.text, (path, raw)
        detail = client.get(f"/console/registrations/{reg.reg_no}").text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in detail
        assert "&#34;&gt;&lt;svg onload=alert(2)&gt;" in detail
        assert seen >= 3


HOSTILE_MPP_RAW = '<script>alert("x")</script>'


def test_lockout_answers_the_same_for_existing_and_unknown_users(central: Central) -> None:
    real = add_user(central.db_url, "verifier")
    ghost = "ghost" + real[-6:]

    def attempt(username: str, password: str) -> tuple[int, str]:
        with httpx.Client(base_url=central.url, timeout=30) as browser:
            form = browser.get("/console/login")
            answer = browser.post(
                "/console/login",
                data={"username": username, "password": password, "csrf_token": csrf(form.text)},
            )
            body = re.sub(r'name="csrf_token" value="[^"]+"', "", answer.text)
            return answer.status_code, body

    outcomes = {
        name: [attempt(name, "wrong-password-1") for _ in range(4)] for name in (real, ghost)
    }
    assert outcomes[real] == outcomes[ghost]  # same status and page, attempt by attempt
    assert {status for status, _ in outcomes[real]} == {401}
    locked_real, locked_ghost = attempt(real, PASSWORD), attempt(ghost, PASSWORD)
    assert locked_real == locked_ghost and locked_real[0] == 401  # the right password waits too
    failures = central.sql("SELECT count(*) FROM console_login_failures")[0][0]
    assert failures >= 2
    stored = " ".join(str(r) for r in central.sql("SELECT name_hash FROM console_login_failures"))
    assert ghost not in stored and real not in stored  # typed names are kept hashed


def test_idle_timeout_and_disabling_end_the_session(central: Central) -> None:
    from kiosk.central.console import users

    name = add_user(central.db_url, "viewer")
    with login(central.url, name) as client:
        assert client.get("/console/queue").status_code == 200
        central.sql(
            "UPDATE console_sessions SET last_seen_at = :t "
            "WHERE user_id = (SELECT id FROM console_users WHERE username = :u)",
            t="2000-01-01 00:00:00+00:00",
            u=name,
        )
        gone = client.get("/console/queue")
        assert gone.status_code == 303 and gone.headers["location"].startswith("/console/login")
    with login(central.url, name) as client:
        users.cli_set_active(central.db_url, name, False)
        assert client.get("/console/queue").status_code == 303


def test_cookie_flags(central: Central) -> None:
    name = add_user(central.db_url, "viewer")
    for proto, secure in (("http", False), ("https", True)):
        # X-Forwarded-Proto: the TLS proxy in front of the central (uvicorn trusts loopback);
        # cookies are carried by hand, as a client would not send a Secure cookie over http
        with httpx.Client(base_url=central.url, timeout=30) as browser:
            form = browser.get("/console/login", headers={"X-Forwarded-Proto": proto})
            token = csrf(form.text)
            answer = browser.post(
                "/console/login",
                headers={"X-Forwarded-Proto": proto, "Cookie": f"kiosk_console_login={token}"},
                data={"username": name, "password": PASSWORD, "csrf_token": token},
            )
            assert answer.status_code == 303
            cookie = next(
                c for c in answer.headers.get_list("set-cookie") if c.startswith("kiosk_console=")
            )
            flags = {part.strip().lower() for part in cookie.split(";")}
            assert {"httponly", "samesite=strict", "path=/console"} <= flags
            assert ("secure" in flags) is secure
            session = cookie.split(";")[0]
            page = browser.get(
                "/console/queue", headers={"X-Forwarded-Proto": proto, "Cookie": session}
            )
            assert page.status_code == 200
            assert page.headers["cache-control"] == "no-store"
            assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
