"""The central's pack store on its own: what :meth:`PackStore.store` and ``read`` cost per page.

Batches of 64 envelopes of 3 KB (the reconnect's pages; random bytes, the store does not open
them) go through ``PackStore.store``; the floor is the same bytes written the way a pack is, one
:func:`~kiosk.fsutil.atomic_write_bytes` per batch, with no index. CPU time of the process (all
threads) is the figure, as the machine is shared; wall time goes to stderr. Run it against an
older tree with ``PYTHONPATH=<tree> .venv/bin/python bench/bench_packs.py`` (it says which
``kiosk`` it measured on stderr) to compare formats.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import kiosk
from kiosk.central.page_packs import PackStore
from kiosk.fsutil import atomic_write_bytes

BATCHES = int(os.environ.get("BENCH_PACK_BATCHES", "150"))
PER_BATCH = 64
SIZE = 3000


def _batches() -> list[dict[str, bytes]]:
    return [
        {os.urandom(32).hex(): os.urandom(SIZE) for _ in range(PER_BATCH)} for _ in range(BATCHES)
    ]


def _timed(work: object) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of ``work()``."""
    assert callable(work)
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> int:
    print(f"kiosk from {Path(kiosk.__file__).parent}", file=sys.stderr)
    batches = _batches()
    pages = BATCHES * PER_BATCH
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        root = Path(tmp)
        store = PackStore(root / "packs")
        store.known_all()  # the index made before timing

        def floor() -> None:
            for n, batch in enumerate(batches):
                atomic_write_bytes(root / "floor" / f"{n:02x}"[:2] / f"{n}.pack",
                                   b"".join(batch.values()))  # fmt: skip

        def packed() -> None:
            for batch in batches:
                store.store(batch)

        def read() -> None:
            for batch in batches:
                for sha in batch:
                    store.read(sha)

        floor_cpu, floor_wall = _timed(floor)
        store_cpu, store_wall = _timed(packed)
        read_cpu, read_wall = _timed(read)
    print(f"{pages} pages: floor {floor_wall:.2f} s wall, store {store_wall:.2f} s, "
          f"read {read_wall:.2f} s", file=sys.stderr)  # fmt: skip
    per_page = 1e6 / pages
    for name, value in (("pack store CPU per page", store_cpu * per_page),
                        ("pack read CPU per page", read_cpu * per_page)):  # fmt: skip
        print(json.dumps({"name": name, "value": round(value, 1), "unit": "µs",
                          "floor": round(floor_cpu * per_page, 1),
                          "floor_name": "the same bytes, one atomic write per batch (CPU)",
                          "target": None}, ensure_ascii=False))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
