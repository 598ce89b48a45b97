"""What a supervisor reviews at the central: open conflicts and duplicate flags, and closing them.

Closing never changes registration data: a conflict's pushed content stays in
``central_conflicts`` (only ``resolved_at`` and the supervisor's note are set), a duplicate flag
is marked reviewed. Identifiers are shown masked (:mod:`kiosk.domain.mask`): these lists go to
terminals and files.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from kiosk.central.models import (
    CentralRegistration,
    CentralVersion,
    Conflict,
    DuplicateFlag,
    Identifier,
    Kiosk,
    aware,
    utcnow,
)
from kiosk.domain.mask import mask_nib, mask_nik, mask_npwp
from kiosk.errors import UserFacingError

_MASKS = {"nik": mask_nik, "nib": mask_nib, "npwp": mask_npwp}


def _when(value: dt.datetime | None) -> str | None:
    value = aware(value)
    return value.isoformat() if value else None


def open_conflicts(session: Session) -> list[dict]:
    V, R = CentralVersion, CentralRegistration
    rows = session.execute(
        select(Conflict, R.reg_no, Kiosk.code, V.content_hash)
        .join(R, R.id == Conflict.registration_id)
        .join(Kiosk, Kiosk.id == Conflict.kiosk_id)
        .join(V, (V.registration_id == Conflict.registration_id) & (V.version == Conflict.version))
        .where(Conflict.resolved_at.is_(None))
        .order_by(Conflict.id)
    )
    return [
        {
            "id": c.id,
            "registration_id": c.registration_id,
            "reg_no": reg_no,
            "version": c.version,
            "kiosk_code": kiosk_code,
            "stored_hash": stored_hash,
            "conflicting_hash": c.content_hash,
            "received_at": _when(c.received_at),
        }
        for c, reg_no, kiosk_code, stored_hash in rows
    ]


def open_duplicates(session: Session) -> list[dict]:
    A, B = aliased(CentralRegistration), aliased(CentralRegistration)
    KA, KB = aliased(Kiosk), aliased(Kiosk)
    rows = session.execute(
        select(DuplicateFlag, A.reg_no, B.reg_no, KA.code, KB.code, Identifier.value)
        .join(A, A.id == DuplicateFlag.registration_a)
        .join(B, B.id == DuplicateFlag.registration_b)
        .join(KA, KA.id == A.kiosk_id)
        .join(KB, KB.id == B.kiosk_id)
        .outerjoin(
            Identifier,
            (Identifier.registration_id == DuplicateFlag.registration_a)
            & (Identifier.kind == DuplicateFlag.kind),
        )
        .where(DuplicateFlag.resolved_at.is_(None))
        .order_by(DuplicateFlag.id)
    )
    return [
        {
            "id": f.id,
            "kind": f.kind,
            "value_masked": _MASKS[f.kind](value or "") if f.kind in _MASKS else "",
            "registration_a": f.registration_a,
            "reg_no_a": reg_a,
            "kiosk_a": kiosk_a,
            "registration_b": f.registration_b,
            "reg_no_b": reg_b,
            "kiosk_b": kiosk_b,
            "flagged_at": _when(f.created_at),
        }
        for f, reg_a, reg_b, kiosk_a, kiosk_b, value in rows
    ]


def resolve_conflict(session: Session, conflict_id: int, note: str) -> None:
    conflict = session.get(Conflict, conflict_id)
    if conflict is None or conflict.resolved_at is not None:
        raise UserFacingError("central.review.unknown", item=str(conflict_id))
    conflict.resolved_at, conflict.resolution = utcnow(), note.strip()


def resolve_duplicate(session: Session, flag_id: int) -> None:
    flag = session.get(DuplicateFlag, flag_id)
    if flag is None or flag.resolved_at is not None:
        raise UserFacingError("central.review.unknown", item=str(flag_id))
    flag.resolved_at = utcnow()
