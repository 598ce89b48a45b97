"""The log-in before the store opens (kiosk.staff.early_login): the same answers, counters and audit
chain as the full path, only on the schema it knows, and without SQLAlchemy."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys

import pytest

from kiosk.errors import UserFacingError
from kiosk.security import datakey
from kiosk.staff import accounts, audit, audit_anchors, lockout
from kiosk.staff.early_login import EarlyLogin, EarlyLoginUnavailable
from kiosk.store import Store, audit_chain
from kiosk.store.audit_verify import verify
from kiosk.store.settings import read_setting

T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
OLDER = "0009_bundles"  # the revision before the head when this test was written


@pytest.fixture
def desk(data_dir):
    """A migrated data folder with a supervisor and a deactivated operator; the store closed."""
    with Store.open(data_dir) as store:
        accounts.create_staff(store, "sari", "Sari Wulandari", "supervisor", "rahasia-123")
        budi = accounts.create_staff(store, "budi", "Budi Santoso", "operator", "sandi-4567")
        accounts.deactivate(store, budi.id, actor="sari")
    return data_dir


def answer(check, username, password, at):
    try:
        return check(username, password, now=at).username
    except UserFacingError as exc:
        return (exc.code, exc.params)


def chain_report(database):
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT id, CAST(at AS TEXT), actor, action, target, details, prev_hash, entry_hash"
            " FROM audit_log ORDER BY id"
        ).fetchall()
    entries = [audit_chain.ChainEntry(r[0], *(str(v) for v in r[1:])) for r in rows]
    return verify(audit_anchors.links_of(entries))


def test_answers_counters_and_audit_as_the_full_path(desk, tmp_path):
    """The same attempts on two copies of one desk, one early, one through the store: the same
    answers, the same lock-out state, the same audit entries, and a chain that verifies."""
    twin = tmp_path / "twin"
    with sqlite3.connect(desk / "kiosk.sqlite3") as source, sqlite3.connect(twin) as copy:
        source.backup(copy)
    steps = [0, 1, 2, 3, 10, 31, 62, 95]
    attempts = [
        (name, "salah-sekali", T0 + dt.timedelta(seconds=s))
        for name in ("sari", "nobody", "budi")
        for s in steps
    ]
    attempts.append(("sari", "rahasia-123", T0 + dt.timedelta(hours=1)))
    attempts.append(("Sari ", "rahasia-123", T0 + dt.timedelta(hours=1, seconds=1)))

    early = EarlyLogin.prepare(desk)
    assert early is not None
    early_answers = [answer(early.authenticate, *a) for a in attempts]
    assert chain_report(desk / "kiosk.sqlite3").ok
    with Store.open(desk) as store:
        early_audit = [(e.actor, e.action, e.target, e.details) for e in audit.entries(store)]
        with store.session(write=False) as session:
            early_names = read_setting(session, lockout.SETTING, {})
        # the store carries on from what the early path wrote: sari is locked, nobody too
        later = T0 + dt.timedelta(seconds=96)
        refused = answer(
            lambda u, p, now: accounts.authenticate(store, u, p, now=now), "nobody", "x", later
        )
        assert refused[0] == "security.login.locked"

    (desk / "kiosk.sqlite3").unlink()
    for suffix in ("-wal", "-shm"):
        (desk / f"kiosk.sqlite3{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(twin) as copy, sqlite3.connect(desk / "kiosk.sqlite3") as target:
        copy.backup(target)
    with Store.open(desk) as store:
        full_answers = [
            answer(lambda u, p, now: accounts.authenticate(store, u, p, now=now), *a)
            for a in attempts
        ]
        full_audit = [(e.actor, e.action, e.target, e.details) for e in audit.entries(store)]
        with store.session(write=False) as session:
            full_names = read_setting(session, lockout.SETTING, {})

    assert early_answers == full_answers
    assert early_answers[-2:] == ["sari", "sari"]
    assert [a[0] for a in early_answers[:8]] == ["security.login.failed"] * 3 + [
        "security.login.locked"
    ] * 5
    assert early_audit == full_audit
    assert early_names == full_names and "nobody" not in json.dumps(early_names)
    assert chain_report(twin).ok


def test_blind_index_is_the_key_rings(desk):
    early = EarlyLogin.prepare(desk)
    assert early is not None
    with Store.open(desk) as store:
        expected = store.keys.blind_index("login-name", "nobody")
    with pytest.raises(UserFacingError):
        early.authenticate("nobody", "salah-sekali", now=T0)
    with sqlite3.connect(desk / "kiosk.sqlite3") as conn:
        [(value,)] = conn.execute("SELECT value FROM settings WHERE key = ?", (lockout.SETTING,))
    assert list(json.loads(value)) == [expected]


def test_an_older_database_waits_for_the_store_then_logs_in(data_dir):
    """Never a schema it does not know: behind → no early log-in; upgraded in place → one."""
    with Store.open(data_dir, migrate_to=OLDER) as old:
        with old.session() as session:
            session.execute(
                accounts.StaffRow.__table__.insert(),
                [
                    {
                        "id": "s-1",
                        "username": "sari",
                        "full_name": "Sari Wulandari",
                        "role": "supervisor",
                        "password_hash": accounts._hasher.hash("rahasia-123"),
                        "active": True,
                        "source": "local",
                        "failed_count": 0,
                        "created_at": T0,
                        "updated_at": T0,
                    }
                ],
            )
    assert EarlyLogin.prepare(data_dir) is None
    Store.open(data_dir).close()  # the upgrade in place
    early = EarlyLogin.prepare(data_dir)
    assert early is not None
    assert early.authenticate("sari", "rahasia-123").id == "s-1"
    assert chain_report(data_dir / "kiosk.sqlite3").ok


def test_a_schema_changed_after_prepare_is_not_touched(desk):
    early = EarlyLogin.prepare(desk)
    assert early is not None
    database = desk / "kiosk.sqlite3"
    with sqlite3.connect(database) as conn:
        before = conn.execute("SELECT count(*) FROM audit_log").fetchone()
        conn.execute("UPDATE alembic_version SET version_num = ?", (OLDER,))
    with pytest.raises(EarlyLoginUnavailable):
        early.authenticate("sari", "salah-sekali")
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == before
        assert conn.execute(
            "SELECT failed_count FROM staff WHERE username = 'sari'"
        ).fetchone() == (0,)
    assert EarlyLogin.prepare(desk) is None


def test_only_the_plain_data_key_and_no_restore_in_progress(desk, monkeypatch):
    monkeypatch.delenv(datakey.PASSPHRASE_ENV, raising=False)
    datakey.protect(desk / "keys", "passphrase", passphrase="kata-sandi-panjang-sekali")
    assert EarlyLogin.prepare(desk) is None
    datakey.protect(desk / "keys", "plain", unlock=lambda: "kata-sandi-panjang-sekali")
    assert EarlyLogin.prepare(desk) is not None
    with Store.open(desk) as store:
        journal = store.paths.restore_journal
    journal.write_text("{}")
    assert EarlyLogin.prepare(desk) is None


def test_a_kiosk_locked_by_the_central_refuses(desk):
    with Store.open(desk) as store:
        store.set_setting(lockout.KIOSK_LOCKED, True)
    early = EarlyLogin.prepare(desk)
    assert early is not None
    with pytest.raises(UserFacingError) as info:
        early.authenticate("sari", "rahasia-123")
    assert info.value.code == "security.kiosk.locked"


NO_ORM = """
import json, sys
from pathlib import Path
from kiosk.errors import UserFacingError
from kiosk.staff.early_login import EarlyLogin

early = EarlyLogin.prepare(Path(sys.argv[1]))
user = early.authenticate("sari", "rahasia-123")
try:
    early.authenticate("nobody", "salah-sekali")
except UserFacingError as exc:
    refused = exc.text("id")
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "cryptography", "alembic"})
print(json.dumps({"user": user.username, "refused": refused, "heavy": heavy}))
"""


def test_checks_a_log_in_without_sqlalchemy_or_cryptography(desk):
    result = subprocess.run(
        [sys.executable, "-c", NO_ORM, str(desk)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {
        "user": "sari",
        "refused": "Nama pengguna atau kata sandi salah.",
        "heavy": [],
    }
