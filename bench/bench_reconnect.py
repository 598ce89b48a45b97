"""Reconnect after a week offline: one kiosk's backlog of registrations *with their pages*
synced end to end in one sync round (issue 17).

- ``sync.reconnect_week_s``: seconds for ``SyncEngine.run_round()`` on a kiosk holding N
  submitted registrations (the demo generator, ``bulk_submit``), every document page its own
  small incompressible file in the vault (``--page-kb``; 3,000 registrations × ~5.8 pages ×
  3 KB ≈ 55 MB of envelopes), against a real central in its own process, as deployed
  (``kiosk central serve``, ``--central-workers`` uvicorn workers, default 1; fresh PostgreSQL
  database, page files on disk: :class:`bench.central_harness.CentralProcess`): push, page
  upload, forgetting the local keys of what the central now holds, pull, sanity check and
  audit anchor, until ``complete``. The kiosk ran one (empty) round before the week, as a kiosk
  in use has. Target: ≤ 10 s for 3,000 registrations.
- Floor: the same bytes (every page envelope plus every registration's canonical JSON) sent
  over a loopback TCP connection to a reader that discards them, in the same run.

    .venv/bin/python bench/bench_reconnect.py [--registrations 3000] [--page-kb 3] [--profile F]

``phases_s``: when (seconds into the round) the push ended, the page upload ended, and the forget
step's close began and ended (the bench wraps those methods; the round's code is unchanged).

``--profile F`` writes a cProfile of the round to ``F`` (kiosk side only: the central is another
process; its CPU seconds during the round are printed as ``central_cpu_s``).

``kiosk_cpu_split_s``: the kiosk's CPU seconds by step, each measured on the thread doing it
(``time.thread_time`` around the step's method, so waiting is not counted): reading the push
batches ahead (``push_read``), sending them (``push_send``: the HTTP request and its answer),
recording the answers (``push_record``), the page upload's jobs (``upload_jobs``: reading the
pages, the batch requests) and its listing and bookkeeping (``upload_list``), and the forget
step's thread (``forget``) and its close on the round's thread (``forget_close``); and, as
``threads:NAME``, the CPU of helper threads still alive after the round (the file writers'
pool), read from ``/proc``. What is left of ``kiosk_cpu_s`` is the round's other steps, the
threads' start-up and the interpreter's own work.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def emit(name: str, value: float, unit: str, floor: float, floor_name: str, target: float | None,
         **extra: object) -> None:  # fmt: skip
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit,
                      "floor": round(floor, 3), "floor_name": floor_name, "target": target,
                      **extra}), flush=True)  # fmt: skip


def loopback_floor(total: int, chunk: int = 64 * 1024) -> float:
    """Seconds to send ``total`` bytes over one loopback TCP connection (read and dropped)."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    received = 0

    def reader() -> None:
        nonlocal received
        conn, _ = server.accept()
        with conn:
            while data := conn.recv(1 << 20):
                received += len(data)

    thread = threading.Thread(target=reader)
    thread.start()
    payload = os.urandom(chunk)
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        left = total
        while left > 0:
            sock.sendall(payload[: min(chunk, left)])
            left -= chunk
    thread.join()
    elapsed = time.perf_counter() - start
    server.close()
    assert received == total, (received, total)
    return elapsed


def phase_clock(start: list[float]) -> dict[str, float]:
    """Wrap the round's steps so their end times (from ``start[0]``) land in the returned dict."""
    from kiosk.sync.forget_alongside import Forgetter
    from kiosk.sync.pages import Uploader
    from kiosk.sync.push import Pusher

    phases: dict[str, float] = {}

    def timed(cls: type, method: str, label: str, begin: str | None = None) -> None:
        original = getattr(cls, method)

        def wrapper(self: object, *args: object, **kwargs: object) -> object:
            if begin is not None:
                phases.setdefault(begin, round(time.perf_counter() - start[0], 2))
            try:
                return original(self, *args, **kwargs)
            finally:
                phases.setdefault(label, round(time.perf_counter() - start[0], 2))

        setattr(cls, method, wrapper)

    timed(Pusher, "push_all", "push_end")
    timed(Uploader, "upload_all", "upload_end")
    timed(Forgetter, "close", "forget_end", begin="forget_close_start")
    return phases


