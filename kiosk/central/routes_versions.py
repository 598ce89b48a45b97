"""``GET /api/v1/versions/{registration_id}/{version}``: a kiosk takes back one of its versions.

Issue 13.5: a kiosk restored from an older backup lacks versions the central confirmed to it (a
correction made after the backup). :mod:`kiosk.sync.reconcile` asks for each one here and stores
it again. Only the asking kiosk's own registrations answer; anything else (another kiosk's, an
unknown id or version) is the same 404, so the route tells nobody whether another kiosk's
registration exists. The content is the canonical JSON text the hash covers, parsed back.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from sqlalchemy import select

from kiosk import protocol as p
from kiosk.central.db import session_scope
from kiosk.central.deps import KioskDep, StateDep, no_unknown_query
from kiosk.central.http_errors import ERROR_RESPONSES, ApiError
from kiosk.central.models import CentralRegistration, CentralVersion

router = APIRouter(
    prefix=p.API_PREFIX, responses=ERROR_RESPONSES, dependencies=[Depends(no_unknown_query)]
)
RegistrationId = Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$")]
Version = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get(
    "/versions/{registration_id}/{version}",
    response_model=p.VersionContent,
    tags=["sync"],
    responses={404: {"model": p.ErrorResponse, "description": "no such version of this kiosk"}},
)
def version_content(
    registration_id: RegistrationId, version: Version, kiosk: KioskDep, state: StateDep
) -> p.VersionContent:
    """One version of one of this kiosk's registrations, as the central holds it."""
    R, V = CentralRegistration, CentralVersion
    query = (
        select(V.content_hash, V.content)
        .join(R, R.id == V.registration_id)
        .where(V.registration_id == registration_id, V.version == version, R.kiosk_id == kiosk.id)
    )
    with session_scope(state.factory) as session:
        row = session.execute(query).first()
    if row is None:
        raise ApiError(404, p.VERSIONS_NOT_FOUND, "no such version of this kiosk's registrations")
    return p.VersionContent(
        registration_id=registration_id,
        version=version,
        content_hash=row.content_hash,
        content=json.loads(row.content),
    )
