"""``kiosk keys status`` and ``kiosk keys protect MODE``: how the kiosk's data key is kept.

Modes (:mod:`kiosk.security.datakey`): ``plain`` (a file beside the database), ``passphrase``
(argon2id under a supervisor's passphrase, asked at start; ``KIOSK_DATA_PASSPHRASE`` for unattended
commands), ``dpapi`` (Windows, bound to the logged-in user). The new passphrase is typed twice at a
terminal, else read from standard input's first line; the current one (when the key is kept under
a passphrase now) is asked the same way, else taken from ``KIOSK_DATA_PASSPHRASE``. The change is
written to the audit log. Nothing here prints a passphrase or the key.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.i18n import env_lang, register, tr

register(
    {
        "keys.mode": {"id": "Kunci data disimpan: {mode}", "en": "Data key kept: {mode}"},
        "keys.protected": {
            "id": "Kunci data sekarang disimpan: {mode}. Data tersegel tetap sama.",
            "en": "The data key is now kept: {mode}. Sealed data is unchanged.",
        },
        "keys.prompt.new": {"id": "Frasa sandi baru: ", "en": "New passphrase: "},
        "keys.prompt.again": {"id": "Ulangi frasa sandi: ", "en": "Passphrase again: "},
        "keys.prompt.current": {"id": "Frasa sandi saat ini: ", "en": "Current passphrase: "},
        "keys.passphrase.mismatch": {
            "id": "Kedua frasa sandi tidak sama; tidak ada yang diubah.",
            "en": "The two passphrases differ; nothing was changed.",
        },
    }
)


def register_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = subparsers.add_parser("keys", help="how the data key is kept (file, passphrase, DPAPI)")
    sub = keys.add_subparsers(dest="keys_command", required=True)
    status = sub.add_parser("status", help="print how the data key is kept")
    status.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
    status.set_defaults(func=run_status)
    protect = sub.add_parser("protect", help="keep the data key another way (supervisor)")
    protect.add_argument("mode", choices=("plain", "passphrase", "dpapi"))
    protect.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
    protect.set_defaults(func=run_protect)


def run_status(args: argparse.Namespace) -> int:
    from kiosk.config import Paths, resolve_data_dir
    from kiosk.security import datakey

    paths = Paths(resolve_data_dir(getattr(args, "data_dir", None)))
    print(tr("keys.mode", env_lang(), mode=datakey.mode_of(paths.keys)))
    return 0


def run_protect(args: argparse.Namespace) -> int:
    from kiosk.config import Paths, resolve_data_dir
    from kiosk.errors import UserFacingError
    from kiosk.security import datakey
    from kiosk.store import Store

    lang = env_lang()
    paths = Paths(resolve_data_dir(getattr(args, "data_dir", None)))
    current = datakey.mode_of(paths.keys)
    old = _ask("keys.prompt.current") if current == "passphrase" else ""

    def unlock() -> str:
        return old or _environment_passphrase()

    new = ""
    if args.mode == "passphrase":
        new = _ask("keys.prompt.new", confirm=True)
        if not new:
            raise UserFacingError("security.datakey.passphrase_short", min=datakey.MIN_PASSPHRASE)
    datakey.protect(paths.keys, args.mode, unlock=unlock, passphrase=new)
    with Store.open(paths.root, unlock=lambda: new or unlock()) as store:
        store.audit("cli", "security.data_key_protected", "", {"mode": args.mode})
    print(tr("keys.protected", lang, mode=args.mode))
    return 0


def _environment_passphrase() -> str:
    import os

    from kiosk.errors import UserFacingError
    from kiosk.security import datakey

    value = os.environ.get(datakey.PASSPHRASE_ENV, "")
    if not value:
        raise UserFacingError("security.datakey.passphrase_needed")
    return value


def _ask(prompt: str, *, confirm: bool = False) -> str:
    """A terminal prompt (twice with ``confirm``), else the first line of standard input."""
    import getpass

    from kiosk.errors import UserFacingError

    lang = env_lang()
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        first = getpass.getpass(tr(prompt, lang))
        if confirm and getpass.getpass(tr("keys.prompt.again", lang)) != first:
            raise UserFacingError("keys.passphrase.mismatch")
        return first
    if stdin is None:
        return ""
    try:
        return stdin.readline().rstrip("\r\n")
    except (OSError, ValueError):
        return ""
