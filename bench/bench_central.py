"""Central benchmarks: 50 kiosks pushing at once (p95 push latency) and page upload MB/s.

The central runs as its own processes (``python -m kiosk central serve --workers 2``: one uvicorn
worker per core, the way production runs it behind one PostgreSQL; ``--workers`` changes it) on
a fresh PostgreSQL database over loopback, so the clients' threads do not share its interpreters.
The 50 kiosk clients run in this process on the same two cores, so their CPU counts against the
central's. Prints one JSON object per line, each with the floor measured in this same run:

- ``central_push_p95_50_kiosks``: p95 latency of one push (``BATCH`` registrations) while 50
  kiosks push at once, from its first try until the answer that stored it (waits on ``503
  central.busy`` included; ``busy_answers`` counts them). Floor: p95 of the same pushes from one
  kiosk alone. ``first_pushes_at_this_rate_s``: the 50 first pushes arrive together, so the last
  of them waits for the others at the throughput achieved: with 50 × 100 registrations at
  ~2,000/s that is ~2.4 s, and the p95 of 100 pushes cannot be far below it.
  ``{central,postgres,clients}_cpu_ms_per_registration``: CPU of those 50 kiosks' phase per
  registration in the central's workers, the database's backends and this process (the clients).
- ``central_push_registrations_per_s_50_kiosks``: what those 50 kiosks achieved together.
  Floor: the same rows inserted by a raw psycopg ``COPY`` into a scratch table.
- ``central_page_upload_mb_per_s``: envelope bytes uploaded, verified (opened with the central's
  key, SHA-256 checked) and stored durably, one kiosk, ~620 KB pages. Floor: the central's own
  work without HTTP (open + hash + durable write) on the same envelopes.

The pushes are signed as a kiosk signs them once its central has answered: once per push, as a
tree of its items (:mod:`kiosk.push_signature`); ``--signing item`` signs every item on its own
instead (a kiosk's first push, or a kiosk of an older release), and a tree from before push
signatures is always measured that way. The JSON line names which (``signed_per``).

Run: ``.venv/bin/python bench/bench_central.py`` (needs PostgreSQL at 127.0.0.1:5432; about a
minute on two cores). ``--kiosks``/``--pushes``/``--batch``/``--pages`` shrink or grow it.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import central_harness as harness  # noqa: E402
from central_harness import CentralProcess as Central  # noqa: E402
from central_harness import emit, fresh_database, item, p95, registration, tree_signed  # noqa: E402


def push_rounds(
    central: Central,
    http: httpx.Client,
    bodies: list[bytes],
    latencies: list[float],
    busy: list[int] | None = None,
):
    """Each body (a push's JSON) sent until stored; a push's latency runs from its first try to
    the answer that stored it, so the waits on ``503 central.busy`` (``Retry-After`` stretched as
    the real client stretches it, :meth:`kiosk.sync.backoff.Backoff.busy_delay`) count against
    it. The client and the bodies are made beforehand (:func:`prepared`): the 50 kiosks' own
    set-up (an SSL context each, the JSON encoding) would otherwise take the central's cores."""
    from kiosk import protocol as p
    from kiosk.sync.backoff import Backoff, parse_retry_after

    rule = Backoff()
    turn_header = getattr(p, "QUEUE_TURN", "Kiosk-Queue-Turn")  # absent in a tree from before it
    for body in bodies:
        started = time.perf_counter()
        headers = {"Content-Type": "application/json"}
        while True:
            answer = http.post(f"{central.url}/push", content=body, headers=headers)
            if answer.status_code != 503 or busy is None:
                break
            assert answer.json()["error"]["code"] == p.CENTRAL_BUSY, answer.text[:300]
            busy.append(1)
            turn = answer.headers.get(turn_header)
            if turn:  # the turn the central booked this push, sent back as the client does
                headers = {**headers, turn_header: turn}
            told = parse_retry_after(answer.headers["Retry-After"]) or 1.0
            time.sleep(rule.busy_delay(told, booked=True) if turn else rule.busy_delay(told))
        latencies.append(time.perf_counter() - started)
        outcomes = {r["outcome"] for r in answer.json()["results"]}
        assert answer.status_code == 200 and outcomes == {"stored"}, answer.text[:300]


def prepared(
    token: str, batches: list[list[dict]], signer: Any = None
) -> tuple[httpx.Client, list[bytes]]:
    """A kiosk's HTTP client (its token) and its pushes' bodies, ready before the clock starts.
    ``signer``: each push signed once, as a tree of its items, the way a kiosk signs once its
    central said it accepts that (kiosk.push_signature); None: every item its own signature."""
    http = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=120)
    if signer is None:
        return http, [json.dumps({"items": batch}).encode() for batch in batches]
    return http, [json.dumps(tree_signed(batch, signer)).encode() for batch in batches]


