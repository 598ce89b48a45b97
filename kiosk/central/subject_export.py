"""Everything the central holds about one NIK, as a ZIP: ``data.json``, ``ringkasan.pdf`` (a
readable summary in Indonesian) and ``dokumen/<number>/…`` (every document page, decrypted with the
central's key, in its own format).

``data.json`` holds, per registration: its number, owner kiosk, status and verdict, every version
with its full content, hash, signature (and its path in its push's signed tree, when the kiosk
signed the push once: :func:`kiosk.push_signature.signed_message`) and arrival time, every kept
conflicting content, the documents (hash, type, file name in the ZIP) and the central's audit
entries about it; then the audit entries of the requests about this person. Nothing else is
read, so nothing about another person can slip in (see :mod:`kiosk.central.subjects`). The
command writes the file atomically, mode 0600; the console hands the bytes to the administrator's
browser and keeps no copy.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.central import audit, signed_pushes
from kiosk.central.models import (
    AuditRecord,
    CentralVersion,
    Conflict,
    Kiosk,
    PageRef,
    StoredPage,
    SubjectRequest,
    aware,
    utcnow,
)
from kiosk.central.storage import PageStorage
from kiosk.central.subjects import find, owner_nik

_EXT = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


@dataclass
class Document:
    reg_no: str
    sha256: str
    media_type: str
    name: str
    data: bytes


@dataclass
class SubjectData:
    nik: str
    registrations: list[dict[str, Any]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)


def _entry(r: AuditRecord) -> dict[str, Any]:
    return {
        "seq": r.seq,
        "at": aware(r.at).isoformat(),
        "actor": r.actor,
        "action": r.action,
        "target": r.target,
        "details": json.loads(r.details or "{}"),
    }


def collect(
    session: Session, storage: PageStorage, private_key: X25519PrivateKey, nik: str
) -> SubjectData:
    from kiosk.documents.envelope import open_document

    data = SubjectData(nik=nik)
    codes = {str(k): str(c) for k, c in session.execute(select(Kiosk.id, Kiosk.code))}
    for reg in find(session, nik):
        # only contents whose owner is this NIK: a version after a correction to another owner,
        # or a conflicting content about someone else, is not this person's data
        versions = [
            v
            for v in session.scalars(
                select(CentralVersion)
                .where(CentralVersion.registration_id == reg.id)
                .order_by(CentralVersion.version)
            )
            if owner_nik(v.content) == nik
        ]
        conflicts = [
            c
            for c in session.scalars(
                select(Conflict).where(Conflict.registration_id == reg.id).order_by(Conflict.id)
            )
            if owner_nik(c.content) == nik
        ]
        refs = or_(
            PageRef.version_id.in_([v.id for v in versions]),
            PageRef.conflict_id.in_([c.id for c in conflicts]),
        )
        shas = sorted(set(session.scalars(select(PageRef.sha256).where(refs))))
        documents = []
        for sha in shas:
            page = session.get(StoredPage, sha)
            if page is None or not storage.has(sha):
                documents.append({"sha256": sha, "file": None, "note": "not uploaded yet"})
                continue
            media = page.media_type or "application/octet-stream"
            name = f"dokumen/{reg.reg_no}/{sha[:16]}.{_EXT.get(media, 'bin')}"
            plain = open_document(storage.read(sha), private_key)
            data.documents.append(Document(reg.reg_no, sha, media, name, plain))
            documents.append({"sha256": sha, "media_type": media, "file": name})
        trail = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.registration_id == reg.id)
            .order_by(AuditRecord.seq)
        ).all()
        data.registrations.append(
            {
                "registration_id": reg.id,
                "reg_no": reg.reg_no,
                "kiosk": codes.get(reg.kiosk_id, ""),
                "status": reg.status,
                "verdict_reason": reg.verdict_reason,
                "verdict_at": aware(reg.verdict_at).isoformat() if reg.verdict_at else None,
                "created_at": aware(reg.created_at).isoformat(),
                "versions": [
                    {
                        "version": v.version,
                        "content_hash": v.content_hash,
                        "received_at": aware(v.received_at).isoformat(),
                        "kiosk": codes.get(v.kiosk_id, ""),
                        "signature": v.signature,
                        # set when the signature is its push's: kiosk.push_signature
                        "signature_path": signed_pushes.path_of(
                            session, v.signature, v.signature_index
                        ),
                        "content": json.loads(v.content),
                    }
                    for v in versions
                ],
                "conflicts": [
                    {
                        "version": c.version,
                        "content_hash": c.content_hash,
                        "received_at": aware(c.received_at).isoformat(),
                        "content": json.loads(c.content),
                    }
                    for c in conflicts
                ],
                "documents": documents,
                "audit": [_entry(r) for r in trail],
            }
        )
    ids = {r["registration_id"] for r in data.registrations}
    for request in session.scalars(select(SubjectRequest).order_by(SubjectRequest.requested_at)):
        if ids & set(json.loads(request.registration_ids or "[]")):
            entries = session.scalars(
                select(AuditRecord)
                .where(AuditRecord.target == request.id)
                .order_by(AuditRecord.seq)
            ).all()
            data.requests.append(
                {
                    "request_id": request.id,
                    "kind": request.kind,
                    "requested_at": aware(request.requested_at).isoformat(),
                    "deadline_at": aware(request.deadline_at).isoformat(),
                    "audit": [_entry(r) for r in entries],
                }
            )
    return data


def zip_bytes(data: SubjectData, pdf: bytes) -> bytes:
    """The export as ZIP bytes (``ringkasan.pdf``, ``data.json``, the documents)."""
    body = {
        "nik": data.nik,
        "registrations": data.registrations,
        "requests": data.requests,
        "audit_chain": "central-audit/1 (kiosk.central.audit)",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ringkasan.pdf", pdf)
        archive.writestr("data.json", json.dumps(body, ensure_ascii=False, indent=2))
        for document in data.documents:
            archive.writestr(document.name, document.data)
    return buffer.getvalue()


def record_export(session: Session, request: SubjectRequest, actor: str, data: SubjectData) -> None:
    """The export's completion in the audit trail (the request was recorded before)."""
    from kiosk.central.erasure import deadline_details, settle

    audit.record(
        session, actor, "subject.export.written", target=request.id,
        details={"registrations": len(data.registrations), "documents": len(data.documents),
                 **deadline_details(request)},
    )  # fmt: skip
    request.central_done_at = request.central_done_at or utcnow()
    settle(session, request)
