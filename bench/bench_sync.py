"""Sync benchmarks: registrations pushed per second from a kiosk into PostgreSQL over loopback,
and document upload throughput.

- ``sync.push_rate``: a kiosk's outbox of N registrations (the store part's demo generator,
  written with ``bulk_submit``) pushed to a real central (uvicorn in a thread, fresh PostgreSQL
  database) in batches of 100 — the whole client path: reading and unsealing each version,
  building the batch, HTTP, the central's checks and commit, marking the outbox and the ledger.
  Two floors, both measured in the same run and database, two result lines:
  ``sync.push_rate`` against ``COPY`` of one version-like row per registration (id, version,
  hash, canonical content JSON) into a table of that shape — the older comparison, kept; and
  ``sync.push_rate_all_rows`` (the same push figure) against ``COPY`` of exactly the rows the
  push wrote — every table it added rows to (registrations, versions, page references,
  identifiers, duplicate flags, …), the same column values (read back with ``COPY TO`` before
  and after the push; the difference), into copies of those tables in a scratch schema with
  their indexes, constraints and foreign keys — expressed in registrations/s so the ratio is
  direct. Rows the push only updated (the kiosk's last push time) are not in either floor.
  Target: ≥ 0.2 of the floor.
- ``sync.upload_rate``: MB/s of page envelopes uploaded (HEAD + streamed PUT, 4 in flight; the
  central opens each envelope and verifies its hash before storing it). Floor: writing the same
  envelopes durably (temp file, fsync, rename, fsync folder) to a local folder, the least the
  central must do with them.

    .venv/bin/python bench/bench_sync.py [--registrations 3000] [--pages 24] [--page-kb 512]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from kiosk.central.server import RunningCentral


def emit(
    name: str, value: float, unit: str, floor: float | None, floor_name: str | None,
    target: float | None,
) -> None:  # fmt: skip
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit,
                      "floor": None if floor is None else round(floor, 3),
                      "floor_name": floor_name, "target": target}), flush=True)  # fmt: skip


def copy_floor(db_url: str, rows: list[tuple[str, int, str, str]]) -> float:
    """Rows per second of a raw psycopg COPY of ``rows`` (committed)."""
    import psycopg

    dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "CREATE TABLE bench_copy_floor (registration_id varchar(36), version integer,"
            " content_hash varchar(64), content text, PRIMARY KEY (registration_id, version))"
        )
        conn.commit()
        start = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY bench_copy_floor (registration_id, version, content_hash, content) FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        conn.commit()
        return len(rows) / (time.perf_counter() - start)


Snapshot = dict[str, list[bytes]]  # table → its rows as COPY text lines


def table_rows(db_url: str) -> Snapshot:
    """Every row of every table in ``public``, as ``COPY TO`` text lines (exact values)."""
    import psycopg

    dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
    out: Snapshot = {}
    with psycopg.connect(dsn) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )]  # fmt: skip
        for table in tables:
            with conn.cursor().copy(f'COPY public."{table}" TO STDOUT') as copy:
                out[table] = b"".join(bytes(b) for b in copy).splitlines(keepends=True)
    return out


def written_rows(before: Snapshot, after: Snapshot) -> tuple[Snapshot, list[str]]:
    """The rows the push added, per table; and the tables it only changed (updated rows)."""
    from collections import Counter

    added: Snapshot = {}
    updated: list[str] = []
    for table, rows in after.items():
        old = Counter(before.get(table, []))
        new = []
        for row in rows:
            if old[row]:
                old[row] -= 1
            else:
                new.append(row)
        if len(rows) > len(before.get(table, [])):
            added[table] = new
        elif new:
            updated.append(table)
    return added, updated


def all_rows_floor(db_url: str, before: Snapshot, written: Snapshot) -> float:
    """Seconds to ``COPY`` ``written`` (committed) into copies of their tables, with indexes,
    constraints and foreign keys; tables they refer to are copied first, untimed, with the rows
    they held before the push."""
    import psycopg

    dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        fks = conn.execute(
            "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,"
            " pg_get_constraintdef(c.oid) FROM pg_constraint c"
            " WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace"
        ).fetchall()
        keys = [(t, ref, d) for t, ref, d in fks if t.strip('"') in written]
        referred = {ref.strip('"') for _t, ref, _d in keys} - set(written)
        conn.execute("CREATE SCHEMA bench_floor")
        for table in [*referred, *written]:
            conn.execute(
                f'CREATE TABLE bench_floor."{table}" (LIKE public."{table}" INCLUDING ALL)'
            )
        for table in referred:
            with conn.cursor().copy(f'COPY bench_floor."{table}" FROM STDIN') as copy:
                copy.write(b"".join(before.get(table, [])))
        for table, _ref, definition in keys:  # unqualified names resolve to the copies
            conn.execute("SET search_path TO bench_floor")
            conn.execute(f"ALTER TABLE {table} ADD {definition}")
        conn.execute("SET search_path TO public")
        order = _referenced_first(list(written), [(t.strip('"'), r.strip('"')) for t, r, _ in keys])
        conn.commit()
        start = time.perf_counter()
        for table in order:
            with conn.cursor().copy(f'COPY bench_floor."{table}" FROM STDIN') as copy:
                copy.write(b"".join(written[table]))
        conn.commit()
        return time.perf_counter() - start


def _referenced_first(tables: list[str], edges: list[tuple[str, str]]) -> list[str]:
    order: list[str] = []
    while len(order) < len(tables):
        ready = [
            t
            for t in tables
            if t not in order
            and all(r in order or r not in tables or r == t for f, r in edges if f == t)
        ]
        if not ready:
            raise RuntimeError(f"foreign key cycle among {tables}")
        order += ready
    return order


def bench_push(tmp: Path, db_url: str, central: RunningCentral, count: int) -> None:
    from kiosk.demo import DemoFactory
    from kiosk.domain.model import canonical_json
    from kiosk.sync.push import Pusher
    from tests.core.test_sync_support import enrolled_kiosk

    kiosk = enrolled_kiosk(tmp, "bench-push", central.url, db_url)
    factory = DemoFactory(7, kiosk_id=kiosk.store.kiosk_id)
    regs = [factory.make(n) for n in range(count)]
    kiosk.store.bulk_submit(regs, staff_id="bench", validate=False)
    rows = [(r.id, r.version, r.content_hash(), canonical_json(r.content()).decode()) for r in regs]
    del regs  # the kiosk holds no such objects while it pushes (their GC scans are not the push's)
    gc.collect()
    engine = kiosk.engine(batch_size=100)
    creds = engine.state.credentials()
    assert creds is not None
    before = table_rows(db_url)
    with engine._default_client(creds) as client:
        start = time.perf_counter()
        tally = Pusher(kiosk.store, engine.state, client, 100).push_all()
        elapsed = time.perf_counter() - start
    assert tally.stored == count, tally
    written, updated = written_rows(before, table_rows(db_url))
    floor = copy_floor(db_url, rows)
    emit("sync.push_rate", count / elapsed, "registrations/s", floor,
         "psycopg COPY of one version row per registration, rows/s", 0.2)  # fmt: skip
    all_floor = count / all_rows_floor(db_url, before, written)
    per_table = {t: len(r) for t, r in sorted(written.items())}
    print(json.dumps({"name": "sync.push_rate_all_rows", "value": round(count / elapsed, 3),
                      "unit": "registrations/s", "floor": round(all_floor, 3),
                      "floor_name": "psycopg COPY of every row the push wrote, registrations/s",
                      "target": 0.2, "rows_written": per_table,
                      "tables_only_updated": updated}), flush=True)  # fmt: skip


def bench_upload(tmp: Path, db_url: str, central: RunningCentral, pages: int, page_kb: int) -> None:
    from kiosk.fsutil import atomic_write_bytes
    from kiosk.sync.pages import Uploader
    from kiosk.sync.push import Pusher
    from tests.core.test_sync_support import enrolled_kiosk, make_registration

    kiosk = enrolled_kiosk(tmp, "bench-pages", central.url, db_url)
    hashes: list[str] = []
    for n in range(pages // 4):
        reg, _ = make_registration(n, kiosk.vault)
        for doc in reg.documents:  # replace the tiny pages by scan-sized, incompressible ones
            data = os.urandom(page_kb * 1024)
            doc.pages[0].sha256 = kiosk.vault.put(data, "image/jpeg")
            doc.pages[0].size = len(data)
            hashes.append(doc.pages[0].sha256)
        kiosk.store.submit(reg, staff_id="bench")
    engine = kiosk.engine()
    creds = engine.state.credentials()
    assert creds is not None
    with engine._default_client(creds) as client:
        Pusher(kiosk.store, engine.state, client, 100).push_all()
        start = time.perf_counter()
        tally = Uploader(kiosk.store, engine.state, client, kiosk.vault).upload_all()
        elapsed = time.perf_counter() - start
    assert tally.uploaded == len(hashes), tally
    megabytes = tally.bytes / 1e6
    target_dir = tmp / "floor-pages"
    start = time.perf_counter()
    for sha in hashes:
        atomic_write_bytes(target_dir / sha, kiosk.vault.envelope(sha))
    floor = megabytes / (time.perf_counter() - start)
    emit("sync.upload_rate", megabytes / elapsed, "MB/s", floor, "durable local write MB/s", None)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=3000)
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--page-kb", type=int, default=512)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from tests.core.test_sync_support import fresh_pg_database, pg_available, running_central

    if not pg_available():
        print(json.dumps({"name": "sync.push_rate", "skipped": "PostgreSQL not available"}))
        return 1
    with tempfile.TemporaryDirectory() as name, fresh_pg_database("kiosk_bench_sync") as db_url:
        tmp = Path(name)
        with running_central(db_url, tmp / "central") as central:
            bench_push(tmp, db_url, central, args.registrations)
            bench_upload(tmp, db_url, central, args.pages, args.page_kb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
