"""The set-up the central's benches share: a fresh PostgreSQL database, the central as its own
processes, kiosks enrolled (over HTTP or in bulk through the central's own functions), signed push
items, and the JSON result line of ``bench/run.py``.

- :func:`fresh_database`: ``CREATE DATABASE kiosk_bench_<random>``, dropped (``WITH (FORCE)``)
  when the block ends, whatever happened.
- :class:`CentralProcess`: ``python -m kiosk central serve --workers N`` on a free port (uvicorn's
  process manager: N workers on one socket, the kernel spreads the connections, PostgreSQL and the
  data folder are all they share); :meth:`~CentralProcess.worker_pids` and :func:`rss_mb` for the
  memory of each worker.
- :func:`enroll_bulk`: many kiosks enrolled in one transaction through the central's own
  ``enrolment.create_code`` + ``enrolment.enroll`` (each kiosk its own code, Ed25519 and X25519
  keys and device token), for benches that need thousands before their clock starts.
- :class:`ItemMaker`: signed push items from one realistic registration template, varied per item
  (ids, number, NIK/NIB/NPWP, page hashes) and hashed and signed like a kiosk (about 0.1 ms each;
  building a ``Registration`` each time costs 1.8 ms); :func:`push_body` signs a push of them as a
  kiosk does once its central accepts one signature per push (:func:`tree_signed`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def emit(
    name: str, value: float, unit: str, floor: float | None, floor_name: str, target: object,
    **extra: object,
) -> None:  # fmt: skip
    """One result line of ``bench/run.py``'s format (floor measured in the same run)."""
    line = {
        "name": name,
        "value": round(value, 3),
        "unit": unit,
        "floor": None if floor is None else round(floor, 3),
        "floor_name": floor_name,
        "target": target,
        **extra,
    }
    print(json.dumps(line, ensure_ascii=False), flush=True)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psycopg_dsn(db_url: str) -> str:
    return db_url.replace("postgresql+psycopg://", "postgresql://")


@contextmanager
def fresh_database(prefix: str = "kiosk_bench") -> Iterator[str]:
    """A new, empty PostgreSQL database's SQLAlchemy URL; dropped when the block ends."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rss_mb(pid: int) -> float:
    """Resident set size of one process from /proc (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process from /proc (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CentralProcess:
    """``kiosk central serve`` in its own processes on a fresh port; :meth:`stop` ends them."""

    def __init__(
        self, db_url: str, folder: Path, workers: int, *extra: str, timeout: float = 120
    ) -> None:
        import httpx

        self.db_url, self.folder, self.port = db_url, folder, free_port()
        self.workers = workers
        self.signers: dict[str, Any] = {}  # device token → the kiosk's Ed25519 key
        command = [
            sys.executable, "-m", "kiosk", "central", "serve", "--database-url", db_url,
            "--data-dir", str(folder), "--port", str(self.port),
            "--rate-per-second", "100000", "--rate-burst", "100000", "--workers", str(workers),
            *extra,
        ]  # fmt: skip
        # this tree first; a PYTHONPATH the bench was given comes after it (e.g. an optional
        # package tried out without installing it)
        extra_path = os.environ.get("PYTHONPATH", "")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), extra_path]))}
        # its console goes to a file beside its folder: every worker logs each request there too,
        # and a pipe nobody reads fills up (64 KB, a few hundred requests) and stops the workers
        folder.parent.mkdir(parents=True, exist_ok=True)
        self.console = folder.parent / f"{folder.name}.console.log"
        with self.console.open("wb") as console:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=console, stderr=subprocess.STDOUT
            )
        self.url = f"http://127.0.0.1:{self.port}/api/v1"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/health").status_code == 200:
                    if len(self.worker_pids()) >= (workers if workers > 1 else 0):
                        return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        tail = self.console.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"central did not start:\n{tail}")

    def worker_pids(self) -> list[int]:
        """The processes serving requests: uvicorn's workers, or the one process itself."""
        children = []
        for task in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            children += [int(pid) for pid in task.read_text().split()]
        if self.workers <= 1:
            return [self.process.pid]
        # uvicorn's workers are Python processes; multiprocessing's resource tracker is too
        return [
            pid
            for pid in children
            if "resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes().decode()
        ]

    def enroll(self, name: str, mpp: str) -> tuple[str, str, Any]:
        """One kiosk enrolled over HTTP: (device token, kiosk code, the central's X25519 key)."""
        import httpx
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

        from kiosk.central import admin

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
        try:
            self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()


