"""``kiosk central …``: run the central service and do the operator's work from a shell.

Every subcommand takes ``--database-url`` (default ``$KIOSK_CENTRAL_DATABASE_URL``, else the SQLite
file ``central.sqlite3`` in the data folder) and ``--data-dir`` (the *central's* data folder: its
document key and page store; default ``$KIOSK_CENTRAL_DIR``, else ``central/`` in the kiosk data
folder). Production: ``--database-url postgresql+psycopg://user@host:5432/central``.

Step by step (see also :mod:`kiosk.central.server` for TLS)::

    kiosk central serve --host 0.0.0.0 --port 8443 --ssl-certfile c.crt --ssl-keyfile c.key
    kiosk central enroll-code --kiosk "Loket 1" --mpp "MPP Samarinda"   # prints the code
    kiosk enroll https://central:8443 ABCD-EFGH-JKMN                    # on the kiosk
    kiosk central staff add --mpp "MPP Samarinda" --username sari --full-name "Sari" --role operator
    kiosk central report
    kiosk central conflicts            # and duplicates; --resolve ID [--note …] closes one
    kiosk central verdict KODE-20261125-0001 --status needs_fix --reason "KTP tidak terbaca"
    kiosk central revoke "Loket 1"
    kiosk central subject export NIK -o salinan.zip   # also: subject erase, audit verify
    echo "$PASSWORD" | kiosk central user add vera --role verifier   # web console at /console/

Heavy modules (FastAPI, uvicorn, SQLAlchemy) load only inside the handlers.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.central.settings import CentralSettings


def _settings(args: argparse.Namespace) -> CentralSettings:
    from kiosk.central.settings import CentralSettings, default_data_dir

    data_dir = getattr(args, "data_dir", None)
    url = getattr(args, "database_url", None) or os.environ.get("KIOSK_CENTRAL_DATABASE_URL", "")
    return CentralSettings(
        data_dir=Path(data_dir) if data_dir else default_data_dir(), database_url=url
    )


def _common(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--database-url",
        default=argparse.SUPPRESS,
        help="SQLAlchemy URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/central "
        "(default: SQLite in the data folder)",
    )
    parser.add_argument(
        "--data-dir", default=argparse.SUPPRESS, help="the central's data folder (key, pages)"
    )
    return parser


def _moment(text: str) -> str:
    """An ISO 8601 date or time, as the central's settings take it (argparse says when not)."""
    from kiosk.central.settings import parse_cutoff

    try:
        parse_cutoff(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date: {text!r}") from None
    return text


def register(subparsers: argparse._SubParsersAction) -> None:
    central = subparsers.add_parser("central", help="run and administer the central service")
    _common(central)
    sub = central.add_subparsers(dest="central_command", metavar="COMMAND", required=True)

    serve = _common(sub.add_parser("serve", help="run the central service (migrates first)"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--ssl-certfile", help="TLS certificate chain (PEM); enables HTTPS")
    serve.add_argument("--ssl-keyfile", help="TLS private key (PEM)")
    serve.add_argument("--ssl-keyfile-password-file", help="file holding the key's password")
    serve.add_argument("--workers", type=int, default=1, help="processes on this host")
    serve.add_argument("--rate-per-second", type=float, default=50.0, help="per kiosk")
    serve.add_argument("--rate-burst", type=int, default=300, help="per kiosk")
    serve.add_argument(
        "--max-in-flight", type=int, default=8, help="kiosk requests at work at once, per process"
    )
    serve.add_argument(
        "--max-queued", type=int, default=512, help="kiosk requests waiting for a slot, per process"
    )
    serve.add_argument(
        "--unsigned-until",
        metavar="DATE",
        type=_moment,
        help="rolling upgrade: until this date (ISO 8601, UTC unless an offset is given) kiosks "
        "still on an older app may push unsigned versions, kept marked as unsigned (default "
        "$KIOSK_CENTRAL_UNSIGNED_UNTIL, else never)",
    )
    serve.set_defaults(func=cmd_serve)

    code = _common(sub.add_parser("enroll-code", help="one-time enrolment code for a kiosk"))
    code.add_argument("--kiosk", required=True, help="the kiosk's name, e.g. 'Loket 1'")
    code.add_argument("--mpp", required=True, help="the MPP, e.g. 'MPP Samarinda'")
    code.add_argument("--ttl-minutes", type=int, default=60, help="validity, at most 60")
    code.set_defaults(func=cmd_enroll_code)

    revoke = _common(sub.add_parser("revoke", help="revoke a kiosk (id, kiosk code or name)"))
    revoke.add_argument("kiosk")
    revoke.set_defaults(func=cmd_revoke)

    report = _common(sub.add_parser("report", help="per MPP and kiosk: what the central holds"))
    report.add_argument("--json", action="store_true", help="one JSON document")
    report.set_defaults(func=cmd_report)

    verdict = _common(sub.add_parser("verdict", help="record a verdict on a registration"))
    verdict.add_argument("registration", help="the registration's number or id")
    verdict.add_argument("--status", required=True, choices=("verified", "needs_fix", "rejected"))
    verdict.add_argument("--reason", default="")
    verdict.set_defaults(func=cmd_verdict)

    staff = _common(sub.add_parser("staff", help="staff accounts of an MPP"))
    staff_sub = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    add = _common(staff_sub.add_parser("add", help="create a staff account"))
    add.add_argument("--mpp", required=True)
    add.add_argument("--username", required=True)
    add.add_argument("--full-name", default="")
    add.add_argument("--role", default="operator", choices=("operator", "supervisor"))
    add.add_argument("--password-file", help="read the password from this file (else prompt)")
    add.set_defaults(func=cmd_staff_add)
    for action, active in (("disable", False), ("enable", True)):
        toggle = _common(staff_sub.add_parser(action, help=f"{action} a staff account"))
        toggle.add_argument("--mpp", required=True)
        toggle.add_argument("--username", required=True)
        toggle.set_defaults(func=cmd_staff_active, active=active)

    user = _common(sub.add_parser("user", help="web console users (not kiosk staff)"))
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    user_add = _common(user_sub.add_parser("add", help="create a console user (password: stdin)"))
    user_add.add_argument("username")
    user_add.add_argument(
        "--role", required=True, choices=("admin", "verifier", "supervisor", "viewer")
    )
    user_add.add_argument("--mpp", default="", help="the MPP (required for a supervisor)")
    user_add.set_defaults(func=cmd_user_add)
    for action, active in (("disable", False), ("enable", True)):
        user_toggle = _common(user_sub.add_parser(action, help=f"{action} a console user"))
        user_toggle.add_argument("username")
        user_toggle.set_defaults(func=cmd_user_active, active=active)
    user_list = _common(user_sub.add_parser("list", help="list console users"))
    user_list.add_argument("--json", action="store_true")
    user_list.set_defaults(func=cmd_user_list)

    for kind in ("conflicts", "duplicates"):
        review = _common(sub.add_parser(kind, help=f"list open {kind}, or resolve one"))
        review.add_argument("--json", action="store_true")
        review.add_argument("--resolve", type=int, metavar="ID", help=f"close one of the {kind}")
        if kind == "conflicts":
            review.add_argument("--note", default="", help="how it was settled (required)")
        else:
            review.add_argument("--rescan", action="store_true", help="rebuild missing flags")
        review.set_defaults(func=cmd_review, kind=kind)

    ref = _common(sub.add_parser("reference", help="publish reference data to every kiosk"))
    ref.add_argument("--dataset", required=True, help="e.g. regions, kbli, checklist")
    ref.add_argument("--version", dest="dataset_version", required=True)
    ref.add_argument("file", help="JSON file holding a list of rows")
    ref.set_defaults(func=cmd_reference)

    from kiosk.cli.central_catalogue import register_commands as catalogue_commands

    catalogue_commands(sub, _common, _settings)  # export katalog

    from kiosk.cli.central_subjects import register_commands  # subject requests, audit verify

    register_commands(sub, _common)

    from kiosk.cli.central_pages import register_commands as page_commands  # pages check|reindex

    page_commands(sub, _common, _settings)

    from kiosk.cli.bundle import register_central  # import-bundle

    register_central(sub, _common, _settings)


def cmd_serve(args: argparse.Namespace) -> int:
    from kiosk.central.server import serve

    password = None
    if args.ssl_keyfile_password_file:
        password = _read_secret(args.ssl_keyfile_password_file)
    settings = dataclasses.replace(
        _settings(args),
        rate_per_second=args.rate_per_second,
        rate_burst=args.rate_burst,
        max_in_flight=args.max_in_flight,
        max_queued=args.max_queued,
    )
    if args.unsigned_until:
        settings = dataclasses.replace(settings, unsigned_until=args.unsigned_until)
    if settings.unsigned_window_end is not None:
        print(f"central: unsigned pushes of older kiosks accepted until {settings.unsigned_until}")
    scheme = "https" if args.ssl_certfile else "http"
    print(f"central: {scheme}://{args.host}:{args.port}/api/v1 (data: {settings.data_dir})")
    return serve(
        settings,
        args.host,
        args.port,
        workers=max(1, args.workers),
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        ssl_keyfile_password=password,
    )


def cmd_enroll_code(args: argparse.Namespace) -> int:
    from kiosk.central import admin

    url = _settings(args).database_url
    code = admin.create_enrolment_code(url, args.kiosk, args.mpp, args.ttl_minutes)
    print(code)
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from kiosk.central import admin

    print(admin.revoke_kiosk(_settings(args).database_url, args.kiosk))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from kiosk.central import admin
    from kiosk.central.report_text import render

    rows = admin.report(_settings(args).database_url)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render(rows))
    return 0


def cmd_verdict(args: argparse.Namespace) -> int:
    from kiosk.central import admin

    admin.set_verdict(_settings(args).database_url, args.registration, args.status, args.reason)
    return 0


def _read_secret(path: str) -> str:
    from kiosk.errors import UserFacingError

    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise UserFacingError("central.file_unreadable", path=path) from exc


def cmd_staff_add(args: argparse.Namespace) -> int:
    import getpass

    from kiosk.central import admin
    from kiosk.errors import UserFacingError

    if args.password_file:
        password = _read_secret(args.password_file)
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise UserFacingError("central.staff.password_mismatch")
    url = _settings(args).database_url
    full_name = args.full_name or args.username
    print(admin.create_staff(url, args.mpp, args.username, full_name, args.role, password))
    return 0


def cmd_staff_active(args: argparse.Namespace) -> int:
    from kiosk.central import admin

    admin.set_staff_active(_settings(args).database_url, args.mpp, args.username, args.active)
    return 0


def _password_from_stdin() -> str:
    """The first line of standard input (a prompt, typed twice, when it is a terminal)."""
    import getpass

    from kiosk.errors import UserFacingError

    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise UserFacingError("central.staff.password_mismatch")
        return password
    return sys.stdin.readline().rstrip("\r\n")


def cmd_user_add(args: argparse.Namespace) -> int:
    from kiosk.central.console import users

    url = _settings(args).database_url
    info = users.cli_add(url, args.username, args.role, _password_from_stdin(), args.mpp)
    print(info.id)
    return 0


def cmd_user_active(args: argparse.Namespace) -> int:
    from kiosk.central.console import users

    users.cli_set_active(_settings(args).database_url, args.username, args.active)
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from kiosk.central.console import users

    rows = [
        {
            "username": u.username,
            "role": u.role,
            "mpp": u.mpp_name,
            "active": u.active,
            "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
        }
        for u in users.cli_list(_settings(args).database_url)
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        print("  ".join(f"{key}={_plain(value)}" for key, value in row.items()))
    if not rows:
        print("no console users")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from kiosk.central import admin

    url = _settings(args).database_url
    if getattr(args, "rescan", False):
        print(admin.rescan_duplicates(url))
        return 0
    if args.resolve is not None:
        if args.kind == "conflicts":
            admin.resolve_conflict(url, args.resolve, args.note)
        else:
            admin.resolve_duplicate(url, args.resolve)
        return 0
    rows = admin.conflicts(url) if args.kind == "conflicts" else admin.duplicates(url)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        print("  ".join(f"{key}={_plain(value)}" for key, value in row.items()))
    if not rows:
        print(f"no open {args.kind}")
    return 0


def _plain(value: object) -> str:
    """Names come from kiosks: no control characters reach the operator's terminal."""
    return "".join(ch if ch.isprintable() else "?" for ch in str(value))


def cmd_reference(args: argparse.Namespace) -> int:
    from kiosk.central import admin
    from kiosk.errors import UserFacingError

    try:
        rows = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserFacingError("central.reference.file", path=args.file) from exc
    if not isinstance(rows, list):
        raise UserFacingError("central.reference.file", path=args.file)
    admin.publish_reference(_settings(args).database_url, args.dataset, args.dataset_version, rows)
    return 0
