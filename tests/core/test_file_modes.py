"""Issue 13.4: what the kiosk writes is readable by its owner only (POSIX modes; on Windows the
profile's ACLs do it): the data folder, database with its WAL, keys, vault, logs and backups."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_folder_is_owner_only_throughout(tmp_path: Path) -> None:
    from kiosk import logs
    from kiosk.documents.vault import Vault
    from kiosk.store import Store
    from kiosk.store.migrate import backup_database

    old = os.umask(0o022)  # a usual desktop umask: files would be 0644 by default
    try:
        store = Store.open(tmp_path / "kiosk")
        store.set_setting("probe", 1)  # a write: the WAL exists now
        vault = Vault(store.paths.documents, store.keys)
        sha = vault.put(b"\xff\xd8 page", "image/jpeg")
        log_file = logs.setup(store.paths.root, "cli")
        logging.getLogger("kiosk.test").warning("a line")
        backup = backup_database(store.paths.database, store.paths.backups, label="probe")
        paths = store.paths
        assert mode(paths.root) == 0o700
        assert mode(paths.database) == 0o600
        assert mode(Path(f"{paths.database}-wal")) == 0o600
        assert mode(paths.keys) == 0o700
        assert {mode(p) for p in paths.keys.iterdir() if p.name != "central_x25519.pub"} == {0o600}
        assert mode(paths.documents) == 0o700 and mode(vault.path(sha)) == 0o600
        assert mode(log_file) == 0o600 and mode(log_file.parent) == 0o700
        assert mode(backup) == 0o600
        store.close()
    finally:
        os.umask(old)
        logs.shutdown()


def test_an_older_world_readable_database_is_tightened_when_opened(tmp_path: Path) -> None:
    from kiosk.store import Store

    store = Store.open(tmp_path / "kiosk")
    database = store.paths.database
    store.close()
    os.chmod(tmp_path / "kiosk", 0o755)
    os.chmod(database, 0o644)
    store = Store.open(tmp_path / "kiosk")
    assert mode(database) == 0o600 and mode(tmp_path / "kiosk") == 0o700
    store.close()
