"""A kiosk syncing with a central that does not know the audit-anchor and erasure endpoints yet
(404) goes on with its round: nothing is lost, the tombstones wait for a central that does."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from kiosk.domain.examples import complete_registration
from kiosk.store import Store, erasure
from kiosk.sync import anchor
from kiosk.sync import erasure as sync_erasure
from kiosk.sync.client import CentralClient
from kiosk.sync.messages import CentralRefused


class OlderCentral:
    """The two calls a central before issue 13 answers with 404."""

    def audit_head(self, seq: int, digest: str) -> dict:
        raise CentralRefused(404, "not_found", "Not Found")

    def erasures(self, body: dict) -> dict:
        raise CentralRefused(404, "not_found", "Not Found")


def as_client(fake: object) -> CentralClient:
    return cast("CentralClient", fake)


class BrokenCentral(OlderCentral):
    def erasures(self, body: dict) -> dict:
        raise CentralRefused(422, "request.invalid", "bad")


def test_an_older_central_is_skipped_and_a_refusal_is_not(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        reg = store.submit(complete_registration(1), staff_id="sari")
        sync_erasure.erase_copy(store, reg.id, reg.reg_no, "req", origin="desk", actor="sari")
        assert anchor.push_head(store, as_client(OlderCentral())).anchors == []
        assert sync_erasure.report(store, as_client(OlderCentral())) == 0
        assert [r["registration_id"] for r in erasure.unreported(store)] == [reg.id]
        with pytest.raises(CentralRefused):
            sync_erasure.report(store, as_client(BrokenCentral()))
