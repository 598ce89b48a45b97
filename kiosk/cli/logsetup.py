"""The ``kiosk`` command's log and its last word on a failed command.

:func:`start_logging` runs before every command's handler: ``<data dir>/logs/cli.log`` for the
kiosk's commands, ``central.log`` in the central's data folder for ``kiosk central …`` (``serve``
adds the console itself), nothing for ``kiosk app`` (the app writes ``kiosk.log``). The level is
``KIOSK_LOG_LEVEL``, else the store's ``log.level`` setting (peeked read-only), else INFO. It never
stops a command: a folder that cannot take a log (read-only, full) leaves the command to say so
in its own words. The command line itself is not logged (it may hold a NIK: ``kiosk search``),
only the command's name.

:func:`command_failed` is the answer to an exception no handler turned into a
:class:`~kiosk.errors.UserFacingError`: a storage fault (full disk, read-only, permission, I/O,
locked) gets its own sentence and exit status 2 like any user-facing error; anything else the
generic message and 1. Both are logged with the (redacted) traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kiosk.i18n import Lang, tr

log = logging.getLogger("kiosk.cli")


def start_logging(args: argparse.Namespace) -> None:
    from kiosk import logs

    command = getattr(args, "command", None)
    if command in (None, "app"):
        return
    data_dir = getattr(args, "data_dir", None)
    try:
        if command == "central":
            from kiosk.central.settings import default_data_dir

            logs.setup(Path(data_dir) if data_dir else default_data_dir(), "central")
        else:
            from kiosk.config import resolve_data_dir

            folder = resolve_data_dir(data_dir)
            logs.setup(folder, "cli", level=logs.effective_level(peek_level_setting(folder)))
    except OSError:
        return
    sub = getattr(args, "central_command", None) or getattr(args, "sync_command", None)
    log.info("kiosk %s%s", command, f" {sub}" if isinstance(sub, str) else "")


def peek_level_setting(data_dir: Path) -> object:
    """The store's ``log.level`` setting, read before the store opens (standard library
    ``sqlite3``, read-only, about a millisecond); None on a new folder or any doubt."""
    import json
    import sqlite3

    from kiosk.logs import LEVEL_SETTING

    database = data_dir / "kiosk.sqlite3"
    if not database.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=0.5)
        try:
            row = con.execute("SELECT value FROM settings WHERE key = ?", (LEVEL_SETTING,))
            found = row.fetchone()
        finally:
            con.close()
        return json.loads(found[0]) if found else None
    except (sqlite3.Error, ValueError):
        return None


def user_error(code: str) -> None:
    """A command ended with a user-facing error: its code (never its text: it may quote input)."""
    log.info("command ended: %s", code)


def command_failed(exc: BaseException, lang: Lang) -> int:
    """Print what the person may read about ``exc``; returns the exit status."""
    from kiosk.errors import storage_fault

    fault = storage_fault(exc)
    if fault is not None:
        log.warning("command stopped by a storage fault (%s)", fault.kind, exc_info=exc)
        print(fault.text(lang), file=sys.stderr)
        return 2
    log.error("command failed", exc_info=exc)
    print(f"{tr('error.internal', lang)} ({type(exc).__name__})", file=sys.stderr)
    return 1
