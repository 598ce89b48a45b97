"""``kiosk doctor``: check this kiosk and say what to do; ``--zip`` for the help desk.

``kiosk doctor [--json] [--skip-devices] [--print-test [PRINTER]] [--scan-device DEV]
[--zip FILE]`` runs :func:`kiosk.doctor.run_checks` on the data folder and prints one line per
check (ok / warning / failed, a sentence in the language of ``KIOSK_LANG``) or, with ``--json``,
the report as JSON for the help desk. ``--zip FILE`` also writes the help desk's ZIP (report and
newest logs, personal data masked, :mod:`kiosk.doctor.bundle`).

Exit status: 0 all ok, 1 a warning, 2 a failure (as ``kiosk doctor`` in a script or a desktop
shortcut needs it). Like every command module, only the standard library and :mod:`kiosk.i18n`
load at import; the checks load inside the handler.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.i18n import env_lang as _lang
from kiosk.i18n import tr


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = subparsers.add_parser(
        "doctor", help="check database, keys, disk, documents, devices, central; say what to do"
    )
    doctor.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
    doctor.add_argument("--json", action="store_true", help="the report as JSON")
    doctor.add_argument(
        "--skip-devices", action="store_true", help="leave scanners and printers alone"
    )
    doctor.add_argument(
        "--print-test",
        nargs="?",
        const="",
        default=None,
        metavar="PRINTER",
        help="print a test page (on PRINTER, default: the default CUPS printer)",
    )
    doctor.add_argument("--scan-device", default=None, help="scanner for the test scan")
    doctor.add_argument("--zip", default=None, metavar="FILE", help="write the help desk's ZIP")
    doctor.set_defaults(func=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    from kiosk.doctor import Options, run_checks, write_bundle

    options = Options(
        skip_devices=args.skip_devices, print_test=args.print_test, scan_device=args.scan_device
    )
    report = run_checks(getattr(args, "data_dir", None), options)
    lang = _lang()
    print(report.to_json() if args.json else report.to_text(lang))
    if args.zip:
        path = write_bundle(report, args.zip)
        print(tr("doctor.zip.saved", lang, path=str(path)), file=sys.stderr)
    return report.exit_status
