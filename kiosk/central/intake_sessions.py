"""Kiosks' offline intake sessions at the central (issue 14): kept as each kiosk last sent them.

One path for both ways a session arrives: ``POST /api/v1/intake-sessions`` (every sync round sends
the records that changed) and an offline bundle's manifest (:mod:`kiosk.central.bundle_import`)
both hand the protocol's :class:`~kiosk.protocol.IntakeSessionRecord` to :func:`receive`.

Invariants:

- A record is kept only with a valid signature of the sending kiosk's enrolled Ed25519 key over
  :func:`kiosk.protocol.intake_session_signing_bytes`; a session id held for another kiosk is never
  taken over; a date or time that does not exist is refused (no row, no 500). Refused records are
  left out of the answer and logged by id only.
- The same record again changes nothing (``record_hash``); a different one replaces the row and
  its registration links whole (a session's record only grows: registrations, closing time).
- The links are registration ids as the kiosk names them; what the console shows of them is
  limited to registrations the same kiosk pushed (:func:`members`), so naming another kiosk's
  registration reveals nothing.
- Team members' names are personal data: they are stored and shown to console users, and never
  logged; the audit entry of a stored record (``intake_session.stored``, actor ``kiosk:<code>``)
  names the session by id with its day, registration count, parts and whether it closed — not the
  team, not the place.
- A session too large for one record arrives as ``parts`` records (:mod:`kiosk.protocol`): it is
  kept only when every part is in the same report or bundle, each validly signed, with the same
  header; its links are the union of the parts' ids. A one-part record's digest is what it always
  was, so rows stored before parts existed stay "unchanged" for the same record.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from kiosk import protocol as p
from kiosk.central import audit
from kiosk.central.authorship import load_identity
from kiosk.central.models import CentralRegistration, IntakeSession, IntakeSessionMember, Kiosk

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Parsed:
    day: dt.date
    opened_at: dt.datetime
    closed_at: dt.datetime | None


def _parse(record: p.IntakeSessionRecord) -> _Parsed | None:
    try:
        day = dt.date.fromisoformat(record.day)
        opened = dt.datetime.fromisoformat(record.opened_at)
        closed = dt.datetime.fromisoformat(record.closed_at) if record.closed_at else None
    except ValueError:
        return None
    return _Parsed(day, opened, closed)


def _signed(key: Ed25519PublicKey, record: p.IntakeSessionRecord) -> bool:
    try:
        raw = base64.b64decode(record.signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(raw) != 64:
        return False
    try:
        key.verify(raw, p.intake_session_signing_bytes(record))
    except InvalidSignature:
        return False
    return True


def _whole(group: list[p.IntakeSessionRecord]) -> list[p.IntakeSessionRecord] | None:
    """A session's records in part order, if they are every part of one revision (same number
    of parts, one record per part, the same header), else None."""
    parts = group[0].parts
    by_part: dict[int, p.IntakeSessionRecord] = {}
    header = group[0].model_dump(exclude=_PER_PART)
    for record in group:
        if record.parts != parts or record.model_dump(exclude=_PER_PART) != header:
            return None
        if by_part.setdefault(record.part, record) != record:
            return None
    return [by_part[n] for n in range(parts)] if set(by_part) == set(range(parts)) else None


_PER_PART = {"part", "registration_ids", "signature"}


def receive(
    session: Session, kiosk_id: str, records: Sequence[p.IntakeSessionRecord], *, via: str = "sync"
) -> list[str]:
    """Keep the records (in the caller's transaction); the ids now held as sent, sorted. Each
    session stored (new or changed) gets one entry in the central's audit trail (``via``: sync or
    bundle) by ids and counts only, never the team's names or the place."""
    if not records:
        return []
    identity = load_identity(session.connection(), kiosk_id)
    kiosk = session.get(Kiosk, kiosk_id)
    assert kiosk is not None
    groups: dict[str, list[p.IntakeSessionRecord]] = {}
    for record in records:
        groups.setdefault(record.id, []).append(record)
    accepted: set[str] = set()
    for session_id, group in groups.items():
        whole = _whole(group)
        parsed = _parse(whole[0]) if whole else None
        key = identity.public_key
        if whole is None or parsed is None or not all(_signed(key, r) for r in whole):
            log.warning("intake session %s refused: signature, parts or dates", session_id[:8])
            continue
        record, digest = whole[0], p.intake_session_digest(whole)
        row = session.get(IntakeSession, record.id)
        if row is not None and row.kiosk_id != kiosk_id:
            log.warning("intake session %s refused: held for another kiosk", record.id[:8])
            continue
        if row is not None and row.record_hash == digest:
            accepted.add(record.id)
            continue
        if row is None:
            row = IntakeSession(id=record.id, kiosk_id=kiosk_id)
            session.add(row)
        ids = sorted({rid for part in whole for rid in part.registration_ids})
        row.mpp_id = kiosk.mpp_id
        row.place = record.place
        row.day = parsed.day
        row.team = json.dumps(record.team, ensure_ascii=False)
        row.target_list = record.target_list
        row.target_count = record.target_count
        row.opened_at, row.closed_at = parsed.opened_at, parsed.closed_at
        row.registered = len(ids)
        row.record_hash, row.signature = digest, record.signature
        row.received_at = dt.datetime.now(dt.UTC)
        session.flush()
        session.execute(delete(IntakeSessionMember).where(IntakeSessionMember.session_id == row.id))
        if ids:
            session.execute(
                insert(IntakeSessionMember),
                [{"session_id": row.id, "registration_id": rid} for rid in ids],
            )
        audit.record(
            session,
            f"kiosk:{kiosk.code}",
            "intake_session.stored",
            target=record.id,
            details={
                "via": via,
                "day": record.day,
                "registrations": len(ids),
                "parts": len(whole),
                "closed": "yes" if parsed.closed_at else "no",
            },
        )
        accepted.add(record.id)
    return sorted(accepted)


def members(session: Session, row: IntakeSession) -> list[CentralRegistration]:
    """The session's registrations the central holds from the same kiosk, by number."""
    R, M = CentralRegistration, IntakeSessionMember
    return list(
        session.scalars(
            select(R)
            .join(M, M.registration_id == R.id)
            .where(M.session_id == row.id, R.kiosk_id == row.kiosk_id)
            .order_by(R.reg_no)
        )
    )


def session_of(session: Session, registration: CentralRegistration) -> IntakeSession | None:
    """The intake session the registration was made in (by its own kiosk), if one was sent."""
    M = IntakeSessionMember
    return session.scalar(
        select(IntakeSession)
        .join(M, M.session_id == IntakeSession.id)
        .where(
            M.registration_id == registration.id, IntakeSession.kiosk_id == registration.kiosk_id
        )
        .limit(1)
    )


def team_of(row: IntakeSession) -> list[str]:
    try:
        team = json.loads(row.team or "[]")
    except ValueError:
        return []
    return [str(name) for name in team] if isinstance(team, list) else []
