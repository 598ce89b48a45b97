"""The central's audit trail: who did what, when, at the central (console and command line).

Every entry goes through :func:`record` and nowhere else, so the trail can become a hash chain in
one place (issue 13) without touching its callers. An entry names the actor (a console user name or
``cli``), a short action code (``verdict``, ``page.viewed``, ``registration.viewed``,
``login.ok`` …), the registration it concerns (its id, never its content) and a small JSON of
details. Invariant: no personal data in an entry — no NIK, no names, no reasons typed about a
person beyond the verdict's own reason, which the kiosk shows the applicant anyway; details are
neutralised (control characters removed, length capped) like the kiosk's audit log.

``record`` adds to the caller's session and does not commit: the entry commits with the change it
describes, or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.models import AuditRecord, aware, utcnow

MAX_TEXT = 200


def _neutral(value: object, limit: int = MAX_TEXT) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    return text[:limit]


@dataclass(frozen=True)
class AuditView:
    at: dt.datetime
    actor: str
    action: str
    target: str
    details: dict[str, str]


def record(
    session: Session,
    actor: str,
    action: str,
    *,
    registration_id: str | None = None,
    target: str = "",
    details: dict[str, object] | None = None,
    at: dt.datetime | None = None,
) -> AuditRecord:
    """Add one entry to ``session`` (committed with the caller's transaction)."""
    clean = {_neutral(k, 48): _neutral(v) for k, v in sorted((details or {}).items())}
    entry = AuditRecord(
        at=at or utcnow(),
        actor=_neutral(actor, 64),
        action=_neutral(action, 48),
        registration_id=registration_id,
        target=_neutral(target),
        details=json.dumps(clean, ensure_ascii=False, sort_keys=True),
    )
    session.add(entry)
    return entry


def for_registration(session: Session, registration_id: str, limit: int = 500) -> list[AuditView]:
    """The trail of one registration, oldest first."""
    rows = session.scalars(
        select(AuditRecord)
        .where(AuditRecord.registration_id == registration_id)
        .order_by(AuditRecord.id)
        .limit(limit)
    )
    return [
        AuditView(aware(r.at), r.actor, r.action, r.target, json.loads(r.details or "{}"))
        for r in rows
    ]
