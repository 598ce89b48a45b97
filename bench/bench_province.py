"""A province on one central (issue 17): 1,500 kiosks (300 MPPs × 5) against one central on
PostgreSQL, a day's load and the reconnect storm, then the same work on 1 and on N workers.

Set-up before any clock (``central_harness``): a fresh database, ``kiosk central serve --workers
N`` (uvicorn's workers on one socket: the kernel is the load balancer, PostgreSQL and the data
folder are all they share), every kiosk enrolled with its own code and keys through the central's
own enrolment functions, every registration made and signed by its kiosk's key as a kiosk signs
once its central accepts one signature per push (a push of one item: the item's own signature; a
backlog: one signature over its tree, ``central_harness.push_body``), one page per
registration (``--pages``, ``--page-kb``: a 300-dpi A4 scan through the pipeline is ~131 KB).
The kiosks are asyncio tasks in this process (``province_kiosks``), one connection each, obeying
``503 central.busy`` + ``Retry-After`` like the real client. They share the 2 cores with the
central and PostgreSQL, so their CPU counts against the central's.

Phases and figures (one JSON line each, floor measured in this same run):

1. **Day** (``--day-seconds``, default 48): the opening hours 08-16 with the peak hour at 3× the
   mean (shape :data:`DAY_SHAPE`), each hour 1/8 of the run, arrivals at ``--day-factor`` (10) ×
   the real rate of 1,500 × 40 registrations a day; each arrival is one kiosk pushing one
   registration and uploading its page. ``province_day_push_p95_ms``: p95 push latency; floor:
   p95 of the same one-item push from one kiosk alone. ``province_day_errors``. With it the
   simulated kiosks' own event-loop lag (how late a 10 ms sleep wakes, p95 and most): every
   latency they measure includes it, where a real kiosk has a loop of its own, so a figure
   inflated by the harness shows as a large lag. ``--day-timeline FILE`` writes each arrival's
   requests (sent, answered, status, ``Retry-After``, slept).
2. **Storm**: every kiosk reconnects at a random moment within ``--window`` (60) seconds, each
   with ``--registrations`` (40) registrations and their pages. ``province_storm_s``: from the
   first reconnect until the central holds everything (checked by SQL afterwards); floor: the
   window plus one kiosk's backlog alone. ``province_storm_slowest_over_median``: the slowest
   kiosk's time (its reconnect to its last page stored) over the median; floor 1.0; with it the
   simulated kiosks' loop lag and how late they got going after their moment (p95, most): when
   the 2 cores are full the kiosks start in clumps, which the ratio feels.
   ``province_storm_errors`` (anything but a 2xx or a ``central.busy``) and
   ``province_storm_busy_answers`` (503 + Retry-After, waited out).
3. ``province_rss_max_mb_per_worker``: the largest RSS of any worker over 1-2; floor: a worker's
   RSS just after start.
4. **Scale-out** (``--scale-kiosks`` kiosks pushing their backlog at once, on a central with 1
   worker, then with ``--workers``): ``province_scaleout_per_worker_regs_per_s`` (registrations
   with their pages per second, per worker, on N workers); floor: the same on one worker. With
   CPU seconds per registration of the workers, PostgreSQL's backends and the simulated kiosks,
   and the most database connections seen, for where the next limit is.

The whole bench stops by itself within ``--budget`` seconds (570): the storm is cut off when the
budget runs short (reported ``complete: false``), the scale-out is skipped when less than 100 s
remain. ``--quick``: 150 kiosks, a 20 s day, a 10 s window, 30 scale-out kiosks (its day is only
~4 arrivals: use ``--phases day`` with the full province to look at the day). ``--phases``
(default ``day,scaleout,storm``) runs some of them; the RSS line then covers those run.

    .venv/bin/python bench/bench_province.py [--quick] [--kiosks 1500] [--workers 2] [--phases day]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from central_harness import (  # noqa: E402
    CentralProcess,
    EnrolledKiosk,
    ItemMaker,
    cpu_seconds,
    emit,
    enroll_bulk,
    fresh_database,
    p95,
    psycopg_dsn,
    push_body,
    rss_mb,
)
from province_kiosks import Http, Pages, Tally, push_and_upload  # noqa: E402

DAY_SHAPE = [0.6, 1.0, 3.0, 1.2, 0.5, 0.6, 0.6, 0.5]  # 08-16, mean 1.0, peak hour 3×
OPENING_S = 8 * 3600


@dataclass
class Kiosk:
    enrolled: EnrolledKiosk
    maker: ItemMaker
    backlog: bytes = b""  # the storm's push body
    names: dict[str, str] = field(default_factory=dict)  # page sha → its name in Pages
    lock: asyncio.Lock | None = None
    http: Http | None = None


def backlog(kiosk: Kiosk, pages: Pages, count: int, per_reg: int, tag: str) -> bytes:
    items = []
    for n in range(count):
        names = [f"{tag}-{kiosk.enrolled.id}-{n}-{j}" for j in range(per_reg)]
        shas = [pages.sha(name) for name in names]
        kiosk.names.update(zip(shas, names, strict=True))
        items.append(kiosk.maker.make(5000 + n, shas))
    return push_body(items, kiosk.enrolled.signer)  # one signature over the backlog's tree


class Sampler:
    """Every second: each worker's RSS, the database's connections, CPU of its backends."""

    def __init__(self, central: CentralProcess, db_url: str) -> None:
        self.central, self.dsn = central, psycopg_dsn(db_url)
        self.rss: dict[int, float] = {}
        self.connections = 0
        self.pg_cpu: dict[int, tuple[float, float]] = {}  # pid → (first, last) CPU seconds
        self.worker_cpu0 = {pid: cpu_seconds(pid) for pid in central.worker_pids()}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psycopg

        name = self.dsn.rsplit("/", 1)[1]
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self._stop.is_set():
                for pid in self.central.worker_pids():
                    self.rss[pid] = max(self.rss.get(pid, 0.0), rss_mb(pid))
                rows = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> "
                    "pg_backend_pid()",
                    (name,),
                ).fetchall()
                self.connections = max(self.connections, len(rows))
                for (pid,) in rows:
                    used = cpu_seconds(pid)
                    first = self.pg_cpu.get(pid, (used, used))[0]
                    self.pg_cpu[pid] = (first, used)
                self._stop.wait(1.0)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join(10)
        workers = sum(cpu_seconds(pid) - c0 for pid, c0 in self.worker_cpu0.items())
        return {
            "rss_max_mb": max(self.rss.values(), default=0.0),
            "connections": self.connections,
            "worker_cpu_s": workers,
            "pg_cpu_s": sum(last - first for first, last in self.pg_cpu.values()),
        }


def http_for(central: CentralProcess, kiosk: Kiosk) -> Http:
    if kiosk.http is None or kiosk.http.port != central.port:
        kiosk.http = Http("127.0.0.1", central.port, kiosk.enrolled.token)
    return kiosk.http


def policy() -> object:
    from kiosk.sync.backoff import Backoff

    return Backoff()


async def lone_floor(central: CentralProcess, kiosk: Kiosk, pages: Pages, args) -> dict:
    """One kiosk alone: p95 of one-item pushes, whether the central batches pages, its backlog."""
    tally, http, rule = Tally(), http_for(central, kiosk), policy()
    batch = True
    for n in range(21):
        name = f"alone-{n}"
        sha = pages.sha(name)
        kiosk.names[sha] = name
        body = json.dumps({"items": [kiosk.maker.make(n, [sha])]}).encode()
        if n == 0:  # does this central take POST /page-batches (kiosk.sync.pages uses it)?
            await push_and_upload(http, tally, rule, body, kiosk.names, pages, batch=False)
            status, _, _ = await http.request("POST", "/api/v1/page-batches", b"{}")
            batch = status not in (404, 405)
            tally.push_latencies.clear()
            continue
        await push_and_upload(http, tally, rule, body, kiosk.names, pages, batch)
    body = backlog(kiosk, pages, args.registrations, args.pages, "alone-backlog")
    cpu0 = sum(cpu_seconds(pid) for pid in central.worker_pids())
    started = time.perf_counter()
    await push_and_upload(http, tally, rule, body, kiosk.names, pages, batch)
    elapsed = time.perf_counter() - started
    cpu = sum(cpu_seconds(pid) for pid in central.worker_pids()) - cpu0
    http.close()
    return {
        "push_p95_s": p95(tally.push_latencies),
        "backlog_s": elapsed,
        "backlog_cpu_ms_per_registration": cpu / args.registrations * 1000,
        "batch": batch,
        "errors": tally.errors,
    }


class LoopLag:
    """How late this process's event loop wakes a 10 ms sleep: the simulated kiosks' own delay,
    which every latency they measure includes (a real kiosk has a loop of its own)."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(0.01)
            self.lags.append(time.perf_counter() - asked - 0.01)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> dict[str, float]:
        if self._task is not None:
            self._task.cancel()
        lags = self.lags or [0.0]
        return {"p95_ms": p95(lags) * 1000, "max_ms": max(lags) * 1000}


