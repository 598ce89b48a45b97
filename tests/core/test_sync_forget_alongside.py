"""Issue 17: the local keys are dropped alongside the round (:mod:`kiosk.sync.forget_alongside`),
and the issue-13 guarantee holds by the time ``run_round()`` returns.

Real central (uvicorn, SQLite), real kiosk store and vault. A vault whose rewrite fails (the disk
refuses it) stands for the worker's failure: the round reports it, the pages stay readable here,
and the next round closes them through the kept list.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from kiosk.documents import wraps
from kiosk.documents.envelope import inspect
from kiosk.documents.vault import Vault
from kiosk.errors import UserFacingError
from kiosk.store import Store
from tests.core.test_sync_support import (
    Kiosk,
    kiosk_of_test,
    make_registration,
    page_locked,
    sqlite_central,
)


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    with sqlite_central(tmp_path_factory.mktemp("central-forget-alongside")) as running:
        yield running


@pytest.fixture
def kiosk(
    central: tuple[str, str], tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Kiosk]:
    with kiosk_of_test(central, tmp_path, request) as k:
        assert k.engine().run_round().complete  # in use before: the one-off sweep is behind it
        yield k


class RefusingVault(Vault):
    """The kiosk's vault whose envelope rewrites fail, as on a disk that went read-only."""

    def forget_local_keys(self, hashes: Iterable[str]) -> tuple[list[str], list[str]]:
        list(hashes)
        raise UserFacingError("documents.write_failed", reason="Read-only file system")


def _submit(kiosk: Kiosk, seeds: range) -> list[str]:
    for seed in seeds:
        reg, images = make_registration(seed, kiosk.vault)
        kiosk.submit(reg, images)
    return sorted(kiosk.pages)


def test_many_registrations_are_closed_by_the_end_of_their_round(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    shas = _submit(kiosk, range(7400, 7440))
    assert all(kiosk.vault.get(sha) == kiosk.pages[sha] for sha in shas)
    aside = [kiosk.vault.wraps.get(sha, inspect(kiosk.vault.envelope(sha)).nonce) for sha in shas]
    assert all(aside)  # sealed once enrolled: the local wraps are rows beside the files
    result = kiosk.engine(batch_size=5).run_round()  # several push answers and upload passes
    assert result.complete, result
    assert not kiosk.vault.wipe_later
    kiosk.store.close()
    folder = kiosk.store.paths.documents
    held = b"".join(p.read_bytes() for p in folder.glob(wraps.NAME + "*"))
    assert not [r for r in aside if r is not None and r["wrapped"].encode() in held]
    copy = tmp_path / "copy"
    shutil.copytree(kiosk.store.paths.root, copy)
    with Store.open(copy) as thief:
        stolen = Vault(thief.paths.documents, thief.keys)
        assert all(page_locked(stolen, sha) for sha in shas)
    kiosk.store = Store.open(kiosk.store.paths.root)
    kiosk.vault = Vault(kiosk.store.paths.documents, kiosk.store.keys)


def test_a_failed_forget_is_reported_and_done_by_the_next_round(kiosk: Kiosk) -> None:
    shas = _submit(kiosk, range(7450, 7456))
    refusing = RefusingVault(kiosk.store.paths.documents, kiosk.store.keys)
    from kiosk.sync.backoff import Backoff
    from kiosk.sync.engine import SyncEngine

    engine = SyncEngine(kiosk.store, vault=refusing, backoff=Backoff(base_s=0.01, max_attempts=5))
    with pytest.raises(UserFacingError):
        engine.run_round()
    assert all(kiosk.vault.get(sha) == kiosk.pages[sha] for sha in shas)  # nothing half-done
    result = kiosk.engine().run_round()  # nothing to push or upload: the kept list carries it
    assert result.complete, result
    assert all(page_locked(kiosk.vault, sha) for sha in shas)
