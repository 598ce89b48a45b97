"""``backup.recent``: are the daily backups on, and is the newest one recent?

A kiosk that loses its disk keeps only what reached the central; drafts, unsynced registrations
and their scans live in the daily backup (:mod:`kiosk.backup.schedule`). So the help desk is told
when daily backups are off (no recovery key: a supervisor sets the passphrase in Settings →
Backup or with ``kiosk backup --set-passphrase``) and when the newest is older than
:data:`STALE_DAYS` (the app was not running, or the backups fail: the app's log says why).
Reads file names and times only; opens no backup.
"""

from __future__ import annotations

import datetime as dt

from kiosk.doctor.context import Context
from kiosk.doctor.report import CheckResult, ok, warning, with_facts
from kiosk.i18n import register

STALE_DAYS = 2


def check_backups(ctx: Context) -> CheckResult:
    from kiosk.backup import BackupSchedule

    check = "backup.recent"
    schedule = BackupSchedule(ctx.paths.root)
    if not schedule.configured():
        return warning(check, "doctor.backup.off")
    found = sorted(p.stat().st_mtime for p in schedule.folder.glob("kiosk-backup-*.zip"))
    if not found:
        return warning(check, "doctor.backup.none_yet")
    newest = dt.datetime.fromtimestamp(found[-1], dt.UTC)
    age_days = (dt.datetime.now(dt.UTC) - newest).total_seconds() / 86_400
    shown = newest.strftime("%Y-%m-%d %H:%M UTC")
    if age_days > STALE_DAYS:
        result = warning(check, "doctor.backup.stale", newest=shown, days=int(age_days))
    else:
        result = ok(check, "doctor.backup.ok", newest=shown, count=len(found))
    return with_facts(result, backups=len(found), newest_age_days=round(age_days, 2))


register(
    {
        "doctor.backup.off": {
            "id": "Cadangan harian belum aktif: tetapkan frasa sandi pemulihan di Pengaturan → "
            "Cadangan (atau kiosk backup --set-passphrase).",
            "en": "Daily backups are off: set a recovery passphrase in Settings → Backup (or "
            "kiosk backup --set-passphrase).",
        },
        "doctor.backup.none_yet": {
            "id": "Cadangan harian aktif tetapi belum ada berkasnya: biarkan aplikasi berjalan "
            "beberapa menit, atau tekan Cadangkan sekarang di Pengaturan → Cadangan.",
            "en": "Daily backups are on but none was written yet: keep the app running for a few "
            "minutes, or press Back up now in Settings → Backup.",
        },
        "doctor.backup.stale": {
            "id": "Cadangan terbaru sudah {days} hari ({newest}): periksa log aplikasi, lalu "
            "tekan Cadangkan sekarang di Pengaturan → Cadangan.",
            "en": "The newest backup is {days} days old ({newest}): look at the app's log, then "
            "press Back up now in Settings → Backup.",
        },
        "doctor.backup.ok": {
            "id": "Cadangan harian berjalan: terbaru {newest}, {count} berkas disimpan.",
            "en": "Daily backups run: newest {newest}, {count} files kept.",
        },
    }
)
