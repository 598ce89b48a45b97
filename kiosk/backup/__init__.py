"""Backup and restore of a kiosk's data folder (issue 16, item 4).

- :func:`create_backup` writes one encrypted file (``kiosk backup -o FILE``): the database copied
  with SQLite's online backup API, the document vault, the key ring, and with them the settings
  and the enrolment (kiosk id and code, sealed device token) — everything needed to act as the same
  kiosk on another machine. Format and cryptography: :mod:`kiosk.backup.archive` (a ZIP of two age
  files; standard tools can open it).
- :func:`restore` (``kiosk restore FILE``) checks everything in a staging folder beside the data
  folder and swaps it in whole (:mod:`kiosk.backup.restore`, :mod:`kiosk.backup.swap`).
- :class:`BackupSchedule` / :func:`rotate`: daily backups into ``<data dir>/backups`` with a
  7-daily + 4-weekly rotation, encrypted to a recovery key the supervisor sets once
  (:mod:`kiosk.backup.schedule`).
- Convergence with the central after restoring an older backup is the sync's part
  (:mod:`kiosk.sync.reconcile`): what the central confirmed stays there and is adopted into the
  ledger; the restore raises today's registration counter so no number is handed out twice.

Invariant: a backup or restore that fails changes nothing — the backup file appears only complete
(temporary name, fsync, rename), the data folder only whole (staged, verified, swapped).
"""

from kiosk.backup.archive import RecoveryKey, new_recovery_key
from kiosk.backup.create import BackupResult, create_backup
from kiosk.backup.messages import BackupError
from kiosk.backup.restore import RestoreResult, holds_kiosk_data, restore
from kiosk.backup.schedule import (
    BackupSchedule,
    check_new_passphrase,
    recovery_key,
    rotate,
    set_recovery_passphrase,
)
from kiosk.backup.swap import finish_interrupted_restore

__all__ = [
    "BackupError",
    "BackupResult",
    "BackupSchedule",
    "RecoveryKey",
    "RestoreResult",
    "check_new_passphrase",
    "create_backup",
    "finish_interrupted_restore",
    "holds_kiosk_data",
    "new_recovery_key",
    "recovery_key",
    "restore",
    "rotate",
    "set_recovery_passphrase",
]
