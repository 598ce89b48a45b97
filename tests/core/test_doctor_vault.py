"""``documents.vault`` on a real vault: healthy, a missing page file, an undecryptable page file,
an orphan file, and the sample bound on a large vault."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from kiosk.doctor import Status, vault
from tests.core.test_doctor_support import demo_dir, demo_master, run_one  # noqa: F401


def _page_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in (data_dir / "documents").rglob("*") if p.is_file())


def test_a_consistent_vault_is_ok_and_every_page_was_opened(demo_dir: Path) -> None:
    (found,) = run_one(demo_dir, "documents.vault")
    assert found.status is Status.OK, found.text("en")
    files = len(_page_files(demo_dir))
    assert found.params["files"] == files == found.params["referenced"]
    assert found.params["checked"] == files  # fewer than the sample size: all of them


def test_a_missing_page_file_fails(demo_dir: Path) -> None:
    _page_files(demo_dir)[0].unlink()
    (found,) = run_one(demo_dir, "documents.vault")
    assert found.status is Status.FAILED and found.params["missing"] == 1
    assert "backup" in found.text("en") and "cadangan" in found.text("id")


def test_an_undecryptable_page_file_fails(demo_dir: Path) -> None:
    page = _page_files(demo_dir)[0]
    blob = bytearray(page.read_bytes())
    blob[-40] ^= 0xFF  # one flipped bit in the ciphertext: AES-GCM refuses it
    page.write_bytes(bytes(blob))
    (found,) = run_one(demo_dir, "documents.vault")
    assert found.status is Status.FAILED
    assert found.params["damaged"] == 1 and found.params["missing"] == 0


def test_an_orphan_file_warns_and_is_not_removed(demo_dir: Path) -> None:
    source = _page_files(demo_dir)[0]
    sha = hashlib.sha256(b"a page no row names").hexdigest()
    orphan = demo_dir / "documents" / sha[:2] / sha
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(source.read_bytes())
    (found,) = run_one(demo_dir, "documents.vault")
    assert found.status is Status.WARNING and found.params["orphans"] == 1
    assert orphan.exists()


def test_a_large_vault_is_sampled(demo_dir: Path, monkeypatch) -> None:
    monkeypatch.setattr(vault, "SAMPLE_PAGES", 2)
    (found,) = run_one(demo_dir, "documents.vault")
    assert found.status is Status.OK and found.params["checked"] == 2
    assert found.facts["sampled"] == 2 and found.params["referenced"] > 2


def test_the_pages_of_submitted_versions_count_as_referenced(demo_dir: Path) -> None:
    with sqlite3.connect(demo_dir / "kiosk.sqlite3") as conn:
        conn.execute("DELETE FROM document_pages")  # the current documents forget their pages
        versions = conn.execute("SELECT count(DISTINCT sha256) FROM version_pages").fetchone()[0]
    (found,) = run_one(demo_dir, "documents.vault")
    assert versions and found.params["referenced"] == versions
