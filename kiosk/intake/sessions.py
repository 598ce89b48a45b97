"""Opening and closing an intake session, and its progress for the home page.

A supervisor opens a session on the laptop (place, date, team, optionally the district list it
works through and a number to reach); from then on every registration first saved at the desk
carries it (:func:`kiosk.store.rows.stamp_open_session`), until a supervisor closes it. At most one
session is open: opening checks it under the write lock, in the same transaction that inserts, so
two desks opening at once cannot both succeed. Opening and closing are audited.

:func:`progress` counts what the home page shows from the store's columns and the receipts'
print log (no sealed record is opened except for the documents still missing, which needs each
session registration's documents: a session holds dozens, not thousands).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.domain.model import new_id, utcnow
from kiosk.errors import UserFacingError
from kiosk.i18n import register
from kiosk.intake.tables import IntakeSessionRow
from kiosk.store.journal import add_audit

if TYPE_CHECKING:
    from kiosk.store import Store

register(
    {
        "intake.session.already_open": {
            "id": 'Sesi pendataan "{place}" masih terbuka. Tutup dulu sebelum membuka sesi baru.',
            "en": 'The intake session "{place}" is still open. Close it before opening another.',
        },
        "intake.session.none_open": {
            "id": "Tidak ada sesi pendataan yang terbuka.",
            "en": "No intake session is open.",
        },
        "intake.session.place_required": {
            "id": "Tempat sesi pendataan wajib diisi.",
            "en": "The intake session's place is required.",
        },
        "intake.session.not_found": {
            "id": "Sesi pendataan tidak ditemukan.",
            "en": "Intake session not found.",
        },
        "intake.session.target_invalid": {
            "id": "Target jumlah pendaftaran harus 0 atau lebih.",
            "en": "The target number of registrations must be 0 or more.",
        },
    }
)


@dataclass(frozen=True)
class IntakeSession:
    id: str
    place: str
    day: dt.date
    team: list[str]
    target_list: str
    target_count: int
    opened_by: str
    opened_at: dt.datetime
    closed_by: str
    closed_at: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Progress:
    registered: int  # submitted (or later) during the session
    drafts: int  # still drafts
    documents_missing: int  # registrations still lacking a required document
    receipts_printed: int  # registrations with at least one receipt printed or saved
    target: int  # the session's target number (0: none)
    list_remaining: int  # drafts of the target list not yet completed


def _time(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def _of(row: IntakeSessionRow) -> IntakeSession:
    opened = _time(row.opened_at)
    assert opened is not None
    return IntakeSession(
        row.id,
        row.place,
        dt.date.fromisoformat(row.day),
        [t for t in row.team.split("; ") if t],
        row.target_list,
        row.target_count,
        row.opened_by,
        opened,
        row.closed_by,
        _time(row.closed_at),
    )


def open_session(
    store: Store,
    *,
    place: str,
    day: dt.date,
    team: list[str],
    staff_id: str,
    target_list: str = "",
    target_count: int = 0,
) -> IntakeSession:
    from sqlalchemy import select

    place = " ".join(place.split())
    if not place:
        raise UserFacingError("intake.session.place_required")
    if target_count < 0:
        raise UserFacingError("intake.session.target_invalid")
    members = [" ".join(t.split()) for t in team if t.strip()]
    with store.session() as session:
        already = session.scalar(
            select(IntakeSessionRow).where(IntakeSessionRow.closed_at.is_(None))
        )
        if already is not None:
            raise UserFacingError("intake.session.already_open", place=already.place)
        row = IntakeSessionRow(
            id=new_id(),
            place=place,
            day=day.isoformat(),
            team="; ".join(members),
            target_list=target_list.strip(),
            target_count=target_count,
            opened_by=staff_id,
            opened_at=utcnow().isoformat(),
            closed_by="",
            closed_at=None,
        )
        session.add(row)
        session.flush()
        add_audit(session, staff_id, "intake.session_opened", row.id, day=row.day)
    return _of(row)


def close_session(store: Store, *, staff_id: str) -> IntakeSession:
    from sqlalchemy import select

    with store.session() as session:
        row = session.scalar(select(IntakeSessionRow).where(IntakeSessionRow.closed_at.is_(None)))
        if row is None:
            raise UserFacingError("intake.session.none_open")
        row.closed_at, row.closed_by = utcnow().isoformat(), staff_id
        add_audit(session, staff_id, "intake.session_closed", row.id, day=row.day)
    return _of(row)


def current_session(store: Store) -> IntakeSession | None:
    from sqlalchemy import select

    with store.session(write=False) as session:
        row = session.scalar(select(IntakeSessionRow).where(IntakeSessionRow.closed_at.is_(None)))
    return None if row is None else _of(row)


def all_sessions(store: Store) -> list[IntakeSession]:
    """Every session held, oldest first (what sync sends to the central)."""
    from sqlalchemy import select

    with store.session(write=False) as session:
        rows = list(session.scalars(select(IntakeSessionRow).order_by(IntakeSessionRow.opened_at)))
    return [_of(row) for row in rows]


def get_session(store: Store, session_id: str = "") -> IntakeSession:
    """The session with this id; without one, the open session, else the last one opened."""
    from sqlalchemy import select

    query = select(IntakeSessionRow)
    query = (
        query.where(IntakeSessionRow.id == session_id)
        if session_id
        else query.order_by(
            IntakeSessionRow.closed_at.is_(None).desc(), IntakeSessionRow.opened_at.desc()
        )
    )
    with store.session(write=False) as session:
        row = session.scalars(query.limit(1)).first()
    if row is None:
        raise UserFacingError("intake.session.not_found")
    return _of(row)


def session_registration_ids(store: Store, session_id: str) -> list[tuple[str, str]]:
    """(id, status) of the session's registrations, in the order they were made."""
    with store.session(write=False) as session:
        rows = (
            session.connection()
            .exec_driver_sql(
                "SELECT id, status FROM registrations WHERE session_id = ? ORDER BY num",
                (session_id,),
            )
            .all()
        )
    return [(r[0], r[1]) for r in rows]


def progress(store: Store, intake: IntakeSession) -> Progress:
    from kiosk.domain.checklist import missing_documents

    members = session_registration_ids(store, intake.id)
    drafts = sum(1 for _, status in members if status == "draft")
    lacking = sum(1 for reg_id, _ in members if missing_documents(store.get(reg_id)))
    with store.session(write=False) as session:
        conn = session.connection()
        printed = conn.exec_driver_sql(
            "SELECT count(DISTINCT p.registration_id) FROM receipt_prints p "
            "JOIN registrations r ON r.id = p.registration_id "
            "WHERE r.session_id = ? AND p.outcome NOT IN ('failed', 'not_printed', 'sending')",
            (intake.id,),
        ).scalar_one()
        remaining = (
            conn.exec_driver_sql(
                "SELECT count(*) FROM registrations WHERE origin_list = ? AND status = 'draft'",
                (intake.target_list,),
            ).scalar_one()
            if intake.target_list
            else 0
        )
    return Progress(
        len(members) - drafts, drafts, lacking, int(printed), intake.target_count, int(remaining)
    )
