"""``kiosk receipt ...``: render, print, verify receipts and look at their print record.

- ``render REGNO --layout a4|a5|80mm|58mm -o FILE.pdf``: writes the receipt to look at it (to
  compare layouts, say): nothing is recorded and it carries the number the next print will carry,
  so rendering never makes the next print a copy. ``--issue`` records it as a receipt handed out
  (a PDF sent to the owner), and a later print is then marked as a copy.
- ``print REGNO [--printer NAME] [--layout a4|a5] [--escpos PRINTER]``: CUPS (``lp``) or a
  thermal printer, named as set up in Settings or described (``usb:VID:PID``, ``usb:``,
  ``serial:PORT[:BAUD]``, ``tcp:HOST[:PORT]``: :mod:`kiosk.receipts.escpos_desc`); the print is
  recorded and, since paper cannot be seen from here, the output says how to confirm it
  (``confirm ID --printed`` / ``--not-printed``).
- ``verify FILE|TEXT``: a receipt PDF, a photo/scan, or the QR text; exit 0 valid, 1 not valid.
- ``history REGNO``: every print, reprint and PDF of a registration's receipts.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import env_lang as _lang
from kiosk.i18n import register as register_messages
from kiosk.i18n import tr

if TYPE_CHECKING:
    from kiosk.store import Store

register_messages(
    {
        "receipts.cli.printed": {
            "id": "Tanda terima {reg_no} ({copy}) dikirim ke {printer}, pekerjaan {job}: {state}. "
            "Periksa kertasnya, lalu: kiosk receipt confirm {print_id} --printed "
            "(atau --not-printed, lalu cetak ulang).",
            "en": "Receipt {reg_no} ({copy}) sent to {printer}, job {job}: {state}. Check the "
            "paper, then: kiosk receipt confirm {print_id} --printed (or --not-printed, then "
            "print again).",
        },
        "receipts.cli.rendered": {
            "id": "Tanda terima {reg_no} ({copy}) dibuat untuk dilihat, tidak dihitung sebagai "
            "salinan: {path}",
            "en": "Receipt {reg_no} ({copy}) rendered to look at, not counted as a copy: {path}",
        },
        "receipts.cli.saved": {
            "id": "Tanda terima {reg_no} ({copy}) disimpan: {path}",
            "en": "Receipt {reg_no} ({copy}) saved: {path}",
        },
    }
)


def register(subparsers: argparse._SubParsersAction) -> None:
    receipt = subparsers.add_parser("receipt", help="render, print and verify receipts")
    receipt.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
    commands = receipt.add_subparsers(dest="receipt_command", metavar="ACTION", required=True)

    def sub(
        name: str, help_text: str, func: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        p = commands.add_parser(name, help=help_text)
        p.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
        p.add_argument("--staff-id", default="", help="who issues it (for the print record)")
        p.set_defaults(func=func)
        return p

    p = sub("render", "write a receipt PDF", run_render)
    p.add_argument("reg_no")
    p.add_argument("--layout", choices=("a4", "a5", "80mm", "58mm"), default="a4")
    p.add_argument("-o", "--output", required=True, type=Path)
    p.add_argument(
        "--issue",
        action="store_true",
        help="record it as a receipt handed out (a later print is then a copy); "
        "without it, rendering only to look is not counted",
    )

    p = sub("print", "print a receipt (CUPS or ESC/POS)", run_print)
    p.add_argument("reg_no")
    p.add_argument("--printer", default=None, help="CUPS queue (default: the default printer)")
    p.add_argument("--layout", choices=("a4", "a5", "80mm", "58mm"), default="a4")
    p.add_argument(
        "--escpos",
        default=None,
        metavar="PRINTER",
        help="thermal (ESC/POS) printer: the name of one set up in Settings, or usb:VID:PID, "
        "usb: (the first known USB receipt printer), serial:PORT[:BAUD], tcp:HOST[:PORT]",
    )
    p.add_argument(
        "--escpos-profile",
        default="default",
        metavar="PROFILE",
        help="python-escpos printer profile for a described printer (e.g. TM-T20II)",
    )
    p.add_argument("--wait", type=float, default=30.0, help="seconds to wait for CUPS")

    p = sub("confirm", "record whether a printed receipt came out", run_confirm)
    p.add_argument("print_id", type=int)
    answer = p.add_mutually_exclusive_group(required=True)
    answer.add_argument("--printed", action="store_true")
    answer.add_argument("--not-printed", action="store_true")

    p = sub("verify", "verify a receipt PDF, photo or QR text", run_verify)
    p.add_argument("source", help="a PDF or image file, or the QR text (KR1....)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub("history", "list the prints of a registration's receipt", run_history)
    p.add_argument("reg_no")


def _store(args: argparse.Namespace) -> Store:
    from kiosk.store import Store

    return Store.open(getattr(args, "data_dir", None))


def _copy_text(copy_no: int) -> str:
    return "asli/original" if copy_no == 0 else f"SALINAN/COPY #{copy_no}"


def run_render(args: argparse.Namespace) -> int:
    from kiosk.fsutil import atomic_write_bytes
    from kiosk.receipts.service import render_view, save_pdf

    with _store(args) as store:
        reg = store.get_by_reg_no(args.reg_no)
        if args.issue:
            record = save_pdf(store, reg, args.output, layout=args.layout, staff_id=args.staff_id)
            copy_no, code = record.copy_no, "receipts.cli.saved"
        else:
            copy_no, pdf = render_view(store, reg, layout=args.layout)
            atomic_write_bytes(args.output, pdf, mode=0o600)
            code = "receipts.cli.rendered"
    print(tr(code, _lang(), reg_no=reg.reg_no, copy=_copy_text(copy_no), path=args.output))
    return 0


def run_print(args: argparse.Namespace) -> int:
    from kiosk.receipts import service

    with _store(args) as store:
        reg = store.get_by_reg_no(args.reg_no)
        if args.escpos:
            from kiosk.receipts.escpos_setup import resolve

            config = resolve(store, args.escpos, profile=args.escpos_profile)
            paper = args.layout if args.layout in ("80mm", "58mm") else "80mm"
            record, state = service.print_escpos(
                store, reg, config, paper=paper, staff_id=args.staff_id
            )
            job = "-"
        else:
            record, job = service.print_cups(
                store,
                reg,
                printer=args.printer,
                layout=args.layout,
                staff_id=args.staff_id,
                wait_s=args.wait,
            )
            state = record.outcome
    print(
        tr(
            "receipts.cli.printed",
            _lang(),
            reg_no=reg.reg_no,
            copy=_copy_text(record.copy_no),
            printer=record.printer,
            job=job,
            state=state,
            print_id=record.id,
        )
    )
    return 0


def run_confirm(args: argparse.Namespace) -> int:
    from kiosk.receipts.prints import confirm_print

    with _store(args) as store:
        record = confirm_print(store, args.print_id, printed=args.printed, staff_id=args.staff_id)
    print(f"{record.id} {record.reg_no} {record.outcome}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from kiosk.receipts import known_keys, verify

    with _store(args) as store:
        result = verify(args.source, known_keys(store))
    lang = _lang()
    if args.json:
        print(
            json.dumps(
                {
                    "valid": result.valid,
                    "code": result.code,
                    "message": result.text(lang),
                    "claim": dict(result.details(lang)),
                },
                ensure_ascii=False,
            )
        )
    else:
        print(result.text(lang))
        if result.claim is not None and not result.valid:
            print("  (tidak terverifikasi / unverified)")
        for key, value in result.details(lang):
            print(f"  {key}: {value}")
    return 0 if result.valid else 1


def run_history(args: argparse.Namespace) -> int:
    from kiosk.receipts.prints import print_history

    with _store(args) as store:
        reg = store.get_by_reg_no(args.reg_no)
        for r in print_history(store, reg.id):
            print(
                f"{r.id}\t{r.created_at}\tcopy {r.copy_no}\t{r.layout}\t{r.channel}\t"
                f"{r.printer}\t{r.outcome}\t{r.staff_id}\t{r.job_id}"
            )
    return 0
