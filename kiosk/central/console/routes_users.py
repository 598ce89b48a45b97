"""The administrator's pages: console users and roles (``/console/users``, what ``kiosk central
user add|disable|enable|list`` does) and reference-data updates (``/console/reference``, what
``kiosk central reference publish`` does). Administrators only; every change is audited by the
functions it calls (:mod:`kiosk.central.console.users`, :func:`kiosk.central.admin.emit_reference`
plus the ``reference.published`` entry here).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central import admin, audit
from kiosk.central.console import mpp_ops, ops_texts, users  # noqa: F401 (texts registered)
from kiosk.central.console.forms import ListPage, attempt, done_redirect, notice
from kiosk.central.console.ops_deps import AdminDep, AdminFormDep
from kiosk.central.console.sessions import Viewer
from kiosk.central.console.templating import render
from kiosk.central.console.texts import text
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep
from kiosk.central.models import AuditRecord, aware
from kiosk.errors import UserFacingError
from kiosk.i18n import as_lang

router = APIRouter(prefix="/console", include_in_schema=False)
DATASETS = ("regions", "kbli", "banks", "checklist")
MAX_REFERENCE_BYTES = 32 * 1024 * 1024


def _lists(session: Session, viewer: Viewer) -> Mapping[str, object]:
    return {
        "rows": users.list_users(session),
        "mpps": mpp_ops.mpp_names(session),
        "roles": users.ROLES,
    }


PAGE = ListPage("users.html", _lists)
NOTICES = ("added", "disabled", "enabled")


@router.get("/users")
def users_page(
    request: Request, state: StateDep, viewer: AdminDep, done: str = "", name: str = ""
) -> Response:
    return PAGE.show(request, state, viewer, **notice(done, name, NOTICES))


@router.post("/users")
def add_user(
    request: Request,
    state: StateDep,
    viewer: AdminFormDep,
    username: Annotated[str, Form(max_length=64)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    mpp: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=4096)] = "",
) -> Response:
    added = attempt(
        state,
        lambda session: (
            users.add_user(
                session, username, role, password, mpp=mpp, actor=viewer.username
            ).username
        ),
    )
    if isinstance(added, UserFacingError):
        form = {"username": username, "role": role, "mpp": mpp}
        return PAGE.refused(request, state, viewer, added, form)
    return done_redirect("/console/users", "added", added)


@router.post("/users/active")
def set_user_active(
    request: Request,
    state: StateDep,
    viewer: AdminFormDep,
    username: Annotated[str, Form(max_length=64)] = "",
    active: Annotated[bool, Form()] = False,
) -> Response:
    name = users.normalize_username(username)
    if not active and name == viewer.username:
        return PAGE.refused(request, state, viewer, text("users.self", as_lang(viewer.language)))
    refused = attempt(
        state, lambda session: users.set_active(session, username, active, actor=viewer.username)
    )
    if isinstance(refused, UserFacingError):
        return PAGE.refused(request, state, viewer, refused)
    return done_redirect("/console/users", "enabled" if active else "disabled", name)


def _reference_page(
    request: Request,
    state: StateDep,
    viewer: Viewer,
    *,
    status_code: int = 200,
    error: str = "",
    done: tuple[str, str, int] | None = None,
) -> Response:
    with state.factory() as session:  # the audit entries, not the (large) events themselves
        entries = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "reference.published")
            .order_by(AuditRecord.id.desc())
            .limit(20)
        ).all()
        history = []
        for entry in entries:
            details = json.loads(entry.details or "{}")
            rows = str(details.get("rows", "0"))
            count = int(rows) if rows.isdigit() else 0
            history.append((aware(entry.at), entry.target, str(details.get("version", "")), count))
    return render(
        request,
        viewer,
        "reference.html",
        status_code=status_code,
        datasets=DATASETS,
        history=history,
        error=error,
        done=done,
    )


@router.get("/reference")
def reference_page(request: Request, state: StateDep, viewer: AdminDep) -> Response:
    return _reference_page(request, state, viewer)


@router.post("/reference")
async def publish_reference(
    request: Request,
    state: StateDep,
    viewer: AdminFormDep,
    dataset: Annotated[str, Form(max_length=64)] = "",
    version: Annotated[str, Form(max_length=64)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    lang = as_lang(viewer.language)
    data = await file.read(MAX_REFERENCE_BYTES + 1) if file is not None else b""
    try:
        rows = json.loads(data.decode("utf-8-sig")) if data else None
        if len(data) > MAX_REFERENCE_BYTES or not isinstance(rows, list):
            raise ValueError("not a list")
    except (ValueError, UnicodeError) as exc:
        error = text("ref.bad_json", lang, detail=str(exc)[:120])
        return _reference_page(request, state, viewer, status_code=422, error=error)
    if dataset not in DATASETS or not version.strip():
        error = text("ref.bad_json", lang, detail=f"{dataset[:64]!r} / {version[:64]!r}")
        return _reference_page(request, state, viewer, status_code=422, error=error)
    try:
        with session_scope(state.factory) as session:
            admin.emit_reference(session, dataset, version.strip(), rows)
            audit.record(
                session,
                viewer.username,
                "reference.published",
                target=dataset,
                details={"version": version.strip(), "rows": len(rows)},
            )
    except UserFacingError as exc:
        return _reference_page(request, state, viewer, status_code=422, error=exc.text(lang))
    done = (dataset, version.strip(), len(rows))
    return _reference_page(request, state, viewer, done=done)
