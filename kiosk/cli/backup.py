"""``kiosk backup`` and ``kiosk restore`` (:mod:`kiosk.backup`).

- ``kiosk backup -o FILE``: one encrypted file of the whole data folder; the recovery passphrase
  is asked twice.
- ``kiosk backup --set-passphrase``: a supervisor sets the recovery passphrase of scheduled
  backups once (asked twice).
- ``kiosk backup --scheduled``: today's backup into ``<data dir>/backups`` with rotation (no
  passphrase: it encrypts to the recovery key); a no-op when today's exists. For a cron job or the
  Windows task scheduler.
- ``kiosk restore FILE [--force]``: onto an empty data folder, or with ``--force`` onto one that
  holds data (kept beside it first).

The passphrase comes from a prompt when standard input is a terminal, else from the first line of
standard input, else from ``KIOSK_BACKUP_PASSPHRASE``. Output: file names, sizes, counts and the
kiosk code; never personal data. Exit 0 on success, 2 on a refused or failed run (nothing changed).
"""

from __future__ import annotations

import argparse
import os
import sys

from kiosk.i18n import Lang, env_lang, tr

ENV_PASSPHRASE = "KIOSK_BACKUP_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = subparsers.add_parser(
        "backup", help="write an encrypted backup of the data folder (or today's scheduled one)"
    )
    what = backup.add_mutually_exclusive_group(required=True)
    what.add_argument("-o", "--output", help="the backup file to write (must not exist)")
    what.add_argument(
        "--scheduled", action="store_true", help="today's backup into <data dir>/backups, rotated"
    )
    what.add_argument(
        "--set-passphrase", action="store_true", help="set the recovery passphrase (supervisor)"
    )
    backup.add_argument("--keep-daily", type=int, default=7, help="scheduled: days kept (7)")
    backup.add_argument("--keep-weekly", type=int, default=4, help="scheduled: weeks kept (4)")
    backup.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
    backup.set_defaults(func=run_backup)

    restore = subparsers.add_parser("restore", help="restore the data folder from a backup file")
    restore.add_argument("file", help="the backup file")
    restore.add_argument(
        "--force", action="store_true", help="replace a data folder that holds data (kept beside)"
    )
    restore.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
    restore.set_defaults(func=run_restore)


def read_passphrase(*, confirm: bool) -> str:
    """From a terminal prompt (twice when ``confirm``), else standard input, else the
    environment; ``backup.passphrase.missing`` when none of them gives one."""
    import getpass

    from kiosk.backup import BackupError

    stdin = sys.stdin
    lang = env_lang()
    if stdin is not None and stdin.isatty():
        first = getpass.getpass(tr("backup.prompt.passphrase", lang))
        if confirm and getpass.getpass(tr("backup.prompt.again", lang)) != first:
            raise BackupError("backup.passphrase.mismatch")
        if first:
            return first
    elif stdin is not None:
        try:
            line = stdin.readline()
        except (OSError, ValueError):  # closed, or not readable here
            line = ""
        if line.rstrip("\r\n"):
            return line.rstrip("\r\n")
    if os.environ.get(ENV_PASSPHRASE):
        return os.environ[ENV_PASSPHRASE]
    raise BackupError("backup.passphrase.missing")


def _data_dir(args: argparse.Namespace) -> str | None:
    return getattr(args, "data_dir", None)


def run_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk import backup
    from kiosk.config import resolve_data_dir

    lang = env_lang()
    root = resolve_data_dir(_data_dir(args))
    if args.set_passphrase:
        backup.set_recovery_passphrase(root, read_passphrase(confirm=True))
        print(tr("backup.passphrase.set", lang))
        return 0
    if args.scheduled:
        schedule = backup.BackupSchedule(root, daily=args.keep_daily, weekly=args.keep_weekly)
        result = schedule.run()
        if result is None:
            today = schedule.path_for(backup.schedule.today())
            print(tr("backup.scheduled.skipped", lang, file=today))
            return 0
    else:
        if Path(args.output).exists():
            raise backup.BackupError("backup.file.exists", file=args.output)
        passphrase = backup.check_new_passphrase(read_passphrase(confirm=True))
        key = backup.new_recovery_key(passphrase)
        result = backup.create_backup(root, Path(args.output), key)
    print(tr("backup.done", lang, file=result.path, size=f"{result.size / 1e6:.1f}",
             registrations=result.registrations, pages=result.pages))  # fmt: skip
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk import backup
    from kiosk.config import resolve_data_dir

    lang = env_lang()
    root = resolve_data_dir(_data_dir(args))
    if backup.holds_kiosk_data(root) and not args.force:  # before asking for the passphrase
        raise backup.BackupError("backup.restore.not_empty", folder=str(root))
    result = backup.restore(Path(args.file), root, read_passphrase(confirm=False), force=args.force)
    print(tr("backup.restore.done", lang, kiosk_code=result.kiosk_code or "-",
             registrations=result.registrations, pages=result.pages,
             created=_when(result.created_at, lang)))  # fmt: skip
    if result.kept is not None:
        print(tr("backup.restore.kept", lang, folder=result.kept))
    return 0


def _when(iso: str, lang: Lang) -> str:
    """An ISO time from a backup's header, written the desk's way (as it is if unreadable)."""
    import datetime as dt

    from kiosk.domain.formatting import format_datetime

    try:
        return format_datetime(dt.datetime.fromisoformat(iso), lang)
    except ValueError:
        return iso or "-"
