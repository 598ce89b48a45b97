"""Central benchmarks: 50 kiosks pushing at once (p95 push latency) and page upload MB/s.

The central runs as its own processes (``python -m kiosk central serve --workers 2``: one uvicorn
worker per core, the way production runs it behind one PostgreSQL; ``--workers`` changes it) on
a fresh PostgreSQL database over loopback, so the clients' threads do not share its interpreters.
The 50 kiosk clients run in this process on the same two cores, so their CPU counts against the
central's. Prints one JSON object per line, each with the floor measured in this same run:

- ``central_push_p95_50_kiosks``: p95 latency of one push (``BATCH`` registrations) while 50
  kiosks push at once. Floor: p95 of the same pushes from one kiosk alone.
- ``central_push_registrations_per_s_50_kiosks``: what those 50 kiosks achieved together.
  Floor: the same rows inserted by a raw psycopg ``COPY`` into a scratch table.
- ``central_page_upload_mb_per_s``: envelope bytes uploaded, verified (opened with the central's
  key, SHA-256 checked) and stored durably, one kiosk, ~620 KB pages. Floor: the central's own
  work without HTTP (open + hash + durable write) on the same envelopes.

Run: ``.venv/bin/python bench/bench_central.py`` (needs PostgreSQL at 127.0.0.1:5432; about a
minute on two cores). ``--kiosks``/``--pushes``/``--batch``/``--pages`` shrink or grow it.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def emit(name: str, value: float, unit: str, floor: float, floor_name: str, target: object) -> None:
    print(
        json.dumps(
            {
                "name": name,
                "value": round(value, 3),
                "unit": unit,
                "floor": round(floor, 3),
                "floor_name": floor_name,
                "target": target,
            }
        ),
        flush=True,
    )


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def registration(code: str, n: int, pages: list[str]):
    from kiosk.domain.model import DocumentRef, PageRef, Product, Registration

    reg = Registration(reg_no=f"{code}-20261125-{n:04d}")
    reg.business.name = f"Usaha Maju Jaya {n}"
    reg.business.nib = f"{9100000000000 + n}"
    reg.business.npwp = f"{310000000000000 + n}"
    reg.business.kbli = ["47111", "10792"]
    reg.owner.nik = f"{6471010101900000 + n}"
    reg.owner.full_name = "Siti Aminah binti Abdullah"
    reg.owner.phone = "+6281234567890"
    reg.address.village_code = "64.71.01.1001"
    reg.address.street = "Jl. Pahlawan No. 12 RT 03"
    reg.products = [Product(name=f"Keripik {i}", unit="pcs", price_idr=15000) for i in range(3)]
    reg.bank.bank, reg.bank.account_number = "BRI", "0123456789012345"
    reg.documents = [DocumentRef(label="KTP", pages=[PageRef(sha256=h) for h in pages])]
    return reg


def item(seq: int, reg, signer) -> dict:
    """A push item signed by the kiosk's key (the central refuses unsigned ones)."""
    import base64

    from kiosk.protocol import version_signing_bytes

    body = {
        "seq": seq,
        "registration_id": reg.id,
        "reg_no": reg.reg_no,
        "version": reg.version,
        "content_hash": reg.content_hash(),
        "content": reg.content(),
        "status": "submitted",
        "page_hashes": sorted({p.sha256 for d in reg.documents for p in d.pages}),
    }
    message = version_signing_bytes(
        reg.id, reg.version, reg.reg_no, body["content_hash"], "submitted"
    )
    body["signature"] = base64.b64encode(signer.sign(message)).decode()
    return body


