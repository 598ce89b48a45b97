"""Scheduled local backups with rotation, and the recovery key they are encrypted to.

The key (choice and reason): a scheduled backup runs unattended, so the passphrase cannot be asked
for and must not be stored. A supervisor sets the recovery passphrase once
(:func:`set_recovery_passphrase`, ``kiosk backup --set-passphrase``): a new age X25519 identity is
made, its public half is written to ``keys/backup_recipient.txt`` (public, not a secret) and the
identity itself only sealed with the passphrase (age scrypt) to ``keys/backup_recovery.age``.
Every scheduled backup encrypts to the public key and carries the sealed identity as its
``recovery-key.age``, so each file opens with the passphrase alone, on a new machine too; what is
on the kiosk's disk cannot open a backup. Setting a new passphrase makes a new identity: older
files keep opening with the passphrase they were made with.

Rotation follows restic's ``--keep-daily 7 --keep-weekly 4`` rule: for the last :data:`DAILY`
days that have a backup the newest of each day is kept, and for the last :data:`WEEKLY` ISO weeks
that have one the newest of each week; the union stays, the rest is removed. Only files named
``kiosk-backup-YYYY-MM-DD.zip`` in ``<data dir>/backups`` are ever touched (a file a person put
there, or the schema upgrade's ``kiosk-*.sqlite3`` copies, never are).

The app calls ``BackupSchedule(data_dir).run()`` (e.g. at start and every hour: it is a no-op
when today's backup exists, and :meth:`BackupSchedule.configured` says whether a supervisor set
the passphrase yet). The days are the desk's local days.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.backup.archive import RecoveryKey, new_recovery_key
from kiosk.backup.create import BackupResult, create_backup
from kiosk.backup.messages import BackupError
from kiosk.config import Paths
from kiosk.fsutil import atomic_write_bytes, fsync_dir

DAILY = 7
WEEKLY = 4
MIN_PASSPHRASE = 8
RECIPIENT = "backup_recipient.txt"
SEALED_IDENTITY = "backup_recovery.age"
_NAME = re.compile(r"^kiosk-backup-(\d{4}-\d{2}-\d{2})\.zip$")


def check_new_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError("backup.passphrase.short", minimum=MIN_PASSPHRASE)
    return passphrase


def set_recovery_passphrase(data_dir: Path, passphrase: str) -> RecoveryKey:
    """Make the recovery key of scheduled backups, sealed with ``passphrase``."""
    key = new_recovery_key(check_new_passphrase(passphrase))
    keys = Paths(Path(data_dir)).keys
    atomic_write_bytes(keys / SEALED_IDENTITY, key.wrapped)  # first: the recipient marks it done
    atomic_write_bytes(keys / RECIPIENT, key.recipient.encode() + b"\n", mode=0o644)
    return key


def recovery_key(data_dir: Path) -> RecoveryKey | None:
    """The recovery key set by a supervisor, or None when none is set."""
    keys = Paths(Path(data_dir)).keys
    try:
        recipient = (keys / RECIPIENT).read_text("ascii").strip()
        wrapped = (keys / SEALED_IDENTITY).read_bytes()
    except FileNotFoundError:
        return None
    return RecoveryKey(recipient, wrapped)


def today() -> dt.date:
    return dt.datetime.now().astimezone().date()


@dataclass(frozen=True)
class BackupSchedule:
    """One data folder's daily backups in ``<data dir>/backups`` and their rotation."""

    data_dir: Path
    daily: int = DAILY
    weekly: int = WEEKLY

    @property
    def folder(self) -> Path:
        return Paths(Path(self.data_dir)).backups

    def configured(self) -> bool:
        return recovery_key(self.data_dir) is not None

    def path_for(self, day: dt.date) -> Path:
        return self.folder / f"kiosk-backup-{day.isoformat()}.zip"

    def due(self, day: dt.date | None = None) -> bool:
        return not self.path_for(day or today()).exists()

    def run(self, day: dt.date | None = None) -> BackupResult | None:
        """Today's backup if it is not there yet (then rotate); None when it already was."""
        day = day or today()
        key = recovery_key(self.data_dir)
        if key is None:
            raise BackupError("backup.schedule.no_key")
        if not self.due(day):
            return None
        result = create_backup(Path(self.data_dir), self.path_for(day), key, kind="scheduled")
        rotate(self.folder, daily=self.daily, weekly=self.weekly)
        return result


def rotate(folder: Path, *, daily: int = DAILY, weekly: int = WEEKLY) -> list[Path]:
    """Remove the scheduled backups the rule does not keep; returns the removed files."""
    found: dict[dt.date, Path] = {}
    for path in Path(folder).glob("kiosk-backup-*.zip"):
        match = _NAME.match(path.name)
        if match:
            try:
                found[dt.date.fromisoformat(match.group(1))] = path
            except ValueError:
                continue
    days = sorted(found, reverse=True)
    keep = set(days[:daily])
    weeks_seen: list[tuple[int, int]] = []
    for day in days:  # newest first: the first file met in a week is that week's newest
        week = day.isocalendar()[:2]
        if week not in weeks_seen:
            weeks_seen.append(week)
            if len(weeks_seen) <= weekly:
                keep.add(day)
    removed = [found[d] for d in days if d not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    if removed:
        fsync_dir(Path(folder))
    return removed
