"""What an MPP supervisor (or an administrator) does in the console: see the MPP's kiosks, create
an enrolment code, revoke a kiosk, manage the MPP's kiosk staff.

Invariants:

- The scope is checked here, not only in the pages: a supervisor's MPP is the only one a function
  reads or changes for them (:func:`kiosk.central.console.deps.mpp_scope`); a kiosk or staff
  account of another MPP is "not found" (the page answers 403 through the caller).
- Every change writes its entry in the central's audit trail (:func:`kiosk.central.audit.record`)
  in the same transaction as the change, and the kiosks hear of it through the same events as
  the ``kiosk central`` commands (:mod:`kiosk.central.admin`).
- A kiosk that synced but never pushed a signed version and names no app version (or an older
  one) is *on an older version* (:mod:`kiosk.central.transition`): the page counts them, can list
  them alone, and marks each, so supervisors can chase the rolling upgrade.
- An enrolment code exists in plaintext only in the answer that shows it; the table keeps its
  SHA-256 (:mod:`kiosk.central.enrolment`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central import admin, audit, enrolment
from kiosk.central.console.sessions import Viewer
from kiosk.central.models import EnrolmentCode, Kiosk, Mpp, Staff, aware, utcnow
from kiosk.central.report import build_report
from kiosk.central.transition import is_older
from kiosk.errors import UserFacingError

STALE_AFTER = dt.timedelta(days=2)  # a kiosk silent longer than this is listed as a problem


class OutOfScope(Exception):
    """The thing exists but not in the viewer's MPP (the page answers 403)."""


@dataclass
class KioskRow:
    id: str
    name: str
    code: str
    mpp: str
    revoked: bool
    last_sync_at: dt.datetime | None
    app_version: str
    registrations: int
    waiting: int
    problems: list[tuple[str, dict[str, int]]] = field(default_factory=list)  # (text key, params)
    # still on an app older than signed pushes: synced, never signed (kiosk.central.transition)
    older: bool = False


@dataclass(frozen=True)
class PendingCode:
    kiosk_name: str
    mpp: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class IssuedCode:
    code: str
    kiosk_name: str
    mpp: str
    expires_at: dt.datetime


def mpp_name_of(viewer: Viewer) -> str | None:
    """The MPP a supervisor is limited to, by name; None for the province's roles."""
    return viewer.mpp_name if viewer.role == "supervisor" else None


def kiosks(session: Session, viewer: Viewer, now: dt.datetime | None = None) -> list[KioskRow]:
    """The kiosks the viewer may see, with what waits and what is wrong, MPP and code order."""
    now = now or utcnow()
    only = mpp_name_of(viewer)
    versions = {
        row.id: (row.app_version, row.signed_since)
        for row in session.execute(select(Kiosk.id, Kiosk.app_version, Kiosk.signed_since))
    }
    rows = []
    for report in build_report(session):
        if only is not None and report.mpp != only:
            continue
        version, signed_since = versions.get(report.kiosk_id) or ("", None)
        row = KioskRow(
            id=report.kiosk_id,
            name=report.kiosk,
            code=report.kiosk_code,
            mpp=report.mpp,
            revoked=report.revoked,
            last_sync_at=report.last_sync_at,
            app_version=version or "",
            registrations=report.registrations,
            waiting=report.verdicts.get("submitted", 0),
            older=not report.revoked
            and report.last_sync_at is not None
            and signed_since is None
            and is_older(version or ""),
        )
        if report.revoked:
            row.problems.append(("kiosks.problem.revoked", {}))
        elif report.last_sync_at is None:
            row.problems.append(("kiosks.problem.never", {}))
        elif now - report.last_sync_at > STALE_AFTER:
            days = (now - report.last_sync_at).days
            row.problems.append(("kiosks.problem.stale", {"n": days}))
        for key, count in (
            ("kiosks.problem.missing", report.missing_documents),
            ("kiosks.problem.conflicts", report.open_conflicts),
            ("kiosks.problem.duplicates", report.duplicate_flags),
        ):
            if count:
                row.problems.append((key, {"n": count}))
        rows.append(row)
    return rows


def pending_codes(
    session: Session, viewer: Viewer, now: dt.datetime | None = None
) -> list[PendingCode]:
    """Codes created and neither used nor expired (their text is not kept: only who and until)."""
    now = now or utcnow()
    query = select(EnrolmentCode).where(
        EnrolmentCode.used_at.is_(None), EnrolmentCode.expires_at > now
    )
    only = mpp_name_of(viewer)
    if only is not None:
        query = query.where(EnrolmentCode.mpp_name == only)
    return [
        PendingCode(c.kiosk_name, c.mpp_name, aware(c.expires_at))
        for c in session.scalars(query.order_by(EnrolmentCode.expires_at))
    ]


