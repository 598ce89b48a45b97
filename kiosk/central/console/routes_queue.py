"""``GET /console/queue``: the verifier's work list (filters, search, pages, keyboard)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kiosk.central import audit
from kiosk.central.console import queue_facts, texts_verifier
from kiosk.central.console.deps import ViewerDep, mpp_scope
from kiosk.central.console.queue import COUNT_CAP, QueueFilter, choices, find, search_kind
from kiosk.central.console.templating import render
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep

router = APIRouter(prefix="/console", include_in_schema=False)
texts_verifier.register_texts()


def queue_filter(request: Request) -> QueueFilter:
    return QueueFilter.from_params(request.query_params)


@router.get("/queue")
def queue_page(
    request: Request,
    state: StateDep,
    viewer: ViewerDep,
    f: Annotated[QueueFilter, Depends(queue_filter)],
) -> Response:
    scope = mpp_scope(viewer)
    with session_scope(state.factory) as session:
        queue_facts.keep_fresh(session)
        page = find(session, f, scope)
        lists = choices(session, scope)
        if f.q:  # who searched, and for what kind of thing; never the typed text
            audit.record(
                session, viewer.username, "queue.searched", details={"kind": search_kind(f.q)}
            )
    base = f.params(page=1)
    return render(
        request,
        viewer,
        "queue.html",
        f=f,
        page=page,
        lists=lists,
        legal_forms=texts_verifier.LEGAL_FORMS,
        scales=texts_verifier.SCALES,
        statuses=texts_verifier.STATUSES,
        detail_query=urlencode(base),
        page_url=lambda n: "/console/queue?" + urlencode(f.params(page=n)),
        count_cap=COUNT_CAP,
    )
