"""The central's page path alone: CPU per small page taken by ``POST /page-batches`` (issue 17).

A week offline is ~17,000 pages of ~3 KB; the reconnect bench (``bench_reconnect.py``) times
the whole round with the kiosk on the same two cores, so the central's share is hard to read
from it. Here one enrolled kiosk pushes registrations naming ``--pages`` pages (before the
clock), then uploads their envelopes (sealed to the central and a kiosk key, as the kiosk's are)
in batches of ``--batch`` over ``--concurrency`` connections, against ``kiosk central serve`` as
its own process on a fresh PostgreSQL database, as deployed.

- ``central.page_batch_cpu_us_per_page``: the central process's CPU (user + system, from
  /proc) during the upload, per page; also wall time and pages/s.
- Floor: opening the same envelopes (X25519, AES-GCM, SHA-256: the check every page needs) in
  this process, CPU per page, in the same run.
- ``--body json`` (base64 in JSON, any central) or ``binary`` (the raw body, centrals since
  issue 17's change; :mod:`kiosk.page_batch_body`).

    .venv/bin/python bench/bench_page_batches.py [--pages 6000] [--batch 64] [--body binary]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument("--page-kb", type=float, default=3.0)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--body", choices=["json", "binary"], default="json")
    args = parser.parse_args()
    import httpx
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from bench.central_harness import CentralProcess, ItemMaker, cpu_seconds, emit, fresh_database
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.settings import CentralSettings
    from kiosk.documents.envelope import open_with_info, seal_document

    with tempfile.TemporaryDirectory() as name, fresh_database("kiosk_bench_pages") as db_url:
        central = CentralProcess(db_url, Path(name) / "central", 1)
        try:
            token, code, central_key = central.enroll("Loket Halaman", "MPP Bench")
            key = load_or_create_document_key(CentralSettings(data_dir=central.folder).keys_dir)
            local = X25519PrivateKey.generate()
            page_bytes = int(args.page_kb * 1024)
            plain = [os.urandom(page_bytes) for _ in range(args.pages)]
            shas = [hashlib.sha256(page).hexdigest() for page in plain]
            sealed = [seal_document(page, [central_key, local.public_key()]) for page in plain]
            headers = {"Authorization": f"Bearer {token}"}
            maker = ItemMaker(code, central.signers[token])
            per_registration = 6
            items = [
                maker.make(n, shas[start : start + per_registration])
                for n, start in enumerate(range(0, args.pages, per_registration))
            ]
            with httpx.Client(base_url=central.url, headers=headers, timeout=120) as http:
                for start in range(0, len(items), 100):
                    answer = http.post("/push", json={"items": items[start : start + 100]})
                    assert answer.status_code == 200, answer.text
            batches = [
                list(zip(shas[i : i + args.batch], sealed[i : i + args.batch], strict=True))
                for i in range(0, args.pages, args.batch)
            ]
            bodies = [_body(batch, args.body) for batch in batches]
            stored = 0

            def send(body: tuple[bytes, str]) -> int:
                content, media_type = body
                with httpx.Client(base_url=central.url, headers=headers, timeout=120) as http:
                    answer = http.post(
                        "/page-batches", content=content, headers={"Content-Type": media_type}
                    )
                assert answer.status_code == 200, answer.text[:200]
                return sum(result["stored"] for result in answer.json()["results"])

            cpu_before = cpu_seconds(central.process.pid)
            user_before, system_before = _user_system(central.process.pid)
            start = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                stored = sum(pool.map(send, bodies))
            elapsed = time.perf_counter() - start
            central_cpu = cpu_seconds(central.process.pid) - cpu_before
            user, system = _user_system(central.process.pid)
            user, system = user - user_before, system - system_before
        finally:
            central.stop()
    assert stored == args.pages, (stored, args.pages)
    opened_cpu = time.process_time()
    for envelope in sealed[:2000]:
        open_with_info(envelope, key)
    floor_us = (time.process_time() - opened_cpu) / min(2000, len(sealed)) * 1e6
    emit(
        "central.page_batch_cpu_us_per_page", central_cpu / args.pages * 1e6, "us", floor_us,
        "opening the same envelopes in this process, CPU us per page", None,
        body=args.body, pages=args.pages, batch=args.batch, wall_s=round(elapsed, 2),
        pages_per_s=round(args.pages / elapsed), central_cpu_s=round(central_cpu, 2),
        central_user_s=round(user, 2), central_system_s=round(system, 2),
        load=round(os.getloadavg()[0], 1),
    )  # fmt: skip
    return 0


def _user_system(pid: int) -> tuple[float, float]:
    """User and system CPU seconds of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def _body(batch: list[tuple[str, bytes]], kind: str) -> tuple[bytes, str]:
    if kind == "binary":
        from kiosk import page_batch_body
        from kiosk import protocol as p

        return page_batch_body.encode(batch), p.PAGE_BATCH_BINARY_MEDIA_TYPE
    pages = [{"sha256": sha, "envelope": base64.b64encode(env).decode()} for sha, env in batch]
    return json.dumps({"pages": pages}).encode(), "application/json"


if __name__ == "__main__":
    raise SystemExit(main())
