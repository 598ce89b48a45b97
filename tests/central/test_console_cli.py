"""``kiosk central user …`` (console users; the password from standard input) and ``kiosk central
verdict`` by registration number, through the real CLI. SQLite only: the statements are the
console's own (tested on both backends by the console's other tests); this pins the commands."""

from __future__ import annotations

import io
import json

import pytest

from kiosk.cli import main
from tests.central.helpers import Central, registration, unique


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    folder = tmp_path_factory.mktemp("console-cli")
    with Central.start(f"sqlite:///{folder / 'c.sqlite3'}", folder, backend="sqlite") as running:
        yield running


def run(capsys, monkeypatch, central: Central, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(
        ["central", *args, "--database-url", central.db_url, "--data-dir", str(central.folder)]
    )
    out, err = capsys.readouterr()
    return code, out, err


def test_console_users_from_the_command_line(central: Central, capsys, monkeypatch) -> None:
    kiosk = central.enroll(mpp=unique("MPP Kota Tarakan"))
    name = f"sup{kiosk.kiosk_code.lower()}"
    code, out, _ = run(
        capsys,
        monkeypatch,
        central,
        "user",
        "add",
        name,
        "--role",
        "supervisor",
        "--mpp",
        kiosk.mpp,
        stdin="kata-sandi-panjang\n",
    )
    assert code == 0 and len(out.strip()) == 36
    code, _, err = run(
        capsys,
        monkeypatch,
        central,
        "user",
        "add",
        name,
        "--role",
        "viewer",
        stdin="kata-sandi-panjang\n",
    )
    assert code == 2 and name in err  # taken
    code, _, err = run(
        capsys,
        monkeypatch,
        central,
        "user",
        "add",
        name + "x",
        "--role",
        "supervisor",
        stdin="kata-sandi-panjang\n",
    )
    assert code == 2 and "MPP" in err  # a supervisor belongs to an MPP
    code, _, err = run(
        capsys,
        monkeypatch,
        central,
        "user",
        "add",
        name + "y",
        "--role",
        "verifier",
        stdin="pendek\n",
    )
    assert code == 2 and "10" in err
    code, out, _ = run(capsys, monkeypatch, central, "user", "list", "--json")
    rows = {row["username"]: row for row in json.loads(out)}
    assert rows[name]["role"] == "supervisor" and rows[name]["mpp"] == kiosk.mpp
    assert rows[name]["active"] is True and name + "y" not in rows
    assert run(capsys, monkeypatch, central, "user", "disable", name)[0] == 0
    _, out, _ = run(capsys, monkeypatch, central, "user", "list", "--json")
    assert {r["username"]: r["active"] for r in json.loads(out)}[name] is False
    assert run(capsys, monkeypatch, central, "user", "enable", name)[0] == 0
    stored = central.sql("SELECT password_hash FROM console_users WHERE username = :u", u=name)
    assert stored[0][0].startswith("$argon2id$") and "kata-sandi" not in stored[0][0]
    trail = central.sql("SELECT actor, action, target FROM central_audit WHERE target = :u", u=name)
    assert [tuple(t) for t in trail] == [
        ("cli", "user.added", name),
        ("cli", "user.disabled", name),
        ("cli", "user.enabled", name),
    ]


def test_verdict_by_registration_number(central: Central, capsys, monkeypatch) -> None:
    kiosk = central.enroll()
    reg = registration(kiosk.kiosk_code)
    assert kiosk.push(kiosk.item(reg)).status_code == 200
    code, _, _ = run(
        capsys,
        monkeypatch,
        central,
        "verdict",
        reg.reg_no.lower(),
        "--status",
        "needs_fix",
        "--reason",
        "NPWP tidak terbaca",
    )
    assert code == 0
    row = central.sql(
        "SELECT status, verdict_reason FROM central_registrations WHERE id = :i", i=reg.id
    )
    assert tuple(row[0]) == ("needs_fix", "NPWP tidak terbaca")
    audit = central.sql(
        "SELECT actor, action FROM central_audit WHERE registration_id = :i", i=reg.id
    )
    assert [tuple(a) for a in audit] == [("cli", "verdict")]
    code, _, err = run(
        capsys, monkeypatch, central, "verdict", "NOPE-20261125-0001", "--status", "verified"
    )
    assert code == 2 and "NOPE-20261125-0001" in err
