"""``kiosk import FILE --drafts``: a district office's list of UMKM, as drafts.

Prints the preview first (the columns and what each became, then every row with a problem or a
note), then stores the list in one transaction: with any problem nothing is stored unless
``--partial``; ``--dry-run`` stores nothing. ``--map "HEADER=FIELD"`` maps a column by hand (FIELD
``-`` leaves it out); a mapping used in a stored import is remembered for the next file with the
same headers. Exit status: 0 stored without problems, 1 problems (see the lines), 2 unusable file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _by_hand(pairs: list[str]) -> dict[str, str]:
    from kiosk.importexport.headers import IGNORE, mappable_fields

    mapping: dict[str, str] = {}
    allowed = set(mappable_fields())
    for pair in pairs:
        header, sep, target = pair.partition("=")
        target = target.strip()
        if not sep or not header.strip() or (target not in allowed and target != IGNORE):
            raise SystemExit(
                f"--map {pair!r}: expected HEADER=FIELD, FIELD one of: "
                + ", ".join(sorted(allowed))
                + f" or {IGNORE}"
            )
        mapping[header.strip()] = target
    return mapping


def run_list_import(args: argparse.Namespace) -> int:
    from kiosk.cli.data import printable
    from kiosk.i18n import env_lang
    from kiosk.importexport.district import preview_list, store_list
    from kiosk.store import Store

    lang = env_lang()
    by_hand = _by_hand(args.map)
    err = sys.stderr
    with Store.open(getattr(args, "data_dir", None)) as store:
        preview = preview_list(
            store, Path(args.file), by_hand=by_hand, list_name=args.list_name, lang=lang
        )
        for header, target in zip(preview.headers, preview.mapping, strict=True):
            if header:
                shown = target or "? (unknown: --map to use it)"
                print(printable(f"column {header!r}: {shown}"), file=err)
        for plan in preview.rows:
            for item in plan.problems:
                print(printable(f"row {plan.row}: PROBLEM {item.column}: {item.message}"), file=err)
            for item in plan.notes:
                print(printable(f"row {plan.row}: {item.column}: {item.message}"), file=err)
        problems = sum(1 for r in preview.rows if r.problems)
        counts = (
            f"{preview.count('draft')} drafts, {preview.count('link')} linked, "
            f"{preview.count('skip')} repeated rows left out, {problems} rows with problems"
        )
        if args.dry_run:
            print(f"dry run, nothing stored: {counts}", file=err)
        elif problems and not args.partial:
            print(f"nothing stored: {counts} (--partial stores the others)", file=err)
        else:
            numbers = store_list(
                store, preview, partial=args.partial, staff_id=args.staff, remember=by_hand
            )
            print(
                f"stored {len(numbers)} drafts from list {preview.list_name!r}: {counts}", file=err
            )
    return 1 if problems else 0
