"""The supervisor's morning report: per MPP and kiosk, what the central holds.

Counts are set-based queries grouped by kiosk (a handful of queries whatever the number of kiosks).
A document counts once per kiosk however many versions reference it; a version is incomplete
while any page it references is missing.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session, aliased

from kiosk.central.models import (
    CentralRegistration,
    CentralVersion,
    Conflict,
    DuplicateFlag,
    Kiosk,
    Mpp,
    PageRef,
    StoredPage,
    aware,
)
from kiosk.central.schemas import ReportRow


def _by_kiosk(session: Session, stmt: Select[str, int]) -> dict[str, int]:
    return {kiosk_id: count for kiosk_id, count in session.execute(stmt)}


def build_report(session: Session) -> list[ReportRow]:
    R, V = CentralRegistration, CentralVersion
    registrations = _by_kiosk(session, select(R.kiosk_id, func.count()).group_by(R.kiosk_id))
    versions = _by_kiosk(session, select(V.kiosk_id, func.count()).group_by(V.kiosk_id))
    stored = PageRef.sha256.in_(select(StoredPage.sha256))
    documents = _by_kiosk(
        session,
        select(PageRef.kiosk_id, func.count(distinct(PageRef.sha256)))
        .where(stored)
        .group_by(PageRef.kiosk_id),
    )
    missing_refs = PageRef.version_id.is_not(None) & ~stored
    missing = _by_kiosk(
        session,
        select(PageRef.kiosk_id, func.count(distinct(PageRef.sha256)))
        .where(missing_refs)
        .group_by(PageRef.kiosk_id),
    )
    incomplete = _by_kiosk(
        session,
        select(PageRef.kiosk_id, func.count(distinct(PageRef.version_id)))
        .where(missing_refs)
        .group_by(PageRef.kiosk_id),
    )
    conflicts = _by_kiosk(
        session,
        select(Conflict.kiosk_id, func.count())
        .where(Conflict.resolved_at.is_(None))
        .group_by(Conflict.kiosk_id),
    )
    other = aliased(CentralRegistration)
    flags: dict[str, int] = defaultdict(int)
    open_flags = session.execute(
        select(R.kiosk_id, other.kiosk_id)
        .select_from(DuplicateFlag)
        .join(R, R.id == DuplicateFlag.registration_a)
        .join(other, other.id == DuplicateFlag.registration_b)
        .where(DuplicateFlag.resolved_at.is_(None))
    )
    for kiosk_a, kiosk_b in open_flags:
        flags[kiosk_a] += 1
        if kiosk_b != kiosk_a:
            flags[kiosk_b] += 1
    verdicts: dict[str, dict[str, int]] = defaultdict(dict)
    for kiosk_id, status, count in session.execute(
        select(R.kiosk_id, R.status, func.count()).group_by(R.kiosk_id, R.status)
    ):
        verdicts[kiosk_id][status] = count
    rows = []
    kiosks = session.execute(
        select(Kiosk, Mpp.name).join(Mpp, Kiosk.mpp_id == Mpp.id).order_by(Mpp.name, Kiosk.code)
    )
    for kiosk, mpp_name in kiosks:
        times = [t for t in (aware(kiosk.last_push_at), aware(kiosk.last_pull_at)) if t]
        rows.append(
            ReportRow(
                mpp=mpp_name,
                kiosk=kiosk.name,
                kiosk_id=kiosk.id,
                kiosk_code=kiosk.code,
                revoked=kiosk.revoked_at is not None,
                registrations=registrations.get(kiosk.id, 0),
                versions=versions.get(kiosk.id, 0),
                incomplete_versions=incomplete.get(kiosk.id, 0),
                documents=documents.get(kiosk.id, 0),
                missing_documents=missing.get(kiosk.id, 0),
                open_conflicts=conflicts.get(kiosk.id, 0),
                duplicate_flags=flags.get(kiosk.id, 0),
                verdicts=verdicts.get(kiosk.id, {}),
                last_sync_at=max(times) if times else None,
            )
        )
    return rows
