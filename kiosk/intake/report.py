"""The session report's content: who was registered, what each still lacks, totals, sign-off.

:func:`build_report` gathers everything once (both renderers, :mod:`.report_pdf` and
:mod:`.report_xlsx`, draw from the same :class:`SessionReport`): one line per registration of the
session in the order they were made, with what it still lacks (not submitted yet, required
documents missing, village not chosen, no phone), and totals per village and per KBLI section
(a registration with KBLI codes of two sections counts once in each). Names are the owner's and the
business's own (this report is the team leader's to sign); the NIK is shown masked only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.domain.mask import mask_nik
from kiosk.domain.model import Registration, Status
from kiosk.i18n import Lang, register, tr
from kiosk.intake.sessions import IntakeSession, Progress, progress, session_registration_ids

if TYPE_CHECKING:
    from kiosk.reference import Reference
    from kiosk.store import Store

register(
    {
        "intake.lacks.not_submitted": {
            "id": "belum diajukan (draf)",
            "en": "not submitted (draft)",
        },
        "intake.lacks.village": {"id": "desa/kelurahan belum dipilih", "en": "no village chosen"},
        "intake.lacks.phone": {"id": "nomor HP kosong", "en": "no phone number"},
        "intake.lacks.fields": {"id": "belum lengkap: {fields}", "en": "to complete: {fields}"},
        "intake.lacks.document": {"id": "dokumen: {label}", "en": "document: {label}"},
        "intake.unknown_village": {"id": "(desa belum dipilih)", "en": "(no village)"},
        "intake.no_kbli": {"id": "(tanpa KBLI)", "en": "(no KBLI)"},
    }
)


@dataclass(frozen=True)
class ReportLine:
    reg_no: str
    business: str
    owner: str
    nik_masked: str
    phone: str
    village: str
    sections: list[tuple[str, str]]  # KBLI section letter and title
    status: str
    lacks: list[str]


@dataclass
class SessionReport:
    session: IntakeSession
    progress: Progress
    lines: list[ReportLine] = field(default_factory=list)
    per_village: list[tuple[str, int, int]] = field(default_factory=list)  # name, done, drafts
    per_section: list[tuple[str, str, int]] = field(default_factory=list)  # letter, title, count
    made_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    kiosk_code: str = ""
    zone: dt.tzinfo = dt.UTC  # the kiosk's zone (WIB/WITA/WIT): times are shown in it


def _line(reg: Registration, refs: Reference, lang: Lang) -> ReportLine:
    from kiosk.domain.checklist import missing_documents

    lacks = []
    if reg.status == Status.DRAFT:
        lacks.append(tr("intake.lacks.not_submitted", lang))
        lacks += _fields_to_complete(reg, lang)
    if not reg.address.village_code:
        lacks.append(tr("intake.lacks.village", lang))
    if not reg.owner.phone:
        lacks.append(tr("intake.lacks.phone", lang))
    lacks += [
        tr("intake.lacks.document", lang, label=i.label(lang)) for i in missing_documents(reg)
    ]
    hit = refs.village_hit(reg.address.village_code) if reg.address.village_code else None
    sections = sorted(
        {(e.category, e.category_title.title()) for c in reg.business.kbli if (e := refs.kbli(c))}
    )
    return ReportLine(
        reg.reg_no,
        reg.business.name,
        reg.owner.full_name,
        mask_nik(reg.owner.nik) if reg.owner.nik else "",
        reg.owner.phone,
        f"{hit.name}, {hit.district}" if hit else "",
        sections,
        str(reg.status),
        lacks,
    )


def _fields_to_complete(reg: Registration, lang: Lang, most: int = 12) -> list[str]:
    """A draft's fields that still stop its submission (the form's own checks), by their label;
    the village, the phone and the documents are named separately."""
    from kiosk.domain.issues import field_label
    from kiosk.domain.validation import validate_registration

    labels: list[str] = []
    for issue in validate_registration(reg, stage="submit"):
        if issue.severity != "error" or issue.field.startswith(
            ("address.", "documents", "owner.phone")
        ):
            continue
        label = field_label(issue.field, lang)
        if label not in labels:
            labels.append(label)
    shown = labels[:most] + (["…"] if len(labels) > most else [])
    return [tr("intake.lacks.fields", lang, fields=", ".join(shown))] if shown else []


def build_report(store: Store, intake: IntakeSession, lang: Lang = "id") -> SessionReport:
    from kiosk.domain.timezones import store_zone, tz
    from kiosk.reference import Reference

    refs = Reference.load(store.paths.root)
    report = SessionReport(
        intake, progress(store, intake), kiosk_code=store.kiosk_code, zone=tz(store_zone(store))
    )
    done: Counter[str] = Counter()
    drafts: Counter[str] = Counter()
    sections: Counter[tuple[str, str]] = Counter()
    for reg_id, _ in session_registration_ids(store, intake.id):
        line = _line(store.get(reg_id), refs, lang)
        report.lines.append(line)
        village = line.village or tr("intake.unknown_village", lang)
        (drafts if line.status == Status.DRAFT else done)[village] += 1
        for section in line.sections or [("", tr("intake.no_kbli", lang))]:
            sections[section] += 1
    report.per_village = [(v, done[v], drafts[v]) for v in sorted(set(done) | set(drafts))]
    report.per_section = [(k, title, n) for (k, title), n in sorted(sections.items())]
    return report
