"""The kiosk's page batches as the binary body (``application/vnd.kiosk.page-batch``), and the
JSON body for a central that cannot read it (an older one reads it as JSON and answers 422).

- Against the current central every batch goes binary, and every page lands byte-identical, once.
- Against a central refusing the binary body, it is tried once, then JSON for the rest of the
  upload; every page still lands once.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx

from kiosk import protocol as p
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import CentralClient
from kiosk.sync.state import Credentials
from tests.core.test_sync_page_batch import central_rows, registrations
from tests.core.test_sync_support import Kiosk, central_page, enrolled_kiosk, running_central


class BodyKinds(httpx.HTTPTransport):
    """A real transport that counts page batches by their Content-Type; ``older`` answers the
    binary body as a central before it did (422, read as JSON that is not)."""

    def __init__(self, counts: Counter[str], older: bool = False) -> None:
        super().__init__()
        self.counts, self.older = counts, older

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/page-batches"):
            kind = request.headers.get("Content-Type", "")
            self.counts[kind] += 1
            if self.older and kind == p.PAGE_BATCH_BINARY_MEDIA_TYPE:
                error = {"code": "request.invalid", "message": "body is not JSON"}
                return httpx.Response(422, json={"error": error})
        return super().handle_request(request)


def factory(counts: Counter[str], older: bool = False):
    def make(creds: Credentials) -> CentralClient:
        return CentralClient(
            creds.central_url,
            creds.token,
            backoff=Backoff(base_s=0.01, cap_s=0.2, max_attempts=8),
            timeout=httpx.Timeout(4.0, connect=2.0),
            transport=BodyKinds(counts, older),
        )

    return make


def landed(kiosk: Kiosk, tmp_path: Path, db_url: str) -> None:
    for sha, data in kiosk.pages.items():
        assert central_page(tmp_path / "storage", sha) == data
    assert central_rows(db_url) == Counter(list(kiosk.pages))  # each page once


def test_batches_go_as_the_binary_body(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with running_central(db_url, tmp_path / "storage") as central:
        kiosk = enrolled_kiosk(tmp_path, "binary", central.url, db_url)
        registrations(kiosk, 40)
        counts: Counter[str] = Counter()
        result = kiosk.engine(client_factory=factory(counts)).run_round()
        assert result.complete, result
        assert result.pages.uploaded == len(kiosk.pages) == 40 * 4
        landed(kiosk, tmp_path, db_url)
        assert counts[p.PAGE_BATCH_BINARY_MEDIA_TYPE] >= 3 and counts["application/json"] == 0


def test_a_central_refusing_the_binary_body_gets_json(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with running_central(db_url, tmp_path / "storage") as central:
        kiosk = enrolled_kiosk(tmp_path, "older", central.url, db_url)
        registrations(kiosk, 40)
        counts: Counter[str] = Counter()
        result = kiosk.engine(client_factory=factory(counts, older=True)).run_round()
        assert result.complete, result
        assert result.pages.uploaded == len(kiosk.pages) == 40 * 4
        landed(kiosk, tmp_path, db_url)
        assert 1 <= counts[p.PAGE_BATCH_BINARY_MEDIA_TYPE] <= 4  # those under way when refused
        assert counts["application/json"] >= 3
