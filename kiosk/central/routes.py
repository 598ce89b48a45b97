"""The HTTP routes under ``/api/v1``: thin, each hands over to a service module.

Request and response bodies are the models of :mod:`kiosk.protocol` (the Create/Public
schemas of the protocol: ``EnrollRequest`` in, ``EnrollResponse`` out, and so on). Page uploads
live in :mod:`kiosk.central.routes_pages` because they stream.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from kiosk import protocol as p
from kiosk.central import enrolment, feed
from kiosk.central import push as push_service
from kiosk.central.db import session_scope
from kiosk.central.deps import KioskDep, SessionDep, StateDep, no_unknown_query, rate_limit
from kiosk.central.fastjson import OrjsonRoute, parsed_exactly
from kiosk.central.http_errors import ERROR_RESPONSES
from kiosk.central.models import Kiosk
from kiosk.central.schemas import Health
from kiosk.central.transition import UnsignedWindow

router = APIRouter(
    prefix=p.API_PREFIX,
    responses=ERROR_RESPONSES,
    dependencies=[Depends(no_unknown_query)],
    route_class=OrjsonRoute,  # JSON bodies parsed by orjson where that changes nothing
)


@router.get("/health", response_model=Health, tags=["service"])
def health(session: SessionDep) -> Health:
    """For load balancers: the process answers and reaches its database."""
    session.execute(text("SELECT 1"))
    return Health(status="ok")


@router.post(
    "/enroll",
    response_model=p.EnrollResponse,
    tags=["enrolment"],
    responses={403: {"model": p.ErrorResponse, "description": "code unknown, spent or expired"}},
)
def enroll(body: p.EnrollRequest, request: Request, state: StateDep) -> p.EnrollResponse:
    """Spend a one-time code: register the kiosk's keys, get a device token and the kiosk code."""
    rate_limit(state, f"enroll:{request.client.host if request.client else '?'}")
    for attempt in range(3):  # two enrolments creating the same MPP or kiosk code at once
        try:
            with session_scope(state.factory) as session:
                return enrolment.enroll(session, body, state.public_pem)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@router.post("/push", response_model=p.PushResponse, tags=["sync"])
def push(body: p.PushRequest, request: Request, kiosk: KioskDep, state: StateDep) -> Response:
    """Store registration versions idempotently; committed before this answers."""
    exact = parsed_exactly(request)
    window = UnsignedWindow(  # the rolling upgrade (kiosk.central.transition)
        state.settings.unsigned_window_end,
        enrolment.reported_version(request.headers.get("user-agent")),
    )
    answer = push_service.push(
        state.engine,
        kiosk.id,
        body.items,
        exact_json=exact,
        legacy_ids_before=state.settings.legacy_ids_before,
        window=window,
        push_signature=body.push_signature,
    )
    # serialised here: FastAPI would validate the model it was just built from once more
    return Response(answer.model_dump_json(), media_type="application/json")


@router.get("/pull", response_model=p.PullResponse, tags=["sync"])
def pull(
    request: Request,
    kiosk: KioskDep,
    state: StateDep,
    cursor: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,  # seq is a 32-bit integer
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> p.PullResponse:
    """Events after ``cursor`` for this kiosk: verdicts, reference data, staff, kiosk keys."""
    with session_scope(state.factory) as session:
        row = session.scalar(select(Kiosk).where(Kiosk.id == kiosk.id))
        assert row is not None
        version = enrolment.reported_version(request.headers.get("user-agent"))
        if version and version != row.app_version:
            row.app_version = version  # the supervisor's kiosks page shows it
        return feed.pull(session, row, cursor, limit)


@router.get("/sanity", response_model=p.SanityResponse, tags=["sync"])
def sanity(
    kiosk: KioskDep, session: SessionDep, detail: Annotated[bool, Query()] = False
) -> p.SanityResponse:
    """Count and digest of every registration version the central holds for this kiosk."""
    row = session.scalar(select(Kiosk).where(Kiosk.id == kiosk.id))
    assert row is not None
    return feed.sanity(session, row, detail)
