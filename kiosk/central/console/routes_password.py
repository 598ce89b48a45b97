"""``/console/password``: every console user changes their own password
(:func:`kiosk.central.console.passwords.change_password` holds the rules).

A refusal re-renders the form with the sentence and an empty form (passwords are never sent back
to the browser) and answers 422; success ends every session of the user, starts a new one for this
browser (a fresh cookie and CSRF token) and redirects to the form with a notice.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kiosk.central.console import sessions
from kiosk.central.console.deps import CsrfViewerDep, ViewerDep
from kiosk.central.console.passwords import change_password
from kiosk.central.console.routes_auth import set_cookie
from kiosk.central.console.templating import render, secure
from kiosk.central.console.texts import add
from kiosk.central.console.users import MAX_PASSWORD, MIN_PASSWORD
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep
from kiosk.central.models import ConsoleUser
from kiosk.i18n import as_lang

router = APIRouter(prefix="/console", include_in_schema=False)

add(
    {
        "password.title": ("Ganti kata sandi", "Change password"),
        "password.current": ("Kata sandi saat ini", "Current password"),
        "password.new": ("Kata sandi baru", "New password"),
        "password.repeat": ("Ulangi kata sandi baru", "New password again"),
        "password.hint": (
            "Minimal {min} karakter. Setelah diganti, semua sesi lain akun ini ditutup.",
            "At least {min} characters. Once changed, every other session of this account ends.",
        ),
        "password.submit": ("Simpan kata sandi baru", "Save the new password"),
        "password.done": ("Kata sandi sudah diganti.", "The password has been changed."),
    }
)


def _form(
    request: Request,
    viewer: sessions.Viewer,
    *,
    error: str = "",
    done: bool = False,
    status: int = 200,
) -> Response:
    return render(
        request,
        viewer,
        "password.html",
        status_code=status,
        error=error,
        done=done,
        min_length=MIN_PASSWORD,
        max_length=MAX_PASSWORD,
    )


@router.get("/password")
def password_form(request: Request, viewer: ViewerDep, done: str = "") -> Response:
    return _form(request, viewer, done=done == "1")


@router.post("/password")
def password_change(
    request: Request,
    state: StateDep,
    viewer: CsrfViewerDep,
    current: Annotated[str, Form(max_length=4096)] = "",
    new: Annotated[str, Form(max_length=4096)] = "",
    repeat: Annotated[str, Form(max_length=4096)] = "",
) -> Response:
    with session_scope(state.factory) as session:
        refused = change_password(session, viewer.user_id, current, new, repeat)
        user = session.get(ConsoleUser, viewer.user_id) if refused is None else None
        session_id = sessions.start(session, user) if user is not None else None
    if refused is not None or session_id is None:
        error = refused.text(as_lang(viewer.language)) if refused is not None else ""
        return _form(request, viewer, error=error, status=422)
    response = RedirectResponse("/console/password?done=1", status_code=303)
    max_age = int(sessions.MAX_AGE.total_seconds())
    set_cookie(response, request, sessions.COOKIE, session_id, max_age)
    return secure(response)
