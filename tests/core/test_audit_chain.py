"""The kiosk's audit log is a hash chain: 1,000 seeded random tamperings are all found, and said
where; an older database is chained at upgrade without changing an entry."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from kiosk.domain.examples import complete_registration
from kiosk.staff import audit, audit_anchors
from kiosk.store import Store, audit_chain
from kiosk.store.audit_verify import verify

TAMPERINGS = 1000
COLUMNS = ("at", "actor", "action", "target", "details")


def _filled(data_dir: Path) -> Store:
    store = Store.open(data_dir)
    for i in range(1, 4):
        store.submit(complete_registration(i), staff_id="sari")
    for i in range(30):
        audit.log(store, f"staff{i % 4}", "registration.viewed", f"id-{i}", {"n": i})
    store.save_draft(complete_registration(9), step="owner")
    return store


def _rows(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT id, at, actor, action, target, details, prev_hash, entry_hash FROM audit_log "
        "ORDER BY id"
    ).fetchall()


def _report(conn: sqlite3.Connection, anchors: list[tuple[int, str]]):
    entries = [audit_chain.ChainEntry(*(r[0], *map(str, r[1:]))) for r in _rows(conn)]
    return verify(audit_anchors.links_of(entries), anchors)


def _rehash_from(conn: sqlite3.Connection, seq: int) -> None:
    """A careful attacker: recompute every hash from ``seq`` on (only an anchor shows it)."""
    prev = audit_chain.GENESIS
    for r in _rows(conn):
        if r[0] >= seq:
            digest = audit_chain.entry_hash(r[0], r[1], r[2], r[3], r[4], r[5], prev)
            conn.execute(
                "UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE id = ?",
                (prev, digest, r[0]),
            )
            prev = digest
        else:
            prev = r[7]


def _tamper(conn: sqlite3.Connection, rng: random.Random) -> tuple[str, int]:
    """One random tampering; returns (kind, the first seq it touched)."""
    rows = _rows(conn)
    ids = [r[0] for r in rows]
    kind = rng.choice(["change", "change_rehash", "delete", "reorder", "truncate"])
    if kind.startswith("change"):
        seq = rng.choice(ids)
        column = rng.choice(COLUMNS)
        old = conn.execute(f"SELECT {column} FROM audit_log WHERE id = ?", (seq,)).fetchone()[0]
        new = old[:-1] + chr((ord(old[-1]) + rng.randint(1, 20)) % 0x7F or 0x41) if old else "x"
        conn.execute(f"UPDATE audit_log SET {column} = ? WHERE id = ?", (new, seq))
        if kind == "change_rehash":
            _rehash_from(conn, seq)
        return kind, seq
    if kind == "delete":
        gone = sorted(rng.sample(ids[:-1], rng.randint(1, 3)))  # the tail is "truncate"
        conn.executemany("DELETE FROM audit_log WHERE id = ?", [(s,) for s in gone])
        if rng.random() < 0.5:  # and renumber the rest, hiding the gap
            for new_id, r in enumerate(_rows(conn), start=1):
                conn.execute("UPDATE audit_log SET id = ? WHERE id = ?", (-new_id, r[0]))
            conn.execute("UPDATE audit_log SET id = -id")
        return kind, gone[0]
    if kind == "reorder":
        a, b = sorted(rng.sample(ids, 2))
        ra, rb = (
            conn.execute("SELECT * FROM audit_log WHERE id = ?", (s,)).fetchone() for s in (a, b)
        )
        names = [d[1] for d in conn.execute("PRAGMA table_info(audit_log)")][1:]
        keep_links = rng.random() < 0.5  # swap the texts only, or the texts and their hashes
        swap = [n for n in names if not (keep_links and n in ("prev_hash", "entry_hash"))]
        for target, source in ((a, rb), (b, ra)):
            values = [source[names.index(n) + 1] for n in swap]
            conn.execute(
                f"UPDATE audit_log SET {', '.join(f'{n} = ?' for n in swap)} WHERE id = ?",
                (*values, target),
            )
        return kind, a
    cut = rng.randint(1, 5)
    conn.execute("DELETE FROM audit_log WHERE id > ?", (ids[-cut - 1],))
    return kind, ids[-cut]


def test_a_thousand_random_tamperings_are_all_detected(data_dir: Path) -> None:
    store = _filled(data_dir)
    database = store.paths.database
    store.close()
    conn = sqlite3.connect(database, isolation_level=None)
    anchor = conn.execute("SELECT id, entry_hash FROM audit_log ORDER BY id DESC").fetchone()
    assert _report(conn, [anchor]).ok  # the untouched chain passes, anchored at its head
    rng = random.Random(20261203)
    kinds: dict[str, int] = {}
    for _ in range(TAMPERINGS):
        conn.execute("BEGIN")
        kind, first = _tamper(conn, rng)
        report = _report(conn, [anchor])
        conn.execute("ROLLBACK")
        kinds[kind] = kinds.get(kind, 0) + 1
        assert not report.ok, (kind, first)
        # ...and it says where: the first finding is at the tampered entry or the one after it,
        # or (re-hashed or cut off) the anchor beyond it.
        named = min(f.seq for f in report.findings)
        assert first <= named <= first + 1 or any(
            f.kind in ("rewritten", "truncated") and f.seq >= first for f in report.findings
        ), (kind, first, report.findings)
    assert _report(conn, [anchor]).ok  # every tampering was rolled back
    conn.close()
    assert set(kinds) == {"change", "change_rehash", "delete", "reorder", "truncate"}
    assert sum(kinds.values()) == TAMPERINGS


def test_findings_say_what_happened(data_dir: Path) -> None:
    store = _filled(data_dir)
    seq, digest = audit_anchors.head(store)
    assert audit_anchors.check(store, [(seq, digest)]).ok
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET actor = 'mallory' WHERE id = 5")
        conn.exec_driver_sql("DELETE FROM audit_log WHERE id = 9")
    kinds = {(f.kind, f.seq) for f in audit_anchors.check(store, [(seq, digest)]).findings}
    assert ("changed", 5) in kinds and ("removed", 9) in kinds
    with store.engine.begin() as conn:
        conn.exec_driver_sql(f"DELETE FROM audit_log WHERE id >= {seq - 2}")
    report = audit_anchors.check(store, [(seq, digest)])
    assert ("truncated", seq) in {(f.kind, f.seq) for f in report.findings}
    assert "removed" in report.findings[-1].describe("en")
    assert "dihapus" in report.findings[-1].describe()
    store.close()


def test_new_entries_extend_the_chain_after_any_writer(data_dir: Path) -> None:
    """The three writers (journal, staff audit, bulk import) all append to one chain."""
    store = _filled(data_dir)
    store.bulk_submit([complete_registration(i) for i in range(40, 45)], staff_id="import")
    audit.log(store, "sari", "login.ok", "s1")
    report = audit_anchors.check(store, [])
    assert report.ok and report.entries == report.head_seq
    store.close()


def test_an_older_log_is_chained_at_upgrade_without_changing_an_entry(data_dir: Path) -> None:
    with Store.open(data_dir, migrate_to="0007_intake_sessions") as old:
        old.submit(complete_registration(1), staff_id="sari")
        audit.log(old, "sari", "login.ok", "s1", {"n": 1})
        audit.log(old, "sari", "login.out", "s1")
        database = old.paths.database
    conn = sqlite3.connect(database)
    before = conn.execute("SELECT id, at, actor, action, target, details FROM audit_log").fetchall()
    conn.close()
    with Store.open(data_dir) as new:
        conn = sqlite3.connect(database)
        after = conn.execute(
            "SELECT id, at, actor, action, target, details FROM audit_log"
        ).fetchall()
        conn.close()
        assert after == before and len(after) >= 3
        audit.log(new, "sari", "login.ok", "s1")
        report = audit_anchors.check(new, [])
        assert report.ok and report.entries == len(before) + 1


def test_doctor_names_a_broken_chain(data_dir: Path) -> None:
    from kiosk.doctor import run_checks

    store = _filled(data_dir)
    store.close()
    [result] = run_checks(data_dir, only=["audit.chain"]).results
    assert result.status.value == "ok"
    conn = sqlite3.connect(store.paths.database)
    conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 7")
    conn.commit()
    conn.close()
    [result] = run_checks(data_dir, only=["audit.chain"]).results
    assert result.status.value == "failed" and result.params["seq"] == 7