def pem(key: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    public = key.public_key()
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


@dataclass
class EnrolledKiosk:
    token: str
    code: str
    id: str
    signer: Any  # Ed25519PrivateKey


def enroll_bulk(db_url: str, folder: Path, names: list[tuple[str, str]]) -> list[EnrolledKiosk]:
    """Enrol every (kiosk name, MPP) through the central's own functions, one transaction.

    Each kiosk gets its own one-time code (spent at once), keys and device token, as if it had
    called ``POST /enroll``; ``folder`` is the central's data folder (its document key)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from kiosk import protocol as p
    from kiosk.central import enrolment
    from kiosk.central.db import make_engine, session_factory, session_scope
    from kiosk.central.keys import load_or_create_document_key, public_pem
    from kiosk.central.settings import CentralSettings

    central_pem = public_pem(load_or_create_document_key(CentralSettings(data_dir=folder).keys_dir))
    engine = make_engine(db_url)
    out = []
    try:
        with session_scope(session_factory(engine)) as session:
            for name, mpp in names:
                code = enrolment.create_code(session, name, mpp, 60)
                signer = Ed25519PrivateKey.generate()
                request = p.EnrollRequest(
                    code=code,
                    kiosk_name=name,
                    signing_public_key=pem(signer),
                    document_public_key=pem(X25519PrivateKey.generate()),
                )
                answer = enrolment.enroll(session, request, central_pem)
                out.append(
                    EnrolledKiosk(answer.device_token, answer.kiosk_code, answer.kiosk_id, signer)
                )
    finally:
        engine.dispose()
    return out


def registration(code: str, n: int, pages: list[str]):
    """A realistic registration (business, owner, address, 3 products, bank, a KTP document)."""
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


def new_registration_id(signer: Any) -> str:
    """A registration id as the kiosk makes it: bound to its key where the code base does that
    (``kiosk.security.regid``), else a plain UUIDv7."""
    try:
        from kiosk.security import regid
    except ImportError:
        from kiosk.domain.model import new_id

        return new_id()
    from cryptography.hazmat.primitives import serialization

    raw = signer.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return regid.mint(raw)


def item(seq: int, reg: Any, signer: Any) -> dict:
    """A push item of ``reg`` signed by the kiosk's key (the central refuses unsigned ones); the
    registration gets an id bound to that key first, as the kiosk makes them."""
    from kiosk.protocol import version_signing_bytes

    reg.id = new_registration_id(signer)

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


def tree_signed(batch: list[dict], signer: Any) -> dict:
    """The push request of ``batch`` with its items unsigned and one signature over their tree
    (:mod:`kiosk.push_signature`), as a kiosk signs once its central said it accepts that."""
    from kiosk import push_signature as ps

    items = [{**i, "signature": ""} for i in batch]
    fields = ("registration_id", "version", "reg_no", "content_hash", "status")
    root = ps.root([ps.leaf(*(i[f] for f in fields)) for i in items])
    signature = signer.sign(ps.root_signing_bytes(root, len(items)))
    return {"items": items, "push_signature": base64.b64encode(signature).decode()}


def push_body(items: list[dict], signer: Any) -> bytes:
    """A push's body as a kiosk whose central accepts push signatures sends it
    (:func:`kiosk.sync.push_read.read_ahead`): two or more items signed once, as a tree; one item
    with its own signature (``items`` come signed from :class:`ItemMaker`)."""
    if len(items) < 2:
        return json.dumps({"items": items}).encode()
    return json.dumps(tree_signed(items, signer)).encode()


class ItemMaker:
    """Signed push items for one kiosk, varied from one realistic registration's content."""

    def __init__(self, code: str, signer: Any) -> None:
        self.code, self.signer, self.seq = code, signer, 0
        self.template = json.dumps(registration(code, 0, ["0" * 64]).content())

    def make(self, n: int, page_hashes: list[str]) -> dict:
        from kiosk.domain.model import canonical_json
        from kiosk.protocol import version_signing_bytes

        self.seq += 1
        content = json.loads(self.template)
        reg_id = new_registration_id(self.signer)
        reg_no = f"{self.code}-20261125-{n:04d}"
        content["id"], content["reg_no"] = reg_id, reg_no
        unique = int(hashlib.sha256(reg_id.encode()).hexdigest()[:12], 16)
        content["business"]["name"] = f"Usaha Maju Jaya {n}"
        content["business"]["nib"] = f"{9100000000000 + unique % 10**12}"
        content["business"]["npwp"] = f"{310000000000000 + unique % 10**14}"
        content["owner"]["nik"] = f"{6471010000000000 + unique % 10**10}"
        content["documents"][0]["pages"] = [
            {**content["documents"][0]["pages"][0], "sha256": h} for h in page_hashes
        ]
        content_hash = hashlib.sha256(canonical_json(content)).hexdigest()
        message = version_signing_bytes(reg_id, 1, reg_no, content_hash, "submitted")
        return {
            "seq": self.seq,
            "registration_id": reg_id,
            "reg_no": reg_no,
            "version": 1,
            "content_hash": content_hash,
            "content": content,
            "status": "submitted",
            "page_hashes": sorted(set(page_hashes)),
            "signature": base64.b64encode(self.signer.sign(message)).decode(),
        }
