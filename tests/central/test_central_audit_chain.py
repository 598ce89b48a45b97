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


def test_entries_written_before_the_chain_are_chained_at_upgrade(tmp_path) -> None:
    from pathlib import Path

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from kiosk.central import db

    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
        for i in range(5):
            conn.execute(
                text(
                    "INSERT INTO central_audit (at, actor, action, registration_id, target, "
                    "details) VALUES (:at, 'vera', 'verdict', NULL, :t, '{\"n\": 1}')"
                ),
                {"at": f"2026-12-0{i + 1} 0{i}:00:00.123456", "t": f"r{i}"},
            )
        conn.commit()
    with engine.connect() as conn:
        before = [tuple(r) for r in conn.execute(text("SELECT id, at, target FROM central_audit"))]
    db.migrate(engine)
    with Session(engine) as session:
        report = audit.check(session)
        assert report.ok and report.entries == 5
        rows = session.execute(text("SELECT id, at, target, seq FROM central_audit ORDER BY id"))
        after = [tuple(r) for r in rows]
        assert [r[:3] for r in after] == before and [r[3] for r in after] == [1, 2, 3, 4, 5]
        audit.record(session, "vera", "verdict", target="r9")  # the chain goes on from there
        session.commit()
        assert audit.check(session).ok
    engine.dispose()
