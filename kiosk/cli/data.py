"""This part's subcommands: ``demo-data``, ``search``, ``export``, ``import``.

Handlers import the store and the file formats when they run, so building the parser stays cheap.
``kiosk search`` exits with 1 when nothing matched (like grep), so scripts can test for a hit;
``kiosk import`` exits with 1 when any row was rejected (then nothing is stored, unless
``--partial``); ``--drafts`` reads a district office's list (:mod:`kiosk.cli.district`).
Output written to a terminal passes through :func:`printable`: names come from people and
spreadsheets, and a control character (an ANSI escape, say) must not drive the terminal.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store import Store


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser
) -> None:
    demo = subparsers.add_parser(
        "demo-data", parents=[parent], help="add realistic synthetic registrations"
    )
    demo.add_argument("--count", type=int, default=20, help="how many (default 20)")
    demo.add_argument("--seed", type=int, default=None, help="repeatable output")
    demo.add_argument("--drafts", type=float, default=0.1, help="share left as drafts (0-1)")
    demo.set_defaults(func=run_demo_data)

    search = subparsers.add_parser(
        "search", parents=[parent], help="find registrations (name, number, NIK, NIB, NPWP, phone)",
        description="One line a registration, tab-separated: number, business, owner, masked NIK, "
        "status, and the district list it is in (empty when none).",
    )  # fmt: skip
    search.add_argument("text", help="what to look for")
    search.add_argument("--limit", type=int, default=50)
    search.set_defaults(func=run_search)

    export = subparsers.add_parser("export", parents=[parent], help="write registrations to a file")
    export.add_argument("--format", choices=("csv", "xlsx"), default=None)
    export.add_argument("-o", "--output", required=True, help="file to write")
    export.add_argument("--drafts", action="store_true", help="include drafts")
    export.add_argument(
        "--lang", choices=("id", "en"), default=None, help="headers' language (default: KIOSK_LANG)"
    )
    export.set_defaults(func=run_export)

    imp = subparsers.add_parser(
        "import",
        parents=[parent],
        help="add registrations from a CSV/XLSX (an export; with --drafts a district list)",
    )
    imp.add_argument("file", help="CSV or XLSX file")
    imp.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    imp.add_argument(
        "--partial",
        action="store_true",
        help="store the rows without problems (default: any problem stores nothing)",
    )
    imp.add_argument(
        "--drafts", action="store_true", help="a district office's list: every row a draft"
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="with --drafts: map a column by hand (FIELD '-' leaves it out); remembered",
    )
    imp.add_argument("--list-name", default="", help="with --drafts: the list's name")
    imp.add_argument("--staff", default="import", help="staff id recorded for the rows")
    imp.set_defaults(func=run_import)


def printable(text: str) -> str:
    """``text`` with control and format characters shown as escapes."""
    import unicodedata

    return "".join(ch if unicodedata.category(ch)[0] != "C" else f"\\u{ord(ch):04x}" for ch in text)


def _open_store(args: argparse.Namespace) -> Store:
    from kiosk.store import Store

    return Store.open(getattr(args, "data_dir", None))


def run_search(args: argparse.Namespace) -> int:
    from kiosk.importexport.origin import list_names
    from kiosk.staff import audit

    with _open_store(args) as store:
        hits = store.search(args.text, limit=args.limit)
        if hits:  # names and masked NIKs leave the kiosk on a terminal: audited (no query text)
            audit.log(store, "cli", "registrations.searched", "", {"results": len(hits)})
        lists = list_names(store, [hit.id for hit in hits])
    out = sys.stdout
    for hit in hits:
        fields = [hit.reg_no, hit.business_name, hit.owner_name, hit.nik_masked, hit.status]
        fields.append(lists.get(hit.id, ""))  # the district list it is in, if any
        out.write("\t".join(printable(f) for f in fields) + "\n")
    return 0 if hits else 1


def run_demo_data(args: argparse.Namespace) -> int:
    from kiosk.demo import add_demo_registrations

    if args.count < 0:
        print("--count must be 0 or more", file=sys.stderr)
        return 2
    with _open_store(args) as store:
        made = add_demo_registrations(store, args.count, seed=args.seed, drafts=args.drafts)
    print(f"{made} registrations added")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.i18n import env_lang
    from kiosk.importexport.export import export_registrations

    path = Path(args.output)
    fmt = args.format or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
    with _open_store(args) as store:
        count = export_registrations(
            store, path, fmt, include_drafts=args.drafts, lang=args.lang or env_lang()
        )
    print(f"{count} registrations written to {path}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.importexport.importer import import_file

    if args.drafts:
        from kiosk.cli.district import run_list_import

        return run_list_import(args)
    with _open_store(args) as store:
        report = import_file(
            store, Path(args.file), dry_run=args.dry_run, partial=args.partial, staff_id=args.staff
        )
    for problem in report.problems:
        print(printable(problem.line()), file=sys.stderr)
    rejected = len(report.rejected_rows)
    if args.dry_run:
        summary = f"{report.accepted} rows would be stored, {rejected} rows rejected"
    elif report.stored:
        summary = f"{report.accepted} rows stored, {rejected} rows rejected"
    else:
        summary = (
            f"nothing stored: {rejected} rows rejected ({report.accepted} without problems; "
            "--partial stores those)"
        )
    print(summary, file=sys.stderr)
    return 1 if report.rejected_rows else 0
