"""The vault: content-addressed, encrypted, durable; and the start-up sweep against the store."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import errno
import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.documents import envelope as env
from kiosk.documents import vault as vault_module
from kiosk.documents.sweep import sweep, sweep_store
from kiosk.documents.vault import Vault
from kiosk.domain.model import DocumentRef, DocumentType, PageRef, Registration
from kiosk.errors import UserFacingError
from tests.core.test_documents_support import files_under, keyring, vault  # noqa: F401


def test_put_get_is_content_addressed_and_encrypted(vault: Vault) -> None:
    data = b"\xff\xd8\xff\xe0 JFIF page with NIK 3174012345678901" * 20
    sha = vault.put(data, "image/jpeg")
    assert sha == hashlib.sha256(data).hexdigest()
    assert vault.has(sha) and vault.get(sha) == data
    path = vault.path(sha)
    assert path == vault.folder / sha[:2] / sha
    raw = path.read_bytes()
    assert raw == vault.envelope(sha) and b"3174012345678901" not in raw and b"JFIF" not in raw
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert vault.put(data, "image/jpeg") == sha  # stored once
    assert [p.name for p in files_under(vault.folder)] == [sha]
    assert vault.media_type(sha) == "image/jpeg"


def test_missing_and_damaged_pages_get_messages(vault: Vault) -> None:
    sha = vault.put(b"page one", "image/png")
    raw = bytearray(vault.path(sha).read_bytes())
    raw[-3] ^= 0xFF
    vault.path(sha).write_bytes(bytes(raw))
    assert vault.verify(sha) == "damaged"
    with pytest.raises(UserFacingError) as info:
        vault.get(sha)
    assert info.value.code == "documents.page.damaged"
    vault.path(sha).unlink()
    assert vault.verify(sha) == "missing" and not vault.has(sha)
    with pytest.raises(UserFacingError) as info:
        vault.get(sha)
    assert "tidak ditemukan" in info.value.text("id") and "not on this kiosk" in info.value.text(
        "en"
    )


def test_enrolled_kiosk_wraps_to_the_central_and_can_forget_its_key(vault: Vault) -> None:
    early = vault.put(b"scanned before enrolment", "image/jpeg")
    central = X25519PrivateKey.generate()
    pem = central.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with pytest.raises(ValueError):
        vault.forget_local_key(early)  # not yet wrapped to the central: refuse to lock it out
    vault.keyring.set_central_document_key(pem)
    late = vault.put(b"scanned after enrolment", "image/jpeg")
    assert env.open_document(vault.envelope(late), central) == b"scanned after enrolment"
    assert vault.wrap_all_to_central() == 1 and not vault.wrap_to_central(early)
    assert env.open_document(vault.envelope(early), central) == b"scanned before enrolment"
    vault.forget_local_key(late)
    with pytest.raises(UserFacingError) as info:
        vault.get(late)
    assert info.value.code == "documents.page.sent_to_central"
    assert env.open_document(vault.envelope(late), central) == b"scanned after enrolment"
    assert vault.verify(late) == "ok"


def test_full_disk_through_the_write_seam_keeps_nothing_partial(vault: Vault, monkeypatch) -> None:
    def no_space(path, data, mode=0o600):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(vault_module, "atomic_write_bytes", no_space)
    with pytest.raises(UserFacingError) as info:
        vault.put(b"x" * 1000, "image/jpeg")
    assert info.value.code == "documents.disk_full"
    assert "penuh" in info.value.text("id") and "full" in info.value.text("en")


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_full_disk_on_a_real_tiny_filesystem(tmp_path: Path, keyring) -> None:
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], check=False
    )
    if done.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        small = Vault(mount / "documents", keyring)
        kept = []
        with pytest.raises(UserFacingError) as info:
            for i in range(100):
                data = os.urandom(30_000) + bytes([i])
                kept.append((small.put(data, "image/jpeg"), data))
        assert info.value.code == "documents.disk_full"
        assert len(kept) >= 3
        for sha, data in kept:  # everything stored before the disk filled is intact
            assert small.get(sha) == data
        assert not [p for p in files_under(small.folder) if p.name.endswith(".tmp")]
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_sweep_removes_orphans_and_temporaries_and_flags_bad_rows(vault: Vault) -> None:
    keep = vault.put(b"referenced", "image/jpeg")
    orphan = vault.put(b"orphan", "image/jpeg")
    damaged = vault.put(b"damaged later", "image/jpeg")
    missing = "ab" * 32
    (vault.folder / keep[:2] / f".{keep}.x1.tmp").write_bytes(b"partial")
    vault.path(damaged).write_bytes(vault.path(damaged).read_bytes()[:-5])
    flags: dict[str, str] = {}
    report = sweep(
        vault, {keep, damaged, missing}, lambda sha, state: flags.__setitem__(sha, state)
    )
    assert report.removed_temporary == 1 and report.removed_orphans == 1
    assert flags == {damaged: "damaged", missing: "missing"} == report.flagged
    assert not vault.has(orphan) and vault.get(keep) == b"referenced"


def test_sweep_against_the_real_store(data_dir: Path) -> None:
    from kiosk.store import Store

    with Store.open(data_dir) as store:
        vault = Vault(store.paths.documents, store.keys)
        used = vault.put(b"page of a draft", "image/jpeg")
        gone = vault.put(b"page whose file will vanish", "image/jpeg")
        stray = vault.put(b"page never referenced", "image/jpeg")
        reg = Registration()
        reg.documents.append(
            DocumentRef(doc_type=DocumentType.KTP, pages=[PageRef(used), PageRef(gone)])
        )
        store.save_draft(reg)
        vault.path(gone).unlink()
        report = sweep_store(store)
        assert report.removed_orphans == 1 and not vault.has(stray)
        assert report.flagged == {gone: "missing"}
        states = {sha: state for _doc, _no, sha, state in store.page_states(reg.id)}
        assert states == {used: "stored", gone: "missing"}
