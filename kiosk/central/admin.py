"""What an operator does at the central: enrolment codes, revocation, verdicts, staff, reports.

Used by ``kiosk central …`` (:mod:`kiosk.cli.central`) and by tests. Each function opens the
database by URL (migrating it to the newest schema first, so the commands work before the first
``serve``) and raises :class:`kiosk.errors.UserFacingError` for anything the operator got wrong.
Events for kiosks (verdicts, staff, revoked keys, reference data) are written in the same
transaction as the change they announce.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kiosk import protocol as p
from kiosk.central import enrolment, feed
from kiosk.central.db import database_session, open_database, session_factory
from kiosk.central.messages import register_messages
from kiosk.central.models import CentralRegistration, Kiosk, Mpp, Staff, utcnow
from kiosk.errors import UserFacingError

register_messages()
VERDICTS = ("verified", "needs_fix", "rejected")


def _name(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > 200 or any(ord(ch) < 32 for ch in value):
        raise UserFacingError("central.name_invalid", what=what)
    return value


def create_enrolment_code(db_url: str, kiosk_name: str, mpp: str, ttl_minutes: int = 60) -> str:
    """A one-time code for ``kiosk_name`` at ``mpp``, valid ``ttl_minutes`` (at most 60)."""
    if not 1 <= ttl_minutes <= enrolment.MAX_TTL_MINUTES:
        raise UserFacingError("central.enroll.ttl", maximum=enrolment.MAX_TTL_MINUTES)
    kiosk_name, mpp = _name(kiosk_name, "kiosk"), _name(mpp, "MPP")
    with database_session(db_url) as session:
        return enrolment.create_code(session, kiosk_name, mpp, ttl_minutes)


def _find_kiosk(session: Session, name_or_id: str) -> Kiosk:
    exact = session.scalar(
        select(Kiosk).where(or_(Kiosk.id == name_or_id, Kiosk.code == name_or_id))
    )
    if exact is not None:
        return exact
    named = session.scalars(select(Kiosk).where(Kiosk.name == name_or_id)).all()
    active = [k for k in named if k.revoked_at is None] or named
    if not active:
        raise UserFacingError("central.kiosk.unknown", kiosk=name_or_id)
    if len(active) > 1:
        ids = ", ".join(f"{k.code} ({k.id})" for k in active)
        raise UserFacingError("central.kiosk.ambiguous", kiosk=name_or_id, candidates=ids)
    return active[0]


def revoke_kiosk(db_url: str, kiosk_name_or_id: str) -> str:
    """Revoke a kiosk (by id, kiosk code or name): every request with its token gets 401."""
    with database_session(db_url) as session:
        kiosk = _find_kiosk(session, kiosk_name_or_id)
        revoke(session, kiosk)
        return kiosk.id


def revoke(session: Session, kiosk: Kiosk) -> bool:
    """Revoke ``kiosk`` in the caller's transaction (announced to every kiosk); False if it was."""
    if kiosk.revoked_at is not None:
        return False
    kiosk.revoked_at = utcnow()
    mpp = session.get(Mpp, kiosk.mpp_id)
    feed.emit(session, "kiosk_key", enrolment.kiosk_key_payload(kiosk, mpp.name if mpp else ""))
    return True


def set_verdict(db_url: str, registration: str, status: str, reason: str = "") -> None:
    """Record the provincial office's verdict on a registration's newest version
    (``registration``: its id or its number)."""
    with database_session(db_url) as session:
        reg = find_registration(session, registration)
        if reg is None:
            raise UserFacingError("central.registration.unknown", registration=registration)
        decide(session, reg, status, reason, actor="cli")


def find_registration(session: Session, id_or_number: str) -> CentralRegistration | None:
    """A registration by its id (UUID) or its number (``KODE-YYYYMMDD-NNNN``, case ignored)."""
    value = (id_or_number or "").strip()
    if not value or len(value) > 64:
        return None
    reg = session.get(CentralRegistration, value)
    if reg is not None:
        return reg
    return session.scalars(
        select(CentralRegistration)
        .where(func.upper(CentralRegistration.reg_no) == value.upper())
        .order_by(CentralRegistration.created_at)
        .limit(1)
    ).first()


def decide(
    session: Session, reg: CentralRegistration, status: str, reason: str, *, actor: str
) -> None:
    """The verdict on ``reg``'s current version in the caller's transaction: the status, the event
    that carries it to the owning kiosk at its next pull, and the audit entry (who, what)."""
    from kiosk.central import audit
    from kiosk.central.console import queue_facts

    if status not in VERDICTS:
        raise UserFacingError("central.verdict.status", choices=", ".join(VERDICTS))
    reason = (reason or "").strip()
    if status != "verified" and not reason:
        raise UserFacingError("central.verdict.reason_required")
    if len(reason) > 1000:
        raise UserFacingError("central.verdict.reason_long", maximum=1000)
    reg.status, reg.verdict_reason, reg.verdict_at = status, reason, utcnow()
    payload = p.VerdictPayload.model_validate(  # status: checked against VERDICTS above
        {
            "registration_id": reg.id,
            "version": reg.current_version,
            "status": status,
            "reason": reason,
        }
    )
    feed.emit(session, "verdict", payload.model_dump(), kiosk_id=reg.kiosk_id)
    queue_facts.set_status(session, reg.id, status)
    audit.record(
        session,
        actor,
        "verdict",
        registration_id=reg.id,
        target=reg.reg_no,
        details={"status": status, "version": reg.current_version},
    )


