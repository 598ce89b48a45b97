"""The route of kiosks' intake-session reports (issue 14), under ``/api/v1``.

Thin: :func:`kiosk.central.intake_sessions.receive` inside one committed transaction. Two reports
of a new session at once (a retried request) can race on its primary key: the loser tries again
and finds the record held.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy.exc import IntegrityError

from kiosk import protocol as p
from kiosk.central import intake_sessions
from kiosk.central.db import session_scope
from kiosk.central.deps import KioskDep, StateDep, no_unknown_query
from kiosk.central.http_errors import ERROR_RESPONSES

router = APIRouter(
    prefix=p.API_PREFIX, responses=ERROR_RESPONSES, dependencies=[Depends(no_unknown_query)]
)


@router.post("/intake-sessions", response_model=p.IntakeSessionReportResponse, tags=["sync"])
def intake_session_report(
    body: p.IntakeSessionReport, kiosk: KioskDep, state: StateDep
) -> p.IntakeSessionReportResponse:
    """The kiosk's intake sessions that changed; answers the ids now held as sent."""
    for attempt in range(2):
        try:
            with session_scope(state.factory) as session:
                accepted = intake_sessions.receive(session, kiosk.id, body.sessions)
            return p.IntakeSessionReportResponse(accepted=accepted)
        except IntegrityError:
            if attempt == 1:
                raise
    raise AssertionError("unreachable")
