"""The console's dashboard over 100,000 registrations on PostgreSQL, through HTTP against a real
central (uvicorn in this process, loopback): each figure is the server's time plus one loopback
round trip.

Seeding is :func:`bench_console.seed` (psycopg ``COPY`` of 10 MPPs of 5 kiosks, realistic
versions) and the console's own ``queue_facts.catch_up``; then the audit trail gets 20,000
verdicts by 12 verifiers. Figures, one JSON line each, with a floor measured in this same run:

- ``console_dashboard_p95_ms``: the province's dashboard (an administrator's view: every MPP,
  all charts and the regency table). Floor: p95 of the same grouped counts as bare SQL
  (psycopg, no HTTP, no catch-up check, no template).
- ``console_dashboard_mpp_p95_ms``: a supervisor's dashboard (one MPP). Same floor.
- ``console_export_regencies_p95_ms``: the regency table as XLSX. Same floor.
- ``console_export_csv_first_byte_ms`` / ``console_export_xlsx_first_byte_ms``: one MPP's
  registrations of every status (``?status=&mpp=1``: 10,000 rows of 100,000; ``--export-mpp 0``
  for all, which takes minutes: each row costs a few ms of conversion to the kiosk's columns) as
  CSV / XLSX: time to the response's first body byte. Floor: time to the first row of the
  export's SELECT as bare SQL (psycopg, server-side cursor). ``console_export_csv_s`` /
  ``console_export_xlsx_s``: the whole download. Floor: that SELECT read to its end (rows
  discarded).
- ``console_export_csv_peak_rss_mb`` / ``console_export_xlsx_peak_rss_mb``: the bench process's
  peak RSS (server and client share it; the client discards what it reads) above its RSS before
  the export (``VmHWM`` reset through ``/proc/self/clear_refs``). Floor: the same for the bare
  SQL read. Only the first format of a run is measured from a clean start: memory the first
  export freed stays in the process and hides the second's growth (``--export-formats xlsx``
  measures XLSX first).

Run: ``.venv/bin/python bench/bench_dashboard.py [--registrations 100000] [--rounds 15]
[--export-mpp 1] [--export-formats csv,xlsx] [--no-export]`` (needs PostgreSQL at
127.0.0.1:5432). Registered through ``bench/run.py``'s ``bench_*.py`` glob.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_console import p95, seed  # noqa: E402
from central_harness import emit, fresh_database  # noqa: E402

PASSWORD = "kata-sandi-bench-panjang"
FLOOR_SQL = [  # what the dashboard asks the database, as bare SQL
    "SELECT mpp_id, count(*) FROM central_queue GROUP BY mpp_id",
    "SELECT mpp_id, reg_date, count(*) FROM central_queue WHERE reg_date >= %(first)s "
    "GROUP BY mpp_id, reg_date",
    "SELECT regency, status, count(*) FROM central_queue GROUP BY regency, status",
    "SELECT kbli, count(*) FROM central_queue GROUP BY kbli",
    "SELECT scale, count(*) FROM central_queue GROUP BY scale",
    "SELECT legal_form, count(*) FROM central_queue GROUP BY legal_form",
    "SELECT province, count(*) FROM central_queue GROUP BY province",
    "SELECT min(queued_at), count(*) FROM central_queue WHERE status = 'submitted'",
    "SELECT actor, details, count(*) FROM central_audit WHERE action = 'verdict' "
    "GROUP BY actor, details",
]


def add_verdicts(db_url: str, count: int) -> None:
    import json

    import psycopg

    rng = random.Random(3)
    dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        ids = [r[0] for r in cur.execute("SELECT id FROM central_registrations LIMIT %s", (count,))]
        with cur.copy(
            "COPY central_audit (seq, at, actor, action, registration_id, target, details, "
            "prev_hash, entry_hash) FROM STDIN"
        ) as cp:
            for n, rid in enumerate(ids):
                status = rng.choice(["verified", "verified", "needs_fix", "rejected"])
                details = json.dumps({"status": status})
                at = "2026-12-01T00:00:00+00"
                actor = f"verifikator{n % 12}"
                cp.write_row((10_000_000 + n, at, actor, "verdict", rid, "", details, "", ""))


def timed(client, path: str, rounds: int) -> list[float]:
    client.get(path).raise_for_status()  # warm
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(path).raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
    return times


def sql_floor(db_url: str, rounds: int) -> list[float]:
    import psycopg

    dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
    times = []
    with psycopg.connect(dsn) as conn:
        for _ in range(rounds + 1):
            start = time.perf_counter()
            for statement in FLOOR_SQL:
                conn.execute(statement, {"first": "2026-09-01"}).fetchall()
            times.append((time.perf_counter() - start) * 1000)
    return times[1:]


EXPORT_SQL = (  # the export's SELECT (kiosk.central.console.exports) for every status
    "SELECT r.reg_no, r.status, r.verdict_reason, r.created_at, r.updated_at, v.content "
    "FROM central_queue q JOIN central_registrations r ON r.id = q.registration_id "
    "JOIN central_versions v ON v.registration_id = r.id AND v.version = r.current_version "
    "WHERE %(mpp)s = 0 OR q.mpp_id = %(mpp)s ORDER BY q.queued_at, q.registration_id LIMIT 200000"
)


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> int:
    """Reset this process's peak RSS (VmHWM) to its RSS now; returns that RSS in kB."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmRSS")