def create_staff(
    db_url: str, mpp: str, username: str, full_name: str, role: str, password: str
) -> str:
    """A staff account for every kiosk of ``mpp``; only the argon2id hash is kept and sent."""
    with database_session(db_url) as session:
        return add_staff(session, mpp, username, full_name, role, password).id


def add_staff(
    session: Session, mpp: str, username: str, full_name: str, role: str, password: str
) -> Staff:
    """:func:`create_staff` in the caller's transaction (the console's staff page uses it)."""
    from argon2 import PasswordHasher
    from pydantic import ValidationError

    from kiosk.central.schemas import StaffCreate

    try:
        data = StaffCreate.model_validate(  # pydantic checks the role (and the rest)
            {
                "mpp": mpp.strip(),
                "username": username.strip().lower(),
                "full_name": full_name.strip(),
                "role": role.strip().lower(),
                "password": password,
            }
        )
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        raise UserFacingError("central.staff.invalid", field=field) from exc
    mpp_row = enrolment.get_or_create_mpp(session, data.mpp)
    taken = session.scalar(
        select(Staff).where(Staff.mpp_id == mpp_row.id, Staff.username == data.username)
    )
    if taken is not None:
        raise UserFacingError("central.staff.exists", username=data.username, mpp=data.mpp)
    staff = Staff(
        id=str(uuid.uuid4()),
        mpp_id=mpp_row.id,
        username=data.username,
        full_name=data.full_name,
        role=data.role,
        password_hash=PasswordHasher().hash(data.password),
        active=True,
    )
    session.add(staff)
    session.flush()
    _emit_staff(session, staff, mpp_row)
    return staff


def set_staff_active(db_url: str, mpp: str, username: str, active: bool) -> None:
    """Disable (or re-enable) a staff account on every kiosk of the MPP at their next pull."""
    with database_session(db_url) as session:
        staff_active(session, mpp, username, active)


def staff_active(session: Session, mpp: str, username: str, active: bool) -> Staff:
    """:func:`set_staff_active` in the caller's transaction."""
    row = session.execute(
        select(Staff, Mpp)
        .join(Mpp, Staff.mpp_id == Mpp.id)
        .where(Mpp.name == mpp.strip(), Staff.username == username.strip().lower())
    ).first()
    if row is None:
        raise UserFacingError("central.staff.unknown", username=username, mpp=mpp)
    staff, mpp_row = row
    staff.active, staff.updated_at = active, utcnow()
    _emit_staff(session, staff, mpp_row)
    return staff


def _emit_staff(session: Session, staff: Staff, mpp: Mpp) -> None:
    payload = p.StaffPayload(
        id=staff.id,
        username=staff.username,
        full_name=staff.full_name,
        role=staff.role,
        password_hash=staff.password_hash,
        active=staff.active,
        mpp=mpp.name,
    )
    feed.emit(session, "staff", payload.model_dump(), mpp_id=mpp.id)


def publish_reference(db_url: str, dataset: str, version: str, rows: list[Any]) -> None:
    """Send a reference-data update (regions, KBLI, checklist) to every kiosk."""
    with database_session(db_url) as session:
        emit_reference(session, dataset, version, rows)


def emit_reference(session: Session, dataset: str, version: str, rows: list[Any]) -> None:
    """:func:`publish_reference` in the caller's transaction."""
    if not re.fullmatch(r"[a-z0-9_.-]{1,64}", dataset or ""):
        raise UserFacingError("central.reference.dataset")
    payload = p.ReferencePayload(dataset=dataset, version=str(version), rows=rows)
    feed.emit(session, "reference", json.loads(payload.model_dump_json()))


def conflicts(db_url: str) -> list[dict]:
    """Open conflicts: same (id, version) pushed with other content, kept for a supervisor."""
    from kiosk.central import review

    with database_session(db_url) as session:
        return review.open_conflicts(session)


def resolve_conflict(db_url: str, conflict_id: int, note: str) -> None:
    """Close a conflict with the supervisor's note (its content stays stored)."""
    from kiosk.central import review

    if not (note or "").strip():
        raise UserFacingError("central.review.note_required")
    with database_session(db_url) as session:
        review.resolve_conflict(session, conflict_id, note)


def duplicates(db_url: str) -> list[dict]:
    """Open duplicate flags (same NIK/NIB/NPWP in two registrations), identifiers masked."""
    from kiosk.central import review

    with database_session(db_url) as session:
        return review.open_duplicates(session)


def rescan_duplicates(db_url: str) -> int:
    """Rebuild missing duplicate flags over every registration; returns how many were added."""
    from kiosk.central import duplicates as flags
    from kiosk.central.models import Identifier

    engine = open_database(db_url)
    try:
        factory = session_factory(engine)
        with factory() as session:
            ids = sorted(set(session.scalars(select(Identifier.registration_id))))
        return sum(flags.flag_for(factory, ids[i : i + 500]) for i in range(0, len(ids), 500))
    finally:
        engine.dispose()


def resolve_duplicate(db_url: str, flag_id: int) -> None:
    """Mark a duplicate flag reviewed (both registrations stay as they are)."""
    from kiosk.central import review

    with database_session(db_url) as session:
        review.resolve_duplicate(session, flag_id)


def report(db_url: str) -> list[dict]:
    """Per MPP and kiosk: registrations, documents, open conflicts, duplicate flags, last sync."""
    from kiosk.central.report import build_report

    with database_session(db_url) as session:
        return [row.model_dump(mode="json") for row in build_report(session)]
