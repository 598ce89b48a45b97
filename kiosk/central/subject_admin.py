"""The operator's side of issue 13 at the central, for the command line (and the console):
export or erase a person's data by NIK, list the requests and their deadlines, verify the audit
trail and the kiosks' anchors.

Each request is recorded (with its ``requested`` audit entry) in its own committed transaction
*before* any data is read or removed, so a request that fails half-way is still on record with its
deadline; the work itself is one further transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central import anchors, audit, erasure, subjects
from kiosk.central.db import open_database, session_factory, session_scope
from kiosk.central.models import SubjectRequest, aware, utcnow
from kiosk.central.settings import CentralSettings
from kiosk.central.storage import LocalPageStorage, PageStorage
from kiosk.errors import UserFacingError
from kiosk.fsutil import atomic_write_bytes
from kiosk.store.audit_verify import Report


@dataclass
class RequestSummary:
    request_id: str
    kind: str
    subject: str
    registrations: list[str]
    requested_at: str
    deadline_at: str
    completed_at: str | None
    pending_kiosks: list[str] = field(default_factory=list)
    overdue: bool = False
    documents: int = 0
    size: int = 0


@contextmanager
def _factory(settings: CentralSettings) -> Iterator[sessionmaker[Session]]:
    engine = open_database(settings.database_url)
    try:
        yield session_factory(engine)
    finally:
        engine.dispose()


def _summary(session: Session, request: SubjectRequest, reg_nos: list[str]) -> RequestSummary:
    return RequestSummary(
        request_id=request.id,
        kind=request.kind,
        subject=request.subject,
        registrations=reg_nos,
        requested_at=aware(request.requested_at).isoformat(timespec="minutes"),
        deadline_at=aware(request.deadline_at).isoformat(timespec="minutes"),
        completed_at=(
            aware(request.completed_at).isoformat(timespec="minutes")
            if request.completed_at
            else None
        ),
        pending_kiosks=erasure.pending_kiosks(session, request.id),
        overdue=subjects.overdue(request),
    )


def _open(factory: sessionmaker[Session], kind: str, nik: str, reason: str, actor: str) -> str:
    with session_scope(factory) as session:
        regs = subjects.find(session, nik)
        if not regs:
            raise UserFacingError("central.subject.none", nik=nik)
        return subjects.open_request(session, kind, nik, regs, reason, actor).id


def export_zip(
    factory: sessionmaker[Session],
    storage: PageStorage,
    key: X25519PrivateKey,
    nik_text: str,
    actor: str,
) -> tuple[RequestSummary, bytes]:
    """Everything held about the NIK as ZIP bytes; the request is on record first."""
    from kiosk.central.subject_export import collect, record_export, zip_bytes
    from kiosk.central.subject_pdf import render

    nik = subjects.normalise_nik(nik_text)
    request_id = _open(factory, "export", nik, "permintaan salinan data", actor)
    with session_scope(factory) as session:
        request = session.get(SubjectRequest, request_id)
        assert request is not None
        data = collect(session, storage, key, nik)
        moment = {
            "kind": request.kind,
            "requested_at": aware(request.requested_at).isoformat(),
            "deadline_at": aware(request.deadline_at).isoformat(),
        }
        raw = zip_bytes(data, render(data, utcnow(), moment))
        record_export(session, request, actor, data)
        summary = _summary(session, request, [r["reg_no"] for r in data.registrations])
    summary.documents, summary.size = len(data.documents), len(raw)
    return summary, raw


def export_subject(
    settings: CentralSettings, nik_text: str, target: Path, actor: str
) -> RequestSummary:
    """Write everything held about the NIK to ``target`` (ZIP, atomically, mode 0600)."""
    from kiosk.central.keys import load_or_create_document_key

    key = load_or_create_document_key(settings.keys_dir)
    with _factory(settings) as factory:
        summary, raw = export_zip(
            factory, LocalPageStorage(settings.storage_dir), key, nik_text, actor
        )
    atomic_write_bytes(Path(target), raw, mode=0o600)
    return summary


def erase(
    factory: sessionmaker[Session], storage: PageStorage, nik_text: str, reason: str, actor: str
) -> RequestSummary:
    """Erase everything about the NIK at the central; kiosks erase their copies on next sync."""
    nik = subjects.normalise_nik(nik_text)
    if not audit._neutral(reason).strip():
        raise UserFacingError("central.subject.reason_required")
    request_id = _open(factory, "erasure", nik, reason, actor)
    with session_scope(factory) as session:
        request = session.get(SubjectRequest, request_id)
        assert request is not None
        regs = subjects.find(session, nik)
        result = erasure.erase_registrations(session, request, regs, actor, nik)
        summary = _summary(session, request, result.registrations)
    erasure.drop_pages(storage, result.pages)
    summary.documents = len(result.pages)
    return summary


def erase_subject(
    settings: CentralSettings, nik_text: str, reason: str, actor: str
) -> RequestSummary:
    with _factory(settings) as factory:
        return erase(factory, LocalPageStorage(settings.storage_dir), nik_text, reason, actor)


def requests_of(factory: sessionmaker[Session], *, open_only: bool = False) -> list[RequestSummary]:
    with session_scope(factory) as session:
        out = []
        for request in subjects.requests(session, open_only=open_only):
            ids = json.loads(request.registration_ids or "[]")
            out.append(_summary(session, request, ids))
        return out


def list_requests(settings: CentralSettings, *, open_only: bool = False) -> list[RequestSummary]:
    with _factory(settings) as factory:
        return requests_of(factory, open_only=open_only)


@dataclass
class AuditVerdict:
    trail: Report
    regressions: list[anchors.Regression]
    anchors_per_kiosk: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.trail.ok


def verify_audit(settings: CentralSettings) -> AuditVerdict:
    with _factory(settings) as factory, session_scope(factory) as session:
        return AuditVerdict(
            audit.check(session), anchors.regressions(session), anchors.counts(session)
        )
