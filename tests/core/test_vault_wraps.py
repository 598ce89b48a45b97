"""Pages sealed once enrolled keep the kiosk's own wrap beside the file (kiosk.documents.wraps):
opening, forgetting (no page file touched), both kinds in one batch, a crash between the row and
the file, the store deleted or damaged, removal, and what a copy of the folder holds after."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import logging
import os
import random
import shutil
import sys
from functools import partial
from pathlib import Path

import pytest

from kiosk.documents import envelope as env
from kiosk.documents import wraps
from kiosk.documents.vault import Vault
from kiosk.errors import UserFacingError
from kiosk.security.keys import KeyRing, key_id
from tests.core.test_documents_support import keyring, kill_at_random, vault  # noqa: F401
from tests.core.test_vault_batch_sync import enrol


def _local(vault: Vault) -> str:
    return key_id(vault.keyring.document_key.public_key())


def _store_bytes(vault: Vault) -> bytes:
    return b"".join(p.read_bytes() for p in vault.folder.iterdir() if p.name.startswith(wraps.NAME))


def _fresh(vault: Vault) -> Vault:
    """The same folder opened anew (as after a restart: no cached connection)."""
    wraps.store_for(vault.folder).close()
    with wraps._STORES_LOCK:
        wraps._STORES.pop(str(vault.folder.resolve()), None)
    return Vault(vault.folder, KeyRing.load_or_create(vault.keyring.folder))


def test_seal_split_keeps_one_wrap_out_of_the_file_and_opening_takes_it_as_extra() -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    local, central = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    blob, record = env.seal_split(b"page", [central.public_key()], local.public_key())
    assert env.inspect(blob).recipients == (key_id(central.public_key()),)
    assert record["kid"] == key_id(local.public_key())
    assert env.open_document(blob, central) == b"page"
    assert env.open_document(blob, local, (record,)) == b"page"
    with pytest.raises(env.NotARecipient):
        env.open_document(blob, local)
    other, _ = env.seal_split(b"page", [central.public_key()], local.public_key())
    with pytest.raises(env.EnvelopeError):  # a wrap opens only the sealing it was made for
        env.open_document(other, local, (record,))
    both = env.rewrap(blob, local, [X25519PrivateKey.generate().public_key()], (record,))
    assert len(env.inspect(both).recipients) == 2


def test_a_page_sealed_once_enrolled_keeps_its_local_wrap_beside_the_file(vault: Vault) -> None:
    central = enrol(vault)
    sha = vault.put(b"scanned after enrolment", "image/jpeg")
    info = env.inspect(vault.envelope(sha))
    assert info.recipients == (key_id(central.public_key()),)  # the file: the central's only
    with pytest.raises(env.NotARecipient):
        env.open_document(vault.envelope(sha), vault.keyring.document_key)
    assert vault.readable_here(sha) and vault.get(sha) == b"scanned after enrolment"
    assert vault.verify(sha) == "ok"
    assert vault.for_central(sha) == vault.envelope(sha)  # sent as it is; the central opens it
    assert env.open_document(vault.envelope(sha), central) == b"scanned after enrolment"
    assert _fresh(vault).get(sha) == b"scanned after enrolment"  # durable, not a cache


def test_both_kinds_in_one_forget_batch_and_a_copy_of_the_folder_opens_neither(
    vault: Vault, tmp_path: Path
) -> None:
    early = vault.put(b"before enrolment", "image/jpeg")
    central = enrol(vault)
    assert vault.wrap_all_to_central() == 1
    late = {vault.put(f"late {n}".encode(), "image/jpeg"): f"late {n}".encode() for n in range(5)}
    kept = vault.put(b"not confirmed yet", "image/jpeg")
    late_files = {sha: vault.envelope(sha) for sha in late}
    records = [wraps.store_for(vault.folder).get(sha, env.inspect(b).nonce) for sha, b in
               late_files.items()]  # fmt: skip
    assert all(records)
    changed, refused = vault.forget_local_keys([early, *late])
    assert sorted(changed) == sorted([early, *late]) and refused == []
    for sha, plain in late.items():
        assert vault.envelope(sha) == late_files[sha]  # no page file touched
        assert not vault.readable_here(sha)
        assert env.open_document(vault.envelope(sha), central) == plain
        with pytest.raises(UserFacingError) as info:
            vault.get(sha)
        assert info.value.code == "documents.page.sent_to_central"
    assert _local(vault) not in env.inspect(vault.envelope(early)).recipients  # rewritten
    assert not vault.readable_here(early)
    assert vault.get(kept) == b"not confirmed yet"
    # nothing of a forgotten wrap is left in the store's files (secure_delete, WAL truncated)
    held = _store_bytes(vault)
    for record in records:
        assert record is not None and record["wrapped"].encode() not in held
        assert record["nonce"].encode() not in held  # (the epk is shared by a window's wraps)
    copy = tmp_path / "stolen"
    shutil.copytree(vault.folder.parent, copy)
    thief = Vault(copy / vault.folder.name, KeyRing.load_or_create(copy / "keys"))
    for sha in [early, *late]:
        with pytest.raises(UserFacingError):
            thief.get(sha)
    assert thief.get(kept) == b"not confirmed yet"
    assert vault.forget_local_keys([early, *late]) == ([], [])  # gone already


def test_a_page_taken_again_after_its_key_went_is_sealed_anew(vault: Vault) -> None:
    enrol(vault)
    sha = vault.put(b"a page", "image/jpeg")
    assert vault.forget_local_key(sha) and not vault.forget_local_key(sha)
    assert not vault.readable_here(sha)
    assert vault.put(b"a page", "image/jpeg") == sha
    assert vault.get(sha) == b"a page"


def test_a_row_from_a_sealing_whose_file_never_came_is_not_taken_for_the_file(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-scan's row committed, then the process died before its file replaced the old one:
    the row names another sealing (its nonce), so it opens nothing and the next put replaces it."""
    enrol(vault)
    sha = vault.put(b"a page", "image/jpeg")
    vault.forget_local_key(sha)
    with monkeypatch.context() as patch:

        def died(self: Vault, sha256: str, blob: bytes) -> None:
            raise KeyboardInterrupt("the power went")

        patch.setattr(Vault, "_store", died)
        with pytest.raises(KeyboardInterrupt):
            vault.put(b"a page", "image/jpeg")
    assert sha in wraps.store_for(vault.folder).hashes()  # the row of the sealing that never was
    assert not vault.readable_here(sha) and vault.verify(sha) == "ok"
    with pytest.raises(UserFacingError) as info:
        vault.get(sha)
    assert info.value.code == "documents.page.sent_to_central"
    assert vault.put(b"a page", "image/jpeg") == sha and vault.get(sha) == b"a page"


