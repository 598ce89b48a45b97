"""Store benchmarks: saving a complete registration, and searching among 100,000.

Floors, measured in the same run on the same disk:
- save: one fsync'd single-row SQLite commit (WAL, synchronous=FULL), the least a durable save
  can cost;
- search: one indexed single-row look-up through SQLAlchemy (the least any query costs).

The 100,000 registrations come from the demo generator and are written with the store's bulk path
(``bulk_submit``, transactions of 5,000, validation skipped: the tests validate the generator's
output). Queries: an exact NIK (blind index), a name prefix (one and a half words of a stored
business name), a misspelt name (one letter dropped from one word, another doubled).

    .venv/bin/python bench/bench_store.py [--rows 100000] [--samples 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar


def emit(
    name: str, value: float, unit: str, floor: float | None, floor_name: str, target: float | None
) -> None:
    print(
        json.dumps(
            {
                "name": name,
                "value": round(value, 3),
                "unit": unit,
                "floor": None if floor is None else round(floor, 3),
                "floor_name": floor_name,
                "target": target,
            }
        ),
        flush=True,
    )


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


Item = TypeVar("Item")


def timed(fn: Callable[[Item], object], items: Iterable[Item]) -> list[float]:
    out = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - start) * 1000)
    return out


def commit_floor(folder: Path, samples: int) -> list[float]:
    conn = sqlite3.connect(folder / "floor.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")

    def one(i: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (v) VALUES (?)", (f"row {i}",))
        conn.execute("COMMIT")

    result = timed(one, range(samples))
    conn.close()
    return result


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument(
        "--search-db",
        type=Path,
        default=None,
        help="keep the generated search database here and reuse it on the next run",
    )
    parser.add_argument("--search-only", action="store_true", help="skip the save benchmark")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="kiosk-bench-", dir=os.environ.get("BENCH_DIR")))
    try:
        if not args.search_only:
            run_save(base, args.samples)
        return run_search(args.search_db or base / "search", args.rows, args.samples)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def run_save(base: Path, samples: int) -> None:
    from kiosk.demo import DemoFactory
    from kiosk.store import Store

    floor = commit_floor(base, samples)
    floor_p50, floor_p95 = statistics.median(floor), pct(floor, 0.95)
    store = Store.open(base / "save")
    factory = DemoFactory(seed=11, kiosk_id=store.kiosk_id)
    for n in range(20):  # warm-up: imports, reference data, statement caches
        store.submit(factory.make(100_000 + n), staff_id="bench")
    regs = [factory.make(n) for n in range(samples)]
    submit = timed(lambda r: store.submit(r, staff_id="bench"), regs)
    drafts = [factory.make(200_000 + n) for n in range(samples)]
    draft = timed(lambda r: store.save_draft(r, staff_id="bench", step="bank"), drafts)
    store.close()
    name = "fsync'd single-row SQLite commit (WAL, synchronous=FULL)"
    emit(
        "store.submit_complete.p50", statistics.median(submit), "ms", floor_p50, name + " p50", None
    )
    emit("store.submit_complete.p95", pct(submit, 0.95), "ms", floor_p95, name + " p95", 10)
    emit(
        "store.save_draft_complete.p50",
        statistics.median(draft),
        "ms",
        floor_p50,
        name + " p50",
        None,
    )
    emit("store.save_draft_complete.p95", pct(draft, 0.95), "ms", floor_p95, name + " p95", 10)


def run_search(folder: Path, rows: int, samples: int) -> int:
    from kiosk.demo import DemoFactory
    from kiosk.store import Store

    store = Store.open(folder)
    factory = DemoFactory(seed=12, kiosk_id=store.kiosk_id)
    if store.count_registrations() != rows:  # same seed and count: the rows are reusable
        if store.count_registrations():
            raise SystemExit(f"{folder} holds another data set; remove it first")
        start = time.perf_counter()
        store.bulk_submit(
            (factory.make(n) for n in range(rows)), staff_id="bench", validate=False, batch=5000
        )
        build = time.perf_counter() - start
        log(f"{rows} registrations generated and stored in {build:.1f} s")
        emit("store.bulk_submit.rate", rows / build, "registrations/s", None, "", None)

    rng = random.Random(5)
    picks = [factory.make(rng.randrange(rows)) for _ in range(samples)]
    by_nik = [p.owner.nik for p in picks]
    prefixes = []
    for p in picks:
        words = p.business.name.split()
        prefixes.append(" ".join([*words[:-1], words[-1][: max(2, len(words[-1]) // 2)]]))
    misspelt = [misspell(p.business.name, rng) for p in picks]

    ids = [h.id for q in by_nik[:50] for h in store.search(q)][:samples]
    _ = [store.search(q) for q in by_nik[:10] + prefixes[:10] + misspelt[:10]]  # warm-up
    floor_search = timed(store.summary, ids)
    found = {"nik": 0, "prefix": 0, "misspelt": 0}
    results = {}
    for kind, queries in (("nik", by_nik), ("prefix", prefixes), ("misspelt", misspelt)):
        times = []
        for query, pick in zip(queries, picks, strict=True):
            start = time.perf_counter()
            hits = store.search(query)
            times.append((time.perf_counter() - start) * 1000)
            found[kind] += any(h.business_name == pick.business.name for h in hits)
        results[kind] = times
    store.close()
    fname = "indexed single-row look-up (Store.summary) p95"
    fp95 = pct(floor_search, 0.95)
    for kind, times in results.items():
        emit(f"store.search_{kind}_{rows}.p95", pct(times, 0.95), "ms", fp95, fname, 20)
        emit(
            f"store.search_{kind}_{rows}.p50",
            statistics.median(times),
            "ms",
            statistics.median(floor_search),
            fname.replace("p95", "p50"),
            None,
        )
        emit(f"store.search_{kind}_{rows}.found", found[kind] / len(picks), "ratio", None, "", 1.0)
    return 0


def misspell(name: str, rng: random.Random) -> str:
    words = name.split()
    i = rng.randrange(1, len(words)) if len(words) > 1 else 0
    word = words[i]
    if len(word) > 4:
        j = rng.randrange(1, len(word) - 1)
        word = word[:j] + word[j + 1 :]  # a letter dropped
    words[i] = word
    k = rng.randrange(len(words))
    if len(words[k]) > 3 and k != i:
        j = rng.randrange(1, len(words[k]))
        words[k] = words[k][:j] + words[k][j - 1] + words[k][j:]  # a letter doubled
    return " ".join(words)


if __name__ == "__main__":
    sys.exit(main())
