"""Sending the kiosk's intake sessions to the central (issue 14), every sync round and in bundles.

A session travels as one record (:class:`~kiosk.protocol.IntakeSessionRecord`): place, local day,
team, target, opened and closed times, and the ids of the registrations made during it that travel
(drafts never do), signed with the kiosk's Ed25519 key. :func:`records` builds them the same way
for a sync round and for an offline bundle (:mod:`kiosk.bundle.export`).

A record is sent again only when it changed since the central last accepted it: the digest of what
was accepted is remembered per session in the setting :data:`SETTING` (written after the central's
answer, so a lost answer only sends the same record again, which the central takes as unchanged).
A session's record changes when it is opened, when one of its registrations is first submitted
(or erased) and when it is closed: a handful of records a day.

What a record holds is clipped to the protocol's bounds here (a place over 200 characters, more
than 20 team members, control characters), so the central never refuses it for its size. Team
members' names are personal data: nothing here logs them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
from typing import TYPE_CHECKING

from kiosk import protocol as p
from kiosk.intake.sessions import all_sessions
from kiosk.sync.messages import CentralRefused

if TYPE_CHECKING:
    from kiosk.store import Store
    from kiosk.sync.client import CentralClient

log = logging.getLogger(__name__)

SETTING = "sync.intake_sessions_sent"  # {session id: SHA-256 of the record the central accepted}
ENDPOINT = "/intake-sessions"


def _utc(moment: dt.datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat()


def _line(text: str, limit: int) -> str:
    return "".join(c for c in " ".join(text.split()) if c.isprintable())[:limit]


def _registrations(store: Store) -> dict[str, list[str]]:
    """Per session: its registrations that travel (not drafts), in the order they were made."""
    with store.session(write=False) as session:
        rows = (
            session.connection()
            .exec_driver_sql(
                "SELECT session_id, id FROM registrations "
                "WHERE session_id != '' AND status != 'draft' ORDER BY num"
            )
            .all()
        )
    out: dict[str, list[str]] = {}
    for session_id, reg_id in rows:
        out.setdefault(str(session_id), []).append(str(reg_id))
    return out


def records(store: Store) -> list[p.IntakeSessionRecord]:
    """Every intake session of this kiosk as a signed record, oldest first."""
    members = _registrations(store)
    out: list[p.IntakeSessionRecord] = []
    for intake in all_sessions(store):
        ids = members.get(intake.id, [])
        if len(ids) > p.MAX_SESSION_REGISTRATIONS:
            log.warning("intake session %s: %d registrations, the first %d sent",
                        intake.id[:8], len(ids), p.MAX_SESSION_REGISTRATIONS)  # fmt: skip
        team = [name for name in (_line(t, 100) for t in intake.team) if name]
        record = p.IntakeSessionRecord(
            id=intake.id,
            place=_line(intake.place, 200) or "?",
            day=intake.day.isoformat(),
            team=team[: p.MAX_SESSION_TEAM],
            target_list=_line(intake.target_list, 200),
            target_count=min(max(intake.target_count, 0), 1_000_000),
            opened_at=_utc(intake.opened_at),
            closed_at=_utc(intake.closed_at) if intake.closed_at else "",
            registration_ids=ids[: p.MAX_SESSION_REGISTRATIONS],
        )
        signature = store.keys.signing_key.sign(p.intake_session_signing_bytes(record))
        out.append(record.model_copy(update={"signature": base64.b64encode(signature).decode()}))
    return out


def digest(record: p.IntakeSessionRecord) -> str:
    return hashlib.sha256(p.intake_session_signing_bytes(record)).hexdigest()


def pending(store: Store) -> list[p.IntakeSessionRecord]:
    """The records the central has not accepted as they are now."""
    sent = store.get_setting(SETTING, {}) or {}
    return [r for r in records(store) if sent.get(r.id) != digest(r)]


def report(store: Store, client: CentralClient) -> int:
    """Send the changed records (:data:`~kiosk.protocol.MAX_INTAKE_SESSIONS` a request); returns
    how many the central accepted. A central too old to know the endpoint is logged and skipped."""
    todo = pending(store)
    accepted = 0
    for start in range(0, len(todo), p.MAX_INTAKE_SESSIONS):
        batch = todo[start : start + p.MAX_INTAKE_SESSIONS]
        body = p.IntakeSessionReport(sessions=batch)
        try:
            raw = client.call("POST", ENDPOINT, json=body.model_dump()).json()
        except CentralRefused as exc:
            if exc.status != 404:
                raise
            log.warning("the central does not take intake sessions yet (an older version)")
            return accepted
        answer = p.IntakeSessionReportResponse.model_validate(raw, strict=False)
        taken = set(answer.accepted)
        mark_sent(store, [r for r in batch if r.id in taken])
        if len(taken) < len(batch):
            log.warning(
                "the central did not take %d intake session records", len(batch) - len(taken)
            )
        accepted += len(taken)
    return accepted


def mark_sent(store: Store, sent: list[p.IntakeSessionRecord]) -> None:
    if not sent:
        return
    held = dict(store.get_setting(SETTING, {}) or {})
    held.update({r.id: digest(r) for r in sent})
    store.set_setting(SETTING, held)
