"""Staff accounts against a real store: argon2id, roles, lock-out window, audit, central sync."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher, Type
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import UserFacingError
from kiosk.staff import accounts, audit, lockout
from kiosk.store import Store
from kiosk.store.settings import read_setting, write_setting


@pytest.fixture
def store(data_dir):
    s = Store.open(data_dir)
    yield s
    s.close()


@pytest.fixture
def sari(store):
    return accounts.create_staff(store, " Sari ", "Sari Wulandari", "supervisor", "rahasia-123")


T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def fail(store, username="sari", password="salah-sekali", at=T0) -> UserFacingError:
    with pytest.raises(UserFacingError) as info:
        accounts.authenticate(store, username, password, now=at)
    return info.value


def test_first_run_has_no_staff_then_the_supervisor_logs_in(store):
    assert not accounts.has_staff(store)
    user = accounts.create_first_supervisor(store, "Sari", "Sari Wulandari", "rahasia-123")
    assert accounts.has_staff(store)
    assert (user.username, user.role, user.is_supervisor) == ("sari", "supervisor", True)
    assert accounts.authenticate(store, "SARI", "rahasia-123") == user
    with pytest.raises(UserFacingError) as info:
        accounts.create_first_supervisor(store, "other", "Other Person", "rahasia-123")
    assert info.value.code == "security.setup.done"


def test_password_is_stored_as_argon2id_only(store, sari):
    with store.session(write=False) as session:
        row = session.get(accounts.StaffRow, sari.id)
        assert row.password_hash.startswith("$argon2id$")
        assert "rahasia-123" not in row.password_hash
    raw = store.paths.database.read_bytes()
    assert b"rahasia-123" not in raw


def test_wrong_password_and_unknown_user_give_the_same_message(store, sari):
    assert fail(store).code == "security.login.failed"
    assert fail(store, username="nobody").code == "security.login.failed"
    assert fail(store, username="nobody").text("id") == "Nama pengguna atau kata sandi salah."


def test_lockout_window_grows_and_blocks_even_the_right_password(store, sari):
    for _ in range(accounts.FREE_FAILURES):
        assert fail(store).code == "security.login.failed"
    locked = fail(store)  # the first failure past the free ones locks for 30 s
    assert (locked.code, locked.params) == ("security.login.locked", {"seconds": 30})
    refused = fail(store, password="rahasia-123", at=T0 + dt.timedelta(seconds=10))
    assert (refused.code, refused.params["seconds"]) == ("security.login.locked", 20)
    # After the window, one more wrong password doubles the window.
    again = fail(store, at=T0 + dt.timedelta(seconds=31))
    assert again.params["seconds"] == 60
    late = T0 + dt.timedelta(seconds=31 + 61)
    assert accounts.authenticate(store, "sari", "rahasia-123", now=late).id == sari.id
    # Success resets the counter: the next failure is free again.
    assert fail(store, at=late).code == "security.login.failed"


def test_lock_window_is_capped():
    assert accounts.lock_seconds(accounts.FREE_FAILURES) == 0
    assert accounts.lock_seconds(accounts.FREE_FAILURES + 1) == accounts.BASE_LOCK_S
    assert accounts.lock_seconds(100) == accounts.MAX_LOCK_S


def test_every_attempt_is_in_the_audit_log(store, sari):
    fail(store)
    fail(store, username="mallory\n\x1b[31m")
    accounts.authenticate(store, "sari", "rahasia-123")
    entries = audit.entries(store, action="login.")
    assert [e.action for e in entries] == ["login.ok", "login.failed", "login.failed"]
    assert entries[2].target == sari.id and entries[2].details["failed_count"] == 1
    assert entries[1].actor == "mallory [31m"  # control characters neutralised
    assert entries[1].details == {"reason": "unknown", "failed_count": 1, "locked_s": 0}


def test_the_lockout_answers_the_same_for_unknown_and_inactive_names(store, sari):
    """Issue 13.5: the sequence of messages (and lock windows) never tells whether a name has an
    account: a real one, an unknown one and a deactivated one answer alike, attempt by attempt."""
    budi = accounts.create_staff(store, "budi", "Budi Santoso", "operator", "sandi-4567")
    accounts.deactivate(store, budi.id, actor="sari")
    steps = [0] * (accounts.FREE_FAILURES + 1) + [10, 31, 31 + 30, 31 + 61]
    answers: dict[str, list] = {}
    for name in ("sari", "nobody", "budi"):
        answers[name] = [
            (e.code, e.params, e.text("id"))
            for e in (fail(store, username=name, at=T0 + dt.timedelta(seconds=s)) for s in steps)
        ]
    assert answers["sari"] == answers["nobody"] == answers["budi"]
    assert [code for code, _, _ in answers["nobody"]] == ["security.login.failed"] * 3 + [
        "security.login.locked"
    ] * 5
    with store.session(write=False) as session:  # counters keyed by a blind index, not the name
        assert "nobody" not in str(read_setting(session, lockout.SETTING, {}))


def test_deactivated_account_cannot_log_in_and_last_supervisor_stays(store, sari):
    budi = accounts.create_staff(store, "budi", "Budi Santoso", "operator", "sandi-4567")
    with pytest.raises(UserFacingError) as info:
        accounts.deactivate(store, sari.id, actor="sari")
    assert info.value.code == "security.staff.last_supervisor"
    accounts.deactivate(store, budi.id, actor="sari")
    assert fail(store, username="budi", password="sandi-4567").code == "security.login.failed"
    accounts.set_active(store, budi.id, True, actor="sari")
    assert accounts.authenticate(store, "budi", "sandi-4567").id == budi.id
    actions = [e.action for e in audit.entries(store, target=budi.id)]
    assert "staff.deactivated" in actions and "staff.reactivated" in actions


def test_change_and_reset_password(store, sari):
    with pytest.raises(UserFacingError) as info:
        accounts.change_password(store, sari.id, "not-current", "baru-sekali-1")
    assert info.value.code == "security.password.wrong"
    accounts.change_password(store, sari.id, "rahasia-123", "baru-sekali-1")
    assert fail(store, password="rahasia-123").code == "security.login.failed"
    for _ in range(accounts.FREE_FAILURES + 1):
        fail(store)
    accounts.reset_password(store, sari.id, "direset-lagi-2", actor="admin")  # lifts the lock
    assert accounts.authenticate(store, "sari", "direset-lagi-2", now=T0).id == sari.id


@pytest.mark.parametrize(
    ("username", "full_name", "role", "password", "code"),
    [
        ("ab", "Name", "operator", "long-enough", "security.username.invalid"),
        ("with space", "Name", "operator", "long-enough", "security.username.invalid"),
        ("okname", "  ", "operator", "long-enough", "security.full_name.required"),
        ("okname", "Name", "admin", "long-enough", "security.role.invalid"),
        ("okname", "Name", "operator", "short", "security.password.too_short"),
        ("SARI", "Name", "operator", "long-enough", "security.username.taken"),
    ],
)
def test_bad_account_data_is_refused_with_a_message(
    store, sari, username, full_name, role, password, code
):
    with pytest.raises(UserFacingError) as info:
        accounts.create_staff(store, username, full_name, role, password)
    assert info.value.code == code
    assert info.value.text("id") != info.value.text("en")
    assert len(accounts.list_staff(store)) == 1


def test_upsert_from_central_creates_updates_and_rejects(store, sari):
    hasher = PasswordHasher()
    records = [
        {
            "id": "c-1",
            "username": "Budi",
            "full_name": "Budi Santoso",
            "role": "operator",
            "password_hash": hasher.hash("dari-pusat-1"),
            "active": True,
        },
        {
            "id": "c-2",
            "username": "sari",
            "full_name": "Sari W.",
            "role": "supervisor",
            "password_hash": hasher.hash("dari-pusat-2"),
            "active": True,
        },
        {
            "id": "c-3",
            "username": "argon2i",
            "full_name": "Old Hash",
            "role": "operator",
            "password_hash": PasswordHasher(type=Type.I).hash("x-x-x-x-x"),
            "active": True,
        },
        {
            "id": "c-4",
            "username": "plain",
            "full_name": "Plain",
            "role": "operator",
            "password_hash": "password",
            "active": True,
        },
    ]
    result = accounts.upsert_from_central(store, records)
    assert (result.created, result.updated, sorted(result.rejected)) == (1, 1, ["argon2i", "plain"])
    assert accounts.authenticate(store, "budi", "dari-pusat-1").source == "central"
    taken_over = accounts.authenticate(store, "sari", "dari-pusat-2")
    assert (taken_over.id, taken_over.full_name) == ("c-2", "Sari W.")
    # Deactivation from the central applies; the update is matched by id.
    records[0] = {**records[0], "active": False, "username": "budi"}
    accounts.upsert_from_central(store, records[:1])
    assert fail(store, username="budi", password="dari-pusat-1").code == "security.login.failed"


def test_idle_settings_default_short_and_clamped(store):
    assert accounts.idle_settings(store) == accounts.IdleSettings(600, 120, 30)  # 10 min
    saved = accounts.save_idle_settings(store, accounts.IdleSettings(5, 10_000, 60), actor="sari")
    assert saved == accounts.IdleSettings(30, 1800, 60)
    assert audit.entries(store, action="settings.idle_changed")[0].actor == "sari"


@settings(max_examples=25)
@given(username=st.text(max_size=40), full_name=st.text(max_size=60))
def test_any_typed_account_data_is_stored_cleanly_or_refused(data_dir, username, full_name):
    with Store.open(data_dir) as store:
        try:
            user = accounts.create_staff(store, username, full_name, "operator", "cukup-panjang")
        except UserFacingError as exc:
            assert exc.code.startswith("security.") and exc.text("id")
        else:
            assert user.username == username.strip().casefold()
            assert user.full_name == audit.neutral(full_name, 200) != ""
            with store.session() as session:  # leave the next example a clean table
                session.query(accounts.StaffRow).delete()


@settings(max_examples=25)
@given(username=st.text(max_size=80), password=st.text(max_size=80))
def test_any_typed_login_is_refused_with_a_message_and_recorded(store, username, password):
    # Hypothesis runs every example on the same store: forget the previous examples' failures, or
    # a name drawn a fifth time (the empty one, often) is rightly locked instead of refused.
    with store.session() as session:
        write_setting(session, lockout.SETTING, {})
    before = len(audit.entries(store, action="login.", limit=1000))
    with pytest.raises(UserFacingError) as info:
        accounts.authenticate(store, username, password)
    assert info.value.code == "security.login.failed"
    entries = audit.entries(store, action="login.", limit=1000)
    assert len(entries) == before + 1
    assert entries[0].actor == (audit.neutral(accounts.normalize_username(username), 64) or "?")
