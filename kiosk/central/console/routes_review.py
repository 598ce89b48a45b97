"""Closing a registration's open conflicts and duplicate flags from its detail page.

- ``POST /console/registrations/{reg_no}/conflicts/{conflict_id}`` (``outcome``: ``stored`` or
  ``pushed``, ``note``, ``csrf_token``): which content stands, with a required note.
- ``POST /console/registrations/{reg_no}/duplicates/{flag_id}`` (``outcome``: ``distinct``,
  ``same-other`` — this registration duplicates the other — or ``same-this`` — the other
  duplicates this one —, ``note``, ``csrf_token``).

Who: admin and verifier province-wide, a supervisor within their MPP (:data:`ReviewerDep`; the
registration through :func:`routes_registration.visible`, and for a duplicate flag the other
registration too: a supervisor never settles another MPP's registration). What a closing means
is :mod:`kiosk.central.review`'s: the data stay, the outcome and note are kept, the audit trail has
it, in one transaction. A double submit or a stale form (the item closed meanwhile) re-renders the
page with the bilingual ``central.review.already`` sentence and 409, nothing changed; another
refusal (no note, no choice) is 422 with the form as it was typed. Success is a 303 back to the
page (``?resolved=conflict|duplicate``), where the item is no longer open and the queue's and
kiosks page's counts of open items have dropped (they count ``resolved_at IS NULL``).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from kiosk.central import review
from kiosk.central.console import texts_review
from kiosk.central.console.deps import ReviewerDep, ensure_can_see
from kiosk.central.console.queue import QueueFilter
from kiosk.central.console.routes_queue import queue_filter
from kiosk.central.console.routes_registration import show, visible
from kiosk.central.console.templating import secure
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep
from kiosk.central.models import CentralRegistration, DuplicateFlag, Kiosk
from kiosk.errors import UserFacingError
from kiosk.i18n import as_lang

router = APIRouter(prefix="/console", include_in_schema=False)
texts_review.register_texts()
ItemId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Outcome = Annotated[str, Form(max_length=16)]
Note = Annotated[str, Form(max_length=review.NOTE_MAX * 2)]


def _done(reg_no: str, f: QueueFilter, what: str) -> Response:
    target = f"/console/registrations/{reg_no}?" + urlencode(f.params(page=1))
    return secure(RedirectResponse(f"{target}&resolved={what}", status_code=303))


def _refused(
    request: Request,
    state: StateDep,
    viewer: ReviewerDep,
    reg_no: str,
    f: QueueFilter,
    exc: UserFacingError,
    form: dict[str, str],
) -> Response:
    status = 409 if exc.code in ("central.review.already", "central.review.unknown") else 422
    error = exc.text(as_lang(viewer.language))
    return show(request, state, viewer, reg_no, f, error=error, status_code=status, form=form)


@router.post("/registrations/{reg_no}/conflicts/{conflict_id}")
def resolve_conflict(
    request: Request,
    state: StateDep,
    viewer: ReviewerDep,
    reg_no: str,
    conflict_id: ItemId,
    f: Annotated[QueueFilter, Depends(queue_filter)],
    outcome: Outcome = "",
    note: Note = "",
) -> Response:
    form = {"item": f"conflict-{conflict_id}", "outcome": outcome, "note": note}
    try:
        with session_scope(state.factory) as session:
            reg = visible(session, viewer, reg_no)
            number = reg.reg_no
            review.resolve_conflict(
                session,
                conflict_id,
                note,
                actor=viewer.username,
                outcome=outcome,
                registration_id=reg.id,
            )
    except UserFacingError as exc:
        return _refused(request, state, viewer, reg_no, f, exc, form)
    return _done(number, f, "conflict")


_SAME = {"same-other": "other", "same-this": "this"}


@router.post("/registrations/{reg_no}/duplicates/{flag_id}")
def resolve_duplicate(
    request: Request,
    state: StateDep,
    viewer: ReviewerDep,
    reg_no: str,
    flag_id: ItemId,
    f: Annotated[QueueFilter, Depends(queue_filter)],
    outcome: Outcome = "",
    note: Note = "",
) -> Response:
    form = {"item": f"duplicate-{flag_id}", "outcome": outcome, "note": note}
    try:
        with session_scope(state.factory) as session:
            reg = visible(session, viewer, reg_no)
            number = reg.reg_no
            flag = session.get(DuplicateFlag, flag_id)
            pair = (flag.registration_a, flag.registration_b) if flag else (reg.id, reg.id)
            other_id = pair[1] if pair[0] == reg.id else pair[0]
            other_mpp = session.scalar(
                select(Kiosk.mpp_id)
                .join(CentralRegistration, CentralRegistration.kiosk_id == Kiosk.id)
                .where(CentralRegistration.id == other_id)
            )
            ensure_can_see(viewer, other_mpp)  # a supervisor: both registrations in their MPP
            side = _SAME.get(outcome)
            review.resolve_duplicate(
                session,
                flag_id,
                actor=viewer.username,
                outcome="same" if side else outcome,
                note=note,
                duplicate_of=None if side is None else (other_id if side == "other" else reg.id),
                registration_id=reg.id,
            )
    except UserFacingError as exc:
        return _refused(request, state, viewer, reg_no, f, exc, form)
    return _done(number, f, "duplicate")
