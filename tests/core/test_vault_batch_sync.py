"""The vault's calls for a week's backlog: ``for_central`` (the envelope as sync sends it, wrapped
to the central first, in one read) and ``forget_local_keys`` (many pages closed to the kiosk's
own key at once, refusing those the central cannot open)."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.documents import envelope as env
from kiosk.documents.vault import Vault
from tests.core.test_documents_support import keyring, vault  # noqa: F401


def enrol(vault: Vault) -> X25519PrivateKey:
    central = X25519PrivateKey.generate()
    pem = central.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    vault.keyring.set_central_document_key(pem)
    return central


def test_for_central_wraps_an_early_page_and_names_missing_or_damaged_ones(vault: Vault) -> None:
    early = vault.put(b"scanned before enrolment", "image/jpeg")
    central = enrol(vault)
    late = vault.put(b"scanned after enrolment", "image/jpeg")
    for sha, plain in ((early, b"scanned before enrolment"), (late, b"scanned after enrolment")):
        blob = vault.for_central(sha)
        assert blob is not None and blob == vault.envelope(sha)
        assert env.open_document(blob, central) == plain
    assert vault.for_central("0" * 64) is None  # missing
    vault.path(late).write_bytes(b"damaged")
    assert vault.for_central(late) is None


def test_forget_local_keys_closes_many_and_refuses_unwrapped_ones(vault: Vault) -> None:
    early = vault.put(b"not wrapped to the central", "image/jpeg")
    central = enrol(vault)
    pages = {vault.put(f"page {n}".encode(), "image/jpeg"): f"page {n}".encode() for n in range(40)}
    changed, refused = vault.forget_local_keys([*pages, early])
    assert sorted(changed) == sorted(pages) and refused == [early]
    for sha, plain in pages.items():
        assert not vault.readable_here(sha)
        assert env.open_document(vault.envelope(sha), central) == plain
    assert vault.readable_here(early)
    assert vault.forget_local_keys(list(pages)) == ([], [])  # gone already: nothing changes


def test_forget_local_keys_reads_each_page_once_and_passes_over_missing_or_damaged_ones(
    vault: Vault,
) -> None:
    enrol(vault)
    kept = vault.put(b"a page", "image/jpeg")
    damaged = vault.put(b"a page damaged on disk", "image/jpeg")
    vault.path(damaged).write_bytes(b"damaged")
    reads: list[str] = []
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        reads.append(path.name)
        return real(path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "read_bytes", read_bytes)
        changed, refused = vault.forget_local_keys(["0" * 64, damaged, kept])
    assert changed == [kept] and refused == []
    assert reads.count(kept) == 1
    assert vault.path(damaged).read_bytes() == b"damaged"  # nothing written for it
    assert not vault.readable_here(kept)


def test_for_central_many_is_for_central_of_each(vault: Vault) -> None:
    early = vault.put(b"before enrolment", "image/jpeg")
    central = enrol(vault)
    late = vault.put(b"after enrolment", "image/jpeg")
    damaged = vault.put(b"damaged later", "image/jpeg")
    vault.path(damaged).write_bytes(b"damaged")
    got = vault.for_central_many([early, "0" * 64, late, damaged])
    assert list(got) == [early, "0" * 64, late, damaged]
    assert got["0" * 64] is None and got[damaged] is None
    for sha, plain in ((early, b"before enrolment"), (late, b"after enrolment")):
        blob = got[sha]
        assert blob is not None and blob == vault.envelope(sha) == vault.for_central(sha)
        assert env.open_document(blob, central) == plain