def test_removal_deletes_the_wrap_and_the_sweep_deletes_rows_without_a_file(vault: Vault) -> None:
    enrol(vault)
    gone = vault.put(b"retention removes me", "image/jpeg")
    record = wraps.store_for(vault.folder).get(gone, env.inspect(vault.envelope(gone)).nonce)
    orphan = vault.put(b"my file is lost between row and file", "image/jpeg")
    vault.path(orphan).unlink()
    stays = vault.put(b"still here", "image/jpeg")
    vault.remove(gone)
    assert not vault.path(gone).exists() and gone not in wraps.store_for(vault.folder).hashes()
    assert record is not None and record["wrapped"].encode() not in _store_bytes(vault)
    assert vault.sweep_wraps() == 1
    assert wraps.store_for(vault.folder).hashes() == {stays}
    assert vault.get(stays) == b"still here"


@pytest.mark.parametrize("how", ["deleted", "damaged"])
def test_a_lost_store_is_loud_and_no_page_is_lost(
    vault: Vault, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Every page whose wrap lives in the store is also wrapped to the central in its file: losing
    the store loses showing those pages here before they are synced, which is said, not them."""
    central = enrol(vault)
    before = vault.put(b"sealed before the loss", "image/jpeg")
    wraps.store_for(vault.folder).close()
    for part in vault.folder.glob(wraps.NAME + "*"):
        part.unlink()
    if how == "damaged":
        (vault.folder / wraps.NAME).write_bytes(b"not a database at all" * 100)
    with caplog.at_level(logging.ERROR, logger="kiosk.documents.wraps"):
        again = _fresh(vault)
        with pytest.raises(UserFacingError) as info:
            again.get(before)
    assert info.value.code == "documents.page.local_key_lost"
    assert "lost" in info.value.text("en") and "hilang" in info.value.text("id")
    assert any(r.levelno == logging.ERROR for r in caplog.records)
    if how == "damaged":
        assert list(vault.folder.glob(wraps.NAME + ".damaged-*"))  # set aside, not deleted
    assert again.verify(before) == "ok"
    blob = again.for_central(before)
    assert blob is not None and env.open_document(blob, central) == b"sealed before the loss"
    after = again.put(b"sealed after the loss", "image/jpeg")
    assert again.get(after) == b"sealed after the loss"


def test_before_enrolment_the_local_wrap_stays_in_the_file_and_no_store_is_made(
    vault: Vault,
) -> None:
    sha = vault.put(b"first day, not enrolled", "image/jpeg")
    assert env.inspect(vault.envelope(sha)).recipients == (_local(vault),)
    assert not list(vault.folder.glob("wraps*"))


TRIALS = 30


def _put_forever(folder: Path, keys: Path, seed: int, ready: int) -> None:
    rng = random.Random(seed)
    vault = Vault(folder, KeyRing.load_or_create(keys))
    os.write(ready, b"r")
    while True:
        vault.put(os.urandom(rng.randint(2_000, 20_000)), "image/jpeg")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
def test_kill_during_puts_never_leaves_a_page_file_without_its_local_wrap(vault: Vault) -> None:
    enrol(vault)
    rng = random.Random(20261203)
    rows_alone = 0
    for trial in range(TRIALS):
        folder, keys = vault.folder, vault.keyring.folder
        kill_at_random(partial(_put_forever, folder, keys, trial), rng, 0.05, trial)
        after = _fresh(vault)
        for sha in after.iter_hashes():
            assert after.readable_here(sha), f"trial {trial}: a page file without its wrap"
        rows_alone += after.sweep_wraps()
        assert wraps.store_for(after.folder).hashes() == set(after.iter_hashes())
    print(f"{TRIALS} kills: {rows_alone} rows without a file swept")


def test_a_backup_carries_the_wraps_store_and_the_restored_kiosk_opens_its_pages(
    tmp_path: Path,
) -> None:
    """The store is copied through SQLite's backup API (a file copy of a WAL database is not
    consistent), its WAL and shared-memory files left out; it is not counted as a page."""
    from kiosk.backup import create_backup, new_recovery_key, restore
    from kiosk.store import Store
    from tests.core.test_sync_support import make_registration, open_kiosk

    kiosk = open_kiosk(tmp_path, "desk")
    early = kiosk.vault.put(b"before enrolment", "image/jpeg")
    enrol(kiosk.vault)
    reg, images = make_registration(700, kiosk.vault)
    kiosk.submit(reg, images)
    assert (kiosk.vault.folder / wraps.NAME).exists()
    backup = tmp_path / "out" / "kiosk.zip"
    backup.parent.mkdir()
    result = create_backup(kiosk.store.paths.root, backup, new_recovery_key("kunci 2026"))
    assert result.pages == len(list(kiosk.vault.iter_hashes()))
    kiosk.store.close()
    target = tmp_path / "restored"
    restore(backup, target, "kunci 2026")
    assert not list((target / "documents").glob(wraps.NAME + "-*"))
    with Store.open(target) as store:
        vault = Vault(store.paths.documents, store.keys)
        for sha, plain in {**images, early: b"before enrolment"}.items():
            assert vault.get(sha) == plain


def _open_files_under(folder: Path) -> list[str]:
    fds = Path("/proc/self/fd")
    found = []
    for fd in fds.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(folder.resolve()) + os.sep):
            found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to list open files")
def test_a_restore_over_the_folder_leaves_no_wraps_store_open_in_it(tmp_path: Path) -> None:
    """Windows cannot rename a folder holding an open file, and the restore swaps the data folder
    whole: the wraps store (cached per process, outliving Store.close) is closed before the swap,
    and at its next use it opens the restored folder's store."""
    from kiosk.backup import create_backup, new_recovery_key, restore
    from tests.core.test_sync_support import make_registration, open_kiosk

    kiosk = open_kiosk(tmp_path, "desk")
    enrol(kiosk.vault)
    reg, images = make_registration(701, kiosk.vault)
    kiosk.submit(reg, images)
    root = kiosk.store.paths.root
    backup = tmp_path / "out" / "kiosk.zip"
    backup.parent.mkdir()
    create_backup(root, backup, new_recovery_key("kunci 2026"))
    documents = kiosk.vault.folder
    kiosk.store.close()
    assert any(wraps.NAME in f for f in _open_files_under(root))  # the store outlives the Store
    result = restore(backup, root, "kunci 2026", force=True)
    assert result.kept is not None
    assert _open_files_under(result.kept) == []
    store = wraps.store_for(documents)  # the same cached object, reading the restored folder
    assert set(images) <= store.hashes()
    assert all(str(root.resolve()) in f for f in _open_files_under(root) if wraps.NAME in f)