async def day(
    central: CentralProcess, kiosks: list[Kiosk], pages: Pages, args, batch
) -> tuple[Tally, dict[str, float]]:
    rng = random.Random(17)
    mean_rate = len(kiosks) * args.registrations / OPENING_S * args.day_factor  # per wall second
    hour_s = args.day_seconds / len(DAY_SHAPE)
    events = []
    for hour, weight in enumerate(DAY_SHAPE):
        count = round(mean_rate * weight * hour_s)
        events += [
            (hour * hour_s + rng.uniform(0, hour_s), rng.choice(kiosks)) for _ in range(count)
        ]
    events.sort(key=lambda e: e[0])
    bodies = []
    for n, (_, kiosk) in enumerate(events):
        name = f"day-{kiosk.enrolled.id}-{n}"
        sha = pages.sha(name)
        kiosk.names[sha] = name
        bodies.append(json.dumps({"items": [kiosk.maker.make(1000 + n, [sha])]}).encode())
    print(f"# day: {len(events)} registrations in {args.day_seconds} s", file=sys.stderr)
    tally, rule = Tally(), policy()
    lag = LoopLag()
    lag.start()
    start = time.monotonic()
    timeline: list[dict] = []

    async def one(at: float, kiosk: Kiosk, body: bytes) -> None:
        await asyncio.sleep(max(0.0, start + at - time.monotonic()))
        assert kiosk.lock is not None
        async with kiosk.lock:  # a kiosk syncs one round at a time
            began = time.monotonic()
            http = http_for(central, kiosk)
            http.events = []
            timeline.append({"at": at, "began": began - start, "events": http.events})
            try:
                await push_and_upload(http, tally, rule, body, kiosk.names, pages, batch)
            except Exception as exc:  # counted; the bench goes on
                tally.errors.append(f"final: {exc}"[:120])

    await asyncio.gather(*(one(at, k, b) for (at, k), b in zip(events, bodies, strict=True)))
    lags = lag.stop()
    for kiosk in kiosks:  # connections belong to this event loop
        if kiosk.http is not None:
            kiosk.http.close()
            kiosk.http.events = None
    if args.day_timeline:
        for entry in timeline:
            entry["events"] = [
                [round(a - start, 3), round(b - start, 3), *rest] for a, b, *rest in entry["events"]
            ]
        Path(args.day_timeline).write_text(json.dumps(timeline))
    return tally, lags


