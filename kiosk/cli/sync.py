"""The sync part's commands: ``kiosk enroll URL CODE``, ``kiosk sync``, ``kiosk sync status``,
``kiosk sync retention``, ``kiosk sync retry [--code CODE]`` (set-aside versions back in the queue
once the central's cause is fixed, e.g. ``push.id_foreign`` after its cutoff for older IDs moved).

``kiosk sync`` runs one round and exits 0 only when nothing is left or failed (outbox empty, no
page waiting, nothing set aside, sanity check equal); 1 otherwise, so scripts and cron jobs can
tell. A ``UserFacingError`` (not enrolled, enrolment refused) goes to ``kiosk.cli`` which prints it
and exits 2. Output never contains personal data: registration numbers and counts only.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiosk.i18n import Lang, tr
from kiosk.i18n import register as register_messages

if TYPE_CHECKING:
    from kiosk.store import Store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    enroll = subparsers.add_parser("enroll", help="enrol this kiosk with a central server")
    enroll.add_argument(
        "url",
        help="the central's address, e.g. https://sync.mpp.example.go.id, or the console's "
        "whole enrolment link (kiosk-enrol:CODE@URL), which needs no CODE",
    )
    enroll.add_argument(
        "code", nargs="?", default="", help="the one-time enrolment code from the console"
    )
    enroll.add_argument("--name", default=None, help="kiosk name (default: the host name)")
    enroll.add_argument("--force", action="store_true", help="enrol again although enrolled")
    enroll.add_argument(
        "--pin",
        default=None,
        help="the central's TLS key pin (sha256/...), needed for a self-signed certificate",
    )
    _common(enroll)
    _handle(enroll, cmd_enroll)

    sync = subparsers.add_parser("sync", help="sync with the central once (or show status)")
    _common(sync)
    sync.add_argument("--batch-size", type=int, default=100)  # protocol.MAX_PUSH_ITEMS
    sync.add_argument("--attempts", type=int, default=6, help="tries per request when offline")
    _handle(sync, cmd_sync)
    sub = sync.add_subparsers(dest="sync_command")
    status = sub.add_parser("status", help="show the sync status")
    _common(status)
    _handle(status, cmd_status)
    retention = sub.add_parser("retention", help="remove personal data the central confirmed")
    _common(retention)
    _handle(retention, cmd_retention)
    retry = sub.add_parser("retry", help="put versions the central refused back in the queue")
    retry.add_argument("--code", default="", help="only those refused with this code")
    _common(retry)
    _handle(retry, cmd_retry)

    from kiosk.cli.bundle import register as register_bundle  # kiosk bundle export|confirm

    register_bundle(subparsers)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", default=argparse.SUPPRESS, help="kiosk data folder")
    parser.add_argument("--json", action="store_true", default=False, help="machine-readable")
    parser.add_argument("--lang", choices=("id", "en"), default="id")


def _handle(parser: argparse.ArgumentParser, fn: Callable[[argparse.Namespace], int]) -> None:
    parser.set_defaults(func=fn, handler=fn)


def _store(args: argparse.Namespace) -> Store:
    from kiosk.domain.timezones import use_store_zone
    from kiosk.store import Store

    store = Store.open(getattr(args, "data_dir", None))
    use_store_zone(store)  # times printed in the kiosk's zone (WIB/WITA/WIT), not the machine's
    return store


def cmd_enroll(args: argparse.Namespace) -> int:
    from kiosk.sync.backoff import Backoff
    from kiosk.sync.enrol import enroll

    store = _store(args)
    creds = enroll(store, args.url, args.code, kiosk_name=args.name, force=args.force,
                   backoff=Backoff(max_attempts=3, cap_s=5), pin=args.pin)  # fmt: skip
    if args.json:
        print(json.dumps({"kiosk_code": creds.kiosk_code, "mpp": creds.mpp,
                          "central_url": creds.central_url}))  # fmt: skip
    else:
        print(tr("sync.enroll.done", args.lang, kiosk_code=creds.kiosk_code, mpp=creds.mpp))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from kiosk.sync.backoff import Backoff
    from kiosk.sync.engine import SyncEngine

    store = _store(args)
    backoff = Backoff(max_attempts=max(1, args.attempts))
    result = SyncEngine(store, batch_size=args.batch_size, backoff=backoff).run_round()
    if args.json:
        print(json.dumps({
            "complete": result.complete, "online": result.online, "revoked": result.revoked,
            "error": result.error.code if result.error else None,
            "stored": result.push.stored, "unchanged": result.push.unchanged,
            "set_aside_now": result.push.set_aside, "pages_uploaded": result.pages.uploaded,
            "events": result.pull.events, "sanity_ok": result.sanity_ok,
            "pending_records": result.pending_records, "pending_pages": result.pending_pages,
            "set_aside": result.set_aside,
        }))  # fmt: skip
    else:
        if result.error is not None:
            print(result.error.text(args.lang))
        else:
            print(tr("sync.done", args.lang, pushed=result.push.stored + result.push.unchanged,
                     pages=result.pages.uploaded, events=result.pull.events))  # fmt: skip
        if not result.complete:
            print(tr("sync.left", args.lang, records=result.pending_records,
                     pages=result.pending_pages, set_aside=result.set_aside))  # fmt: skip
    return 0 if result.complete else 1


#: the fields of ``kiosk sync status`` for people, in order (``--json``: the same keys)
STATUS_FIELDS = (
    "enrolled", "central_url", "kiosk_code", "online", "revoked", "pending_records",
    "pending_pages", "set_aside", "last_success", "last_attempt",
)  # fmt: skip

register_messages(
    {
        "sync.retry.done": {
            "id": "{count} versi yang disisihkan masuk antrean lagi; dikirim pada sinkronisasi "
            "berikutnya.",
            "en": "{count} set-aside versions are back in the queue; they go with the next sync.",
        },
        "sync.status.enrolled": {"id": "Terdaftar di pusat", "en": "Enrolled"},
        "sync.status.central_url": {"id": "Alamat pusat", "en": "Central address"},
        "sync.status.kiosk_code": {"id": "Kode kios", "en": "Kiosk code"},
        "sync.status.online": {"id": "Terhubung", "en": "Online"},
        "sync.status.revoked": {"id": "Dicabut", "en": "Revoked"},
        "sync.status.pending_records": {
            "id": "Pendaftaran menunggu",
            "en": "Registrations waiting",
        },
        "sync.status.pending_pages": {
            "id": "Halaman dokumen menunggu",
            "en": "Document pages waiting",
        },
        "sync.status.set_aside": {"id": "Disisihkan", "en": "Set aside"},
        "sync.status.last_success": {"id": "Terakhir berhasil", "en": "Last success"},
        "sync.status.last_attempt": {"id": "Terakhir dicoba", "en": "Last attempt"},
        "sync.status.yes": {"id": "ya", "en": "yes"},
        "sync.status.no": {"id": "tidak", "en": "no"},
    }
)


def cmd_status(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.sync.engine import SyncEngine
    from kiosk.sync.service import read_status

    status = read_status(SyncEngine(_store(args)))
    if args.json:
        data: dict[str, Any] = {}
        for key in STATUS_FIELDS:
            value = getattr(status, key)
            data[key] = value.isoformat() if isinstance(value, dt.datetime) else value
        data["problems"] = [{"code": p.code, "text": p.text(args.lang)} for p in status.problems]
        print(json.dumps(data, ensure_ascii=False))
    else:
        for key in STATUS_FIELDS:
            label = tr(f"sync.status.{key}", args.lang)
            print(f"{label}: {_human(getattr(status, key), args.lang)}")
        for problem in status.problems:
            print(f"- {problem.text(args.lang)}")
    return 1 if status.revoked else 0


def _human(value: object, lang: Lang) -> str:
    import datetime as dt

    from kiosk.domain.formatting import format_datetime

    if isinstance(value, bool):
        return tr("sync.status.yes" if value else "sync.status.no", lang)
    if value is None or value == "":
        return "-"
    if isinstance(value, dt.datetime):  # in the desk's own time zone, written the local way
        return format_datetime(value, lang)
    return str(value)


def cmd_retention(args: argparse.Namespace) -> int:
    from kiosk.sync.retention import Retention

    result = Retention(_store(args)).run()
    if args.json:
        print(json.dumps(result.__dict__))
    else:
        print(tr("sync.retention.done", args.lang, count=result.redacted))
    return 0 if result.available else 1


def cmd_retry(args: argparse.Namespace) -> int:
    count = _store(args).outbox_retry_set_aside(args.code.strip())
    if args.json:
        print(json.dumps({"requeued": count}))
    else:
        print(tr("sync.retry.done", args.lang, count=count))
    return 0
