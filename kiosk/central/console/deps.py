"""The console's dependencies: who is looking, what they may do, and that a form is theirs.

- :data:`ViewerDep`: the logged-in :class:`~kiosk.central.console.sessions.Viewer`. Without a
  valid session it raises :class:`LoginRequired`: a GET is redirected to the log-in page (with a
  local ``next``), anything else answers 401.
- :func:`require_role` (``Depends(require_role("admin", "verifier"))``): 403 for other roles.
- :data:`DeciderDep`: a viewer who may decide on registrations (admin, verifier); a viewer or a
  supervisor gets 403.
- :data:`ReviewerDep`: a viewer who may close conflicts and duplicate flags (admin, verifier,
  supervisor — a supervisor within their MPP, checked by the route with :func:`ensure_can_see`);
  a viewer gets 403. CSRF-checked like every form.
- :data:`CsrfViewerDep`: for every POST: the form's ``csrf_token`` must equal the session's.
- :func:`ensure_can_see`: the MPP scope — a supervisor sees only registrations, kiosks and staff
  of their own MPP; everyone else sees the province.

Routes stay thin: they take these, call a service function, and render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Form, Request

from kiosk.central.console import sessions
from kiosk.central.console.sessions import Viewer
from kiosk.central.console.users import DECIDERS, REVIEWERS
from kiosk.central.deps import StateDep


class LoginRequired(Exception):
    """No valid session (never logged in, logged out, idle too long, user disabled)."""


class ConsoleForbidden(Exception):
    """Logged in, but this role or MPP may not see or do this (403)."""


class ConsoleNotFound(Exception):
    """No such registration or page (404), as an HTML page."""


class CsrfRefused(Exception):
    """A form without the session's CSRF token (403)."""


def current_viewer(request: Request, state: StateDep) -> Viewer:
    session_id = request.cookies.get(sessions.COOKIE)
    viewer = None
    if session_id:
        with state.factory() as session:
            viewer = sessions.resolve(session, session_id)
            session.commit()  # idle touch, or removal of an expired session
    if viewer is None:
        raise LoginRequired()
    request.state.console_viewer = viewer
    return viewer


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


def require_role(*roles: str) -> Callable[[Viewer], Viewer]:
    allowed = frozenset(roles)

    def check(viewer: ViewerDep) -> Viewer:
        if viewer.role not in allowed:
            raise ConsoleForbidden()
        return viewer

    return check


def csrf_checked(viewer: ViewerDep, csrf_token: Annotated[str, Form()] = "") -> Viewer:
    if not sessions.csrf_ok(viewer.csrf_token, csrf_token):
        raise CsrfRefused()
    return viewer


CsrfViewerDep = Annotated[Viewer, Depends(csrf_checked)]


def decider(viewer: CsrfViewerDep) -> Viewer:
    if viewer.role not in DECIDERS:
        raise ConsoleForbidden()
    return viewer


DeciderDep = Annotated[Viewer, Depends(decider)]


def reviewer(viewer: CsrfViewerDep) -> Viewer:
    if viewer.role not in REVIEWERS:
        raise ConsoleForbidden()
    return viewer


ReviewerDep = Annotated[Viewer, Depends(reviewer)]


def can_see_mpp(viewer: Viewer, mpp_id: int | None) -> bool:
    if viewer.role == "supervisor":
        return viewer.mpp_id is not None and viewer.mpp_id == mpp_id
    return True


def ensure_can_see(viewer: Viewer, mpp_id: int | None) -> None:
    if not can_see_mpp(viewer, mpp_id):
        raise ConsoleForbidden()


def mpp_scope(viewer: Viewer) -> int | None:
    """The MPP a list must be limited to (a supervisor's), or None for the whole province."""
    return viewer.mpp_id if viewer.role == "supervisor" else None
