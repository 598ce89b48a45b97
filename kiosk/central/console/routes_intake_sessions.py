"""The console's intake-session pages (issue 14): which offline intake sessions kiosks held, and
which registrations each one made.

- ``GET /console/sessions`` (``mpp``, ``kiosk``, ``from``, ``to``): the list, newest day first;
  every role may look, a supervisor only at their own MPP (the MPP filter is then fixed). A filter
  value that does not parse is ignored, not refused.
- ``GET /console/sessions/{id}``: one session (place, day, team, target, kiosk, MPP, opened and
  closed in the viewer's zone) and its registrations, each linked to its detail page; 403 for a
  supervisor of another MPP, 404 for an unknown id.

Thin: the reads are :mod:`kiosk.central.console.intake_view`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from kiosk.central.console import intake_view, texts_sessions  # noqa: F401 (texts registered)
from kiosk.central.console.deps import ConsoleNotFound, ViewerDep, ensure_can_see, mpp_scope
from kiosk.central.console.mpp_ops import mpp_choices
from kiosk.central.console.templating import render
from kiosk.central.deps import StateDep

router = APIRouter(prefix="/console", include_in_schema=False)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@router.get("/sessions")
def sessions_page(
    request: Request,
    state: StateDep,
    viewer: ViewerDep,
    mpp: Annotated[str, Query(max_length=12)] = "",
    kiosk: Annotated[str, Query(max_length=12)] = "",
    day_from: Annotated[str, Query(alias="from", max_length=10)] = "",
    day_to: Annotated[str, Query(alias="to", max_length=10)] = "",
) -> Response:
    scope = mpp_scope(viewer)
    f = intake_view.SessionFilter(
        mpp_id=int(mpp) if mpp.isdigit() and scope is None else None,
        kiosk_code=kiosk.strip().upper(),
        day_from=_day(day_from),
        day_to=_day(day_to),
    )
    with state.factory() as session:
        rows = intake_view.listing(session, f, scope)
        mpps = mpp_choices(session) if scope is None else []
        kiosks = intake_view.kiosk_choices(session, scope)
    return render(
        request, viewer, "sessions.html", rows=rows, f=f, mpps=mpps, kiosks=kiosks,
        limit=intake_view.LIST_LIMIT,
    )  # fmt: skip


@router.get("/sessions/{session_id}")
def session_page(request: Request, state: StateDep, viewer: ViewerDep, session_id: str) -> Response:
    with state.factory() as session:
        found = intake_view.one(session, session_id[:36])
    if found is None:
        raise ConsoleNotFound()
    ensure_can_see(viewer, found.mpp_id)
    return render(request, viewer, "session.html", s=found)
