"""The kiosk's page upload in batches (``POST /page-batches``) over parallel connections.

- Small pages go in batches and large ones by ``PUT``; every page lands byte-identical, once.
- Through the fault-injecting proxy (resets both ways, answers dropped after the central
  stored the batch), rounds repeated until complete store every page exactly once.
- A central without the batch route (405) gets every page by ``PUT``.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import httpx
import pytest

from kiosk.sync.backoff import Backoff
from kiosk.sync.client import CentralClient
from kiosk.sync.state import Credentials
from tests.core.test_sync_proxy import FaultProxy
from tests.core.test_sync_support import (
    Kiosk,
    central_page,
    enrolled_kiosk,
    make_registration,
    running_central,
)


class Counting(httpx.HTTPTransport):
    """A real transport that counts requests by (method, first path word after /pages)."""

    def __init__(self, counts: Counter[str], refuse_batch: bool = False) -> None:
        super().__init__()
        self.counts, self.refuse_batch = counts, refuse_batch

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if "/pages/" in path or path.endswith("/page-batches"):
            kind = "batch" if path.endswith("/page-batches") else "page"
            self.counts[f"{request.method} {kind}"] += 1
            if self.refuse_batch and kind == "batch":  # as a central before the batch route
                return httpx.Response(405, json={"detail": "Method Not Allowed"})
        return super().handle_request(request)


def client_factory(kiosk: Kiosk, counts: Counter[str], url: str | None = None, **kw):
    def make(creds: Credentials) -> CentralClient:
        return CentralClient(
            url or creds.central_url,
            creds.token,
            backoff=Backoff(base_s=0.01, cap_s=0.2, max_attempts=8),
            timeout=httpx.Timeout(4.0, connect=2.0),
            transport=Counting(counts, **kw),
        )

    return make


def registrations(kiosk: Kiosk, count: int, seed: int = 0, large: int = 0) -> None:
    """``count`` registrations with four unique small pages each; ``large`` of them also get a
    KTP page too large for a batch."""
    for n in range(count):
        reg, images = make_registration(seed + n, kiosk.vault)
        if n < large:
            data = os.urandom(300 * 1024)  # larger than a batch takes: goes by PUT
            sha = kiosk.vault.put(data, "image/jpeg")
            reg.documents[0].pages[0].sha256, reg.documents[0].pages[0].size = sha, len(data)
            images = {k: v for k, v in images.items() if k != next(iter(images))} | {sha: data}
        kiosk.submit(reg, images)


def central_rows(db_url: str) -> Counter[str]:
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        rows = Counter(r[0] for r in conn.execute(sa.text("SELECT sha256 FROM central_pages")))
    engine.dispose()
    return rows


def test_small_pages_go_in_batches_large_ones_alone(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with running_central(db_url, tmp_path / "storage") as central:
        kiosk = enrolled_kiosk(tmp_path, "batch", central.url, db_url)
        registrations(kiosk, 40, large=2)
        counts: Counter[str] = Counter()
        result = kiosk.engine(client_factory=client_factory(kiosk, counts)).run_round()
        assert result.complete, result
        assert result.pages.uploaded == len(kiosk.pages) == 40 * 4
        for sha, data in kiosk.pages.items():
            assert central_page(tmp_path / "storage", sha) == data
        assert central_rows(db_url) == Counter(list(kiosk.pages))  # each page once
        assert counts["PUT page"] == 2  # the two large ones
        assert 3 <= counts["POST batch"] <= 4  # 158 small pages, at most 64 a batch


def test_a_central_without_batches_gets_every_page_by_put(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with running_central(db_url, tmp_path / "storage") as central:
        kiosk = enrolled_kiosk(tmp_path, "older", central.url, db_url)
        registrations(kiosk, 10)
        counts: Counter[str] = Counter()
        factory = client_factory(kiosk, counts, refuse_batch=True)
        result = kiosk.engine(client_factory=factory).run_round()
        assert result.complete, result
        assert counts["POST batch"] == 1  # asked once, then no more
        assert counts["PUT page"] == len(kiosk.pages) == 40
        for sha, data in kiosk.pages.items():
            assert central_page(tmp_path / "storage", sha) == data


@pytest.mark.slow
@pytest.mark.postgres
def test_parallel_batches_through_faults_store_every_page_once(tmp_path: Path) -> None:
    from tests.core.test_sync_support import fresh_pg_database

    with (
        fresh_pg_database() as db_url,
        running_central(db_url, tmp_path / "storage") as central,
    ):
        kiosk = enrolled_kiosk(tmp_path, "faulty", central.url, db_url)
        registrations(kiosk, 150, large=3)
        kinds = ("reset_up", "reset_down", "drop_answer")
        proxy = FaultProxy(("127.0.0.1", central.port), seed=5, mean_bytes=120_000, kinds=kinds)
        counts: Counter[str] = Counter()
        try:
            factory = client_factory(kiosk, counts, url=proxy.url)
            for _ in range(30):
                if kiosk.engine(client_factory=factory).run_round().complete:
                    break
            faults = proxy.fault_count
            proxy.enabled = False
            final = kiosk.engine(client_factory=factory).run_round()
            assert final.complete, final
        finally:
            proxy.close()
        assert faults >= 5, proxy.faults
        assert counts["POST batch"] >= 10  # 597 small pages went in batches, some of them twice
        assert central_rows(db_url) == Counter(list(kiosk.pages))  # every page exactly once
        for sha, data in kiosk.pages.items():
            assert central_page(tmp_path / "storage", sha) == data
