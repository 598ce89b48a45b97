"""The supervisor's and administrator's console pages against a real central: kiosks and
enrolment (a real kiosk store enrols with the code the page showed), revocation, staff, console
users, reference data; MPP scope, CSRF, audit, escaping."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import select

from kiosk.central.db import make_engine, session_factory
from kiosk.central.models import AuditRecord, Event, Staff
from tests.central.helpers import unique
from tests.central.ops_helpers import add_user, csrf


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    """SQLite only: these pages' queries are plain ORM reads and writes; the dashboard's SQL,
    which differs per database, is tested on both (tests/central/test_dashboard.py)."""
    from tests.central.helpers import Central

    folder = tmp_path_factory.mktemp("central-ops")
    with Central.start(f"sqlite:///{folder / 'central.sqlite3'}", folder, backend="sqlite") as c:
        yield c


HOSTILE = '<script>alert("x")</script> & Co'


@pytest.fixture(scope="module")
def mpps(central):
    """Two MPPs, each with a kiosk, a supervisor; and an administrator."""
    here, there = unique("MPP Tarakan"), unique("MPP Nunukan")
    kiosk_here, kiosk_there = central.enroll(mpp=here), central.enroll(mpp=there)
    return {
        "here": here,
        "there": there,
        "kiosk_here": kiosk_here,
        "kiosk_there": kiosk_there,
        "sup_here": add_user(central.db_url, "supervisor", here),
        "sup_there": add_user(central.db_url, "supervisor", there),
        "admin": add_user(central.db_url, "admin"),
        "viewer": add_user(central.db_url, "viewer"),
    }


@pytest.fixture
def login():
    from tests.central.ops_helpers import login as open_client

    clients = []

    def make(base_url, username, password=None):
        client = open_client(base_url, username, *([password] if password else []))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def audit_actions(db_url: str, actor: str) -> list[str]:
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            return list(
                session.scalars(select(AuditRecord.action).where(AuditRecord.actor == actor))
            )
    finally:
        engine.dispose()


def test_supervisor_enrols_a_kiosk_from_the_code_on_the_page(central, mpps, login, tmp_path):
    from kiosk.store import Store
    from kiosk.sync.enrol import enroll

    client = login(central.url, mpps["sup_here"])
    page = client.get("/console/kiosks")
    assert page.status_code == 200
    assert mpps["kiosk_here"].kiosk_code in page.text
    assert mpps["kiosk_there"].kiosk_code not in page.text  # another MPP's kiosk is not listed
    shown = client.post(
        "/console/kiosks/enrol",
        data={"csrf_token": csrf(page.text), "kiosk_name": "Loket Baru", "minutes": "20"},
    )
    assert shown.status_code == 200
    assert shown.headers["cache-control"] == "no-store"
    code = re.search(r'id="enrol-code">([0-9A-Z-]+)<', shown.text).group(1)
    link = html.unescape(
        re.search(r'id="enrol-link" readonly value="([^"]+)"', shown.text).group(1)
    )
    assert link == f"kiosk-enrol:{code}@{central.url}"
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in shown.text and 'class="qr"' in shown.text

    store = Store.open(tmp_path / "kiosk")
    try:
        creds = enroll(store, central.url, code, kiosk_name="Loket Baru")
    finally:
        store.close()
    assert creds.mpp == mpps["here"]  # a supervisor's code is always for their own MPP
    listed = client.get("/console/kiosks").text
    assert creds.kiosk_code in listed and "Loket Baru" in listed
    assert "kiosk.code_created" in audit_actions(central.db_url, mpps["sup_here"])


def test_revoke_is_scoped_csrf_checked_and_audited(central, mpps, login):
    own, other = mpps["kiosk_here"], mpps["kiosk_there"]
    client = login(central.url, mpps["sup_here"])
    token = csrf(client.get("/console/kiosks").text)
    assert (
        client.post(
            f"/console/kiosks/{other.kiosk_id}/revoke", data={"csrf_token": token}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/console/kiosks/{own.kiosk_id}/revoke", data={}).status_code == 403
    )  # no CSRF
    assert (
        client.post(
            f"/console/kiosks/{own.kiosk_id}/revoke", data={"csrf_token": "forged"}
        ).status_code
        == 403
    )
    with own.http() as http:
        assert http.get("/pull").status_code == 200  # not revoked by any of the refused posts
    done = client.post(f"/console/kiosks/{own.kiosk_id}/revoke", data={"csrf_token": token})
    assert (
        done.status_code == 303
        and done.headers["location"] == f"/console/kiosks?done={own.kiosk_code}"
    )
    with own.http() as http:
        assert http.get("/pull").status_code == 401
    with other.http() as http:
        assert http.get("/pull").status_code == 200
    assert "kiosk.revoked" in audit_actions(central.db_url, mpps["sup_here"])


def test_supervisor_manages_their_mpps_staff(central, mpps, login):
    client = login(central.url, mpps["sup_here"])
    token = csrf(client.get("/console/staff").text)
    name = f"petugas{len(mpps['here']) % 10}x"
    added = client.post(
        "/console/staff",
        data={
            "csrf_token": token,
            "username": name,
            "full_name": HOSTILE,
            "role": "operator",
            "password": "rahasia-123",
        },
    )
    assert added.status_code == 303
    page = client.get(added.headers["location"]).text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    engine = make_engine(central.db_url)
    try:
        with session_factory(engine)() as session:
            staff = session.scalar(select(Staff).where(Staff.username == name))
            assert staff is not None and staff.active
            staff_events = [
                json.loads(e.payload)
                for e in session.scalars(select(Event).where(Event.kind == "staff"))
            ]
            assert any(p["username"] == name and p["mpp"] == mpps["here"] for p in staff_events)
    finally:
        engine.dispose()
    # another MPP's supervisor can neither see nor disable the account
    other = login(central.url, mpps["sup_there"])
    other_page = other.get("/console/staff").text
    assert name not in other_page
    refused = other.post(
        "/console/staff/active",
        data={"csrf_token": csrf(other_page), "username": name, "mpp": mpps["here"]},
    )
    assert refused.status_code == 403
    disabled = client.post(
        "/console/staff/active", data={"csrf_token": token, "username": name, "mpp": mpps["here"]}
    )
    assert disabled.status_code == 303
    with session_factory(engine)() as session:
        assert session.scalar(select(Staff.active).where(Staff.username == name)) is False
    engine.dispose()
    assert {"staff.added", "staff.disabled"} <= set(audit_actions(central.db_url, mpps["sup_here"]))


def test_roles_keep_to_their_pages(central, mpps, login):
    viewer = login(central.url, mpps["viewer"])
    supervisor = login(central.url, mpps["sup_here"])
    for path in ("/console/kiosks", "/console/staff", "/console/users", "/console/reference"):
        assert viewer.get(path).status_code == 403
    for path in ("/console/users", "/console/reference"):
        assert supervisor.get(path).status_code == 403
    assert viewer.get("/console/dashboard").status_code == 200
    token = csrf(viewer.get("/console/dashboard").text)
    refused = viewer.post("/console/kiosks/enrol", data={"csrf_token": token, "kiosk_name": "x"})
    assert refused.status_code == 403


def test_administrator_manages_users_and_reference_data(central, mpps, login):
    admin = login(central.url, mpps["admin"])
    page = admin.get("/console/users")
    token = csrf(page.text)
    name = f"verif{mpps['sup_here'][-6:]}"
    added = admin.post(
        "/console/users",
        data={
            "csrf_token": token,
            "username": name,
            "role": "verifier",
            "password": "panjang-sekali-1",
        },
    )
    assert added.status_code == 303
    login(central.url, name, "panjang-sekali-1")  # the new user can log in
    assert (
        admin.post(
            "/console/users/active", data={"csrf_token": token, "username": name}
        ).status_code
        == 303
    )
    refused = admin.post(
        "/console/users/active", data={"csrf_token": token, "username": mpps["admin"]}
    )
    assert refused.status_code == 422  # never disables oneself
    rows = [{"code": "65.71", "name": "Kota Tarakan"}]
    published = admin.post(
        "/console/reference",
        data={"csrf_token": token, "dataset": "regions", "version": "2026.12"},
        files={"file": ("regions.json", json.dumps(rows).encode(), "application/json")},
    )
    assert published.status_code == 200 and 'id="ref-done"' in published.text
    bad = admin.post(
        "/console/reference",
        data={"csrf_token": token, "dataset": "regions", "version": "x"},
        files={"file": ("x.json", b"{not json", "application/json")},
    )
    assert bad.status_code == 422
    with central.http(mpps["kiosk_there"].token) as http:
        events = http.get("/pull", params={"limit": 1000}).json()["events"]
    assert any(e["kind"] == "reference" and e["payload"]["version"] == "2026.12" for e in events)
    assert {"user.added", "user.disabled", "reference.published"} <= set(
        audit_actions(central.db_url, mpps["admin"])
    )


def test_hostile_kiosk_names_render_as_text(central, mpps, login):
    client = login(central.url, mpps["admin"])
    token = csrf(client.get("/console/kiosks").text)
    shown = client.post(
        "/console/kiosks/enrol",
        data={"csrf_token": token, "kiosk_name": HOSTILE, "mpp": HOSTILE, "minutes": "5"},
    )
    assert shown.status_code == 200
    assert "<script>alert" not in shown.text and "&lt;script&gt;alert" in shown.text
    listed = client.get("/console/kiosks").text  # the pending code is listed by kiosk name
    assert "<script>alert" not in listed and "&lt;script&gt;alert" in listed


def test_a_supervisors_dashboard_stays_in_their_mpp(central, mpps, login):
    engine = make_engine(central.db_url)
    try:
        with session_factory(engine)() as session:
            from kiosk.central.models import Mpp

            other_id = session.scalar(select(Mpp.id).where(Mpp.name == mpps["there"]))
    finally:
        engine.dispose()
    client = login(central.url, mpps["sup_here"])
    page = client.get("/console/dashboard", params={"mpp": other_id})
    assert page.status_code == 200
    scope = re.search(r'id="dash-scope">([^<]*)<', page.text).group(1)
    assert html.unescape(scope) == f"Angka untuk {mpps['here']}."
    assert mpps["there"] not in page.text  # no series, no picker entry for another MPP


def test_the_qr_names_the_configured_public_address(tmp_path, login):
    """Behind a proxy the browser's address may not be the kiosks' one: the setting wins."""
    from tests.central.helpers import Central

    public = "https://pusat.kaltara.example:8443"
    with Central.start(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path, backend="sqlite",
                       public_url=public + "/") as other:  # fmt: skip
        other.enroll(mpp="MPP Kota Tarakan")
        client = login(other.url, add_user(other.db_url, "supervisor", "MPP Kota Tarakan"))
        token = csrf(client.get("/console/kiosks").text)
        shown = client.post("/console/kiosks/enrol", data={"csrf_token": token, "kiosk_name": "X"})
        code = re.search(r'id="enrol-code">([0-9A-Z-]+)<', shown.text).group(1)
        assert f'value="kiosk-enrol:{code}@{public}"' in shown.text


def test_the_qr_carries_the_centrals_tls_pin(tmp_path, login):
    """Issue 13.4: the enrolment link names the key of the certificate kiosks meet, so a kiosk
    enrolling from the QR code trusts that key and not its first connection."""
    import base64
    import os

    from tests.central.helpers import Central

    public = "https://pusat.kaltara.example:8443"
    pin = "sha256/" + base64.b64encode(os.urandom(32)).decode()
    with Central.start(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path, backend="sqlite",
                       public_url=public, tls_pin=pin) as other:  # fmt: skip
        other.enroll(mpp="MPP Kota Tarakan")
        client = login(other.url, add_user(other.db_url, "supervisor", "MPP Kota Tarakan"))
        token = csrf(client.get("/console/kiosks").text)
        shown = client.post("/console/kiosks/enrol", data={"csrf_token": token, "kiosk_name": "X"})
        code = re.search(r'id="enrol-code">([0-9A-Z-]+)<', shown.text).group(1)
        assert f'value="kiosk-enrol:{code}@{public}#pin={pin}"' in shown.text


def test_refused_forms_come_back_as_typed_without_the_password(central, mpps, login):
    """The three list-and-add pages (:mod:`kiosk.central.console.forms`): a refusal is 422 on
    the same page with its sentence and the values typed, never the password; nothing is added."""
    supervisor = login(central.url, mpps["sup_here"])
    token = csrf(supervisor.get("/console/staff").text)
    name = f"ditolak{mpps['sup_here'][-6:]}"
    refused = supervisor.post(
        "/console/staff",
        data={
            "csrf_token": token,
            "username": name,
            "full_name": "Siti Rahayu",
            "role": "supervisor",
            "password": "pndk7",  # too short
        },
    )
    assert refused.status_code == 422 and 'id="staff-error"' in refused.text
    assert f'value="{name}"' in refused.text and 'value="Siti Rahayu"' in refused.text
    assert '<option value="supervisor" selected>' in refused.text
    assert "pndk7" not in refused.text
    assert name not in supervisor.get("/console/staff").text  # nothing was added
    unknown = supervisor.post(
        "/console/staff/active", data={"csrf_token": token, "username": "tidakada"}
    )
    assert unknown.status_code == 404

    admin = login(central.url, mpps["admin"])
    token = csrf(admin.get("/console/users").text)
    user = f"spv{mpps['admin'][-6:]}"
    refused = admin.post(
        "/console/users",
        data={
            "csrf_token": token,
            "username": user,
            "role": "supervisor",  # without an MPP
            "password": "rahasia-yang-panjang-9",
        },
    )
    assert refused.status_code == 422 and 'id="users-error"' in refused.text
    assert f'value="{user}"' in refused.text and '<option value="supervisor" selected>' in (
        refused.text
    )
    assert "rahasia-yang-panjang-9" not in refused.text
    assert f'data-user="{user}"' not in admin.get("/console/users").text
    unknown = admin.post("/console/users/active", data={"csrf_token": token, "username": "nn0"})
    assert unknown.status_code == 422 and 'id="users-error"' in unknown.text

    token = csrf(admin.get("/console/kiosks").text)
    refused = admin.post(
        "/console/kiosks/enrol",
        data={"csrf_token": token, "kiosk_name": "Loket Tujuh", "mpp": " ", "minutes": "7"},
    )
    assert refused.status_code == 422 and 'id="enrol-error"' in refused.text
    assert 'value="Loket Tujuh"' in refused.text and 'value="7"' in refused.text
    missing = admin.post("/console/kiosks/not-a-kiosk/revoke", data={"csrf_token": token})
    assert missing.status_code == 404


def test_list_pages_show_only_their_own_notices(central, mpps, login):
    """After a change the list says what was done to whom; a notice it does not know is none."""
    admin = login(central.url, mpps["admin"])
    shown = admin.get("/console/staff", params={"done": "added", "name": "budi" * 30}).text
    assert 'id="staff-done"' in shown and "budi" * 16 in shown and "budi" * 17 not in shown
    assert 'id="staff-done"' not in admin.get("/console/staff?done=dropped&name=x").text
    assert 'id="users-done"' in admin.get("/console/users?done=disabled&name=ani").text
    assert 'id="users-done"' not in admin.get("/console/users?done=x").text
    shown = admin.get("/console/kiosks", params={"done": "K" * 50}).text
    assert 'id="kiosks-done"' in shown and "K" * 40 in shown and "K" * 41 not in shown
