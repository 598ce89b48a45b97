"""The MPP's kiosk staff accounts, as ``kiosk central staff`` manages them: list, add, disable,
enable (``/console/staff``). A supervisor manages their own MPP's staff only; an administrator
names the MPP. Accounts reach the kiosks on their next sync (the staff event of
:mod:`kiosk.central.admin`); every change is in the central's audit trail (no password, no name).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from kiosk.central.console import mpp_ops, ops_texts  # noqa: F401 (texts registered)
from kiosk.central.console.deps import ConsoleForbidden
from kiosk.central.console.ops_deps import OperatorDep, OperatorFormDep
from kiosk.central.console.sessions import Viewer
from kiosk.central.console.templating import render, secure
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep
from kiosk.errors import UserFacingError
from kiosk.i18n import as_lang

router = APIRouter(prefix="/console", include_in_schema=False)
STAFF_ROLES = ("operator", "supervisor")


def _page(
    request: Request,
    state: StateDep,
    viewer: Viewer,
    *,
    status_code: int = 200,
    error: str = "",
    form: Mapping[str, object] | None = None,
    done: str = "",
    done_name: str = "",
) -> Response:
    with state.factory() as session:
        rows = mpp_ops.staff(session, viewer)
        mpps = mpp_ops.mpp_names(session) if viewer.role == "admin" else []
    return render(
        request,
        viewer,
        "staff.html",
        status_code=status_code,
        rows=rows,
        mpps=mpps,
        roles=STAFF_ROLES,
        error=error,
        form=form or {},
        done=done,
        done_name=done_name,
    )


@router.get("/staff")
def staff_page(
    request: Request, state: StateDep, viewer: OperatorDep, done: str = "", name: str = ""
) -> Response:
    done = done if done in ("added", "disabled", "enabled") else ""
    return _page(request, state, viewer, done=done, done_name=name[:64])


@router.post("/staff")
def add_staff(
    request: Request,
    state: StateDep,
    viewer: OperatorFormDep,
    username: Annotated[str, Form(max_length=64)] = "",
    full_name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=32)] = "operator",
    password: Annotated[str, Form(max_length=1024)] = "",
    mpp: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        with session_scope(state.factory) as session:
            row = mpp_ops.add_staff(
                session,
                viewer,
                mpp=mpp,
                username=username,
                full_name=full_name,
                role=role,
                password=password,
            )
            name = row.username
    except mpp_ops.OutOfScope:
        raise ConsoleForbidden() from None
    except UserFacingError as exc:
        form = {"username": username, "full_name": full_name, "role": role, "mpp": mpp}
        error = exc.text(as_lang(viewer.language))
        return _page(request, state, viewer, status_code=422, error=error, form=form)
    return secure(
        RedirectResponse(f"/console/staff?done=added&name={quote(name)}", status_code=303)
    )


@router.post("/staff/active")
def set_active(
    state: StateDep,
    viewer: OperatorFormDep,
    username: Annotated[str, Form(max_length=64)] = "",
    mpp: Annotated[str, Form(max_length=200)] = "",
    active: Annotated[bool, Form()] = False,
) -> Response:
    try:
        with session_scope(state.factory) as session:
            row = mpp_ops.set_staff_active(session, viewer, mpp, username, active)
            name = row.username
    except mpp_ops.OutOfScope:
        raise ConsoleForbidden() from None
    except UserFacingError:
        from kiosk.central.console.deps import ConsoleNotFound

        raise ConsoleNotFound() from None
    done = "enabled" if active else "disabled"
    return secure(
        RedirectResponse(f"/console/staff?done={done}&name={quote(name)}", status_code=303)
    )
