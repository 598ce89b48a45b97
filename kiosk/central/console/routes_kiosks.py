"""The MPP supervisor's kiosk pages: the MPP's kiosks (last sync, what waits, problems), a new
kiosk's enrolment code shown as text and as a QR code, and revocation.

Routes are thin: scope and audit live in :mod:`kiosk.central.console.mpp_ops`. The enrolment
code appears only in the answer to the POST that made it (it is stored hashed); the page is not
cached (``no-store``, as every console page). The QR code holds the enrolment link
(:func:`kiosk.protocol.enrolment_link`): this central's address as the browser reached it, the
code and, when the central serves TLS, its key's pin (``CentralSettings.tls_pin``), so the kiosk
that scans it (Settings → Sync, with its camera) trusts that key and no other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from kiosk.central.console import mpp_ops, ops_texts  # noqa: F401 (texts registered)
from kiosk.central.console.deps import ConsoleNotFound
from kiosk.central.console.forms import ListPage, attempt, done_redirect
from kiosk.central.console.ops_deps import OperatorDep, OperatorFormDep
from kiosk.central.console.sessions import Viewer
from kiosk.central.console.templating import render
from kiosk.central.console.texts import text
from kiosk.central.deps import StateDep
from kiosk.central.svg_charts import qr_code
from kiosk.errors import UserFacingError
from kiosk.i18n import as_lang
from kiosk.protocol import enrolment_link

router = APIRouter(prefix="/console", include_in_schema=False)


def central_address(request: Request, state: StateDep) -> str:
    """The address kiosks use: the configured public one (``KIOSK_CENTRAL_PUBLIC_URL``), else
    this central's address as the supervisor's browser reached it (scheme, host, port)."""
    return (state.settings.public_url or str(request.base_url)).rstrip("/")


def _lists(session: Session, viewer: Viewer) -> Mapping[str, object]:
    return {
        "kiosks": mpp_ops.kiosks(session, viewer),
        "codes": mpp_ops.pending_codes(session, viewer),
        "mpps": mpp_ops.mpp_names(session) if viewer.role == "admin" else [],
    }


PAGE = ListPage("kiosks.html", _lists)


@router.get("/kiosks")
def kiosks_page(request: Request, state: StateDep, viewer: OperatorDep, done: str = "") -> Response:
    return PAGE.show(request, state, viewer, done=done[:40])  # the revoked kiosk's code


@router.post("/kiosks/enrol")
def create_code(
    request: Request,
    state: StateDep,
    viewer: OperatorFormDep,
    kiosk_name: Annotated[str, Form(max_length=200)] = "",
    mpp: Annotated[str, Form(max_length=200)] = "",
    minutes: Annotated[int, Form(ge=1, le=60)] = 30,
) -> Response:
    issued = attempt(
        state, lambda session: mpp_ops.issue_code(session, viewer, kiosk_name, mpp, minutes)
    )
    if isinstance(issued, UserFacingError):
        form = {"kiosk_name": kiosk_name, "mpp": mpp, "minutes": minutes}
        return PAGE.refused(request, state, viewer, issued, form)
    address = central_address(request, state)
    link = enrolment_link(address, issued.code, state.settings.tls_pin)
    return render(
        request,
        viewer,
        "enrol.html",
        issued=issued,
        link=link,
        server=address,
        qr_svg=qr_code(link, text("enrol.qr_title", as_lang(viewer.language))),
    )


@router.post("/kiosks/{kiosk_id}/revoke")
def revoke(state: StateDep, viewer: OperatorFormDep, kiosk_id: str) -> Response:
    code = attempt(state, lambda session: mpp_ops.revoke(session, viewer, kiosk_id).code)
    if isinstance(code, UserFacingError):
        raise ConsoleNotFound()
    return done_redirect("/console/kiosks", code)
