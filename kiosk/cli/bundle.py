"""``kiosk bundle export|confirm|status`` on the kiosk and ``kiosk central import-bundle`` at the
central: registrations carried on a stick when there is no network (:mod:`kiosk.bundle`).

Exit codes: 0 done; 2 a refusal with its bilingual message (``UserFacingError``, printed by
:mod:`kiosk.cli`): a bundle altered, from a revoked kiosk, incomplete parts. With nothing to
send, ``export`` writes a request bundle (the pull cursor only) whose confirmation brings the feed.
Output: counts, sizes, kiosk codes and bundle ids only, never personal data.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import tr

if TYPE_CHECKING:
    from kiosk.central.settings import CentralSettings
    from kiosk.store import Store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bundle = subparsers.add_parser(
        "bundle", help="carry unconfirmed registrations to the central on a file (no network)"
    )
    sub = bundle.add_subparsers(dest="bundle_command", required=True)
    export = sub.add_parser("export", help="write everything the central has not confirmed")
    export.add_argument("-o", "--output", required=True, help="the bundle file to write")
    export.add_argument(
        "--split-mb", type=float, default=None, help="cut into parts of at most N MB (FILE.001…)"
    )
    _common(export)
    export.set_defaults(func=cmd_export)
    confirm = sub.add_parser("confirm", help="take in the central's confirmation file")
    confirm.add_argument("file")
    _common(confirm)
    confirm.set_defaults(func=cmd_confirm)
    status = sub.add_parser("status", help="bundles written and what still waits for the central")
    _common(status)
    status.set_defaults(func=cmd_status)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
    parser.add_argument("--json", action="store_true", default=False, help="machine-readable")
    parser.add_argument("--lang", choices=("id", "en"), default="id")


def _store(args: argparse.Namespace) -> Store:
    from kiosk.store import Store

    return Store.open(getattr(args, "data_dir", None))


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB".replace(".", ",")


def cmd_export(args: argparse.Namespace) -> int:
    from kiosk.bundle.export import export_bundle

    result = export_bundle(_store(args), Path(args.output), split_mb=args.split_mb)
    if args.json:
        print(json.dumps({
            "bundle": result.bundle_id, "items": result.items, "pages": result.pages,
            "bytes": result.bytes, "files": [str(f) for f in result.files],
            "missing_pages": result.missing_pages, "request": result.request,
        }))  # fmt: skip
    else:
        size, files = _size(result.bytes), len(result.files)
        code = "bundle.request_written" if result.request else "bundle.exported"
        print(tr(code, args.lang, bundle=result.bundle_id[:8], items=result.items,
                 pages=result.pages, size=size, files=files))  # fmt: skip
        for path in result.files:
            print(f"  {path}")
    return 0


def cmd_confirm(args: argparse.Namespace) -> int:
    from kiosk.bundle.confirm import apply_confirmation

    result = apply_confirmation(_store(args), Path(args.file))
    if args.json:
        print(json.dumps(result.__dict__))
    else:
        print(tr("bundle.confirmed", args.lang, bundle=result.bundle_id[:8],
                 confirmed=result.confirmed, refused=result.refused))  # fmt: skip
        if result.events or result.erasures_reported:
            print(tr("bundle.told", args.lang, events=result.events,
                     erasures=result.erasures_reported))  # fmt: skip
        if result.revoked:
            print(tr("bundle.revoked_here", args.lang))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from kiosk.bundle.confirm import bundles, sent_by_bundle

    store = _store(args)
    waiting, written = sent_by_bundle(store), bundles(store)
    if args.json:
        print(json.dumps({"sent_by_bundle": waiting, "bundles": [b.__dict__ for b in written]}))
        return 0
    print(tr("bundle.status.waiting", args.lang, count=waiting))
    for b in written:
        state = b.confirmed_at or tr("bundle.status.unconfirmed", args.lang)
        print(f"  {b.bundle_id[:8]}  {b.created_at}  {b.items:>6}  {b.pages:>6}  {state}")
    return 0


def register_central(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
    settings: Callable[[argparse.Namespace], CentralSettings],
) -> None:
    imp = common(sub.add_parser("import-bundle", help="verify and apply a kiosk's bundle"))
    imp.add_argument("files", nargs="+", help="the bundle, or all parts of a split one")
    imp.add_argument(
        "--confirmation",
        default=None,
        help="where to write the confirmation for the kiosk (default: beside the bundle)",
    )
    imp.add_argument("--json", action="store_true", default=False)
    imp.add_argument("--lang", choices=("id", "en"), default="id")
    imp.set_defaults(func=lambda args: cmd_import(args, settings(args)))


def cmd_import(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.bundle_import import BundleRevoked, import_bundle, write_confirmation
    from kiosk.central.db import open_database
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.storage import LocalPageStorage

    paths = [Path(f) for f in args.files]

    def target_for(bundle_id: str) -> Path:
        if args.confirmation:
            return Path(args.confirmation)
        return paths[0].with_name(f"konfirmasi-{bundle_id[:8]}.json")

    engine = open_database(settings.database_url)
    try:
        confirmation, reply_key = import_bundle(
            engine,
            LocalPageStorage(settings.storage_dir),
            load_or_create_document_key(settings.keys_dir),
            paths,
            legacy_ids_before=settings.legacy_ids_before,
        )
    except BundleRevoked as exc:  # refused; the kiosk still learns it was revoked
        notice = write_confirmation(
            exc.confirmation, exc.reply_key, target_for(exc.confirmation.bundle_id)
        )
        print(tr("bundle.revocation_written", args.lang, confirmation=notice))
        raise
    finally:
        engine.dispose()
    target = target_for(confirmation.bundle_id)
    write_confirmation(confirmation, reply_key, target)
    counts = confirmation.counts()
    if args.json:
        print(json.dumps({"bundle": confirmation.bundle_id, "kiosk": confirmation.kiosk_code,
                          **counts, "pages": len(confirmation.pages),
                          "confirmation": str(target)}))  # fmt: skip
    else:
        print(tr("bundle.imported", args.lang, bundle=confirmation.bundle_id[:8],
                 kiosk=confirmation.kiosk_code, stored=counts["stored"],
                 unchanged=counts["unchanged"], refused=counts["conflict"] + counts["invalid"],
                 pages=len(confirmation.pages), confirmation=target))  # fmt: skip
    return 0
