"""``kiosk scanners`` and ``kiosk scan``: the command-line side of document capture.

- ``kiosk scanners [--json]`` lists the scanners the kiosk can see (SANE on Linux, WIA on Windows)
  — the same list the settings page's "test scanner" shows, for diagnosing a scanner not found.
- ``kiosk scan [--device DEV] [--preset NAME] [--source flatbed|feeder] [--duplex] -o FILE.pdf``
  scans through the same pipeline as the app (presets from the kiosk's settings, so a supervisor's
  edits apply) and writes one PDF (img2pdf). Nothing goes into the vault: the file is the output.
  The PDF holds plaintext images; it is written where the operator asks, atomically.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import env_lang as _lang
from kiosk.i18n import register as register_messages
from kiosk.i18n import tr

if TYPE_CHECKING:
    from kiosk.documents.presets import Preset

register_messages(
    {
        "documents.cli.no_scanners": {
            "id": "Tidak ada pemindai yang ditemukan.",
            "en": "No scanners found.",
        },
        "documents.cli.saved": {
            "id": "{pages} halaman disimpan ke {path}",
            "en": "{pages} page(s) saved to {path}",
        },
        "documents.cli.output_exists": {
            "id": "Berkas {path} sudah ada. Pilih nama lain, atau tambahkan --force untuk "
            "menimpanya.",
            "en": "The file {path} already exists. Choose another name, or add --force to "
            "replace it.",
        },
        "documents.cli.page": {
            "id": "Halaman {n}: {width} × {height} piksel, {dpi} dpi, {kb} KB",
            "en": "Page {n}: {width} × {height} pixels, {dpi} dpi, {kb} KB",
        },
    }
)


def register(subparsers: argparse._SubParsersAction) -> None:
    scanners = subparsers.add_parser("scanners", help="list the scanners this kiosk can use")
    scanners.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
    scanners.add_argument("--json", action="store_true", help="one JSON object per scanner")
    scanners.set_defaults(func=run_scanners)

    scan = subparsers.add_parser("scan", help="scan through the pipeline into a PDF file")
    scan.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
    scan.add_argument("--device", default=None, help="scanner id from `kiosk scanners`")
    scan.add_argument("--preset", default=None, help="scan preset name (default: Dokumen)")
    scan.add_argument("--source", choices=("flatbed", "feeder"), default=None)
    scan.add_argument("--duplex", action="store_true", default=None)
    scan.add_argument("-o", "--output", required=True, help="the PDF file to write")
    scan.add_argument("--force", action="store_true", help="replace an existing output file")
    scan.set_defaults(func=run_scan)


def run_scanners(args: argparse.Namespace) -> int:
    from kiosk.documents.scanner import list_scanners

    devices = list_scanners()
    if not devices:
        print(tr("documents.cli.no_scanners", _lang()), file=sys.stderr)
        return 1
    for device in devices:
        if args.json:
            print(
                json.dumps({"id": device.id, "name": device.name, "sources": list(device.sources)})
            )
        else:
            print(f"{device.id}\t{device.name}\t{', '.join(device.sources)}")
    return 0


def _preset(args: argparse.Namespace) -> Preset:
    import dataclasses

    from kiosk.documents.presets import PresetBook
    from kiosk.store import Store

    with Store.open(getattr(args, "data_dir", None)) as store:
        book = PresetBook(store)
        preset = book.get(args.preset or "Dokumen")
    changes = {}
    if args.source:
        changes["source"] = args.source
    if args.duplex:
        changes["duplex"] = True
    return dataclasses.replace(preset, **changes) if changes else preset


def run_scan(args: argparse.Namespace) -> int:
    from kiosk.documents import pipeline, scanner
    from kiosk.documents.capture import settings_for
    from kiosk.documents.pdf import images_to_pdf
    from kiosk.errors import UserFacingError
    from kiosk.fsutil import atomic_write_bytes

    output = Path(args.output)
    if output.exists() and not args.force:
        raise UserFacingError("documents.cli.output_exists", path=str(output))
    preset = _preset(args)
    pages: list[bytes] = []
    lang = _lang()
    try:
        for scanned in scanner.scan(args.device, settings_for(preset)):
            for page in pipeline.process(scanned.image, preset, source_dpi=scanned.dpi):
                pages.append(page.data)
                print(
                    tr(
                        "documents.cli.page",
                        lang,
                        n=len(pages),
                        width=page.width,
                        height=page.height,
                        dpi=page.dpi,
                        kb=round(len(page.data) / 1024),
                    ),
                    file=sys.stderr,
                )
    except scanner.ScanError:
        if pages:  # keep what arrived before the scanner failed, then report the failure
            atomic_write_bytes(output, images_to_pdf(pages), mode=0o600)
        raise
    atomic_write_bytes(output, images_to_pdf(pages), mode=0o600)
    print(tr("documents.cli.saved", lang, pages=len(pages), path=str(output)))
    return 0