async def storm(
    central: CentralProcess, kiosks: list[Kiosk], pages: Pages, args, batch: bool, cutoff: float
) -> tuple[Tally, list[float], float, bool, dict[str, float]]:
    rng = random.Random(8)
    tally, rule = Tally(), policy()
    times: list[float] = []
    late: list[float] = []  # how much later than its moment each kiosk got going (this loop)
    lag = LoopLag()
    lag.start()
    timeline: dict[int, dict] = {}  # per kiosk: its reconnect, done and every request
    last = [0.0]
    start = time.monotonic()

    async def one(kiosk: Kiosk, at: float) -> None:
        await asyncio.sleep(at)
        began = time.monotonic()
        late.append(began - start - at)
        http = http_for(central, kiosk)
        http.close()  # the network was down: every kiosk connects afresh
        http.events = []
        timeline[kiosk.enrolled.id] = {"began": began - start, "events": http.events}
        try:
            await push_and_upload(http, tally, rule, kiosk.backlog, kiosk.names, pages, batch)
        except Exception as exc:
            tally.errors.append(f"final: {exc}"[:120])
            return
        done = time.monotonic()
        timeline[kiosk.enrolled.id]["done"] = done - start
        times.append(done - began)
        last[0] = max(last[0], done - start)
        http.close()

    tasks = [asyncio.create_task(one(k, rng.uniform(0, args.window))) for k in kiosks]
    _, pending = await asyncio.wait(tasks, timeout=cutoff)
    for task in pending:
        task.cancel()
    harness = {f"loop_lag_{k}": v for k, v in lag.stop().items()}
    harness["start_late_p95_s"] = p95(late) if late else 0.0
    harness["start_late_max_s"] = max(late, default=0.0)
    if args.timeline:
        for entry in timeline.values():
            entry["events"] = [
                [round(a - start, 3), round(b - start, 3), *rest] for a, b, *rest in entry["events"]
            ]
        Path(args.timeline).write_text(json.dumps(timeline))
    return tally, times, last[0], not pending, harness


