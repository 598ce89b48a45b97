"""Sending the kiosk's intake sessions to the central (issue 14), every sync round and in bundles.

A session travels as one record (:class:`~kiosk.protocol.IntakeSessionRecord`): place, local day,
team, target, opened and closed times, and the ids of the registrations made during it that travel
(drafts never do), signed with the kiosk's Ed25519 key. :func:`pending` builds and signs them the
same way for a sync round and for an offline bundle (:mod:`kiosk.bundle.export`).

A record is sent again only when it changed since the central last accepted it: the digest of what
was accepted, and the session's fingerprint then (closing time, number and row-number sum of its
registrations, aggregated in SQLite), are remembered per session in the setting :data:`SETTING`
(written after the central's answer, so a lost answer only sends the same record again, which the
central takes as unchanged). A round compares fingerprints first and builds records only for the
sessions whose fingerprint moved. A session's record changes when it is opened, when one of its
registrations is first submitted (or erased) and when it is closed: a handful of records a day.

What a record holds is clipped to the protocol's bounds here (a place over 200 characters, more
than 20 team members, control characters), so the central never refuses it for its size. Team
members' names are personal data: nothing here logs them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk import protocol as p
from kiosk.intake.sessions import all_sessions
from kiosk.sync.messages import CentralRefused

if TYPE_CHECKING:
    from kiosk.store import Store
    from kiosk.sync.client import CentralClient

log = logging.getLogger(__name__)

#: {session id: [fingerprint, SHA-256 of the record the central accepted]}
SETTING = "sync.intake_sessions_sent"
ENDPOINT = "/intake-sessions"


def _utc(moment: dt.datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat()


def _line(text: str, limit: int) -> str:
    return "".join(c for c in " ".join(text.split()) if c.isprintable())[:limit]


def _fingerprints(store: Store) -> dict[str, str]:
    """Per session, what its record depends on that can change: when it closed, and how many
    registrations that travel it holds with the sum of their row numbers (a draft submitted or
    a registration erased changes both). Aggregated in SQLite through the ``session_id`` index:
    a round where nothing changed reads no registration id."""
    from sqlalchemy.exc import OperationalError

    with store.session(write=False) as session:
        try:
            rows = (
                session.connection()
                .exec_driver_sql(
                    "SELECT s.id, s.closed_at, count(r.num), coalesce(sum(r.num), 0) "
                    "FROM intake_sessions s LEFT JOIN registrations r "
                    "ON r.session_id = s.id AND r.status != 'draft' GROUP BY s.id"
                )
                .all()
            )
        except OperationalError as exc:  # a store opened below 0007 (``migrate_to``: the tests)
            if "no such" not in str(exc):
                raise
            return {}
    return {str(r[0]): f"{r[1] or ''}|{r[2]}|{r[3]}" for r in rows}


def _registrations(store: Store, session_ids: list[str]) -> dict[str, list[str]]:
    """Per session: its registrations that travel (not drafts), in the order they were made."""
    out: dict[str, list[str]] = {}
    with store.session(write=False) as session:
        conn = session.connection()
        for start in range(0, len(session_ids), 500):
            chunk = session_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = conn.exec_driver_sql(
                "SELECT session_id, id FROM registrations "  # noqa: S608 - placeholders only
                f"WHERE session_id IN ({marks}) AND status != 'draft' ORDER BY num",
                tuple(chunk),
            ).all()
            for session_id, reg_id in rows:
                out.setdefault(str(session_id), []).append(str(reg_id))
    return out


def records(store: Store, only: set[str] | None = None) -> list[p.IntakeSessionRecord]:
    """The intake sessions of this kiosk (those in ``only``, else all) as records, oldest first,
    not yet signed (the digest that says whether one changed covers everything but the
    signature: :func:`sign` only those that go)."""
    sessions = [i for i in all_sessions(store) if only is None or i.id in only]
    members = _registrations(store, [i.id for i in sessions])
    out: list[p.IntakeSessionRecord] = []
    for intake in sessions:
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
        out.append(record)
    return out


def sign(store: Store, record: p.IntakeSessionRecord) -> p.IntakeSessionRecord:
    """The record with the kiosk's Ed25519 signature (base64) over its signing bytes."""
    signature = store.keys.signing_key.sign(p.intake_session_signing_bytes(record))
    return record.model_copy(update={"signature": base64.b64encode(signature).decode()})


def digest(record: p.IntakeSessionRecord) -> str:
    return hashlib.sha256(p.intake_session_signing_bytes(record)).hexdigest()


@dataclass(frozen=True)
class Outgoing:
    record: p.IntakeSessionRecord  # signed
    fingerprint: str  # :func:`_fingerprints` when it was built


def _sent(store: Store) -> dict[str, list[str]]:
    """``{session id: [fingerprint, digest]}`` of what the central accepted."""
    held = store.get_setting(SETTING, {}) or {}
    return {
        str(k): [str(x) for x in v] for k, v in held.items() if isinstance(v, list) and len(v) == 2
    }


def outgoing(store: Store) -> list[Outgoing]:
    """The records the central has not accepted as they are now, signed, with the fingerprint
    each was built at (what :func:`mark_sent` keeps)."""
    sent = _sent(store)
    prints = _fingerprints(store)
    changed = {sid for sid, fp in prints.items() if sent.get(sid, ["", ""])[0] != fp}
    if not changed:
        return []
    return [
        Outgoing(sign(store, r), prints[r.id])
        for r in records(store, changed)
        if sent.get(r.id, ["", ""])[1] != digest(r)
    ]


def pending(store: Store) -> list[p.IntakeSessionRecord]:
    """The records the central has not accepted as they are now, signed (sync and bundles)."""
    return [o.record for o in outgoing(store)]


def report(store: Store, client: CentralClient) -> int:
    """Send the changed records (:data:`~kiosk.protocol.MAX_INTAKE_SESSIONS` a request); returns
    how many the central accepted. A central too old to know the endpoint is logged and skipped."""
    todo = outgoing(store)
    accepted = 0
    for start in range(0, len(todo), p.MAX_INTAKE_SESSIONS):
        batch = todo[start : start + p.MAX_INTAKE_SESSIONS]
        body = p.IntakeSessionReport(sessions=[o.record for o in batch])
        try:
            raw = client.call("POST", ENDPOINT, json=body.model_dump()).json()
        except CentralRefused as exc:
            if exc.status != 404:
                raise
            log.warning("the central does not take intake sessions yet (an older version)")
            return accepted
        answer = p.IntakeSessionReportResponse.model_validate(raw, strict=False)
        taken = set(answer.accepted)
        mark_sent(store, [o for o in batch if o.record.id in taken])
        if len(taken) < len(batch):
            log.warning(
                "the central did not take %d intake session records", len(batch) - len(taken)
            )
        accepted += len(taken)
    return accepted


def mark_sent(store: Store, sent: list[Outgoing]) -> None:
    if not sent:
        return
    held = _sent(store)
    held.update({o.record.id: [o.fingerprint, digest(o.record)] for o in sent})
    store.set_setting(SETTING, held)
