"""Routes for a kiosk's audit anchors and its erasure reports (issue 13), under ``/api/v1``.

Thin: each hands over to :mod:`kiosk.central.anchors` or :mod:`kiosk.central.erasure` inside one
committed transaction. Envelopes an erasure frees are deleted only after that commit.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from kiosk import protocol as p
from kiosk.central import anchors, erasure
from kiosk.central.db import session_scope
from kiosk.central.deps import KioskDep, StateDep, no_unknown_query
from kiosk.central.http_errors import ERROR_RESPONSES

router = APIRouter(
    prefix=p.API_PREFIX, responses=ERROR_RESPONSES, dependencies=[Depends(no_unknown_query)]
)


@router.post("/audit/head", response_model=p.AuditAnchors, tags=["audit"])
def audit_head(body: p.AuditHead, kiosk: KioskDep, state: StateDep) -> p.AuditAnchors:
    """Keep the kiosk's audit-chain head as an anchor; answer the anchors held for it."""
    with session_scope(state.factory) as session:
        return anchors.receive(session, kiosk.id, body)


@router.get("/audit/anchors", response_model=p.AuditAnchors, tags=["audit"])
def audit_anchors(kiosk: KioskDep, state: StateDep) -> p.AuditAnchors:
    """The anchors held for this kiosk (since its newest regression), oldest first."""
    with session_scope(state.factory) as session:
        return anchors.anchors(session, kiosk.id)


@router.post("/erasures", response_model=p.ErasureReportResponse, tags=["sync"])
def erasures(body: p.ErasureReport, kiosk: KioskDep, state: StateDep) -> p.ErasureReportResponse:
    """Erasures the kiosk carried out, and consent withdrawn at its desk."""
    accepted = erasure.receive_report(state.factory, state.storage, kiosk.id, kiosk.code, body)
    return p.ErasureReportResponse(accepted=accepted)