async def burst(central: CentralProcess, kiosks: list[Kiosk], pages: Pages, batch: bool) -> float:
    """Every kiosk pushes its backlog at once; seconds until all of it is at the central."""
    tally, rule = Tally(), policy()
    started = time.monotonic()

    async def one(kiosk: Kiosk) -> None:
        http = http_for(central, kiosk)
        await push_and_upload(http, tally, rule, kiosk.backlog, kiosk.names, pages, batch)
        http.close()

    await asyncio.gather(*(one(k) for k in kiosks))
    if tally.errors:
        print(f"# scale-out errors: {tally.errors[:5]}", file=sys.stderr)
    return time.monotonic() - started


def emit_day(args, floor: dict, tally: Tally, lag: dict[str, float]) -> None:
    emit("province_day_push_p95_ms", p95(tally.push_latencies) * 1000, "ms",
         floor["push_p95_s"] * 1000, "p95 of the same one-registration push from one kiosk alone",
         1000, registrations=len(tally.push_latencies), day_factor=args.day_factor,
         day_seconds=args.day_seconds, kiosks_loop_lag_p95_ms=round(lag["p95_ms"], 1),
         kiosks_loop_lag_max_ms=round(lag["max_ms"], 1))  # fmt: skip
    emit("province_day_errors", len(tally.errors), "errors", 0, "none", 0)


def held(db_url: str, kiosks: list[Kiosk]) -> tuple[int, int]:
    """(registration versions, stored pages) the central holds of these kiosks."""
    import psycopg

    ids = [k.enrolled.id for k in kiosks]
    with psycopg.connect(psycopg_dsn(db_url)) as conn:
        versions = conn.execute(
            "SELECT count(*) FROM central_versions WHERE kiosk_id = ANY(%s)", (ids,)
        ).fetchone()
        shas = [sha for k in kiosks for sha in k.names if "storm-" in k.names[sha]]
        stored = conn.execute(
            "SELECT count(*) FROM central_pages WHERE sha256 = ANY(%s)", (shas,)
        ).fetchone()
    return int(versions[0]), int(stored[0])  # type: ignore[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=1500)
    parser.add_argument("--registrations", type=int, default=40, help="a kiosk's day")
    parser.add_argument("--pages", type=int, default=1, help="pages per registration")
    parser.add_argument("--page-kb", type=int, default=130)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-in-flight", type=int, default=8, help="per worker")
    parser.add_argument("--day-seconds", type=float, default=48)
    parser.add_argument("--day-factor", type=float, default=10, help="× the real day's rate")
    parser.add_argument("--window", type=float, default=60, help="the storm's reconnect window")
    parser.add_argument("--scale-kiosks", type=int, default=40)
    parser.add_argument("--budget", type=float, default=570, help="seconds for the whole bench")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--phases", default="day,scaleout,storm", help="which phases to run (comma-separated)"
    )
    parser.add_argument("--day-timeline", help="write each day arrival's requests to this JSON")
    parser.add_argument(
        "--timeline",
        help="write each storm kiosk's requests (sent, answered, status, "
        "Retry-After, slept; seconds from the storm's start) to this JSON file",
    )
    args = parser.parse_args()
    if args.quick:
        args.kiosks, args.day_seconds, args.window, args.scale_kiosks = 150, 20, 10, 30
    t0 = time.monotonic()
    with fresh_database("kiosk_bench_province") as db_url, tempfile.TemporaryDirectory() as tmp:
        return run(args, db_url, Path(tmp), t0)


