"""Sending the kiosk's intake sessions to the central (issue 14), every sync round and in bundles.

A session travels as one record (:class:`~kiosk.protocol.IntakeSessionRecord`): place, local day,
team, target, opened and closed times, and the ids of the registrations made during it that travel
(drafts never do), signed with the kiosk's Ed25519 key. A session with more ids than a record holds
travels as several parts (:func:`split`), each signed, always in the same report or bundle: the
central keeps the union of a complete set. :func:`pending` builds and signs them the
same way for a sync round and for an offline bundle (:mod:`kiosk.bundle.export`).

A record is sent again only when it changed since the central last accepted it: the digest of what
was accepted, and the session's fingerprint then (closing time, number and row-number sum of its
registrations, aggregated in SQLite), are remembered per session in the setting :data:`SETTING`
(written after the central's answer, so a lost answer only sends the same record again, which the
central takes as unchanged). A round compares fingerprints first and builds records only for the
sessions whose fingerprint moved. A session's record changes when it is opened, when one of its
registrations is first submitted (or erased) and when it is closed: a handful of records a day.

What a record holds is clipped to the protocol's bounds here (a place over 200 characters, more
than 20 team members, control characters; more than 20 parts of ids: 100,000 registrations), so
the central never refuses it for its size. Team
members' names are personal data: nothing here logs them.
"""

from __future__ import annotations

import base64
import datetime as dt
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
    a session's parts (:func:`split`) one after the other, not yet signed (the digest that says
    whether one changed covers everything but the signature: :func:`sign` only those that go)."""
    sessions = [i for i in all_sessions(store) if only is None or i.id in only]
    members = _registrations(store, [i.id for i in sessions])
    out: list[p.IntakeSessionRecord] = []
    for intake in sessions:
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
        )
        out += split(record, members.get(intake.id, []))
    return out


def split(record: p.IntakeSessionRecord, ids: list[str]) -> list[p.IntakeSessionRecord]:
    """``record`` carrying ``ids``: one record, or as many parts as the ids need
    (:data:`~kiosk.protocol.MAX_SESSION_REGISTRATIONS` each, at most
    :data:`~kiosk.protocol.MAX_INTAKE_SESSIONS` parts: beyond that the rest is logged, not sent)."""
    size, most = p.MAX_SESSION_REGISTRATIONS, p.MAX_INTAKE_SESSIONS
    if len(ids) > size * most:
        log.warning("intake session %s: %d registrations, the first %d sent",
                    record.id[:8], len(ids), size * most)  # fmt: skip
        ids = ids[: size * most]
    parts = max(1, -(-len(ids) // size))
    return [
        record.model_copy(
            update={"registration_ids": ids[n * size : (n + 1) * size], "part": n, "parts": parts}
        )
        for n in range(parts)
    ]


def sign(store: Store, record: p.IntakeSessionRecord) -> p.IntakeSessionRecord:
    """The record with the kiosk's Ed25519 signature (base64) over its signing bytes."""
    signature = store.keys.signing_key.sign(p.intake_session_signing_bytes(record))
    return record.model_copy(update={"signature": base64.b64encode(signature).decode()})


def digest(parts: list[p.IntakeSessionRecord]) -> str:
    """What the central holds a session as (:func:`kiosk.protocol.intake_session_digest`)."""
    return p.intake_session_digest(parts)


@dataclass(frozen=True)
class Outgoing:
    records: list[p.IntakeSessionRecord]  # one session's parts, signed, in order
    fingerprint: str  # :func:`_fingerprints` when it was built

    @property
    def id(self) -> str:
        return self.records[0].id


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
    by_session: dict[str, list[p.IntakeSessionRecord]] = {}
    for record in records(store, changed):
        by_session.setdefault(record.id, []).append(record)
    return [
        Outgoing([sign(store, r) for r in parts], prints[sid])
        for sid, parts in by_session.items()
        if sent.get(sid, ["", ""])[1] != digest(parts)
    ]


def pending(store: Store) -> list[p.IntakeSessionRecord]:
    """The records the central has not accepted as they are now, signed (sync and bundles): a
    session's parts together."""
    return [r for o in outgoing(store) for r in o.records]


def report(store: Store, client: CentralClient) -> int:
    """Send the changed records (:data:`~kiosk.protocol.MAX_INTAKE_SESSIONS` a request); returns
    how many the central accepted. A central too old to know the endpoint is logged and skipped."""
    accepted = 0
    for batch in _batches(outgoing(store)):
        body = p.IntakeSessionReport(sessions=[r for o in batch for r in o.records])
        try:
            raw = client.call("POST", ENDPOINT, json=body.model_dump()).json()
        except CentralRefused as exc:
            if exc.status != 404:
                raise
            log.warning("the central does not take intake sessions yet (an older version)")
            return accepted
        answer = p.IntakeSessionReportResponse.model_validate(raw, strict=False)
        taken = set(answer.accepted)
        mark_sent(store, [o for o in batch if o.id in taken])
        if len(taken) < len(batch):
            log.warning(
                "the central did not take %d intake session records", len(batch) - len(taken)
            )
        accepted += len(taken)
    return accepted


def _batches(todo: list[Outgoing]) -> list[list[Outgoing]]:
    """Sessions in reports of at most :data:`~kiosk.protocol.MAX_INTAKE_SESSIONS` records, a
    session's parts never split across two (the central keeps a session only whole)."""
    out: list[list[Outgoing]] = []
    count = p.MAX_INTAKE_SESSIONS
    for o in todo:
        if count + len(o.records) > p.MAX_INTAKE_SESSIONS:
            out.append([])
            count = 0
        out[-1].append(o)
        count += len(o.records)
    return out


def mark_sent(store: Store, sent: list[Outgoing]) -> None:
    if not sent:
        return
    held = _sent(store)
    held.update({o.id: [o.fingerprint, digest(o.records)] for o in sent})
    store.set_setting(SETTING, held)
