"""``kiosk central subject …`` and ``kiosk central audit verify`` (issue 13).

::

    kiosk central subject export 6471010101900001 -o salinan.zip   # ZIP: PDF summary, JSON, scans
    kiosk central subject erase 6471010101900001 --reason "surat permohonan 3 Des 2026"
    kiosk central subject list [--open] [--json]                    # requests, deadlines, kiosks
    kiosk central audit verify [--json]                             # the trail and kiosks' anchors

Every request is recorded with its deadline (3 × 24 hours, see :mod:`kiosk.central.subjects`)
before the work starts; the actor in the audit trail is ``cli:<operating-system user>`` unless
``--by NAME`` says who asked. Exit codes: 0 done, 1 the audit trail has findings, 2 bad input.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import getpass
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import Lang, register, tr

if TYPE_CHECKING:
    from kiosk.central.settings import CentralSettings

register(
    {
        "central.subject.exported": {
            "id": "Salinan data {file}: {registrations} pendaftaran, {documents} dokumen.",
            "en": "Export {file}: {registrations} registrations, {documents} documents.",
        },
        "central.subject.erased": {
            "id": "Dihapus di pusat: {registrations}. Menunggu konfirmasi {kiosks} kios.",
            "en": "Erased at the central: {registrations}. Waiting for {kiosks} kiosk(s).",
        },
        "central.subject.deadline": {
            "id": "Permintaan {request}: batas waktu {deadline} (3 × 24 jam, UU 27/2022).",
            "en": "Request {request}: deadline {deadline} (3 × 24 hours, UU 27/2022).",
        },
        "central.audit.ok": {
            "id": "Jejak audit pusat utuh: {entries} entri. Anchor kios: {anchors}.",
            "en": "The central's audit trail is intact: {entries} entries. "
            "Kiosk anchors: {anchors}.",
        },
        "central.audit.bad": {
            "id": "Jejak audit pusat TIDAK utuh ({count} temuan):",
            "en": "The central's audit trail is NOT intact ({count} findings):",
        },
        "central.audit.regressed": {
            "id": "Kios {kiosk}: log audit mundur dari entri {previous} ke {seq} pada {at} "
            "(dipulihkan dari cadangan, atau entri dihapus).",
            "en": "Kiosk {kiosk}: its audit log went back from entry {previous} to {seq} at {at} "
            "(restored from a backup, or entries removed).",
        },
    }
)


def register_commands(
    sub: argparse._SubParsersAction,
    common: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    subject = common(sub.add_parser("subject", help="data-subject requests by NIK (UU 27/2022)"))
    actions = subject.add_subparsers(dest="subject_command", metavar="ACTION", required=True)
    export = common(actions.add_parser("export", help="everything held about a NIK, as a ZIP"))
    export.add_argument("nik")
    export.add_argument("-o", "--output", required=True, help="the ZIP file to write")
    export.add_argument("--by", default="", help="who asked (default: the system user)")
    export.set_defaults(func=cmd_subject_export)
    erase = common(actions.add_parser("erase", help="erase a NIK's data everywhere"))
    erase.add_argument("nik")
    erase.add_argument("--reason", required=True, help="why (the request, its date)")
    erase.add_argument("--by", default="")
    erase.set_defaults(func=cmd_subject_erase)
    listing = common(actions.add_parser("list", help="requests, deadlines, kiosks to confirm"))
    listing.add_argument("--open", action="store_true", help="only requests not completed")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_subject_list)

    trail = common(sub.add_parser("audit", help="the central's audit trail"))
    trail_sub = trail.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = common(trail_sub.add_parser("verify", help="check the chain and kiosks' anchors"))
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cmd_audit_verify)


def _settings(args: argparse.Namespace) -> CentralSettings:
    from kiosk.cli.central import _settings as central_settings

    return central_settings(args)


def _actor(args: argparse.Namespace) -> str:
    return args.by or f"cli:{getpass.getuser()}"


def _lang(args: argparse.Namespace) -> Lang:
    from kiosk.i18n import as_lang, env_lang

    return as_lang(getattr(args, "lang", None) or env_lang())


def _when(iso: str, lang: Lang) -> str:
    from kiosk.domain.formatting import format_datetime

    return format_datetime(dt.datetime.fromisoformat(iso), lang)


def cmd_subject_export(args: argparse.Namespace) -> int:
    from kiosk.central.subject_admin import export_subject

    lang = _lang(args)
    done = export_subject(_settings(args), args.nik, Path(args.output), _actor(args))
    print(tr("central.subject.exported", lang, file=args.output,
             registrations=len(done.registrations), documents=done.documents))  # fmt: skip
    print(tr("central.subject.deadline", lang, request=done.request_id,
             deadline=_when(done.deadline_at, lang)))  # fmt: skip
    return 0


def cmd_subject_erase(args: argparse.Namespace) -> int:
    from kiosk.central.subject_admin import erase_subject

    lang = _lang(args)
    done = erase_subject(_settings(args), args.nik, args.reason, _actor(args))
    print(tr("central.subject.erased", lang, registrations=", ".join(done.registrations),
             kiosks=len(done.pending_kiosks)))  # fmt: skip
    print(tr("central.subject.deadline", lang, request=done.request_id,
             deadline=_when(done.deadline_at, lang)))  # fmt: skip
    return 0


def cmd_subject_list(args: argparse.Namespace) -> int:
    from kiosk.central.subject_admin import list_requests

    rows = list_requests(_settings(args), open_only=args.open)
    if args.json:
        print(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    lang = _lang(args)
    for r in rows:
        state = _when(r.completed_at, lang) if r.completed_at else "-"
        late = " !" if r.overdue else ""
        print(f"{r.request_id}  {r.kind:<10} {r.subject:<18} {_when(r.deadline_at, lang)}{late}"
              f"  {state}  {','.join(r.pending_kiosks)}")  # fmt: skip
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from kiosk.central.subject_admin import verify_audit

    lang = _lang(args)
    verdict = verify_audit(_settings(args))
    if args.json:
        print(json.dumps({
            "ok": verdict.ok, "entries": verdict.trail.entries,
            "findings": [dataclasses.asdict(f) for f in verdict.trail.findings],
            "regressions": [{**dataclasses.asdict(r), "at": r.at.isoformat()}
                            for r in verdict.regressions],
            "anchors": verdict.anchors_per_kiosk,
        }, ensure_ascii=False, indent=2))  # fmt: skip
        return 0 if verdict.ok else 1
    anchors = ", ".join(f"{k} {n}" for k, n in sorted(verdict.anchors_per_kiosk.items())) or "-"
    if verdict.ok:
        print(tr("central.audit.ok", lang, entries=verdict.trail.entries, anchors=anchors))
    else:
        print(tr("central.audit.bad", lang, count=len(verdict.trail.findings)))
        for finding in verdict.trail.findings:
            print(f"- {finding.describe(lang)}")
    for r in verdict.regressions:
        print(tr("central.audit.regressed", lang, kiosk=r.kiosk_code, previous=r.previous_seq,
                 seq=r.seq, at=_when(r.at.isoformat(), lang)))  # fmt: skip
    return 0 if verdict.ok else 1
