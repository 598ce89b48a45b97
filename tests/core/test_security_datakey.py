"""Issue 13.4: the data key kept under a supervisor's passphrase (argon2id, AES-256-GCM) instead
of a plain file beside the database; switching keeps every sealed record readable."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from kiosk.errors import UserFacingError
from kiosk.security import datakey
from kiosk.store import Store
from tests.core.test_sync_support import make_registration, open_kiosk

PASSPHRASE = "meja depan pagi hari"


def test_a_passphrase_protected_kiosk_opens_only_with_the_passphrase(tmp_path: Path) -> None:
    kiosk = open_kiosk(tmp_path, "desk")
    reg, images = make_registration(7400, kiosk.vault)
    reg = kiosk.submit(reg, images)
    folder = kiosk.store.paths.keys
    kiosk.store.close()

    datakey.protect(folder, "passphrase", passphrase=PASSPHRASE)
    assert datakey.mode_of(folder) == "passphrase"
    assert not (folder / datakey.PLAIN).exists()  # no plain copy of the key left beside the data
    assert reg.owner.nik.encode() not in (folder / datakey.WRAPPED).read_bytes()

    copy = tmp_path / "stolen"
    shutil.copytree(kiosk.store.paths.root, copy)
    for where in (copy, kiosk.store.paths.root):
        with pytest.raises(UserFacingError) as info:  # no passphrase: nothing opens
            Store.open(where)
        assert info.value.code == "security.datakey.passphrase_needed"
        with pytest.raises(UserFacingError) as info:
            Store.open(where, unlock=lambda: "tebak saja sandinya")
        assert info.value.code == "security.datakey.passphrase_wrong"

    store = Store.open(kiosk.store.paths.root, unlock=lambda: PASSPHRASE)
    assert store.get(reg.id).owner.nik == reg.owner.nik  # the same key: sealed data still opens
    store.close()


def test_the_environment_gives_the_passphrase_to_unattended_commands(
    tmp_path: Path, monkeypatch
) -> None:
    store = Store.open(tmp_path / "desk")
    store.set_setting("probe", "ok")
    folder = store.paths.keys
    store.close()
    datakey.protect(folder, "passphrase", passphrase=PASSPHRASE)
    monkeypatch.setenv(datakey.PASSPHRASE_ENV, PASSPHRASE)
    store = Store.open(tmp_path / "desk")
    assert store.get_setting("probe") == "ok"
    store.close()
    # and back to the plain file, explicitly: the same key again
    datakey.protect(folder, "plain", unlock=lambda: PASSPHRASE)
    monkeypatch.delenv(datakey.PASSPHRASE_ENV)
    assert datakey.mode_of(folder) == "plain" and not (folder / datakey.WRAPPED).exists()
    store = Store.open(tmp_path / "desk")
    assert store.get_setting("probe") == "ok"
    store.close()


def test_a_short_passphrase_and_an_unavailable_mode_are_refused(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "desk")
    folder = store.paths.keys
    store.close()
    with pytest.raises(UserFacingError) as info:
        datakey.protect(folder, "passphrase", passphrase="pendek")
    assert info.value.code == "security.datakey.passphrase_short"
    if sys.platform != "win32":
        with pytest.raises(UserFacingError) as info:
            datakey.protect(folder, "dpapi")
        assert info.value.code == "security.datakey.mode_unavailable"
    assert datakey.mode_of(folder) == "plain" and (folder / datakey.PLAIN).exists()


def test_kiosk_keys_protect_and_status_from_the_command_line(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    import io

    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_LANG", "en")
    folder = tmp_path / "desk"
    Store.open(folder).close()
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    assert main(["keys", "protect", "passphrase", "--data-dir", str(folder)]) == 0
    assert "now kept: passphrase" in capsys.readouterr().out
    assert main(["keys", "status", "--data-dir", str(folder)]) == 0
    assert "Data key kept: passphrase" in capsys.readouterr().out
    # back to the plain file: the current passphrase on standard input
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    assert main(["keys", "protect", "plain", "--data-dir", str(folder)]) == 0
    store = Store.open(folder)
    from kiosk.staff import audit

    modes = [e.details["mode"] for e in audit.entries(store, action="security.data_key_protected")]
    assert sorted(modes) == ["passphrase", "plain"]
    store.close()


def test_the_doctor_checks_a_passphrase_kept_key(tmp_path: Path, monkeypatch) -> None:
    from kiosk.doctor import Status
    from tests.core.test_doctor_support import result, run_one

    kiosk = open_kiosk(tmp_path, "desk")
    reg, images = make_registration(7410, kiosk.vault)
    kiosk.submit(reg, images)
    root = kiosk.store.paths.root
    kiosk.store.close()
    datakey.protect(root / "keys", "passphrase", passphrase=PASSPHRASE)
    monkeypatch.delenv(datakey.PASSPHRASE_ENV, raising=False)
    locked = result(run_one(root, "keys.ring"), "keys.ring")
    assert (locked.status, locked.code) == (Status.WARNING, "doctor.keys.locked")
    monkeypatch.setenv(datakey.PASSPHRASE_ENV, PASSPHRASE)
    opened = result(run_one(root, "keys.ring"), "keys.ring")
    assert (opened.status, opened.code) == (Status.OK, "doctor.keys.ok")
