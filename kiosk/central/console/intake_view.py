"""What the console shows of kiosks' intake sessions (issue 14): the list and one session.

The list is filtered by MPP, kiosk and day (the kiosk's local date of the session) and limited to
the supervisor's own MPP (:func:`~kiosk.central.console.deps.mpp_scope`); one session's page lists
the registrations it made that the central holds from the same kiosk
(:func:`kiosk.central.intake_sessions.members`) and how many it named that have not arrived. Times
are stored in UTC; the templates write them in the viewer's zone. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kiosk.central import intake_sessions
from kiosk.central.console import texts_sessions  # noqa: F401 (the detail page names a session)
from kiosk.central.models import CentralRegistration, IntakeSession, Kiosk, Mpp, aware

LIST_LIMIT = 500


@dataclass(frozen=True)
class SessionFilter:
    mpp_id: int | None = None
    kiosk_code: str = ""
    day_from: dt.date | None = None
    day_to: dt.date | None = None


@dataclass
class SessionView:
    id: str
    place: str
    day: dt.date
    team: list[str]
    target_list: str
    target_count: int
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    registered: int
    kiosk_code: str
    kiosk_name: str
    mpp_id: int
    mpp_name: str
    received_at: dt.datetime
    registrations: list[CentralRegistration] = field(default_factory=list)

    @property
    def not_arrived(self) -> int:
        return max(0, self.registered - len(self.registrations))


def _view(row: IntakeSession, kiosk: Kiosk, mpp: Mpp) -> SessionView:
    return SessionView(
        id=row.id,
        place=row.place,
        day=row.day,
        team=intake_sessions.team_of(row),
        target_list=row.target_list,
        target_count=row.target_count,
        opened_at=aware(row.opened_at),
        closed_at=aware(row.closed_at),
        registered=row.registered,
        kiosk_code=kiosk.code,
        kiosk_name=kiosk.name,
        mpp_id=mpp.id,
        mpp_name=mpp.name,
        received_at=aware(row.received_at),
    )


def _base() -> Select[IntakeSession, Kiosk, Mpp]:
    return (
        select(IntakeSession, Kiosk, Mpp)
        .join(Kiosk, Kiosk.id == IntakeSession.kiosk_id)
        .join(Mpp, Mpp.id == IntakeSession.mpp_id)
    )


def listing(session: Session, f: SessionFilter, scope: int | None) -> list[SessionView]:
    """Sessions matching ``f`` (newest day first), within ``scope`` (a supervisor's MPP)."""
    query = _base()
    if scope is not None:
        query = query.where(IntakeSession.mpp_id == scope)
    if f.mpp_id is not None:
        query = query.where(IntakeSession.mpp_id == f.mpp_id)
    if f.kiosk_code:
        query = query.where(Kiosk.code == f.kiosk_code)
    if f.day_from is not None:
        query = query.where(IntakeSession.day >= f.day_from)
    if f.day_to is not None:
        query = query.where(IntakeSession.day <= f.day_to)
    query = query.order_by(IntakeSession.day.desc(), IntakeSession.opened_at.desc())
    return [_view(r, k, m) for r, k, m in session.execute(query.limit(LIST_LIMIT)).all()]


def one(session: Session, session_id: str) -> SessionView | None:
    """One session with its registrations (the caller checks the viewer's scope)."""
    found = session.execute(_base().where(IntakeSession.id == session_id)).first()
    if found is None:
        return None
    row, kiosk, mpp = found
    view = _view(row, kiosk, mpp)
    view.registrations = intake_sessions.members(session, row)
    return view


def kiosk_choices(session: Session, scope: int | None) -> list[tuple[str, str]]:
    """(code, name) of the kiosks within scope, by code: the kiosk filter's choices."""
    query = select(Kiosk.code, Kiosk.name).order_by(Kiosk.code)
    if scope is not None:
        query = query.where(Kiosk.mpp_id == scope)
    return [(code, name) for code, name in session.execute(query)]


def of_registration(session: Session, registration: CentralRegistration) -> SessionView | None:
    """The session a registration was made in, for its detail page."""
    row = intake_sessions.session_of(session, registration)
    if row is None:
        return None
    found = session.execute(_base().where(IntakeSession.id == row.id)).first()
    return None if found is None else _view(*found)
