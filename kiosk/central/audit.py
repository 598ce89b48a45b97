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

The trail is a hash chain (issue 13): each entry has a gapless ``seq`` and carries the previous
entry's hash; its own hash is SHA-256 over :func:`canonical` (a JSON array of a version tag, seq,
the time as ISO-8601 UTC with microseconds, actor, action, registration id, target, the details
text and the previous hash). ``record`` takes the chain's lock first — a transaction-scoped
advisory lock on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises writers — so two
requests never append after the same head. :func:`check` finds a changed, removed, moved or cut-off
entry (``kiosk central audit verify``); a rolled-back transaction leaves no number behind because
``seq`` is counted under the lock, not taken from a sequence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from kiosk.central.feed import _EVENT_LOCK as EVENT_LOCK
from kiosk.central.models import AuditRecord, aware, utcnow
from kiosk.store.audit_verify import GENESIS, Link, Report, verify

MAX_TEXT = 200
TAG = "central-audit/1"
_CHAIN_LOCK = 7_301_946_013  # pg_advisory_xact_lock key: "central audit chain"


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
    _lock(session.connection())
    session.flush()  # entries added earlier in this session are in the head below
    last = session.execute(
        select(AuditRecord.seq, AuditRecord.entry_hash)
        .where(AuditRecord.seq.is_not(None))
        .order_by(AuditRecord.seq.desc())
        .limit(1)
    ).first()
    seq, prev = (1, GENESIS) if last is None else (int(last[0] or 0) + 1, str(last[1]))
    entry = AuditRecord(
        at=_microseconds(at or utcnow()),
        actor=_neutral(actor, 64),
        action=_neutral(action, 48),
        registration_id=registration_id,
        target=_neutral(target),
        details=json.dumps(clean, ensure_ascii=False, sort_keys=True),
        seq=seq,
        prev_hash=prev,
    )
    entry.entry_hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


def _microseconds(value: dt.datetime) -> dt.datetime:
    return aware(value).astimezone(dt.UTC)


def _lock(conn: Connection) -> None:
    """The chain's lock; on PostgreSQL the pull feed's lock first (:mod:`kiosk.central.feed`).

    Writers take both in one order (feed, then chain) whatever they do first, emit an event or
    record an entry, so two transactions never wait on each other's lock (a deadlock)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": EVENT_LOCK})
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK})


def canonical(
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    registration_id: str | None,
    target: str,
    details: str,
    prev_hash: str,
) -> bytes:
    """The bytes an entry's hash covers (see the module docstring)."""
    when = aware(at).astimezone(dt.UTC).isoformat(timespec="microseconds")
    fields = [TAG, seq, when, actor, action, registration_id or "", target, details, prev_hash]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(entry: AuditRecord) -> str:
    raw = canonical(
        int(entry.seq or 0),
        entry.at,
        entry.actor,
        entry.action,
        entry.registration_id,
        entry.target,
        entry.details,
        entry.prev_hash,
    )
    return hashlib.sha256(raw).hexdigest()


def check(session: Session) -> Report:
    """Verify the whole trail (changed, removed, moved entries; see kiosk.store.audit_verify)."""
    rows = session.scalars(
        select(AuditRecord).where(AuditRecord.seq.is_not(None)).order_by(AuditRecord.seq)
    )
    links = [Link(int(r.seq or 0), r.prev_hash, r.entry_hash, entry_hash(r)) for r in rows]
    report = verify(links)
    unchained = session.scalar(select(AuditRecord.id).where(AuditRecord.seq.is_(None)).limit(1))
    if unchained is not None:  # a row slipped in around record(): it is outside the chain
        report.add_unchained(unchained)
    return report


def rechain(conn: Connection) -> int:
    """Number and chain the entries written before the chain existed (migration 0005)."""
    rows = conn.execute(
        text(
            "SELECT id, at, actor, action, registration_id, target, details FROM central_audit "
            "ORDER BY id"
        )
    ).all()
    prev = GENESIS
    for seq, (row_id, at, actor, action, reg_id, target, details) in enumerate(rows, start=1):
        when = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
        raw = canonical(seq, when, actor, action, reg_id, target, details, prev)
        digest = hashlib.sha256(raw).hexdigest()
        conn.execute(
            text(
                "UPDATE central_audit SET seq = :s, prev_hash = :p, entry_hash = :h WHERE id = :i"
            ),
            {"s": seq, "p": prev, "h": digest, "i": row_id},
        )
        prev = digest
    return len(rows)


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
