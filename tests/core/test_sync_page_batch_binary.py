"""The kiosk's page batches as the binary body (``application/vnd.kiosk.page-batch``), and the
JSON body for a central that cannot read it (an older one reads it as JSON and answers 422).

- Against the current central every batch goes binary, and every page lands byte-identical, once.
- Against a central refusing the binary body, it is tried once, then JSON for the rest of the
  upload; every page still lands once.
- A large backlog goes in binary batches larger than the JSON batch's bound; refused, the same
  pages go as JSON requests within it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import httpx
import pytest

from kiosk import page_batch_body
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


class BatchSizes(BodyKinds):
    """Also records how many pages each batch request carried, by its body."""

    def __init__(self, counts: Counter[str], sizes: list[tuple[str, int]], older: bool) -> None:
        super().__init__(counts, older)
        self.sizes = sizes

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/page-batches"):
            kind = request.headers.get("Content-Type", "")
            body = request.read()
            if kind == p.PAGE_BATCH_BINARY_MEDIA_TYPE:
                self.sizes.append((kind, len(page_batch_body.decode(body))))
            else:
                self.sizes.append((kind, len(json.loads(body)["pages"])))
        return super().handle_request(request)


@pytest.mark.parametrize("older", [False, True], ids=["binary", "older-central"])
def test_a_large_backlog_goes_in_larger_binary_batches(tmp_path: Path, older: bool) -> None:
    """One upload stream and 320 small pages listed at once: the binary batches grow past the
    JSON batch's 64 (the central's cost of a batch is mostly fixed); a central refusing the
    binary body gets the same pages as JSON requests of at most 64 each, every page once."""
    db_url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with running_central(db_url, tmp_path / "storage") as central:
        kiosk = enrolled_kiosk(tmp_path, "large", central.url, db_url)
        registrations(kiosk, 80)
        counts: Counter[str] = Counter()
        sizes: list[tuple[str, int]] = []

        def make(creds: Credentials) -> CentralClient:
            return CentralClient(
                creds.central_url, creds.token,
                backoff=Backoff(base_s=0.01, cap_s=0.2, max_attempts=8),
                timeout=httpx.Timeout(4.0, connect=2.0),
                transport=BatchSizes(counts, sizes, older),
            )  # fmt: skip

        result = kiosk.engine(client_factory=make, upload_streams=1).run_round()
        assert result.complete, result
        assert result.pages.uploaded == len(kiosk.pages) == 80 * 4
        landed(kiosk, tmp_path, db_url)
        binary = [n for kind, n in sizes if kind == p.PAGE_BATCH_BINARY_MEDIA_TYPE]
        as_json = [n for kind, n in sizes if kind == "application/json"]
        assert max(binary) > p.PAGE_BATCH_MAX_PAGES
        assert max(binary) <= p.PAGE_BATCH_BINARY_MAX_PAGES
        if older:
            assert len(binary) == 1 and as_json and max(as_json) <= p.PAGE_BATCH_MAX_PAGES
            assert sum(as_json) == len(kiosk.pages)  # the refused batch's pages included
        else:
            assert not as_json and sum(binary) == len(kiosk.pages)


def test_the_batch_size_follows_the_backlog_and_the_body() -> None:
    from kiosk.sync.pages import Uploader

    uploader = Uploader.__new__(Uploader)  # the rule alone: no store, no central
    uploader.concurrency, uploader._binary = 4, True
    assert uploader.batch_pages(158) == p.PAGE_BATCH_MAX_PAGES  # small: spread over streams
    assert uploader.batch_pages(16 * 100) == 100
    assert uploader.batch_pages(20_000) == p.PAGE_BATCH_BINARY_MAX_PAGES
    uploader._binary = False  # a central without the binary body: the JSON batch's bound
    assert uploader.batch_pages(20_000) == p.PAGE_BATCH_MAX_PAGES
