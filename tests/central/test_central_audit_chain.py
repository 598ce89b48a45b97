"""The central's audit trail is a hash chain on both backends: entries written through the one
function verify; a changed, removed or moved entry (and a row written around it) is named."""

from __future__ import annotations

import random

from sqlalchemy import create_engine, update
from sqlalchemy.orm import Session

from kiosk.central import audit
from kiosk.central.models import AuditRecord
from tests.central.helpers import Central, unique


def _write(central: Central, count: int) -> list[int]:
    engine = create_engine(central.db_url)
    seqs = []
    try:
        with Session(engine) as session, session.begin():
            for i in range(count):
                entry = audit.record(
                    session, "admin", "registration.viewed", registration_id=unique("r")[:36],
                    target=f"t{i}", details={"n": i, "kata": "ünïcode"},
                )  # fmt: skip
                seqs.append(int(entry.seq or 0))
        with Session(engine) as session, session.begin():  # a rolled-back one leaves no gap
            audit.record(session, "admin", "rolled.back")
            session.rollback()
        with Session(engine) as session:
            assert audit.check(session).ok
    finally:
        engine.dispose()
    return seqs


def test_entries_chain_and_tampering_is_named(central: Central) -> None:
    seqs = _write(central, 12)
    assert seqs == list(range(seqs[0], seqs[0] + 12))
    engine = create_engine(central.db_url)
    rng = random.Random(13)
    try:
        for _ in range(30):
            with Session(engine) as session:
                session.begin()
                seq = rng.choice(seqs[1:-1])
                how = rng.choice(["change", "delete", "swap", "unchained"])
                rows = session.query(AuditRecord)
                if how == "change":
                    session.execute(
                        update(AuditRecord).where(AuditRecord.seq == seq).values(actor="mallory")
                    )
                elif how == "delete":
                    rows.filter(AuditRecord.seq == seq).delete()
                elif how == "swap":
                    a, b = rows.filter(AuditRecord.seq.in_([seq, seq + 1])).order_by(
                        AuditRecord.seq
                    )
                    a.target, b.target = b.target, a.target
                else:
                    session.add(AuditRecord(actor="x", action="sneaked.in", details="{}"))
                session.flush()
                report = audit.check(session)
                session.rollback()
            assert not report.ok, how
            if how != "unchained":
                assert min(f.seq for f in report.findings) in (seq, seq + 1), (how, report)
            else:
                assert report.findings[-1].kind == "unchained"
        with Session(engine) as session:
            assert audit.check(session).ok
    finally:
        engine.dispose()