def tree_signing_known() -> bool:
    """Does this tree's central take one signature per push? (not a tree from before it)"""
    import importlib.util

    return importlib.util.find_spec("kiosk.push_signature") is not None


def bench_push(central: Central, kiosks: int, pushes: int, batch: int, signing: str) -> None:
    page = hashlib.sha256(b"page").hexdigest()
    per_push = signing == "push" and tree_signing_known()
    clients = []
    for k in range(kiosks):
        token, code, _ = central.enroll(f"Loket {k}", f"MPP Bench {k % 5}")
        first = (k + 1) * 100_000  # NIK/NIB/NPWP unique per kiosk: no duplicate flags
        regs = [registration(code, first + n, [page]) for n in range(pushes * batch)]
        items = [item(n + 1, r, central.signers[token]) for n, r in enumerate(regs)]
        batches = [items[i : i + batch] for i in range(0, len(items), batch)]
        clients.append((token, batches, central.signers[token] if per_push else None))
    # floor: one kiosk alone, same kind of pushes (its own extra batches)
    token, code, _ = central.enroll("Loket alone", "MPP Bench alone")
    alone_regs = [registration(code, n, [page]) for n in range(pushes * batch * 2)]
    alone_items = [item(n + 1, r, central.signers[token]) for n, r in enumerate(alone_regs)]
    alone: list[float] = []
    http, bodies = prepared(
        token,
        [alone_items[i : i + batch] for i in range(0, len(alone_items), batch)],
        central.signers[token] if per_push else None,
    )
    with http:
        push_rounds(central, http, bodies, alone)
    ready = [prepared(tok, batches, signer) for tok, batches, signer in clients]
    latencies: list[float] = []
    busy: list[int] = []
    cpu = CpuMeter(central)
    threads = [
        threading.Thread(target=push_rounds, args=(central, http, bodies, latencies, busy))
        for http, bodies in ready
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for http, _ in ready:
        http.close()
    total = kiosks * pushes * batch
    used = cpu.used()
    emit(
        f"central_push_p95_{kiosks}_kiosks",
        p95(latencies) * 1000,
        "ms",
        p95(alone) * 1000,
        f"p95 of the same {batch}-registration pushes from one kiosk alone",
        1000,
        busy_answers=len(busy),
        signed_per="push" if per_push else "item",
        # no order of service beats this: the pushes sent at the start (one per kiosk) all wait
        # for the central to store the ones served before them, at the rate it achieved
        first_pushes_at_this_rate_s=round(kiosks * batch / (kiosks * pushes * batch / elapsed), 2),
        # CPU of the phase per registration: the central's workers, its PostgreSQL backends and
        # this process's 50 client threads (all on the same cores)
        **{f"{who}_cpu_ms_per_registration": round(s / total * 1000, 3) for who, s in used.items()},
    )
    rate = total / elapsed
    emit(
        f"central_push_registrations_per_s_{kiosks}_kiosks",
        rate,
        "registrations/s",
        copy_floor(central.db_url, [i for _, bs, _ in clients for b in bs for i in b]),
        "raw psycopg COPY of the same rows (id, version, hash, content) into a scratch table",
        "≥ 0.2 × floor",
    )


class CpuMeter:
    """CPU seconds used from now on by the central's workers, the database's backends and this
    process (from /proc and getrusage; a backend that appears later counts from zero)."""

    def __init__(self, central: Central) -> None:
        self.central = central
        self.workers = {pid: harness.cpu_seconds(pid) for pid in central.worker_pids()}
        self.backends = {pid: harness.cpu_seconds(pid) for pid in self._backend_pids()}
        self.clients = _own_cpu()

    def _backend_pids(self) -> list[int]:
        import psycopg

        dsn = harness.psycopg_dsn(self.central.db_url)
        with psycopg.connect(dsn, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid()"
            ).fetchall()
        return [pid for (pid,) in rows]

    def used(self) -> dict[str, float]:
        workers = sum(harness.cpu_seconds(pid) - c0 for pid, c0 in self.workers.items())
        backends = sum(
            harness.cpu_seconds(pid) - self.backends.get(pid, 0.0) for pid in self._backend_pids()
        )
        return {"central": workers, "postgres": backends, "clients": _own_cpu() - self.clients}


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def copy_floor(db_url: str, items: list[dict]) -> float:
    import psycopg

    dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "CREATE TEMP TABLE floor_copy (registration_id text, version int, content_hash text,"
            " reg_no text, content text)"
        )
        rows = [
            (i["registration_id"], i["version"], i["content_hash"], i["reg_no"],
             json.dumps(i["content"], sort_keys=True, separators=(",", ":"), ensure_ascii=False))
            for i in items
        ]  # fmt: skip
        started = time.perf_counter()
        with conn.cursor().copy("COPY floor_copy FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
        return len(rows) / (time.perf_counter() - started)


def bench_pages(central: Central, count: int, folder: Path) -> None:
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.documents.envelope import open_document, seal_document
    from kiosk.fsutil import atomic_write_bytes

    token, code, central_key = central.enroll("Loket pages", "MPP Bench pages")
    images = [os.urandom(620_000) for _ in range(count)]
    hashes = [hashlib.sha256(i).hexdigest() for i in images]
    envelopes = [seal_document(i, [central_key]) for i in images]  # type: ignore[list-item]
    reg = registration(code, 1, hashes)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(headers=headers, timeout=120) as http:
        missing = http.post(
            f"{central.url}/push", json={"items": [item(1, reg, central.signers[token])]}
        ).json()
        assert sorted(missing["missing_pages"]) == sorted(hashes)
        started = time.perf_counter()
        for digest, envelope in zip(hashes, envelopes, strict=True):
            answer = http.put(f"{central.url}/pages/{digest}", content=io.BytesIO(envelope).read())
            assert answer.status_code == 201, answer.text
        elapsed = time.perf_counter() - started
    megabytes = sum(len(e) for e in envelopes) / 1e6
    key = load_or_create_document_key(folder / "keys")
    scratch = folder / "floor"
    started = time.perf_counter()
    for digest, envelope in zip(hashes, envelopes, strict=True):
        assert hashlib.sha256(open_document(envelope, key)).hexdigest() == digest
        atomic_write_bytes(scratch / digest, envelope)
    floor = megabytes / (time.perf_counter() - started)
    emit(
        "central_page_upload_mb_per_s",
        megabytes / elapsed,
        "MB/s",
        floor,
        "open + SHA-256 + durable write of the same envelopes, no HTTP",
        10,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--pushes", type=int, default=2, help="pushes per kiosk")
    parser.add_argument("--batch", type=int, default=100, help="registrations per push (the max)")
    parser.add_argument("--pages", type=int, default=40, help="pages to upload")
    parser.add_argument(
        "--workers", type=int, default=2, help="central processes (serve --workers)"
    )
    parser.add_argument(
        "--signing",
        choices=("push", "item"),
        default="push",
        help="one signature per push, as a kiosk signs once its central accepts it (default), or"
        " every item its own (a kiosk's first push, or an older kiosk)",
    )
    args = parser.parse_args()
    with fresh_database() as db_url, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        central = Central(db_url, folder, args.workers)
        try:
            bench_push(central, args.kiosks, args.pushes, args.batch, args.signing)
            bench_pages(central, args.pages, folder)
        finally:
            central.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
