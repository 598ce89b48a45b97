"""The pull feed (events per kiosk with a cursor) and the sanity check.

An event is addressed to one kiosk (``verdict``), to the kiosks of one MPP (``staff``) or to every
kiosk (``reference``, ``kiosk_key``). The cursor is the last ``seq`` a kiosk has seen; pulling
with the same cursor returns the same events and changes nothing (the only write is the kiosk's
``last_pull_at`` for the report).

Why a lock when emitting: ``seq`` comes from a sequence, allocated at insert but visible at commit.
Two writers could commit 11 before 10, a kiosk could pull 11, move its cursor past 10 and never see
it. On PostgreSQL every writer of events takes one transaction-scoped advisory lock, so events
commit in ``seq`` order; SQLite serialises writers anyway. Events are rare (admin actions), so the
lock costs nothing that matters.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from kiosk import protocol as p
from kiosk.central.models import CentralVersion, Event, Kiosk, utcnow

_EVENT_LOCK = 7_301_946_002


def emit(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    *,
    kiosk_id: str | None = None,
    mpp_id: int | None = None,
) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _EVENT_LOCK})
    session.add(Event(kind=kind, kiosk_id=kiosk_id, mpp_id=mpp_id, payload=json.dumps(payload)))
    session.flush()


def pull(session: Session, kiosk: Kiosk, cursor: int, limit: int) -> p.PullResponse:
    visible = or_(
        Event.kiosk_id == kiosk.id,
        Event.mpp_id == kiosk.mpp_id,
        (Event.kiosk_id.is_(None) & Event.mpp_id.is_(None)),
    )
    rows = session.scalars(
        select(Event).where(Event.seq > cursor, visible).order_by(Event.seq).limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    events = [p.PullEvent(seq=e.seq, kind=e.kind, payload=json.loads(e.payload)) for e in rows]
    kiosk.last_pull_at = utcnow()
    return p.PullResponse(cursor=rows[-1].seq if rows else cursor, events=events, has_more=has_more)


def sanity(session: Session, kiosk: Kiosk, detail: bool = False) -> p.SanityResponse:
    rows = session.execute(
        select(
            CentralVersion.registration_id, CentralVersion.version, CentralVersion.content_hash
        ).where(CentralVersion.kiosk_id == kiosk.id)
    ).all()
    triples = [(r[0], r[1], r[2]) for r in rows]
    versions = None
    if detail:
        versions = [
            p.SanityEntry(registration_id=rid, version=version, content_hash=digest)
            for rid, version, digest in sorted(triples)
        ]
    return p.SanityResponse(count=len(rows), digest=p.sanity_digest(triples), versions=versions)


def latest_seq(session: Session) -> int:
    return session.scalar(select(func.max(Event.seq))) or 0
