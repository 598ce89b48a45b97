"""Test helpers: a running central, and kiosks that speak the protocol with plain httpx.

The kiosk side here is deliberately independent of the sync part's client: these tests pin the
central's half of the contract (status codes, error codes, echoes) request by request.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from kiosk.central import admin
from kiosk.domain.model import DocumentRef, PageRef, Registration

API = "/api/v1"


def pem(public: Any) -> str:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def unique(prefix: str) -> str:
    return f"{prefix} {os.urandom(4).hex()}"


@dataclass
class Central:
    db_url: str
    folder: Path
    backend: str
    running: Any

    @classmethod
    def start(cls, db_url: str, folder: Path, *, backend: str, **settings: Any) -> Central:
        from kiosk.central.server import start_in_thread
        from kiosk.central.settings import CentralSettings

        settings.setdefault("rate_per_second", 10_000.0)
        settings.setdefault("rate_burst", 10_000)
        # These kiosks make plain UUIDv7s as kiosks before key-bound IDs did: accepted as such.
        # tests/central/test_central_idbind.py runs the central with its default cutoff.
        settings.setdefault("legacy_id_cutoff", "9999-01-01T00:00:00+00:00")
        config = CentralSettings(data_dir=folder, database_url=db_url, **settings)
        return cls(db_url, folder, backend, start_in_thread(db_url, folder, settings=config))

    @property
    def url(self) -> str:
        return self.running.url

    def stop(self) -> None:
        self.running.stop()

    def __enter__(self) -> Central:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def sql(self, statement: str, **params: Any) -> list[Any]:
        """Run one SQL statement on the central's database (own engine, disposed at once)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.db_url)
        try:
            with engine.begin() as conn:
                result = conn.execute(text(statement), params)
                return list(result) if result.returns_rows else []
        finally:
            engine.dispose()

    def http(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url + API, headers=headers, timeout=30)

    def enroll(self, name: str | None = None, mpp: str | None = None) -> KioskClient:
        name, mpp = name or unique("Loket"), mpp or unique("MPP Test")
        code = admin.create_enrolment_code(self.db_url, name, mpp)
        kiosk = KioskClient(central=self, name=name, mpp=mpp)
        with self.http() as http:
            response = http.post("/enroll", json=kiosk.enroll_body(code))
        assert response.status_code == 200, response.text
        kiosk.accept(response.json())
        return kiosk


@dataclass
class KioskClient:
    central: Central
    name: str
    mpp: str
    signing: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    documents: X25519PrivateKey = field(default_factory=X25519PrivateKey.generate)
    kiosk_id: str = ""
    kiosk_code: str = ""
    token: str = ""
    central_key: X25519PublicKey | None = None
    seq: int = 0

    def new_id(self) -> str:
        """A registration ID made by this kiosk's key, as a kiosk of this version makes it."""
        from kiosk.security import regid

        raw = self.signing.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return regid.mint(raw)

    def enroll_body(self, code: str) -> dict[str, str]:
        return {
            "code": code,
            "kiosk_name": self.name,
            "signing_public_key": pem(self.signing.public_key()),
            "document_public_key": pem(self.documents.public_key()),
        }

    def accept(self, body: dict[str, Any]) -> None:
        self.kiosk_id, self.kiosk_code = body["kiosk_id"], body["kiosk_code"]
        self.token = body["device_token"]
        key = serialization.load_pem_public_key(body["central_document_public_key"].encode())
        assert isinstance(key, X25519PublicKey)
        self.central_key = key

    def http(self) -> httpx.Client:
        return self.central.http(self.token)

    def item(self, reg: Registration, **override: Any) -> dict[str, Any]:
        self.seq += 1
        body = {
            "seq": self.seq,
            "registration_id": reg.id,
            "reg_no": reg.reg_no,
            "version": reg.version,
            "content_hash": reg.content_hash(),
            "content": reg.content(),
            "status": "submitted",
            "page_hashes": sorted({p.sha256 for d in reg.documents for p in d.pages}),
        }
        body.update(override)
        body.setdefault("signature", self.sign(body))
        return body

    def sign(self, body: dict[str, Any]) -> str:
        """The kiosk's signature over what the item says (as a kiosk makes it)."""
        from kiosk.protocol import version_signing_bytes

        message = version_signing_bytes(
            body["registration_id"], body["version"], body["reg_no"], body["content_hash"],
            body["status"],
        )  # fmt: skip
        return base64.b64encode(self.signing.sign(message)).decode()

    def tree_signature(self, *items: dict[str, Any]) -> str:
        """The kiosk's one signature over the items' tree (kiosk.push_signature), in this order."""
        from kiosk import push_signature as ps

        leaves = [
            ps.leaf(i["registration_id"], i["version"], i["reg_no"], i["content_hash"], i["status"])
            for i in items
        ]
        message = ps.root_signing_bytes(ps.root(leaves), len(items))
        return base64.b64encode(self.signing.sign(message)).decode()

    def push(self, *items: dict[str, Any], push_signature: str | None = None) -> httpx.Response:
        request: dict[str, Any] = {"items": list(items)}
        if push_signature is not None:
            request["push_signature"] = push_signature
        with self.http() as http:
            # ASCII-escaped JSON, so tests can also send what UTF-8 cannot carry (lone surrogates)
            body = json.dumps(request).encode()
            return http.post("/push", content=body, headers={"Content-Type": "application/json"})

    def seal(self, plaintext: bytes) -> bytes:
        from kiosk.documents.envelope import seal_document

        assert self.central_key is not None
        return seal_document(plaintext, [self.central_key, self.documents.public_key()])

    def upload_batch(self, images: list[bytes]) -> dict[str, bytes]:
        """``images`` sealed and uploaded in one JSON page batch (one pack), every one answered
        stored; returns hash -> envelope."""
        envelopes = {sha(image): self.seal(image) for image in images}
        body = {"pages": [{"sha256": d, "envelope": base64.b64encode(e).decode()}
                          for d, e in envelopes.items()]}  # fmt: skip
        with self.http() as http:
            answer = http.post("/page-batches", json=body)
        assert answer.status_code == 200 and all(r["stored"] for r in answer.json()["results"])
        return envelopes


def registration(
    kiosk_code: str = "TST1", *, nik: str = "", pages: list[bytes] = ()
) -> Registration:
    reg = Registration(reg_no=f"{kiosk_code}-20261125-{os.urandom(2).hex()}")
    reg.business.name = "Usaha Maju"
    reg.owner.full_name = "Siti Aminah"
    reg.owner.nik = nik
    if pages:
        refs = [PageRef(sha256=hashlib.sha256(page).hexdigest(), size=len(page)) for page in pages]
        reg.documents = [DocumentRef(label="KTP", pages=refs)]
    return reg


def page_bytes(size: int = 4000) -> bytes:
    return os.urandom(size)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
