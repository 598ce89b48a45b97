"""Issue 13.4: the database copy taken before a schema upgrade is encrypted with the data key (a
tampered, cut or foreign copy is named, never half-read) and falls under retention."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from kiosk.errors import UserFacingError
from kiosk.security.keys import KeyRing
from kiosk.store import Store, migrate, sealed_copy
from tests.core.test_sync_support import make_registration, open_kiosk


def sealed_upgrade_copy(tmp_path: Path) -> tuple[Store, Path, str]:
    with Store.open(tmp_path / "desk", migrate_to="0005_sync") as old:
        old.set_setting("probe", "before the upgrade")
    store = Store.open(tmp_path / "desk")
    assert store.last_backup is not None
    return store, store.last_backup, "0005_sync"


def test_the_pre_upgrade_copy_is_sealed_and_opens_only_with_the_data_key(tmp_path: Path) -> None:
    store, copy, revision = sealed_upgrade_copy(tmp_path)
    raw = copy.read_bytes()
    assert copy.name.endswith(".sqlite3.sealed") and b"SQLite format 3" not in raw
    assert b"before the upgrade" not in raw
    plain = tmp_path / "opened.sqlite3"
    sealed_copy.open_file(copy, plain, store.keys)
    conn = sqlite3.connect(plain)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()

    stranger = KeyRing.load_or_create(tmp_path / "other-keys")
    flipped = bytearray(raw)
    flipped[len(flipped) // 2] ^= 0x01
    for name, data, keys in [
        ("flipped", bytes(flipped), store.keys),
        ("cut", raw[: len(raw) - 100], store.keys),
        ("foreign", raw, stranger),
    ]:
        bad = tmp_path / f"{name}.sealed"
        bad.write_bytes(data)
        with pytest.raises(UserFacingError) as info:
            sealed_copy.open_file(bad, tmp_path / f"{name}.sqlite3", keys)
        assert info.value.code == "store.copy.damaged"
    store.close()


def test_retention_removes_copies_older_than_its_period(tmp_path: Path) -> None:
    from kiosk.sync.retention import Retention

    store, copy, _ = sealed_upgrade_copy(tmp_path)
    fresh = migrate.backup_database(store.paths.database, store.paths.backups, keys=store.keys)
    long_ago = time.time() - 200 * 86400
    os.utime(copy, (long_ago, long_ago))
    result = Retention(store).run()  # default period: 90 days
    assert result.copies_removed == 1
    assert not copy.exists() and fresh.exists()
    store.close()


def test_a_copy_of_a_larger_database_round_trips_in_chunks(tmp_path: Path) -> None:
    kiosk = open_kiosk(tmp_path, "big")
    for seed in range(7500, 7506):
        reg, images = make_registration(seed, kiosk.vault)
        kiosk.submit(reg, images)
    store = kiosk.store
    store.set_setting("filler", "x" * (3 * sealed_copy.CHUNK))  # > 3 chunks of database
    copy = migrate.backup_database(store.paths.database, store.paths.backups, keys=store.keys)
    plain = tmp_path / "opened.sqlite3"
    sealed_copy.open_file(copy, plain, store.keys)
    conn = sqlite3.connect(plain)
    assert conn.execute("SELECT count(*) FROM registrations").fetchone() == (6,)
    conn.close()
    assert plain.stat().st_size > 3 * sealed_copy.CHUNK
    store.close()
