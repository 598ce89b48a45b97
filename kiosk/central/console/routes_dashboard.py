"""The dashboard for everyone logged in: ``GET /console/dashboard[?mpp=ID]``.

Figures from :mod:`kiosk.central.dashboard` (a supervisor's always limited to their MPP; others
may pick one MPP or see the province), charts drawn server-side by :mod:`kiosk.central.svg_charts`
with every chart's numbers also in a table beneath it (for screen readers and for copying).
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from kiosk.central.console import ops_texts  # noqa: F401 (texts registered)
from kiosk.central.console.dashboard_view import charts_for, regency_lines
from kiosk.central.console.deps import ViewerDep, mpp_scope
from kiosk.central.console.formatting import Formatter
from kiosk.central.console.mpp_ops import mpp_choices
from kiosk.central.console.templating import render
from kiosk.central.dashboard import DashboardScope, build_dashboard
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep
from kiosk.central.models import utcnow

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/dashboard")
def dashboard(request: Request, state: StateDep, viewer: ViewerDep, mpp: int = 0) -> Response:
    fmt = Formatter(viewer.language, viewer.time_zone)
    scope_mpp = mpp_scope(viewer)
    if scope_mpp is None and mpp > 0:
        scope_mpp = mpp
    with session_scope(state.factory) as session:  # commits the work list's catch-up
        board = build_dashboard(session, DashboardScope(zone=fmt.tz, mpp_id=scope_mpp))
        mpps = mpp_choices(session) if viewer.role != "supervisor" else []
    # the charts escape every text they hold (kiosk.central.svg_charts), so they are markup
    charts = {key: Markup(svg) for key, svg in charts_for(board, fmt).items()}  # noqa: S704
    province = _province_name(board.main_province)
    chosen = next((name for mpp_id, name in mpps if mpp_id == scope_mpp), viewer.mpp_name)
    return render(
        request,
        viewer,
        "dashboard.html",
        board=board,
        charts=charts,
        mpps=mpps,
        chosen_mpp=scope_mpp or 0,
        scope_name=chosen if scope_mpp else "",
        regencies=regency_lines(board, fmt),
        oldest_since=(
            utcnow() - dt.timedelta(days=board.oldest_waiting_days)
            if board.oldest_waiting_days is not None
            else None
        ),
        province_name=province,
    )


def _province_name(code: str) -> str:
    from kiosk.reference import Reference

    region = Reference.load().region(code) if code else None
    return region.name if region else code
