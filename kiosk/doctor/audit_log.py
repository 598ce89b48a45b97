"""``audit.chain``: is the kiosk's audit log an unbroken hash chain?

Recomputes every entry's hash from the stored texts (:mod:`kiosk.store.audit_chain`) and checks
the chain and the anchors the central acknowledged to this kiosk (:mod:`kiosk.store.audit_verify`)
over a read-only connection. A broken chain is a failure for the help desk to report: someone
changed, removed or reordered entries. The full list, with each entry named, is
``kiosk audit verify`` (which also asks the central for its anchors).
"""

from __future__ import annotations

import sqlite3

from kiosk.doctor.context import Context
from kiosk.doctor.report import CheckResult, failed, ok, warning
from kiosk.i18n import register
from kiosk.store.audit_chain import entry_hash
from kiosk.store.audit_verify import Link, verify

register(
    {
        "doctor.audit.ok": {
            "id": "Log audit utuh: {entries} entri, terjangkar di pusat sampai entri {anchored}.",
            "en": "The audit log is intact: {entries} entries, anchored at the central up to "
            "entry {anchored}.",
        },
        "doctor.audit.broken": {
            "id": "Log audit TIDAK utuh: {count} temuan, yang pertama pada entri {seq}. Jalankan "
            "`kiosk audit verify` dan laporkan ke admin pusat; jangan mengubah apa pun.",
            "en": "The audit log is NOT intact: {count} findings, the first at entry {seq}. Run "
            "`kiosk audit verify` and report it to the central's administrator; change nothing.",
        },
        "doctor.audit.unchained": {
            "id": "Log audit belum berupa rantai hash (basis data belum diperbarui); buka "
            "aplikasi sekali agar diperbarui.",
            "en": "The audit log is not a hash chain yet (the database was not upgraded); open "
            "the app once to upgrade it.",
        },
    }
)


def check_audit_chain(ctx: Context) -> CheckResult:
    check = "audit.chain"
    if not ctx.paths.database.exists():
        return warning(check, "doctor.db.missing")
    try:
        with ctx.connect(40.0) as conn:
            columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_log)")}
            if "entry_hash" not in columns:
                return warning(check, "doctor.audit.unchained")
            rows = conn.execute(
                "SELECT id, CAST(at AS TEXT), actor, action, target, details, prev_hash, "
                "entry_hash FROM audit_log ORDER BY id"
            ).fetchall()
            anchors = (
                [
                    (int(s), str(h))
                    for s, h in conn.execute("SELECT seq, entry_hash FROM audit_anchors")
                ]
                if ctx.has_table(conn, "audit_anchors")
                else []
            )
    except sqlite3.DatabaseError as exc:
        return failed(check, "doctor.db.unreadable", error=str(exc)[:120])
    links = []
    for r in rows:
        seq, at, actor, action, target, details, prev, digest = (
            int(r[0]),
            *(str(v or "") for v in r[1:]),
        )
        computed = entry_hash(seq, at, actor, action, target, details, prev)
        links.append(Link(seq, prev, digest, computed))
    report = verify(links, anchors)
    if report.ok:
        return ok(check, "doctor.audit.ok", entries=report.entries, anchored=report.anchored_to)
    first = min(f.seq for f in report.findings)
    return failed(check, "doctor.audit.broken", count=len(report.findings), seq=first)