class Central:
    def __init__(self, db_url: str, folder: Path, workers: int) -> None:
        self.db_url, self.port = db_url, free_port()
        self.signers: dict[str, object] = {}  # device token → the kiosk's Ed25519 key
        command = [
            sys.executable, "-m", "kiosk", "central", "serve", "--database-url", db_url,
            "--data-dir", str(folder), "--port", str(self.port),
            "--rate-per-second", "100000", "--rate-burst", "100000", "--workers", str(workers),
        ]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self.url = f"http://127.0.0.1:{self.port}/api/v1"
        import httpx

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError("central did not start")

    def enroll(self, name: str, mpp: str) -> tuple[str, str, object]:
        import httpx
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

        from kiosk.central import admin

        def pem(key) -> str:
            return (
                key.public_key()
                .public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                )
                .decode()
            )

        code = admin.create_enrolment_code(self.db_url, name, mpp)
        signer = Ed25519PrivateKey.generate()
        body = {
            "code": code,
            "kiosk_name": name,
            "signing_public_key": pem(signer),
            "document_public_key": pem(X25519PrivateKey.generate()),
        }
        answer = httpx.post(f"{self.url}/enroll", json=body).json()
        self.signers[answer["device_token"]] = signer
        central_key = serialization.load_pem_public_key(
            answer["central_document_public_key"].encode()
        )
        return answer["device_token"], answer["kiosk_code"], central_key

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=20)


def push_rounds(central: Central, token: str, batches: list[list[dict]], latencies: list[float]):
    import httpx

    with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=120) as http:
        for batch in batches:
            body = json.dumps({"items": batch}).encode()
            started = time.perf_counter()
            answer = http.post(
                f"{central.url}/push", content=body, headers={"Content-Type": "application/json"}
            )
            latencies.append(time.perf_counter() - started)
            outcomes = {r["outcome"] for r in answer.json()["results"]}
            assert answer.status_code == 200 and outcomes == {"stored"}, answer.text[:300]


def bench_push(central: Central, kiosks: int, pushes: int, batch: int) -> None:
    page = hashlib.sha256(b"page").hexdigest()
    clients = []
    for k in range(kiosks):
        token, code, _ = central.enroll(f"Loket {k}", f"MPP Bench {k % 5}")
        first = (k + 1) * 100_000  # NIK/NIB/NPWP unique per kiosk: no duplicate flags
        regs = [registration(code, first + n, [page]) for n in range(pushes * batch)]
        items = [item(n + 1, r, central.signers[token]) for n, r in enumerate(regs)]
        clients.append((token, [items[i : i + batch] for i in range(0, len(items), batch)]))
    # floor: one kiosk alone, same kind of pushes (its own extra batches)
    token, code, _ = central.enroll("Loket alone", "MPP Bench alone")
    alone_regs = [registration(code, n, [page]) for n in range(pushes * batch * 2)]
    alone_items = [item(n + 1, r, central.signers[token]) for n, r in enumerate(alone_regs)]
    alone: list[float] = []
    push_rounds(
        central,
        token,
        [alone_items[i : i + batch] for i in range(0, len(alone_items), batch)],
        alone,
    )
    latencies: list[float] = []
    threads = [
        threading.Thread(target=push_rounds, args=(central, tok, batches, latencies))
        for tok, batches in clients
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    emit(
        f"central_push_p95_{kiosks}_kiosks",
        p95(latencies) * 1000,
        "ms",
        p95(alone) * 1000,
        f"p95 of the same {batch}-registration pushes from one kiosk alone",
        2000,
    )
    total = kiosks * pushes * batch
    rate = total / elapsed
    emit(
        f"central_push_registrations_per_s_{kiosks}_kiosks",
        rate,
        "registrations/s",
        copy_floor(central.db_url, [i for _, bs in clients for b in bs for i in b]),
        "raw psycopg COPY of the same rows (id, version, hash, content) into a scratch table",
        "≥ 0.2 × floor",
    )


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
    import httpx

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
    args = parser.parse_args()
    import psycopg

    name = f"kiosk_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            central = Central(db_url, folder, args.workers)
            try:
                bench_push(central, args.kiosks, args.pushes, args.batch)
                bench_pages(central, args.pages, folder)
            finally:
                central.stop()
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
