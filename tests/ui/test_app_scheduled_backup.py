"""The app's daily backup: once a recovery key is set, the timer writes today's encrypted backup
off the GUI thread into ``<data dir>/backups``; a second run the same day writes nothing; without
a key nothing is written and nothing fails."""

from __future__ import annotations

from pathlib import Path

from kiosk.backup import BackupSchedule, restore, set_recovery_passphrase
from kiosk.domain.examples import complete_registration
from ui.scheduled_backup import ScheduledBackup

PASSPHRASE = "kunci-pemulihan-mpp"


def test_a_day_gets_one_backup_that_restores(qtbot, store, data_dir: Path, tmp_path: Path) -> None:
    reg = store.submit(complete_registration(), staff_id="staff-1")
    set_recovery_passphrase(data_dir, PASSPHRASE)
    backup = ScheduledBackup(data_dir, first_ms=0, every_ms=3_600_000)
    with qtbot.waitSignal(backup.finished, timeout=120_000) as first:
        backup.start()
    written = first.args[0]
    assert written is not None and written.path.parent == data_dir / "backups"
    assert written.registrations == 1 and written.path.is_file()
    assert backup.timer.isActive() and backup.timer.interval() == 3_600_000  # next in an hour
    with qtbot.waitSignal(backup.finished, timeout=120_000) as second:
        backup.run_now()
    assert second.args[0] is None  # today's is there already
    assert sorted(p.name for p in (data_dir / "backups").glob("kiosk-backup-*.zip")) == [
        written.path.name
    ]
    target = tmp_path / "restored"
    restore(written.path, target, PASSPHRASE)
    from kiosk.store import Store

    with Store.open(target) as restored:
        assert restored.get(reg.id).business.name == reg.business.name


def test_without_a_recovery_key_nothing_is_written(qtbot, store, data_dir: Path) -> None:
    assert not BackupSchedule(data_dir).configured()
    backup = ScheduledBackup(data_dir, first_ms=0)
    with qtbot.waitSignal(backup.finished, timeout=60_000) as run:
        backup.start()
    assert run.args[0] is None and backup.last_error is None
    assert not list((data_dir / "backups").glob("kiosk-backup-*.zip"))
