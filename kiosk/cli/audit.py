"""``kiosk audit …``: the kiosk's own audit log.

::

    kiosk audit verify [--offline] [--json]   # exit 0 intact, 1 findings, 2 bad input

``verify`` recomputes the whole hash chain and checks it against the anchors the central holds for
this kiosk (asked over the network when the kiosk is enrolled and the central answers; with
``--offline``, or when the central cannot be reached, against the anchors remembered locally, and
it says which). Each finding names the entry (``seq``) and what happened to it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import TYPE_CHECKING

from kiosk.i18n import Lang, register, tr

if TYPE_CHECKING:
    from kiosk.store import Store

register(
    {
        "audit.verify.ok": {
            "id": "Log audit utuh: {entries} entri, terjangkar sampai entri {anchored} ({source}).",
            "en": "Audit log intact: {entries} entries, anchored up to entry {anchored} "
            "({source}).",
        },
        "audit.verify.bad": {
            "id": "Log audit TIDAK utuh: {count} temuan ({source}).",
            "en": "Audit log NOT intact: {count} findings ({source}).",
        },
        "audit.verify.source.central": {"id": "anchor dari pusat", "en": "the central's anchors"},
        "audit.verify.source.local": {
            "id": "anchor tersimpan di kiosk; pusat tidak ditanya",
            "en": "anchors kept on this kiosk; the central was not asked",
        },
        "audit.verify.unanchored": {
            "id": "Entri setelah {anchored} belum terjangkar: penghapusan di ujung log baru "
            "terlihat setelah sinkronisasi berikutnya.",
            "en": "Entries after {anchored} are not anchored yet: a removed tail shows only after "
            "the next sync.",
        },
    }
)


def register_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = subparsers.add_parser("audit", help="the kiosk's audit log (hash chain)")
    sub = group.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", help="check the chain against the central's anchors")
    verify.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
    verify.add_argument("--offline", action="store_true", help="do not ask the central")
    verify.add_argument("--json", action="store_true")
    verify.add_argument("--lang", choices=("id", "en"), default="id")
    verify.set_defaults(func=cmd_verify)


def _central_anchors(store: Store) -> list[tuple[int, str]] | None:
    """The central's anchors, or None when not enrolled or not reachable."""
    from kiosk.sync import tls
    from kiosk.sync.anchor import central_anchors
    from kiosk.sync.backoff import Backoff
    from kiosk.sync.client import CentralClient
    from kiosk.sync.messages import SyncError
    from kiosk.sync.state import SyncState

    state = SyncState(store.engine, store.keys)
    creds = state.credentials()
    if creds is None:
        return None
    try:
        backoff = Backoff(max_attempts=2, cap_s=2)
        pinned = tls.context_for(  # as sync checks it
            creds.central_url, tls.stored_pin(store), store.get_setting(tls.SETTING_CA, False)
        )
        with CentralClient(creds.central_url, creds.token, backoff=backoff, tls=pinned) as client:
            return central_anchors(client)
    except SyncError:
        return None


def cmd_verify(args: argparse.Namespace) -> int:
    from kiosk.staff import audit_anchors
    from kiosk.store import Store

    lang: Lang = args.lang
    with Store.open(getattr(args, "data_dir", None)) as store:
        central = None if args.offline else _central_anchors(store)
        report = audit_anchors.check(store, central)
    source = "central" if central is not None else "local"
    if args.json:
        print(json.dumps({
            "ok": report.ok, "entries": report.entries, "head_seq": report.head_seq,
            "anchored_to": report.anchored_to, "anchors": source,
            "findings": [dataclasses.asdict(f) | {"text": f.describe(lang)}
                         for f in report.findings],
        }, ensure_ascii=False))  # fmt: skip
        return 0 if report.ok else 1
    where = tr(f"audit.verify.source.{source}", lang)
    if report.ok:
        print(tr("audit.verify.ok", lang, entries=report.entries, anchored=report.anchored_to,
                 source=where))  # fmt: skip
        if report.anchored_to < report.head_seq:
            print(tr("audit.verify.unanchored", lang, anchored=report.anchored_to))
        return 0
    print(tr("audit.verify.bad", lang, count=len(report.findings), source=where))
    for finding in report.findings:
        print(f"- {finding.describe(lang)}")
    return 1
