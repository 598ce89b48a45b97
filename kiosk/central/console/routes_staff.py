"""The MPP's kiosk staff accounts, as ``kiosk central staff`` manages them: list, add, disable,
enable (``/console/staff``). A supervisor manages their own MPP's staff only; an administrator
names the MPP. Accounts reach the kiosks on their next sync (the staff event of
:mod:`kiosk.central.admin`); every change is in the central's audit trail (no password, no name).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from kiosk.central.console import mpp_ops, ops_texts  # noqa: F401 (texts registered)
from kiosk.central.console.deps import ConsoleNotFound
from kiosk.central.console.forms import ListPage, attempt, done_redirect, notice
from kiosk.central.console.ops_deps import OperatorDep, OperatorFormDep
from kiosk.central.console.sessions import Viewer
from kiosk.central.deps import StateDep
from kiosk.errors import UserFacingError

router = APIRouter(prefix="/console", include_in_schema=False)
STAFF_ROLES = ("operator", "supervisor")
NOTICES = ("added", "disabled", "enabled")


def _lists(session: Session, viewer: Viewer) -> Mapping[str, object]:
    return {
        "rows": mpp_ops.staff(session, viewer),
        "mpps": mpp_ops.mpp_names(session) if viewer.role == "admin" else [],
        "roles": STAFF_ROLES,
    }


PAGE = ListPage("staff.html", _lists)


@router.get("/staff")
def staff_page(
    request: Request, state: StateDep, viewer: OperatorDep, done: str = "", name: str = ""
) -> Response:
    return PAGE.show(request, state, viewer, **notice(done, name, NOTICES))


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
    added = attempt(
        state,
        lambda session: (
            mpp_ops.add_staff(
                session,
                viewer,
                mpp=mpp,
                username=username,
                full_name=full_name,
                role=role,
                password=password,
            ).username
        ),
    )
    if isinstance(added, UserFacingError):
        form = {"username": username, "full_name": full_name, "role": role, "mpp": mpp}
        return PAGE.refused(request, state, viewer, added, form)
    return done_redirect("/console/staff", "added", added)


@router.post("/staff/active")
def set_active(
    state: StateDep,
    viewer: OperatorFormDep,
    username: Annotated[str, Form(max_length=64)] = "",
    mpp: Annotated[str, Form(max_length=200)] = "",
    active: Annotated[bool, Form()] = False,
) -> Response:
    changed = attempt(
        state,
        lambda session: mpp_ops.set_staff_active(session, viewer, mpp, username, active).username,
    )
    if isinstance(changed, UserFacingError):
        raise ConsoleNotFound()
    return done_redirect("/console/staff", "enabled" if active else "disabled", changed)
