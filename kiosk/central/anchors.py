"""Kiosks' audit-chain anchors: the head (``seq``, hash) each kiosk sends with every sync.

The central cannot read a kiosk's audit log, but it keeps what the log's head was at each sync.
Because every entry's hash covers all entries before it, one anchored head vouches for the whole
log up to it: ``kiosk audit verify`` on the kiosk checks its log against these anchors, and a log
changed, cut short or rebuilt after an anchor was taken no longer matches it.

Invariants:

- An anchor is stored only when the head differs from the newest one held (a quiet kiosk adds no
  rows).
- A head older than (or different at the same ``seq`` from) the newest anchor is stored with
  ``regressed=True`` and written to the central's audit trail (``audit.anchor_regressed``): the
  kiosk's log went backwards — restored from a backup, or entries removed. The anchors handed back
  to the kiosk start at its newest regression (older ones can never match again; the central's
  own verification, :func:`regressions`, keeps showing the event).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import protocol as p
from kiosk.central import audit
from kiosk.central.models import AuditAnchor, Kiosk, aware


@dataclass(frozen=True)
class Regression:
    kiosk_code: str
    at: dt.datetime
    seq: int
    previous_seq: int


def receive(session: Session, kiosk_id: str, head: p.AuditHead) -> p.AuditAnchors:
    """Keep ``head`` as this kiosk's newest anchor (if it is new); answer the anchors held."""
    last = session.scalar(
        select(AuditAnchor)
        .where(AuditAnchor.kiosk_id == kiosk_id)
        .order_by(AuditAnchor.id.desc())
        .limit(1)
    )
    regressed = False
    if head.seq > 0 and (last is None or (last.seq, last.entry_hash) != (head.seq, head.hash)):
        regressed = last is not None and head.seq <= last.seq
        session.add(
            AuditAnchor(kiosk_id=kiosk_id, seq=head.seq, entry_hash=head.hash, regressed=regressed)
        )
        if regressed and last is not None:
            code = session.scalar(select(Kiosk.code).where(Kiosk.id == kiosk_id)) or "?"
            audit.record(
                session, f"kiosk:{code}", "audit.anchor_regressed", target=code,
                details={"seq": head.seq, "previous_seq": last.seq},
            )  # fmt: skip
        session.flush()
    return anchors(session, kiosk_id, regressed=regressed)


def anchors(session: Session, kiosk_id: str, *, regressed: bool = False) -> p.AuditAnchors:
    """The anchors since the kiosk's newest regression, oldest first."""
    rows = session.execute(
        select(AuditAnchor.seq, AuditAnchor.entry_hash, AuditAnchor.regressed)
        .where(AuditAnchor.kiosk_id == kiosk_id)
        .order_by(AuditAnchor.id)
    ).all()
    start = max((i for i, r in enumerate(rows) if r[2]), default=0)
    return p.AuditAnchors(
        anchors=[p.AuditHead(seq=r[0], hash=r[1]) for r in rows[start:]], regressed=regressed
    )


def regressions(session: Session) -> list[Regression]:
    """Every time a kiosk's log went backwards, oldest first."""
    rows = session.execute(
        select(AuditAnchor, Kiosk.code)
        .join(Kiosk, Kiosk.id == AuditAnchor.kiosk_id)
        .order_by(AuditAnchor.id)
    ).all()
    newest: dict[str, int] = {}
    found = []
    for anchor, code in rows:
        if anchor.regressed:
            found.append(
                Regression(code, aware(anchor.received_at), anchor.seq, newest.get(code, 0))
            )
        newest[code] = anchor.seq
    return found


def counts(session: Session) -> dict[str, int]:
    """Anchors held per kiosk code."""
    rows = session.execute(
        select(Kiosk.code, AuditAnchor.id).join(AuditAnchor, AuditAnchor.kiosk_id == Kiosk.id)
    ).all()
    out: dict[str, int] = {}
    for code, _ in rows:
        out[code] = out.get(code, 0) + 1
    return out
