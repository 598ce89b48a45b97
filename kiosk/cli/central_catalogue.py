"""``kiosk central export katalog -o FILE.xlsx|FILE.zip [--mpp NAME] [--since YYYY-MM-DD]``.

The products of verified businesses for the local e-catalogue
(:mod:`kiosk.central.catalogue_export`): an XLSX with a photo folder beside it, or one ZIP.
Prints where it wrote and how many rows, photos, new and changed products.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.central.settings import CentralSettings

Common = Callable[[argparse.ArgumentParser], argparse.ArgumentParser]


Settings = Callable[[argparse.Namespace], "CentralSettings"]


def register_commands(sub: argparse._SubParsersAction, common: Common, settings: Settings) -> None:
    export = sub.add_parser("export", help="exports for other systems")
    kinds = export.add_subparsers(dest="export_kind", required=True)
    katalog = common(kinds.add_parser(
        "katalog", help="products of verified businesses for the local e-catalogue (XLSX + photos)"
    ))  # fmt: skip
    katalog.add_argument("-o", "--output", required=True, help="FILE.xlsx (photos in FILE_foto/) "
                         "or FILE.zip (sheet and photos together)")  # fmt: skip
    katalog.add_argument("--mpp", default="", help="only this MPP (its name)")
    katalog.add_argument("--since", default="", help="only registrations verified or changed "
                         "on or after this date (YYYY-MM-DD)")  # fmt: skip
    katalog.set_defaults(func=lambda args: cmd_katalog(args, settings(args)))


def cmd_katalog(args: argparse.Namespace, settings: CentralSettings) -> int:
    from kiosk.central.catalogue_export import export_with_settings
    from kiosk.errors import UserFacingError

    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since.strip())
        except ValueError as exc:
            raise UserFacingError("catalogue.export.since", value=args.since) from exc
    result = export_with_settings(settings.database_url, settings.data_dir, Path(args.output),
                                  mpp=args.mpp, since=since)  # fmt: skip
    print(f"{result.path}\t{result.rows} produk, {result.photos} foto ({result.photos_at})")
    print(f"baru {result.new}, berubah {result.changed}, foto belum diterima "
          f"{result.missing_photos}")  # fmt: skip
    return 0
