"""Data-subject requests by NIK at the central (UU 27/2022): export everything held, erase it.

Deadline applied: **3 × 24 hours** from the moment the request is recorded, for every kind.
UU 27/2022 sets 3 × 24 jam for giving the subject access to their data and its processing record
(Pasal 32), for correcting it (Pasal 30) and for ending processing after consent is withdrawn
(Pasal 40); for erasure (Pasal 43) it names no period of its own. Erasure after a withdrawal must
meet the withdrawal's 3 × 24 hours anyway, and one deadline for every request is the one a desk can
keep in mind, so the strictest period in the law is applied to all (:data:`DEADLINE`). The deadline
is stored with the request, shown by the commands and written into every audit entry about it.
Confirm the reading with the province's legal officer before relying on it in a dispute.

Finding a person: the NIK of each registration's newest version (``central_identifiers``), and
every version whose owner's NIK is that NIK (a NIK corrected later still counts: the older
version holds it). An export carries only the versions and kept conflicting contents whose owner
is that NIK. Only those registrations are exported or erased; an export carries
nothing about anyone else: no duplicate flags (they name another registration), only audit
entries about these registrations and these requests.

Invariants: the request row and its ``subject.<kind>.requested`` entry commit before any data is
touched; an export file is written atomically (no half ZIP), readable by its owner only.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.central import audit
from kiosk.central.models import (
    CentralRegistration,
    CentralVersion,
    Identifier,
    SubjectRequest,
    aware,
    utcnow,
)
from kiosk.domain.mask import mask_nik
from kiosk.errors import UserFacingError
from kiosk.i18n import register

DEADLINE = dt.timedelta(hours=72)
KINDS = ("export", "erasure", "withdrawal")

register(
    {
        "central.subject.nik_invalid": {
            "id": "NIK harus 16 angka.",
            "en": "A NIK has 16 digits.",
        },
        "central.subject.none": {
            "id": "Pusat tidak menyimpan pendaftaran dengan NIK {nik}.",
            "en": "The central holds no registration with NIK {nik}.",
        },
        "central.subject.reason_required": {
            "id": "Sebutkan alasan penghapusan (misalnya: permintaan pemilik data, tanggal surat).",
            "en": "Give the reason for the erasure (e.g. the data subject's request, letter date).",
        },
    }
)


def normalise_nik(text: str) -> str:
    nik = "".join(ch for ch in str(text) if not ch.isspace() and ch not in ".-")
    if len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        raise UserFacingError("central.subject.nik_invalid")
    return nik


def owner_nik(content: str) -> str:
    try:
        data = json.loads(content)
    except ValueError:
        return ""
    owner = data.get("owner") if isinstance(data, dict) else None
    return "".join(str(owner.get("nik") or "").split()) if isinstance(owner, dict) else ""


def find(session: Session, nik: str) -> list[CentralRegistration]:
    """Every registration the central holds whose owner has (or had) this NIK, by number."""
    ids = set(
        session.scalars(
            select(Identifier.registration_id).where(
                Identifier.kind == "nik", Identifier.value == nik
            )
        )
    )
    rows = session.execute(
        select(CentralVersion.registration_id, CentralVersion.content).where(
            CentralVersion.content.contains(nik)
        )
    )
    ids |= {rid for rid, content in rows if owner_nik(content) == nik}
    if not ids:
        return []
    regs = session.scalars(
        select(CentralRegistration).where(CentralRegistration.id.in_(sorted(ids)))
    )
    return sorted(regs, key=lambda r: r.reg_no)


def open_request(
    session: Session,
    kind: str,
    nik: str,
    regs: Iterable[CentralRegistration],
    reason: str,
    actor: str,
    *,
    request_id: str | None = None,
) -> SubjectRequest:
    """Record a request with its deadline, and its audit entry (no NIK: the masked one)."""
    assert kind in KINDS
    now = utcnow()
    request = SubjectRequest(
        id=request_id or str(uuid.uuid4()),
        kind=kind,
        subject=mask_nik(nik) if nik else "",
        registration_ids=json.dumps(sorted(r.id for r in regs)),
        reason=audit._neutral(reason, 500),
        requested_by=audit._neutral(actor, 64),
        requested_at=now,
        deadline_at=now + DEADLINE,
    )
    session.add(request)
    session.flush()
    audit.record(
        session, actor, f"subject.{kind}.requested", target=request.id,
        details={"registrations": len(json.loads(request.registration_ids)),
                 "deadline": request.deadline_at.isoformat(timespec="minutes")},
    )  # fmt: skip
    return request


def requests(session: Session, *, open_only: bool = False) -> list[SubjectRequest]:
    query = select(SubjectRequest).order_by(SubjectRequest.requested_at)
    if open_only:
        query = query.where(or_(SubjectRequest.completed_at.is_(None)))
    return list(session.scalars(query))


def overdue(request: SubjectRequest, now: dt.datetime | None = None) -> bool:
    done = request.completed_at
    moment = aware(done) if done is not None else (now or utcnow())
    return moment > aware(request.deadline_at)