def run(args, db_url: str, folder: Path, t0: float) -> int:
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.settings import CentralSettings

    key = load_or_create_document_key(CentralSettings(data_dir=folder).keys_dir)
    pages = Pages(os.urandom(args.page_kb * 1000), key.public_key())
    extra = ("--max-in-flight", str(args.max_in_flight))
    w = args.workers
    central = CentralProcess(db_url, folder, w, *extra)
    time.sleep(1)
    idle_rss = max(rss_mb(pid) for pid in central.worker_pids())
    names = [(f"Loket {i % 5 + 1}", f"MPP {i // 5:03d}") for i in range(args.kiosks)]
    names += [("Loket sendiri", "MPP Sendiri")]
    names += [(f"Loket {i}", f"MPP Skala {i // 5}") for i in range(2 * args.scale_kiosks)]
    enrolled = enroll_bulk(db_url, folder, names)
    kiosks = [Kiosk(e, ItemMaker(e.code, e.signer), lock=asyncio.Lock()) for e in enrolled]
    province, alone = kiosks[: args.kiosks], kiosks[args.kiosks]
    scale = kiosks[args.kiosks + 1 :]
    phases = set(args.phases.split(","))
    for kiosk in (province if "storm" in phases else []) + (scale if "scaleout" in phases else []):
        kiosk.backlog = backlog(kiosk, pages, args.registrations, args.pages, "storm")
    print(f"# set-up {time.monotonic() - t0:.0f} s", file=sys.stderr)

    floor = asyncio.run(lone_floor(central, alone, pages, args))
    batch = floor["batch"]
    print(f"# alone: {floor}; pages by {'batch' if batch else 'PUT'}", file=sys.stderr)
    sampler = Sampler(central, db_url)
    day_tally, day_lag = Tally(), {"p95_ms": 0.0, "max_ms": 0.0}
    if "day" in phases:
        day_tally, day_lag = asyncio.run(day(central, province, pages, args, batch))
    day_usage = sampler.stop()
    central.stop()
    print(
        f"# day: errors {day_tally.errors[:5]}, usage {day_usage}, kiosks' loop lag {day_lag}",
        file=sys.stderr,
    )
    if "day" in phases:
        emit_day(args, floor, day_tally, day_lag)

    scale_rss = 0.0  # the scale-out's workers' largest RSS (the RSS line of a run without storm)
    rates: dict[int, float] = {}  # scale-out: the same work on 1 worker, then on w
    half = len(scale) // 2
    for workers, group in (
        ((1, scale[:half]), (w, scale[half:])) if w > 1 and "scaleout" in phases else ()
    ):
        central = CentralProcess(db_url, folder, workers, *extra)
        sampler = Sampler(central, db_url)
        cpu0 = time.process_time()
        seconds = asyncio.run(burst(central, group, pages, batch))
        usage = sampler.stop()
        central.stop()
        scale_rss = max(scale_rss, usage["rss_max_mb"])
        regs = len(group) * args.registrations
        rates[workers] = regs / seconds
        print(
            f"# scale-out {workers} worker(s): {rates[workers]:.0f} registrations/s; CPU ms per "
            f"registration: workers {usage['worker_cpu_s'] / regs * 1000:.1f}, PostgreSQL "
            f"{usage['pg_cpu_s'] / regs * 1000:.1f}, kiosks "
            f"{(time.process_time() - cpu0) / regs * 1000:.1f}; {usage}",
            file=sys.stderr,
        )

    if rates:
        emit(f"province_scaleout_per_worker_regs_per_s_{w}_workers", rates[w] / w,
             "registrations/s", rates[1], "one worker alone, the same work (registrations/s)",
             None, total=round(rates[w], 1))  # fmt: skip
    if "storm" not in phases:
        rss = max(day_usage["rss_max_mb"], scale_rss)
        emit("province_rss_max_mb_per_worker", rss, "MB", idle_rss,
             "a worker's RSS just after start", 300, phases=args.phases)  # fmt: skip
        return 0 if not day_tally.errors else 1
    central = CentralProcess(db_url, folder, w, *extra)
    sampler = Sampler(central, db_url)
    cpu0 = time.process_time()
    cutoff = max(30.0, min(360.0, args.budget - (time.monotonic() - t0) - 30))
    started = time.monotonic()
    tally, times, total_s, complete, harness = asyncio.run(
        storm(central, province, pages, args, batch, cutoff)
    )
    storm_wall = time.monotonic() - started
    client_cpu = time.process_time() - cpu0
    usage = sampler.stop()
    central.stop()
    versions, stored = held(db_url, province)
    expected = len(province) * args.registrations
    complete = complete and versions >= expected and stored >= expected * args.pages
    print(
        f"# storm: {len(times)}/{len(province)} kiosks done, {versions}/{expected} versions, "
        f"{stored} pages, wall {storm_wall:.0f} s (cut-off {cutoff:.0f} s), requests "
        f"{tally.requests}, busy {tally.busy}, errors {len(tally.errors)} "
        f"{sorted(set(tally.errors))[:5]}; usage {usage}, kiosks' CPU {client_cpu:.0f} s",
        file=sys.stderr,
    )

    k = len(province)
    emit(f"province_storm_s_{k}_kiosks", total_s if complete else storm_wall, "s",
         args.window + floor["backlog_s"],
         f"the {args.window:.0f} s reconnect window + one kiosk's backlog alone", 300,
         complete=complete, registrations=versions, pages=stored, workers=w,
         page_kb=args.page_kb)  # fmt: skip
    ratio = max(times) / statistics.median(times) if times else float("inf")
    emit("province_storm_slowest_over_median", ratio, "×", 1.0, "every kiosk served alike", 2.0,
         median_s=round(statistics.median(times), 1) if times else None,
         slowest_s=round(max(times), 1) if times else None, kiosks_done=len(times),
         **{f"kiosks_{k}": round(v, 3) for k, v in harness.items()})  # fmt: skip
    emit("province_storm_errors", len(tally.errors), "errors", 0, "none", 0)
    emit("province_storm_busy_answers", tally.busy, "answers", None,
         "503 central.busy + Retry-After, waited out", None, requests=tally.requests)  # fmt: skip
    emit("province_rss_max_mb_per_worker", max(usage["rss_max_mb"], day_usage["rss_max_mb"]),
         "MB", idle_rss, "a worker's RSS just after start", 300)  # fmt: skip
    cpu_ms = usage["worker_cpu_s"] / max(1, versions) * 1000
    emit("province_storm_cpu_ms_per_registration", cpu_ms, "ms",
         floor["backlog_cpu_ms_per_registration"],
         "the workers' CPU per registration for one kiosk's backlog alone (10 ms clock ticks)",
         None, registrations_per_worker_cpu_s=round(1000 / cpu_ms, 1),
         postgres_ms=round(usage["pg_cpu_s"] / versions * 1000, 2),
         kiosks_ms=round(client_cpu / versions * 1000, 2),
         max_db_connections=usage["connections"])  # fmt: skip
    return 0 if complete and not tally.errors and not day_tally.errors else 1


if __name__ == "__main__":
    sys.exit(main())