def issue_code(
    session: Session, viewer: Viewer, kiosk_name: str, mpp: str = "", ttl_minutes: int = 30
) -> IssuedCode:
    """A one-time code for a new kiosk: a supervisor's always at their MPP, an administrator's at
    the MPP they name (a new name makes a new MPP when the kiosk enrols, as the CLI does)."""
    only = mpp_name_of(viewer)
    if viewer.role not in ("admin", "supervisor"):
        raise OutOfScope()
    if only is not None:
        mpp = only
    kiosk_name = admin._name(kiosk_name, "kiosk")
    mpp = admin._name(mpp, "MPP")
    if not 1 <= ttl_minutes <= enrolment.MAX_TTL_MINUTES:
        raise UserFacingError("central.enroll.ttl", maximum=enrolment.MAX_TTL_MINUTES)
    code = enrolment.create_code(session, kiosk_name, mpp, ttl_minutes)
    session.flush()
    row = session.scalar(
        select(EnrolmentCode).where(
            EnrolmentCode.code_hash == enrolment.sha256_hex(enrolment.normalize_code(code))
        )
    )
    assert row is not None  # added just above, in this transaction
    audit.record(
        session,
        viewer.username,
        "kiosk.code_created",
        target=kiosk_name,
        details={"mpp": mpp, "minutes": ttl_minutes},
    )
    return IssuedCode(code, kiosk_name, mpp, aware(row.expires_at))


def _kiosk_in_scope(session: Session, viewer: Viewer, kiosk_id: str) -> Kiosk:
    kiosk = session.get(Kiosk, kiosk_id)
    if kiosk is None:
        raise UserFacingError("central.kiosk.unknown", kiosk=kiosk_id[:40])
    if viewer.role == "supervisor" and kiosk.mpp_id != viewer.mpp_id:
        raise OutOfScope()
    if viewer.role not in ("admin", "supervisor"):
        raise OutOfScope()
    return kiosk


def revoke(session: Session, viewer: Viewer, kiosk_id: str) -> Kiosk:
    kiosk = _kiosk_in_scope(session, viewer, kiosk_id)
    if admin.revoke(session, kiosk):
        audit.record(session, viewer.username, "kiosk.revoked", target=kiosk.code)
    return kiosk


@dataclass(frozen=True)
class StaffRow:
    username: str
    full_name: str
    role: str
    mpp: str
    active: bool
    updated_at: dt.datetime


def staff(session: Session, viewer: Viewer) -> list[StaffRow]:
    query = select(Staff, Mpp.name).join(Mpp, Mpp.id == Staff.mpp_id)
    only = mpp_name_of(viewer)
    if only is not None:
        query = query.where(Mpp.name == only)
    return [
        StaffRow(s.username, s.full_name, s.role, name, s.active, aware(s.updated_at))
        for s, name in session.execute(query.order_by(Mpp.name, Staff.username))
    ]


def _staff_mpp(viewer: Viewer, mpp: str) -> str:
    if viewer.role not in ("admin", "supervisor"):
        raise OutOfScope()
    only = mpp_name_of(viewer)
    if only is not None:
        if mpp.strip() and mpp.strip() != only:
            raise OutOfScope()
        return only
    return mpp


def add_staff(
    session: Session,
    viewer: Viewer,
    *,
    mpp: str,
    username: str,
    full_name: str,
    role: str,
    password: str,
) -> Staff:
    mpp = _staff_mpp(viewer, mpp)
    row = admin.add_staff(session, mpp, username, full_name, role, password)
    audit.record(
        session,
        viewer.username,
        "staff.added",
        target=row.username,
        details={"mpp": mpp, "role": row.role},
    )
    return row


def set_staff_active(
    session: Session, viewer: Viewer, mpp: str, username: str, active: bool
) -> Staff:
    mpp = _staff_mpp(viewer, mpp)
    row = admin.staff_active(session, mpp, username, active)
    action = "staff.enabled" if active else "staff.disabled"
    audit.record(session, viewer.username, action, target=row.username, details={"mpp": mpp})
    return row


def mpp_names(session: Session) -> list[str]:
    return list(session.scalars(select(Mpp.name).order_by(Mpp.name)))


def mpp_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every MPP, by name: the MPP pickers of the province's roles."""
    return [(i, n) for i, n in session.execute(select(Mpp.id, Mpp.name).order_by(Mpp.name))]
