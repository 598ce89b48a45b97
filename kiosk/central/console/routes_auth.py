"""Log-in, log-out and the viewer's preferences (language, time zone).

``POST /console/login`` (fields ``username``, ``password``, ``csrf_token``, optional ``next``):
the token is the double-submit value of the log-in cookie; success makes a brand-new session
(any session cookie the browser brought is ended first: no fixation) and redirects to a local
``next`` only (:func:`~kiosk.central.console.redirects.safe_next`). Every refusal shows the same
sentence, whatever the reason.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kiosk.central.console import sessions, users
from kiosk.central.console.deps import CsrfViewerDep, ViewerDep
from kiosk.central.console.formatting import ZONE_CHOICES
from kiosk.central.console.redirects import HOME, safe_next
from kiosk.central.console.templating import render, secure
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep
from kiosk.central.models import ConsoleUser, utcnow
from kiosk.i18n import LANGS

router = APIRouter(prefix="/console", include_in_schema=False)


def _is_tls(request: Request) -> bool:
    return request.url.scheme == "https"


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=sessions.COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=_is_tls(request),
    )


def _login_page(
    request: Request, next_path: str, error: str = "", status_code: int = 200
) -> Response:
    token = sessions.new_token()
    response = render(
        request,
        None,
        "login.html",
        status_code=status_code,
        csrf_token=token,
        next_path=safe_next(next_path),
        error=error,
    )
    set_cookie(response, request, sessions.LOGIN_COOKIE, token, 3600)
    return response


@router.get("/login")
def login_form(request: Request, next: str = "", lang: str = "") -> Response:
    if lang in LANGS:  # the language switch before log-in: remembered in a cookie
        target = f"/console/login?next={quote(safe_next(next), safe='/')}"
        response = RedirectResponse(target, status_code=303)
        set_cookie(response, request, sessions.LANG_COOKIE, lang, 365 * 86400)
        return secure(response)
    return _login_page(request, next)


@router.post("/login")
def login(
    request: Request,
    state: StateDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=4096)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    if not sessions.csrf_ok(request.cookies.get(sessions.LOGIN_COOKIE), csrf_token):
        return _login_page(request, next, "login.csrf", status_code=403)
    old_session = request.cookies.get(sessions.COOKIE)
    with session_scope(state.factory) as session:
        if old_session:
            sessions.end(session, old_session)  # whatever the browser had is never promoted
        user = users.authenticate(session, username, password)
        session_id = sessions.start(session, user) if user is not None else None
    if session_id is None:
        return _login_page(request, next, "login.failed", status_code=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(
        response, request, sessions.COOKIE, session_id, int(sessions.MAX_AGE.total_seconds())
    )
    response.delete_cookie(sessions.LOGIN_COOKIE, path=sessions.COOKIE_PATH)
    return secure(response)


@router.post("/logout")
def logout(request: Request, state: StateDep, viewer: CsrfViewerDep) -> Response:
    with session_scope(state.factory) as session:
        sessions.end(session, request.cookies.get(sessions.COOKIE, ""))
        from kiosk.central import audit

        audit.record(session, viewer.username, "logout")
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(sessions.COOKIE, path=sessions.COOKIE_PATH)
    return secure(response)


@router.post("/preferences")
def preferences(
    request: Request,
    state: StateDep,
    viewer: CsrfViewerDep,
    language: Annotated[str, Form()] = "",
    time_zone: Annotated[str, Form()] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    with session_scope(state.factory) as session:
        user = session.get(ConsoleUser, viewer.user_id)
        if user is not None:
            if language in LANGS:
                user.language = language
            if time_zone in dict(ZONE_CHOICES):
                user.time_zone = time_zone
            user.updated_at = utcnow()
    return secure(RedirectResponse(safe_next(next), status_code=303))


@router.get("/")
def home(_viewer: ViewerDep) -> Response:
    return secure(RedirectResponse(HOME, status_code=303))
