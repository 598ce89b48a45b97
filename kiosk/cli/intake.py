"""``kiosk session open|close|status|report``: offline intake sessions from the command line.

``open`` takes the place, the date (default: today in the kiosk's zone), the team (``--team`` once
per member) and optionally the district list the session works through (``--list``, the name
``kiosk import --drafts`` gave it) and a target number. ``report -o FILE`` writes the session
report, PDF or XLSX by the file's suffix, for the open session or the last one (``--id`` another).
Messages come in the language of ``KIOSK_LANG``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.intake.sessions import IntakeSession
    from kiosk.store import Store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    session = subparsers.add_parser("session", help="offline intake sessions (open, close, report)")
    actions = session.add_subparsers(dest="session_command", metavar="ACTION", required=True)
    opening = actions.add_parser("open", help="open an intake session on this kiosk")
    opening.add_argument("--place", required=True, help="e.g. 'Balai Desa Sebengkok'")
    opening.add_argument("--date", default=None, help="YYYY-MM-DD (default: today, kiosk's zone)")
    opening.add_argument("--team", action="append", default=[], help="a member (repeat)")
    opening.add_argument("--list", default="", help="the district list it works through")
    opening.add_argument("--target", type=int, default=0, help="registrations aimed at")
    opening.add_argument("--staff", default="cli", help="supervisor's staff id for the audit")
    opening.set_defaults(func=run_open)
    closing = actions.add_parser("close", help="close the open intake session")
    closing.add_argument("--staff", default="cli", help="supervisor's staff id for the audit")
    closing.set_defaults(func=run_close)
    status = actions.add_parser("status", help="the open session and its progress")
    status.set_defaults(func=run_status)
    report = actions.add_parser("report", help="write the session report (PDF or XLSX)")
    report.add_argument("-o", "--output", required=True, help="report.pdf or report.xlsx")
    report.add_argument("--id", default="", help="another session than the open or last one")
    report.add_argument("--lang", choices=("id", "en"), default=None)
    report.set_defaults(func=run_report)


def _store(args: argparse.Namespace) -> Store:
    from kiosk.store import Store

    return Store.open(getattr(args, "data_dir", None))


def _today(store: Store) -> str:
    import datetime as dt

    from kiosk.domain.timezones import store_zone, tz

    return dt.datetime.now(tz(store_zone(store))).date().isoformat()


def _describe(store: Store, intake: IntakeSession) -> str:
    from kiosk.cli.data import printable
    from kiosk.intake.sessions import progress

    p = progress(store, intake)
    state = "open" if intake.is_open else "closed"
    lines = [
        f"session {intake.id} ({state}): {intake.place}, {intake.day.isoformat()}",
        f"team: {', '.join(intake.team) or '-'}",
        f"registered {p.registered}, drafts {p.drafts}, documents missing {p.documents_missing}, "
        f"receipts printed {p.receipts_printed}"
        + (f", target {p.target}" if p.target else "")
        + (
            f", list '{intake.target_list}': {p.list_remaining} to go" if intake.target_list else ""
        ),
    ]
    return "\n".join(printable(line) for line in lines)


def run_open(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.intake.sessions import open_session

    with _store(args) as store:
        try:
            day = dt.date.fromisoformat(args.date or _today(store))
        except ValueError:
            print(f"--date {args.date!r}: expected YYYY-MM-DD", file=sys.stderr)
            return 2
        intake = open_session(
            store,
            place=args.place,
            day=day,
            team=args.team,
            staff_id=args.staff,
            target_list=args.list,
            target_count=args.target,
        )
        print(_describe(store, intake))
    return 0


def run_close(args: argparse.Namespace) -> int:
    from kiosk.intake.sessions import close_session

    with _store(args) as store:
        intake = close_session(store, staff_id=args.staff)
        print(_describe(store, intake))
    return 0


def run_status(args: argparse.Namespace) -> int:
    from kiosk.intake.sessions import current_session

    with _store(args) as store:
        intake = current_session(store)
        if intake is None:
            print("no intake session is open", file=sys.stderr)
            return 1
        print(_describe(store, intake))
    return 0


def run_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.i18n import env_lang
    from kiosk.intake.report import build_report
    from kiosk.intake.report_pdf import write_report
    from kiosk.intake.sessions import get_session

    lang = args.lang or env_lang()
    path = Path(args.output)
    with _store(args) as store:
        intake = get_session(store, args.id)
        report = build_report(store, intake, lang)
    write_report(report, path, lang)
    print(f"{len(report.lines)} registrations in the report written to {path}", file=sys.stderr)
    return 0
