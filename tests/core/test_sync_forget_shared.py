"""Issue 13: a page shared byte for byte between a confirmed registration and unconfirmed work.

Pages are stored once per content hash, so the page of a registration the central confirmed can
also be a draft's page (the same file scanned again, a draft copied from a submitted one). The
kiosk drops its own key to a confirmed registration's pages (:mod:`kiosk.sync.forget`); it must
keep it while unconfirmed work still needs the page, and drop it once that work is confirmed or
deleted. Real central (uvicorn, SQLite), real kiosk store and vault.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.documents.vault import Vault
from kiosk.domain.model import Registration
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
    with sqlite_central(tmp_path_factory.mktemp("central-shared-pages")) as running:
        yield running


@pytest.fixture
def kiosk(
    central: tuple[str, str], tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Kiosk]:
    with kiosk_of_test(central, tmp_path, request) as k:
        yield k


def _draft_sharing(kiosk: Kiosk, seed: int, sha: str) -> Registration:
    """A draft whose KTP page is the page ``sha`` (the same bytes scanned again)."""
    draft, images = make_registration(seed, kiosk.vault)
    images.pop(draft.documents[0].pages[0].sha256)  # its own scan is replaced, not referenced
    draft.documents[0].pages[0].sha256 = sha
    kiosk.pages.update(images)
    return kiosk.store.save_draft(draft, staff_id="staff-1", step="documents")


def _submitted(kiosk: Kiosk, seed: int) -> tuple[Registration, str, list[str]]:
    reg, images = make_registration(seed, kiosk.vault)
    reg = kiosk.submit(reg, images)
    ktp = reg.documents[0].pages[0].sha256
    return reg, ktp, sorted(set(images) - {ktp})


def test_a_page_shared_with_a_draft_stays_readable_until_the_draft_is_submitted(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    _, ktp, own = _submitted(kiosk, 7300)
    draft = _draft_sharing(kiosk, 7301, ktp)
    assert kiosk.engine().run_round().error is None
    assert all(
        page_locked(kiosk.vault, sha) for sha in own
    )  # not shared: only the central opens it
    assert kiosk.vault.get(ktp) == kiosk.pages[ktp]  # the draft still shows its page
    # a copy of the data folder: the confirmed registration's own pages stay closed
    kiosk.store.close()
    copy = tmp_path / "copy"
    shutil.copytree(kiosk.store.paths.root, copy)
    with Store.open(copy) as thief:
        stolen = Vault(thief.paths.documents, thief.keys)
        assert all(page_locked(stolen, sha) for sha in own)
    kiosk.store = Store.open(kiosk.store.paths.root)
    kiosk.vault = Vault(kiosk.store.paths.documents, kiosk.store.keys)
    # the draft is submitted and confirmed: now nothing here needs the page any more
    kiosk.submit(kiosk.store.get(draft.id), {})
    result = kiosk.engine().run_round()
    assert result.error is None and result.complete, result
    assert page_locked(kiosk.vault, ktp)
    assert all(page_locked(kiosk.vault, sha) for sha in kiosk.pages)


def test_the_key_is_dropped_once_the_sharing_draft_is_deleted(kiosk: Kiosk) -> None:
    _, ktp, _ = _submitted(kiosk, 7310)
    draft = _draft_sharing(kiosk, 7311, ktp)
    assert kiosk.engine().run_round().error is None
    assert kiosk.vault.get(ktp) == kiosk.pages[ktp]
    kiosk.store.delete_draft(draft.id, "staff-1")
    assert kiosk.engine().run_round().error is None
    assert page_locked(kiosk.vault, ktp)


def test_a_page_scanned_again_after_its_key_was_dropped_is_readable(kiosk: Kiosk) -> None:
    """The same bytes put again (a re-scan) after the key went: the draft that takes it must show
    it, so the vault seals the page to this kiosk again (it has the bytes in hand)."""
    _, ktp, _ = _submitted(kiosk, 7320)
    assert kiosk.engine().run_round().complete
    assert page_locked(kiosk.vault, ktp)
    assert kiosk.vault.put(kiosk.pages[ktp], "image/jpeg") == ktp
    assert kiosk.vault.get(ktp) == kiosk.pages[ktp]
    _draft_sharing(kiosk, 7321, ktp)
    assert kiosk.engine().run_round().error is None
    assert kiosk.vault.get(ktp) == kiosk.pages[ktp]  # the draft needs it: not dropped again


def test_a_page_put_again_before_the_confirmation_waits_for_the_unsaved_draft(
    kiosk: Kiosk,
) -> None:
    """The same file taken for a new draft while the first registration waits for the central:
    no row names it until the draft is saved, so the confirmation must not lock it meanwhile."""
    _, ktp, own = _submitted(kiosk, 7330)
    assert kiosk.vault.put(kiosk.pages[ktp], "image/jpeg") == ktp  # in the wizard, not saved
    assert kiosk.engine().run_round().complete
    assert all(page_locked(kiosk.vault, sha) for sha in own)
    assert kiosk.vault.get(ktp) == kiosk.pages[ktp]
    draft = _draft_sharing(kiosk, 7331, ktp)  # saved: from now on the draft's row keeps it
    assert kiosk.engine().run_round().error is None
    assert kiosk.vault.get(ktp) == kiosk.pages[ktp]
    kiosk.store.delete_draft(draft.id, "staff-1")
    assert kiosk.engine().run_round().error is None
    assert page_locked(kiosk.vault, ktp)


def test_retention_keeps_a_page_taken_again_for_an_unsaved_draft(kiosk: Kiosk) -> None:
    """Retention deletes a redacted registration's page files; not one the wizard holds again."""
    import datetime as dt

    from kiosk.sync.retention import Retention

    _, ktp, own = _submitted(kiosk, 7340)
    assert kiosk.engine().run_round().complete
    assert kiosk.vault.put(kiosk.pages[ktp], "image/jpeg") == ktp  # scanned again, not saved
    kiosk.store.set_setting("sync.retention_days", 30)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    assert Retention(kiosk.store, vault=kiosk.vault, now=later).run().redacted == 1
    assert not any(kiosk.vault.has(sha) for sha in own)
    assert kiosk.vault.get(ktp) == kiosk.pages[ktp]
