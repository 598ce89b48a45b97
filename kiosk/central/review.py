"""What a reviewer settles at the central: open conflicts and duplicate flags, and closing them.

Closing never changes registration data. A conflict's pushed content stays in
``central_conflicts`` and the stored version stays what the central holds and serves back to its
kiosk (:mod:`kiosk.central.routes_versions`): only ``resolved_at``, the reviewer's note and the
``outcome`` — which content stands, ``stored`` or ``pushed`` — are set. The central does not put the
pushed content in the stored version's place: a version is the kiosk's signed statement over its
content *and* status, and a conflict row keeps no status, so the swapped row could no longer be
shown to come from its kiosk. A ``pushed`` outcome is the reviewer's record that the kiosk's later
content is the right one (the kiosk's next edit pushes it as a new version). A duplicate flag is
closed as ``distinct`` (not a duplicate) or ``same`` with ``duplicate_of`` the registration the
other one duplicates; both registrations stay as they are (a verdict is a separate decision).
The command line closes with outcome ``stored`` / ``''`` as it always did.

Every closing is in the central's audit trail (:mod:`kiosk.central.audit`), in the same
transaction, by ids, numbers and outcome only: the note may describe a person, so it stays in the
row the console shows, not in the trail. An item is locked (``FOR UPDATE`` on PostgreSQL) before
it is checked, so two reviewers closing it at once settle into one closing and one
``central.review.already`` refusal that changes nothing.

Identifiers are shown masked (:mod:`kiosk.domain.mask`): these lists go to terminals and files.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from kiosk.central import audit
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


CONFLICT_OUTCOMES = ("stored", "pushed")
DUPLICATE_OUTCOMES = ("distinct", "same")
NOTE_MAX = 1000


def _note(note: str) -> str:
    text = (note or "").strip()
    if not text:
        raise UserFacingError("central.review.note_required")
    if len(text) > NOTE_MAX:
        raise UserFacingError("central.review.note_long", maximum=NOTE_MAX)
    return text


def resolve_conflict(
    session: Session,
    conflict_id: int,
    note: str,
    *,
    actor: str = "cli",
    outcome: str = "stored",
    registration_id: str | None = None,
) -> Conflict:
    """Close an open conflict with the note and which content stands (in the caller's
    transaction). ``registration_id``: the registration the form was for (a conflict of another
    one is unknown)."""
    text = _note(note)
    if outcome not in CONFLICT_OUTCOMES:
        raise UserFacingError("central.review.outcome")
    conflict = session.get(Conflict, conflict_id, with_for_update=True, populate_existing=True)
    if conflict is None or registration_id not in (None, conflict.registration_id):
        raise UserFacingError("central.review.unknown", item=str(conflict_id))
    if conflict.resolved_at is not None:
        raise UserFacingError("central.review.already", item=str(conflict_id))
    conflict.resolved_at, conflict.resolution, conflict.outcome = utcnow(), text, outcome
    reg = session.get(CentralRegistration, conflict.registration_id)
    audit.record(
        session,
        actor,
        "conflict.resolved",
        registration_id=conflict.registration_id,
        target=reg.reg_no if reg else "",
        details={"conflict": conflict.id, "version": conflict.version, "outcome": outcome},
    )
    return conflict


def resolve_duplicate(
    session: Session,
    flag_id: int,
    *,
    actor: str = "cli",
    outcome: str = "",
    note: str = "",
    duplicate_of: str | None = None,
    registration_id: str | None = None,
) -> DuplicateFlag:
    """Close an open duplicate flag (in the caller's transaction). ``outcome`` ``distinct`` or
    ``same`` needs a note, ``same`` also ``duplicate_of`` (one of the flag's two registrations:
    the one the other duplicates); ``''`` (the command line) only marks it reviewed."""
    if outcome not in ("", *DUPLICATE_OUTCOMES):
        raise UserFacingError("central.review.outcome")
    text = _note(note) if outcome else ""
    flag = session.get(DuplicateFlag, flag_id, with_for_update=True, populate_existing=True)
    if flag is None or registration_id not in (None, flag.registration_a, flag.registration_b):
        raise UserFacingError("central.review.unknown", item=str(flag_id))
    pair = (flag.registration_a, flag.registration_b)
    if flag.resolved_at is not None:
        raise UserFacingError("central.review.already", item=str(flag_id))
    if (outcome == "same") != (duplicate_of in pair):
        raise UserFacingError("central.review.outcome")
    flag.resolved_at, flag.outcome, flag.note = utcnow(), outcome, text
    flag.duplicate_of = duplicate_of if outcome == "same" else None
    R = CentralRegistration
    numbers = {
        reg_id: reg_no
        for reg_id, reg_no in session.execute(select(R.id, R.reg_no).where(R.id.in_(pair)))
    }
    for this, other in (pair, (pair[1], pair[0])):  # one entry on each registration's trail
        details: dict[str, object] = {"flag": flag.id, "kind": flag.kind, "other": numbers[other]}
        details["outcome"] = outcome or "reviewed"
        if duplicate_of:
            details["duplicate_of"] = numbers[duplicate_of]
        audit.record(
            session,
            actor,
            "duplicate.resolved",
            registration_id=this,
            target=numbers[this],
            details=details,
        )
    return flag
