"""Reference data and validation speed: load, village type-ahead p50/p95, KBLI search, validation.

Prints one JSON object per line: {"name", "value", "unit", "floor", "floor_name", "target", ...}.
Each load is measured in a fresh Python process (the data is cached inside a process), with the
floor of that run: the same process importing the package and only reading the CSV files with the
csv module (what any loader must at least do). Type-ahead queries: realistic prefixes, full names,
multi-word, infix and misses, measured after the index is built (its build is reported separately).

Run: .venv/bin/python bench/bench_reference.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

QUERIES = [
    "a", "ka", "kar", "sido", "sidorejo", "sebengkok", "karang anyar", "kampung baru",
    "tanjung", "sungai", "rejo", "bengkok", "sebengkok tarakan", "desa baru malinau",
    "ujung", "mekar", "soka'an", "xyzq", "nunukan", "tana tidung", "pulau", "gunung",
    "suka", "batu", "jaya", "ngr", "margo", "tengah", "lama", "indah", "sebengkog",
]  # fmt: skip

CHILD = r"""
import csv, json, sys, time
t0 = time.perf_counter()
mode = sys.argv[1]
if mode == "floor":
    from kiosk.config import resources_dir
    base = resources_dir() / "data"
    for name in ("regions/provinces.csv", "regions/regencies.csv", "regions/districts.csv",
                 "regions/villages.csv", "kbli2020/kbli2020.csv"):
        with open(base / name, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
else:
    from kiosk.reference import Reference
    t0 = time.perf_counter()
    Reference.load()
print(json.dumps(time.perf_counter() - t0))
"""


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def child(mode: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def emit(**row: object) -> None:
    print(json.dumps(row), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    loads = [child("load") for _ in range(args.rounds)]
    floors = [child("floor") for _ in range(args.rounds)]
    emit(
        name="reference.load", value=round(statistics.median(loads) * 1000, 1), unit="ms",
        floor=round(statistics.median(floors) * 1000, 1), floor_name="csv.reader of the same files",
        target=300, rounds=args.rounds,
    )  # fmt: skip

    from kiosk.reference import Reference

    ref = Reference.load()
    t0 = time.perf_counter()
    ref.prepare_search()
    emit(name="reference.village_index_build", value=round((time.perf_counter() - t0) * 1000, 1),
         unit="ms", note="once per process (prepare_search or the first search)")  # fmt: skip

    times: list[float] = []
    floor_times: list[float] = []
    names = ref._regions.v_names  # floor: one pass over all names with a substring test
    for _ in range(args.rounds * 4):
        for query in QUERIES:
            t0 = time.perf_counter()
            ref.search_villages(query, 20)
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            _ = [n for n in names if query in n]
            floor_times.append(time.perf_counter() - t0)
    for p in (50, 95):
        emit(
            name=f"reference.search_villages.p{p}", value=round(pct(times, p) * 1000, 2), unit="ms",
            floor=round(pct(floor_times, p) * 1000, 2),
            floor_name="one substring scan over 83,762 names", target=50, samples=len(times),
        )  # fmt: skip
    kbli_times = []
    for _ in range(args.rounds * 20):
        for query in ("roti", "47", "perdagangan eceran", "industri makanan", "konstruksi"):
            t0 = time.perf_counter()
            ref.search_kbli(query)
            kbli_times.append(time.perf_counter() - t0)
    emit(name="reference.search_kbli.p95", value=round(pct(kbli_times, 95) * 1000, 2), unit="ms",
         target=50, samples=len(kbli_times))  # fmt: skip

    # Validation of a complete registration (what the store runs on every save).
    from kiosk.domain.examples import complete_registration
    from kiosk.domain.validation import normalize_registration, validate_registration

    regs = [complete_registration(seed) for seed in range(1, 201)]
    spent: list[float] = []
    floor_spent: list[float] = []
    for reg in regs:
        t0 = time.perf_counter()
        validate_registration(normalize_registration(reg, refs=ref), stage="submit", refs=ref)
        spent.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        reg.to_dict()
        floor_spent.append(time.perf_counter() - t0)
    for p in (50, 95):
        emit(
            name=f"domain.normalize_and_validate_submit.p{p}", value=round(pct(spent, p) * 1000, 2),
            unit="ms", floor=round(pct(floor_spent, p) * 1000, 3),
            floor_name="Registration.to_dict() of the same registration", samples=len(spent),
        )  # fmt: skip


if __name__ == "__main__":
    main()
