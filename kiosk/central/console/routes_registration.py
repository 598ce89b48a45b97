"""A registration for the verifier: the detail page, the verdict and the scanned pages.

- ``GET /console/registrations/{reg_no}``: everything about it (:mod:`.registration`), with the
  previous/next registration of the queue the viewer came from (same filters, carried in the
  query string). Viewing is written to the audit trail.
- ``POST /console/registrations/{reg_no}/verdict`` (``status``, ``reason``, ``csrf_token``, and
  ``version``: the version the verifier looked at): admin and verifier only; a newer version that
  arrived meanwhile is not decided blind (the page comes back with a notice). The verdict reaches
  the kiosk at its next pull (:func:`kiosk.central.admin.decide`).
- ``GET /console/pages/{sha256}`` (``?size=thumb`` for a thumbnail): the page decrypted in memory,
  ``Cache-Control: no-store``; only for viewers who may see a registration naming it; every view
  is in the audit trail.

Closing the page's open conflicts and duplicate flags: :mod:`.routes_review` (it renders this page
again through :func:`show` when it refuses).
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from kiosk.central import admin, audit
from kiosk.central.console import (
    page_images,
    queue_facts,
    registration,
    texts,
    texts_verifier,
)
from kiosk.central.console.deps import (
    ConsoleForbidden,
    ConsoleNotFound,
    DeciderDep,
    ViewerDep,
    can_see_mpp,
    ensure_can_see,
    mpp_scope,
)
from kiosk.central.console.queue import QueueFilter, neighbours
from kiosk.central.console.routes_queue import queue_filter
from kiosk.central.console.sessions import Viewer
from kiosk.central.console.templating import render, secure
from kiosk.central.console.users import DECIDERS, REVIEWERS
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep
from kiosk.central.models import CentralRegistration, Kiosk
from kiosk.errors import UserFacingError
from kiosk.i18n import as_lang

router = APIRouter(prefix="/console", include_in_schema=False)
texts_verifier.register_texts()
_SHA = re.compile(r"^[0-9a-f]{64}$")


def visible(session: Session, viewer: Viewer, reg_no: str) -> CentralRegistration:
    """The registration ``reg_no``: 404 if there is none, 403 outside the viewer's MPP."""
    reg = admin.find_registration(session, reg_no)
    if reg is None:
        raise ConsoleNotFound()
    kiosk = session.get(Kiosk, reg.kiosk_id)
    ensure_can_see(viewer, kiosk.mpp_id if kiosk else None)
    return reg


def show(
    request: Request,
    state: StateDep,
    viewer: Viewer,
    reg_no: str,
    f: QueueFilter,
    *,
    error: str = "",
    status_code: int = 200,
    form: dict[str, str] | None = None,
) -> Response:
    with session_scope(state.factory) as session:
        reg = visible(session, viewer, reg_no)
        audit.record(  # first, so the trail on the page shows this view too
            session,
            viewer.username,
            "registration.viewed",
            registration_id=reg.id,
            target=reg.reg_no,
        )
        session.flush()
        queue_facts.keep_fresh(session)
        view = registration.load(session, reg)
        prev, nxt = neighbours(session, f, mpp_scope(viewer), reg.id)
    query = urlencode(f.params(page=1))
    return render(
        request,
        viewer,
        "registration.html",
        status_code=status_code,
        reg=view,
        prev_no=prev,
        next_no=nxt,
        query=query,
        can_decide=viewer.role in DECIDERS,
        can_review=viewer.role in REVIEWERS,
        error=error,
        form=form or {},
        statuses=texts_verifier.STATUSES,
    )


@router.get("/registrations/{reg_no}")
def registration_page(
    request: Request,
    state: StateDep,
    viewer: ViewerDep,
    reg_no: str,
    f: Annotated[QueueFilter, Depends(queue_filter)],
) -> Response:
    return show(request, state, viewer, reg_no, f)


@router.post("/registrations/{reg_no}/verdict")
def verdict(
    request: Request,
    state: StateDep,
    viewer: DeciderDep,
    reg_no: str,
    f: Annotated[QueueFilter, Depends(queue_filter)],
    status: Annotated[str, Form(max_length=16)] = "",
    reason: Annotated[str, Form(max_length=4000)] = "",
    version: Annotated[str, Form(max_length=9)] = "",
) -> Response:
    form = {"status": status, "reason": reason}
    with session_scope(state.factory) as session:
        reg = visible(session, viewer, reg_no)
        if version.isascii() and version.isdigit() and int(version) != reg.current_version:
            error = texts.text("detail.newer_version", as_lang(viewer.language))
        else:
            try:
                admin.decide(session, reg, status, reason, actor=viewer.username)
                error = ""
            except UserFacingError as exc:
                error = exc.text(as_lang(viewer.language))
        number = reg.reg_no
    if error:
        return show(request, state, viewer, number, f, error=error, status_code=422, form=form)
    target = f"/console/registrations/{number}?" + urlencode(f.params(page=1))
    return secure(RedirectResponse(target + "&decided=1", status_code=303))


@router.get("/pages/{sha256}")
def page_image(state: StateDep, viewer: ViewerDep, sha256: str, size: str = "full") -> Response:
    if not _SHA.fullmatch(sha256):
        raise ConsoleNotFound()
    with session_scope(state.factory) as session:
        owners = page_images.owners(session, sha256)
        media_type = page_images.media_type(session, sha256)
        if not owners or media_type is None:
            raise ConsoleNotFound()
        visible = [rid for rid, mpp in owners if can_see_mpp(viewer, mpp)]
        if not visible:
            raise ConsoleForbidden()
        thumb = size == "thumb"
        audit.record(
            session,
            viewer.username,
            "page.viewed",
            registration_id=visible[0],
            target=sha256[:16],
            details={"size": "thumb" if thumb else "full"},
        )
    try:
        image = page_images.decrypt(state.storage, state.private_key, sha256)
    except page_images.PageUnreadable:
        raise ConsoleNotFound() from None
    if thumb:
        small = page_images.thumbnail(image)
        if small is not None:
            image, media_type = small
    response = Response(image, media_type=media_type)
    response.headers["Content-Disposition"] = "inline"
    return secure(response)
