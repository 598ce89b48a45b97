"""The ``kiosk`` command (also ``python -m kiosk``): one module per command group.

``kiosk`` alone starts the app. The groups: ``app`` (here), ``demo-data``, ``search``, ``export``,
``import`` (:mod:`kiosk.cli.data`), ``scanners``, ``scan`` (:mod:`kiosk.cli.documents`),
``receipt`` (:mod:`kiosk.cli.receipts`), ``central`` (:mod:`kiosk.cli.central`), ``audit``
(:mod:`kiosk.cli.audit`), ``enroll``, ``sync`` (:mod:`kiosk.cli.sync`), ``session``
(:mod:`kiosk.cli.intake`), ``keys`` (:mod:`kiosk.cli.keys`). Each module has
``register(subparsers)`` and sets its handler as the ``func`` default of its parser
(``parser.set_defaults(func=handler)``); a handler receives the parsed args and returns the exit
status.

Every subcommand accepts ``--data-dir`` (added here to subcommands that lack it).
A :class:`~kiosk.errors.UserFacingError` prints its message on stderr and exits with 2, and so
does a storage fault (full disk, read-only, permission, I/O, locked: named by
:mod:`kiosk.cli.logsetup`); any other error prints the generic message (no traceback, which could
carry personal data, unless ``KIOSK_DEBUG=1``) and exits with 1. Each command logs to
``<data dir>/logs/cli.log`` (:mod:`kiosk.logs`).

Start-up cost matters (``kiosk --version``, ``kiosk search`` from scripts): this package imports
only the standard library and the dependency-free :mod:`kiosk.i18n`, and so do the command
modules at their top; the store, SQLAlchemy, Qt and the rest load inside the handlers
(``tests/test_architecture.py`` checks it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from kiosk.i18n import env_lang as _lang
from kiosk.i18n import register as register_messages
from kiosk.i18n import tr

ENVIRONMENT_HELP = """\
environment:
  KIOSK_DATA_DIR   the data folder when --data-dir is not given
  KIOSK_LANG       language of messages: id (Bahasa Indonesia) or en (English); it wins
                   over the locale
  LC_ALL, LC_MESSAGES, LANG
                   otherwise the first one set decides: id_ID... is Indonesian, any other
                   locale English; none set, C or POSIX: Indonesian
  KIOSK_DEBUG=1    show the traceback of an unexpected error (it may hold personal data)
  KIOSK_LOG_LEVEL  DEBUG, INFO (default), WARNING or ERROR for <data dir>/logs/cli.log (and
                   the app's kiosk.log); wins over the supervisor's setting log.level
"""


def _data_dir_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="kiosk data folder (default: $KIOSK_DATA_DIR or the user data folder)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    from kiosk import __version__
    from kiosk.cli import (  # light: see the docstring
        audit,
        backup,
        central,
        data,
        doctor,
        documents,
        intake,
        keys,
        ocr,
        receipts,
        sync,
    )

    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Registration kiosk for UMKM and cooperatives (MPP).",
        epilog=ENVIRONMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument(
        "--data-dir",
        default=None,
        metavar="DIR",
        help="kiosk data folder, before or after COMMAND (default: $KIOSK_DATA_DIR, else the "
        "user data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    parent = _data_dir_parent()

    app = subparsers.add_parser("app", parents=[parent], help="start the kiosk app (default)")
    app.add_argument("--kiosk-mode", action="store_true", help="full screen, touch, self-service")
    app.add_argument(
        "--field",
        action="store_true",
        help="a laptop in the field: windowed, battery and disk shown, receipts to send later",
    )
    app.add_argument("--lang", choices=("id", "en"), default=None)
    app.add_argument(
        "--smoke-test",
        action="store_true",
        help="start offscreen, print 'ready <page>' once the first page shows, and exit",
    )
    app.set_defaults(func=run_app)

    data.register(subparsers, parent)
    documents.register(subparsers)
    ocr.register(subparsers)
    receipts.register(subparsers)
    central.register(subparsers)
    sync.register(subparsers)
    backup.register(subparsers)
    doctor.register(subparsers)
    audit.register_commands(subparsers)
    intake.register(subparsers)
    keys.register_commands(subparsers)
    _add_data_dir(subparsers)
    return parser


def _add_data_dir(subparsers: argparse._SubParsersAction) -> None:
    """Give every (sub)command that lacks it a ``--data-dir``, so it shows in each one's help."""
    for sub in subparsers.choices.values():
        if "--data-dir" not in sub._option_string_actions:
            sub.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                _add_data_dir(action)


register_messages(
    {
        "cli.no_display": {
            "id": "Tidak ada layar untuk aplikasi kios (DISPLAY/WAYLAND_DISPLAY kosong). Jalankan "
            "dari sesi desktop, atau pakai perintah baris lain: kiosk --help.",
            "en": "There is no screen for the kiosk app (DISPLAY/WAYLAND_DISPLAY are empty). "
            "Start it from a desktop session, or use the other commands: kiosk --help.",
        },
    }
)


def has_display() -> bool:
    """On Linux Qt needs X11 or Wayland (or an explicit QT_QPA_PLATFORM such as ``offscreen``);
    without one it aborts with a message about plug-ins that helps no one at a desk."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_app(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.config import resolve_data_dir

    smoke_test = bool(getattr(args, "smoke_test", False))
    if smoke_test:  # a start check (CI, the installed bundle): no screen needed
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not has_display():
        print(tr("cli.no_display", getattr(args, "lang", None) or _lang()), file=sys.stderr)
        return 2
    from ui.app import main as app_main  # lazy: Qt loads only for the GUI

    data_dir: Path = resolve_data_dir(args.data_dir)
    return int(
        app_main(
            data_dir,
            kiosk_mode=bool(getattr(args, "kiosk_mode", False)),
            field_mode=bool(getattr(args, "field", False)),
            lang=getattr(args, "lang", None),
            smoke_test=smoke_test,
        )
        or 0
    )


def _first_command(argv: Sequence[str]) -> str | None:
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token == "--data-dir":  # noqa: S105 - an option name, not a secret
            skip = True
            continue
        if not token.startswith("-"):
            return token
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _first_command(argv)
    parser = build_parser()
    if command is None and not any(a in ("-h", "--help", "--version") for a in argv):
        argv = ["app", *argv]
    args = parser.parse_args(argv)
    handler = getattr(args, "func", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    from kiosk.cli.logsetup import command_failed, start_logging, user_error
    from kiosk.errors import UserFacingError

    start_logging(args)
    from kiosk.cli import passphrase

    if handler is not run_app:  # the app asks on its unlock page, never on a terminal
        passphrase.install()  # a passphrase-protected data key is asked for, not refused
    try:
        return int(handler(args) or 0)
    except UserFacingError as exc:
        user_error(exc.code)
        print(exc.text(_lang()), file=sys.stderr)
        for line in getattr(exc, "details", lambda lang: [])(_lang()):
            print(f"  {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if os.environ.get("KIOSK_DEBUG") == "1":
            raise
        return command_failed(exc, _lang())  # a storage fault named, anything else generic
    finally:
        passphrase.uninstall()  # main() may run again in this process (tests, scripts)


if __name__ == "__main__":
    sys.exit(main())