def live_threads_cpu() -> dict[str, float]:
    """CPU seconds (user + system, from ``/proc``) of each live thread but this one, summed by
    name without its number (``fsync_0`` → ``fsync``): helper pools that outlive the round."""
    out: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for thread in threading.enumerate():
        if thread is threading.current_thread() or thread.native_id is None:
            continue
        try:
            fields = Path(f"/proc/self/task/{thread.native_id}/stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        utime, stime = (int(v) for v in fields[1].split()[11:13])
        name = thread.name.rstrip("0123456789").rstrip("_-")
        out[name] = out.get(name, 0.0) + (utime + stime) / tick
    return out


def cpu_split() -> dict[str, float]:
    """Wrap the round's steps so the CPU time of the thread running each one adds up in the
    returned dict (``time.thread_time``: a thread's own CPU, so waits are not counted)."""
    from kiosk.sync.client import CentralClient
    from kiosk.sync.forget_alongside import Forgetter
    from kiosk.sync.pages import Uploader
    from kiosk.sync.push import Pusher

    split: dict[str, float] = {}
    lock = threading.Lock()
    depth = threading.local()

    def timed(cls: type, method: str, label: str) -> None:
        original = getattr(cls, method)

        def wrapper(self: object, *args: object, **kwargs: object) -> object:
            if getattr(depth, "inside", False):  # counted by the step around it already
                return original(self, *args, **kwargs)
            depth.inside = True
            before = time.thread_time()
            try:
                return original(self, *args, **kwargs)
            finally:
                depth.inside = False
                spent = time.thread_time() - before
                with lock:
                    split[label] = split.get(label, 0.0) + spent

        setattr(cls, method, wrapper)

    timed(Pusher, "_read_ahead", "push_read")
    timed(CentralClient, "push", "push_send")
    timed(Pusher, "_answered", "push_record")
    timed(Uploader, "_job", "upload_jobs")
    timed(Uploader, "upload_all", "upload_list")
    timed(Forgetter, "_run", "forget")
    timed(Forgetter, "close", "forget_close")
    return split


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=3000)
    parser.add_argument("--page-kb", type=float, default=3.0)
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--central-workers", type=int, default=1)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from bench.central_harness import CentralProcess, cpu_seconds
    from kiosk.demo import DemoFactory
    from kiosk.domain.model import canonical_json
    from tests.core.test_sync_support import enrolled_kiosk, fresh_pg_database, pg_available

    if not pg_available():
        print(json.dumps({"name": "sync.reconnect_week_s", "skipped": "PostgreSQL not available"}))
        return 1
    with (
        tempfile.TemporaryDirectory() as name,
        fresh_pg_database("kiosk_bench_reconnect") as db_url,
    ):
        tmp = Path(name)
        central = CentralProcess(db_url, tmp / "central", args.central_workers)
        try:
            base_url = central.url.removesuffix("/api/v1")  # the kiosk adds the API prefix itself
            kiosk = enrolled_kiosk(tmp, "bench-week", base_url, db_url)
            assert kiosk.engine().run_round().complete  # it synced before it went offline
            factory = DemoFactory(11, kiosk_id=kiosk.store.kiosk_id)
            regs = [factory.make(n) for n in range(args.registrations)]
            page_bytes = int(args.page_kb * 1024)
            shas: list[str] = []
            for reg in regs:  # every page its own incompressible file, as scans are
                for doc in reg.documents:
                    for page in doc.pages:
                        page.sha256 = kiosk.vault.put(os.urandom(page_bytes), "image/jpeg")
                        page.size = page_bytes
                        shas.append(page.sha256)
            kiosk.store.bulk_submit(regs, staff_id="bench", validate=False)
            print(f"# {len(regs)} registrations, {len(shas)} pages ready", file=sys.stderr)
            engine = kiosk.engine()
            clock = [0.0]
            phases = phase_clock(clock)
            split = cpu_split()
            profiler = None
            if args.profile is not None:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            pids = [central.process.pid, *central.worker_pids()]
            cpu_before = sum(cpu_seconds(pid) for pid in pids)
            threads_before = live_threads_cpu()
            kiosk_cpu_before = time.process_time()
            start = clock[0] = time.perf_counter()
            result = engine.run_round()
            elapsed = time.perf_counter() - start
            kiosk_cpu = time.process_time() - kiosk_cpu_before
            for name, seconds in live_threads_cpu().items():
                spent = seconds - threads_before.get(name, 0.0)
                if spent >= 0.01:
                    split[f"threads:{name}"] = spent
            central_cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(args.profile)
            assert result.complete, result
            assert result.push.stored == len(regs), result.push
            assert result.pages.uploaded == len(shas), result.pages
            envelope_bytes = sum(kiosk.vault.path(sha).stat().st_size for sha in shas)
            json_bytes = sum(len(canonical_json(r.content())) for r in regs)
        finally:
            central.stop()
    total = envelope_bytes + json_bytes
    floor = loopback_floor(total)
    emit("sync.reconnect_week_s", elapsed, "s", floor, "same bytes over loopback TCP, s",
         10.0 if args.registrations == 3000 else None, registrations=len(regs),
         pages=len(shas), megabytes=round(total / 1e6, 1),
         registrations_per_s=round(len(regs) / elapsed, 1), kiosk_cpu_s=round(kiosk_cpu, 2),
         central_cpu_s=round(central_cpu, 2), phases_s=phases,
         kiosk_cpu_split_s={k: round(v, 2) for k, v in sorted(split.items())},
         load=os.getloadavg()[0])  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
