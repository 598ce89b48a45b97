"""``backup.recent``: the help desk sees when daily backups are off, not written yet, stale, or
running; real recovery keys and real backup files."""

from __future__ import annotations

import os
import time
from pathlib import Path

from kiosk.backup import BackupSchedule, set_recovery_passphrase
from kiosk.doctor import run_checks
from kiosk.store import Store


def _result(data_dir: Path):
    report = run_checks(data_dir, only=["backup.recent"])
    (result,) = report.results
    return result


def test_off_then_not_yet_then_running_then_stale(data_dir: Path) -> None:
    Store.open(data_dir).close()
    off = _result(data_dir)
    assert (off.status.value, off.code) == ("warning", "doctor.backup.off")
    assert "Pengaturan → Cadangan" in off.text("id")
    set_recovery_passphrase(data_dir, "kunci-pemulihan-mpp")
    assert _result(data_dir).code == "doctor.backup.none_yet"
    written = BackupSchedule(data_dir).run()
    assert written is not None
    running = _result(data_dir)
    assert (running.status.value, running.code) == ("ok", "doctor.backup.ok")
    assert running.facts["backups"] == 1
    three_days_ago = time.time() - 3 * 86_400
    os.utime(written.path, (three_days_ago, three_days_ago))
    stale = _result(data_dir)
    assert (stale.status.value, stale.code) == ("warning", "doctor.backup.stale")
    assert "3 hari" in stale.text("id") and "3 days" in stale.text("en")
