"""A backup taken while the kiosk keeps saving is consistent (SQLite's online backup API, pages
read after the snapshot), and a backup of a newer format is refused before anything is touched."""

from __future__ import annotations

import json
import sqlite3
import threading
import zipfile
from pathlib import Path

import pytest

from kiosk.backup import BackupError, create_backup, new_recovery_key, restore
from kiosk.backup.archive import HEADER
from tests.core.test_sync_support import make_registration, open_kiosk

PASSPHRASE = "cadangan saat kios bekerja"


def test_a_backup_taken_while_registrations_are_saved_is_consistent(tmp_path: Path) -> None:
    from kiosk.documents.vault import Vault
    from kiosk.store import Store

    kiosk = open_kiosk(tmp_path, "busy")
    for seed in range(3):
        kiosk.submit(*make_registration(700 + seed, kiosk.vault))
    started, stop = threading.Event(), threading.Event()
    saved: list[str] = []

    def keep_saving() -> None:
        seed = 800
        while not stop.is_set():
            saved.append(kiosk.submit(*make_registration(seed, kiosk.vault)).id)
            seed += 1
            started.set()

    key = new_recovery_key(PASSPHRASE)
    worker = threading.Thread(target=keep_saving)
    worker.start()
    try:
        assert started.wait(60)
        backups = [tmp_path / f"during-{n}.zip" for n in range(2)]
        for path in backups:
            create_backup(kiosk.store.paths.root, path, key)
    finally:
        stop.set()
        worker.join()
    assert len(saved) >= 1
    target = tmp_path / "restored"
    result = restore(backups[-1], target, PASSPHRASE)
    conn = sqlite3.connect(target / "kiosk.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with Store.open(target) as store:
        vault = Vault(store.paths.documents, store.keys)
        regs = list(store.iter_registrations())
        assert len(regs) == result.registrations >= 3
        for reg in regs:  # every page a restored registration names is there and opens
            for doc in reg.documents:
                for page in doc.pages:
                    assert vault.get(page.sha256) == kiosk.pages[page.sha256]
    kiosk.store.close()


def test_a_backup_of_a_newer_format_is_refused_before_the_passphrase(tmp_path: Path) -> None:
    kiosk = open_kiosk(tmp_path, "k")
    made = tmp_path / "made.zip"
    create_backup(kiosk.store.paths.root, made, new_recovery_key(PASSPHRASE))
    kiosk.store.close()
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(newer, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == HEADER:
                data = json.dumps({**json.loads(data), "version": 99}).encode()
            dst.writestr(info, data)
    with pytest.raises(BackupError) as info:
        restore(newer, tmp_path / "target", "no passphrase needed to refuse")
    assert info.value.code == "backup.file.newer" and "99" in info.value.text("en")
    assert not (tmp_path / "target").exists()
