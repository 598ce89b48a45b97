"""Scheduled backups: the recovery key a supervisor sets once (never the passphrase on disk), one
backup per local day (a second run the same day is a no-op), the 7-daily + 4-weekly rotation, and a
scheduled file restoring with the passphrase alone."""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

import pytest

from kiosk.backup import BackupError, BackupSchedule, restore, rotate, set_recovery_passphrase
from tests.core.test_sync_support import make_registration, open_kiosk

PASSPHRASE = "frasa sandi supervisor"


def _touch(folder: Path, day: dt.date) -> Path:
    path = folder / f"kiosk-backup-{day.isoformat()}.zip"
    path.write_bytes(b"x")
    return path


def test_rotation_keeps_seven_days_and_four_weeks(tmp_path: Path) -> None:
    start = dt.date(2026, 9, 1)
    for n in range(60):  # a backup every day for 60 days
        _touch(tmp_path, start + dt.timedelta(days=n))
    foreign = [tmp_path / "kiosk-backup-manual.zip", tmp_path / "kiosk-20261101T000000Z.sqlite3"]
    for path in foreign:
        path.write_bytes(b"y")
    removed = rotate(tmp_path, daily=7, weekly=4)
    kept = sorted(p.name for p in tmp_path.glob("kiosk-backup-2*.zip"))
    last = start + dt.timedelta(days=59)  # 2026-10-30, a Friday
    dailies = [last - dt.timedelta(days=n) for n in range(7)]
    sundays = [dt.date(2026, 10, 25), dt.date(2026, 10, 18), dt.date(2026, 10, 11)]
    assert kept == sorted(f"kiosk-backup-{d.isoformat()}.zip" for d in {*dailies, *sundays})
    assert len(removed) == 60 - len(kept) and all(p.exists() for p in foreign)
    assert rotate(tmp_path) == []  # a second run removes nothing more


def test_rotation_with_gaps_counts_days_that_have_a_backup(tmp_path: Path) -> None:
    days = [dt.date(2026, 11, d) for d in (2, 9, 10, 20, 30)] + [dt.date(2026, 12, 1)]
    for day in days:
        _touch(tmp_path, day)
    rotate(tmp_path, daily=2, weekly=3)
    kept = sorted(dt.date.fromisoformat(p.stem[len("kiosk-backup-") :]) for p in tmp_path.iterdir())
    # dailies: 12-01, 11-30; the newest of the last three ISO weeks with a backup: W49 12-01
    # (11-30 is its Monday), W47 11-20, W46 11-10 (W48 has none; 11-02 is W45, a fourth week)
    assert kept == [dt.date(2026, 11, d) for d in (10, 20, 30)] + [dt.date(2026, 12, 1)]


def _cli(argv: list[str]) -> int:
    from kiosk.cli import backup as cli_backup

    parser = argparse.ArgumentParser(prog="kiosk")
    cli_backup.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_scheduled_backup_needs_the_key_runs_once_a_day_and_restores(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    kiosk = open_kiosk(tmp_path, "desk")
    reg, images = make_registration(41, kiosk.vault)
    saved = kiosk.submit(reg, images)
    root = kiosk.store.paths.root
    schedule = BackupSchedule(root)
    assert not schedule.configured()
    with pytest.raises(BackupError) as info:
        schedule.run()
    assert info.value.code == "backup.schedule.no_key"
    assert "--set-passphrase" in info.value.text("id")

    monkeypatch.setenv("KIOSK_LANG", "id")  # the output checked below is the Indonesian one
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    assert _cli(["backup", "--set-passphrase", "--data-dir", str(root)]) == 0
    for path in (root / "keys").iterdir():  # the passphrase itself is nowhere on disk
        assert PASSPHRASE.encode() not in path.read_bytes()
    assert schedule.configured()

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # unattended: nothing to read
    monkeypatch.delenv("KIOSK_BACKUP_PASSPHRASE", raising=False)
    assert _cli(["backup", "--scheduled", "--data-dir", str(root)]) == 0
    today = schedule.path_for(dt.datetime.now().astimezone().date())
    assert today.exists() and today.stat().st_mode & 0o077 == 0
    made = today.read_bytes()
    assert _cli(["backup", "--scheduled", "--data-dir", str(root)]) == 0  # no-op today
    assert today.read_bytes() == made
    assert "sudah ada" in capsys.readouterr().out
    assert schedule.run() is None
    yesterday = dt.datetime.now().astimezone().date() - dt.timedelta(days=1)
    assert schedule.run(yesterday) is not None  # another day: a new file
    assert sorted(p.name for p in schedule.folder.glob("kiosk-backup-*.zip")) == sorted(
        [today.name, schedule.path_for(yesterday).name]
    )

    target = tmp_path / "new-machine"
    restored = restore(today, target, PASSPHRASE)
    assert restored.registrations == 1
    from kiosk.store import Store

    with Store.open(target) as store:
        assert store.get(saved.id).reg_no == saved.reg_no
        assert BackupSchedule(target).configured()  # the next scheduled backup needs no one
    kiosk.store.close()


def test_set_passphrase_refuses_a_short_one(tmp_path: Path) -> None:
    with pytest.raises(BackupError) as info:
        set_recovery_passphrase(tmp_path, "pendek")
    assert info.value.code == "backup.passphrase.short"
    assert not (tmp_path / "keys").exists()
