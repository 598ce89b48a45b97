"""Exports under ``/console/export/``: the page that offers them, and the files.

- ``GET /console/export/registrations.csv|xlsx?…`` takes the queue page's query parameters (``q``,
  ``mpp``, ``kiosk``, ``regency``, ``status``, ``legal_form``, ``scale``, ``kbli``, ``date_from``,
  ``date_to``, ``duplicate``): the queue's list, every page of it.
- ``GET /console/export/kiosks.csv|xlsx`` the kiosks page's list; ``GET
  /console/export/regencies.csv|xlsx[?mpp=ID]`` the dashboard's regency table.

The registrations' file is streamed (:func:`kiosk.central.console.exports.registration_chunks`);
its row count is taken, and audited, before the first byte.

Everyone logged in may export what they may see (a supervisor: their MPP only). Every export is
in the central's audit trail with its kind, format and row count (never the search text). Files
are answered with ``Cache-Control: no-store`` like every console page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from kiosk.central import audit
from kiosk.central.console import exports, mpp_ops, ops_texts  # noqa: F401 (texts registered)
from kiosk.central.console.dashboard_view import regency_lines
from kiosk.central.console.deps import ConsoleNotFound, ViewerDep, mpp_scope
from kiosk.central.console.formatting import Formatter
from kiosk.central.console.queue import STATUSES, QueueFilter
from kiosk.central.console.sessions import Viewer
from kiosk.central.console.templating import render, secure
from kiosk.central.console.texts import text
from kiosk.central.dashboard import DashboardScope, build_dashboard
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep
from kiosk.central.models import utcnow

router = APIRouter(prefix="/console/export", include_in_schema=False)


def _format(fmt: str) -> str:
    if fmt not in exports.MEDIA_TYPES:
        raise ConsoleNotFound()
    return fmt


def _file(data: bytes, name: str, fmt: str, fm: Formatter) -> Response:
    return _attachment(Response(data, media_type=exports.MEDIA_TYPES[fmt]), name, fmt, fm)


def _attachment(response: Response, name: str, fmt: str, fm: Formatter) -> Response:
    stamp = utcnow().astimezone(fm.tz).strftime("%Y%m%d-%H%M")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return secure(response)


def _audit(state: StateDep, viewer: Viewer, kind: str, fmt: str, rows: int) -> None:
    with session_scope(state.factory) as session:
        audit.record(
            session,
            viewer.username,
            "export",
            target=kind,
            details={"format": fmt, "rows": rows},
        )


@router.get("/")
def export_page(request: Request, state: StateDep, viewer: ViewerDep) -> Response:
    from kiosk.central.console.queue import choices

    with state.factory() as session:
        options = choices(session, mpp_scope(viewer))
    return render(request, viewer, "export.html", options=options, statuses=STATUSES)


@router.get("/registrations.{fmt}")
def registrations(request: Request, state: StateDep, viewer: ViewerDep, fmt: str) -> Response:
    fmt = _format(fmt)
    fm = Formatter(viewer.language, viewer.time_zone)
    f = QueueFilter.from_params(request.query_params)
    scope = mpp_scope(viewer)
    with session_scope(state.factory) as session:  # commits the work list's catch-up
        count = exports.count(session, f, scope)
    _audit(state, viewer, "registrations", fmt, count)
    chunks = exports.registration_chunks(state.factory, f, scope, fmt, fm.tz, fm.lang)
    return _attachment(
        StreamingResponse(chunks, media_type=exports.MEDIA_TYPES[fmt]), "pendaftaran", fmt, fm
    )


@router.get("/kiosks.{fmt}")
def kiosks(state: StateDep, viewer: ViewerDep, fmt: str) -> Response:
    fmt = _format(fmt)
    if viewer.role not in ("admin", "supervisor"):
        from kiosk.central.console.deps import ConsoleForbidden

        raise ConsoleForbidden()
    fm = Formatter(viewer.language, viewer.time_zone)
    with state.factory() as session:
        rows = mpp_ops.kiosks(session, viewer)
    header = [
        text(key, fm.lang)
        for key in (
            "kiosks.kiosk",
            "kiosks.code",
            "kiosks.mpp",
            "kiosks.last_sync",
            "kiosks.version",
            "kiosks.registrations",
            "kiosks.waiting",
            "kiosks.problems",
        )
    ]
    body: list[list[exports.Cell]] = [
        [
            k.name,
            k.code,
            k.mpp,
            fm.datetime(k.last_sync_at) if k.last_sync_at else "",
            k.app_version,
            k.registrations,
            k.waiting,
            "; ".join(text(key, fm.lang, **params) for key, params in k.problems),
        ]
        for k in rows
    ]
    _audit(state, viewer, "kiosks", fmt, len(body))
    return _file(exports.table_file(header, body, fmt, "kios"), "kios", fmt, fm)


@router.get("/regencies.{fmt}")
def regencies(state: StateDep, viewer: ViewerDep, fmt: str, mpp: int = 0) -> Response:
    fmt = _format(fmt)
    fm = Formatter(viewer.language, viewer.time_zone)
    scope = mpp_scope(viewer)
    if scope is None and mpp > 0:
        scope = mpp
    with session_scope(state.factory) as session:  # commits the work list's catch-up
        board = build_dashboard(session, DashboardScope(zone=fm.tz, mpp_id=scope))
    header = [text(key, fm.lang) for key in ("dash.regency", "dash.total", "dash.queue")] + [
        text(f"status.{s}", fm.lang) for s in ("verified", "needs_fix", "rejected")
    ]
    body: list[list[exports.Cell]] = [
        [r.name, r.registrations, r.waiting, r.verified, r.needs_fix, r.rejected]
        for r in regency_lines(board, fm)
    ]
    _audit(state, viewer, "regencies", fmt, len(body))
    return _file(exports.table_file(header, body, fmt, "kabupaten"), "kabupaten-kota", fmt, fm)
