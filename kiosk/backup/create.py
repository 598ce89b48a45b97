"""Making one backup file of a data folder (manual or scheduled).

Steps: the database is copied with the online backup API into a hidden temporary folder inside
``<data dir>/backups`` (the same protection as the database itself, never beside the output, which
may be a USB stick), the payload is streamed from it and the folder's files into the encrypted
archive (:mod:`kiosk.backup.archive`), and the temporary copy is removed whatever happens. The
kiosk keeps running meanwhile: nothing here takes a write lock.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kiosk import __version__
from kiosk.backup import archive, snapshot
from kiosk.backup.messages import BackupError
from kiosk.config import Paths


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int  # bytes of the backup file
    registrations: int
    pages: int
    kiosk_code: str


def create_backup(
    data_dir: Path, target: Path, key: archive.RecoveryKey, *, kind: str = "manual"
) -> BackupResult:
    """Write a backup of ``data_dir`` to ``target`` (a new file), encrypted to ``key``."""
    paths = Paths(Path(data_dir))
    if not paths.database.is_file():
        raise BackupError("backup.no_data", folder=str(paths.root))
    paths.backups.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=paths.backups))
    try:
        copy = work / snapshot.DATABASE
        try:
            snapshot.snapshot_database(paths.database, copy)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise BackupError("backup.write_failed", reason=reason) from exc
        facts = snapshot.describe(copy)
        pages = sum(1 for rel, _ in snapshot.data_files(paths.root) if snapshot.is_page(rel))
        header = {
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "kind": kind,
            "app_version": __version__,
            "kiosk_code": facts["kiosk_code"],
        }

        def produce(out: IO[bytes]) -> None:
            snapshot.write_payload(out, paths.root, copy, {**facts, **header})

        size = archive.write_archive(Path(target), key, header, produce)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BackupResult(Path(target), size, facts["registrations"], pages, facts["kiosk_code"])