def export_once(client, path: str) -> tuple[float, float, float, int]:
    """(ms to the first body byte, s for the whole, peak RSS growth in MB, bytes)."""
    before = _reset_peak()
    start = time.perf_counter()
    first = 0.0
    size = 0
    with client.stream("GET", path, timeout=None) as answer:
        answer.raise_for_status()
        for chunk in answer.iter_raw():
            if not first and chunk:
                first = (time.perf_counter() - start) * 1000
            size += len(chunk)
    total = time.perf_counter() - start
    return first, total, (_status_kb("VmHWM") - before) / 1024, size


def export_floor(db_url: str, mpp: int) -> tuple[float, float, float]:
    """The export's SELECT as bare SQL through a server-side cursor: (ms to the first row, s to
    the last, peak RSS growth in MB)."""
    import psycopg

    dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn, conn.cursor(name="export_floor") as cur:
        before = _reset_peak()
        start = time.perf_counter()
        cur.itersize = 500
        cur.execute(EXPORT_SQL, {"mpp": mpp})
        first = 0.0
        for _row in cur:
            if not first:
                first = (time.perf_counter() - start) * 1000
        total = time.perf_counter() - start
    return first, total, (_status_kb("VmHWM") - before) / 1024


def login(base_url: str, username: str):
    import re

    import httpx

    client = httpx.Client(base_url=base_url, timeout=120)
    page = client.get("/console/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    answer = client.post(
        "/console/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 303, answer.text
    return client


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--export-mpp", type=int, default=1, help="0: every MPP")
    parser.add_argument("--export-formats", default="csv,xlsx", help="in this order")
    parser.add_argument("--no-export", dest="export", action="store_false",
                        help="skip the 100,000-row registrations exports")  # fmt: skip
    args = parser.parse_args()

    from kiosk.central.console import users
    from kiosk.central.console.queue_facts import catch_up
    from kiosk.central.db import make_engine, migrate, session_factory, session_scope
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.server import start_in_thread
    from kiosk.central.settings import CentralSettings
    from kiosk.central.storage import LocalPageStorage

    with fresh_database("kiosk_bench_dashboard") as db_url, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = make_engine(db_url)
        migrate(engine)
        key = load_or_create_document_key(CentralSettings(data_dir=folder).keys_dir)
        seed(db_url, args.registrations, key.public_key(), LocalPageStorage(folder))
        add_verdicts(db_url, min(20_000, args.registrations // 5))
        with session_scope(session_factory(engine)) as session:
            catch_up(session)
            users.add_user(session, "admin1", "admin", PASSWORD)
            users.add_user(session, "supervisor1", "supervisor", PASSWORD, mpp="MPP Bench 3")
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
        engine.dispose()
        settings = CentralSettings(data_dir=folder, database_url=db_url)
        with start_in_thread(db_url, folder, settings=settings) as server:
            with closing(login(server.url, "admin1")) as admin_client:
                province = timed(admin_client, "/console/dashboard", args.rounds)
                export = timed(admin_client, "/console/export/regencies.xlsx", args.rounds)
                files = {}
                query = "status=" + (f"&mpp={args.export_mpp}" if args.export_mpp else "")
                if args.export:
                    for fmt in args.export_formats.split(","):
                        files[fmt] = export_once(
                            admin_client, f"/console/export/registrations.{fmt}?{query}"
                        )
            with closing(login(server.url, "supervisor1")) as supervisor:
                one_mpp = timed(supervisor, "/console/dashboard", args.rounds)
        floor = p95(sql_floor(db_url, args.rounds))
        file_floor = export_floor(db_url, args.export_mpp) if args.export else (0.0, 0.0, 0.0)
    n = f"{args.registrations:,}"
    what = f"the dashboard's grouped counts as bare SQL, {n} registrations"
    emit("console_dashboard_p95_ms", p95(province), "ms", floor, what, None)
    emit("console_dashboard_mpp_p95_ms", p95(one_mpp), "ms", floor, what, None)
    emit("console_export_regencies_p95_ms", p95(export), "ms", floor, what, None)
    bare = f"the export's SELECT as bare SQL (server-side cursor), {n} registrations, " + (
        f"MPP {args.export_mpp}" if args.export_mpp else "every MPP"
    )
    for fmt, (first, total, peak, size) in files.items():
        emit(f"console_export_{fmt}_first_byte_ms", first, "ms", file_floor[0], bare, None)
        emit(f"console_export_{fmt}_s", total, "s", file_floor[1], bare, None, bytes=size)
        emit(f"console_export_{fmt}_peak_rss_mb", peak, "MB", file_floor[2], bare, None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
