"""``database.integrity``, ``database.migration`` and ``keys.ring`` on real SQLite files and keys:
healthy, a corrupted page, an old and a newer schema, missing and swapped keys."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from kiosk.doctor import Status
from kiosk.store import Store
from tests.core.test_doctor_support import demo_dir, demo_master, result, run_one  # noqa: F401


def test_a_healthy_database_passes_the_full_integrity_check(demo_dir: Path) -> None:
    (found,) = run_one(demo_dir, "database.integrity")
    assert found.status is Status.OK, found.text("en")
    assert found.params["mode"] == "integrity_check" and found.params["registrations"] == 12


def _corrupt_a_page(database: Path) -> None:
    """Junk over one b-tree page in the middle of the file (a failing disk sector)."""
    page_size = sqlite3.connect(database).execute("PRAGMA page_size").fetchone()[0]
    pages = database.stat().st_size // page_size
    assert pages > 4
    with database.open("r+b") as fh:
        fh.seek(page_size * (pages // 2))
        fh.write(os.urandom(page_size // 2))
        fh.flush()
        os.fsync(fh.fileno())


def test_a_corrupted_database_page_fails_the_integrity_check(
    demo_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(demo_dir, copy)
    _corrupt_a_page(copy / "kiosk.sqlite3")
    (found,) = run_one(copy, "database.integrity")
    assert found.status is Status.FAILED
    assert found.code in ("doctor.db.corrupt", "doctor.db.unreadable")
    assert "help desk" in found.text("en") and "help desk" in found.text("id")
    (original,) = run_one(demo_dir, "database.integrity")  # the copy was broken, not the source
    assert original.status is Status.OK


def test_the_check_reads_only_and_changes_nothing(demo_dir: Path) -> None:
    database = demo_dir / "kiosk.sqlite3"
    before = database.read_bytes()
    run_one(demo_dir, "database.integrity")
    run_one(demo_dir, "database.migration")
    run_one(demo_dir, "keys.ring")
    assert database.read_bytes() == before


def test_migration_at_head_is_ok_and_an_older_schema_warns(demo_dir: Path, tmp_path: Path) -> None:
    (at_head,) = run_one(demo_dir, "database.migration")
    assert at_head.status is Status.OK
    old = tmp_path / "old"
    Store.open(old, migrate_to="0001_foundation").close()
    (behind,) = run_one(old, "database.migration")
    assert behind.status is Status.WARNING and behind.params["revision"] == "0001_foundation"
    assert behind.params["head"] == at_head.params["revision"]


def test_a_database_from_a_newer_app_fails(demo_dir: Path) -> None:
    with sqlite3.connect(demo_dir / "kiosk.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    (found,) = run_one(demo_dir, "database.migration")
    assert found.status is Status.FAILED and found.code == "doctor.migration.newer"


def test_an_empty_data_folder_says_start_the_app(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    for check in ("database.integrity", "database.migration", "keys.ring"):
        (found,) = run_one(empty, check)
        assert found.status is Status.WARNING, (check, found.code)
    assert not (empty / "kiosk.sqlite3").exists() and not (empty / "keys").exists()


def test_the_key_ring_opens_the_newest_sealed_registration(demo_dir: Path) -> None:
    (found,) = run_one(demo_dir, "keys.ring")
    assert found.status is Status.OK and found.code == "doctor.keys.ok"


def test_a_missing_key_file_fails_and_no_new_key_is_made(demo_dir: Path) -> None:
    (demo_dir / "keys" / "data.key").unlink()
    (found,) = run_one(demo_dir, "keys.ring")
    assert found.status is Status.FAILED and found.params["files"] == "data.key"
    assert not (demo_dir / "keys" / "data.key").exists()


def test_a_swapped_data_key_fails(demo_dir: Path) -> None:
    (demo_dir / "keys" / "data.key").write_bytes(os.urandom(32))
    (found,) = run_one(demo_dir, "keys.ring")
    assert found.status is Status.FAILED and found.code == "doctor.keys.wrong"


def test_a_damaged_key_file_is_named(demo_dir: Path) -> None:
    (demo_dir / "keys" / "signing_ed25519.pem").write_bytes(b"-----BEGIN PRIVATE KEY-----\nxx\n")
    (found,) = run_one(demo_dir, "keys.ring")
    assert found.status is Status.FAILED and found.params["file"] == "signing_ed25519.pem"
