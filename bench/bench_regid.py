"""Registration IDs bound to the kiosk's key (kiosk.security.regid); one JSON object per line.

- ``regid.mint_us``: one new ID on the kiosk (the sequence and one SHA-256); floor: a plain
  UUIDv7 (``uuid6.uuid7``, what the kiosk made before) in the same run.
- ``regid.check_us``: the central's check of one new registration's ID with the pushing kiosk's
  key (``accepted_as_new``); floor: the Ed25519 signature check every pushed item already costs
  (``kiosk.central.authorship``), in the same run. Target: at most a tenth of that floor.

Each figure is the median of 7 runs of 20,000 calls.

Run: ``.venv/bin/python bench/bench_regid.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import time
from collections.abc import Callable

REPEAT, CALLS = 7, 20_000


def per_call_us(fn: Callable[[], object], calls: int = CALLS) -> float:
    runs = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(runs)


def emit(name: str, value: float, floor: float, floor_name: str, target: str) -> None:
    line = {
        "name": name,
        "value": round(value, 2),
        "unit": "us",
        "floor": round(floor, 2),
        "floor_name": floor_name,
        "target": target,
    }
    print(json.dumps(line), flush=True)


def main() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from uuid6 import uuid7

    from kiosk.security import regid

    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    emit(
        "regid.mint_us",
        per_call_us(lambda: regid.mint(raw)),
        per_call_us(lambda: str(uuid7())),
        "uuid6.uuid7",
        "",
    )
    made = regid.mint(raw)
    cutoff = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
    message, public = os.urandom(200), key.public_key()
    signature = key.sign(message)
    emit(
        "regid.check_us",
        per_call_us(lambda: regid.accepted_as_new(made, raw, cutoff)),
        per_call_us(lambda: public.verify(signature, message), calls=CALLS // 10),
        "ed25519.verify",
        "<= floor/10",
    )


if __name__ == "__main__":
    main()
