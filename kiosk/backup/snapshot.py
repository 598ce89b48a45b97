"""What a backup holds: a consistent copy of the database and the data folder's files.

The payload is a tar stream (``w|``: no seeking, so it can go straight into the encryptor):

- ``data/kiosk.sqlite3``: a copy made with SQLite's online backup API (one step, under one read
  transaction), consistent while the app keeps writing — a file copy of a WAL database is not;
- ``data/<every other file>``: the document vault (``documents/``, pages are already encrypted
  envelopes), the key ring (``keys/``: the data key that unseals the database, the receipt signing
  key, the document key, the central's public key, the backup recipient), pulled reference data
  (``reference/``) and branding; the enrolment (device token, sealed) and the kiosk's id and code
  are rows of the database;
- ``manifest.json`` last: format, the kiosk's id and code, the schema revision, counts, and every
  file's size and SHA-256 (restore checks them all before it swaps anything in).

Left out on purpose: ``backups/`` (no backup inside a backup), ``logs/``, ``exports/`` (files the
staff wrote out), crash reports, temporary and hidden files, and the database's ``-wal``/``-shm``
files (their content is in the snapshot).

Order gives consistency: the database snapshot is taken first, then the files are read. A page is
on disk before the row that names it commits (the vault's rule), so every page the snapshot names
is there — unless retention removed it in between, which it does only for registrations the
central holds completely; such a page is skipped and counted (``vanished``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from kiosk.fsutil import fsync_dir

DATABASE = "kiosk.sqlite3"
#: the vault's store of local key wraps (kiosk.documents.wraps): copied like the database, through
#: SQLite's backup API after the database's snapshot (every page that snapshot names has its file,
#: and its wrap unless the central confirmed it meanwhile), never as a file copy of a WAL database
WRAPS = "documents/wraps.sqlite3"
EXCLUDED = frozenset({"backups", "logs", "exports", "crashes", "crash-reports"})
MANIFEST = "manifest.json"
PREFIX = "data/"


def snapshot_database(database: Path, target: Path) -> None:
    """A consistent copy of ``database`` at ``target`` (SQLite online backup API), fsync'd."""
    source = sqlite3.connect(database, timeout=10)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # pages=-1: the whole database in one step, one snapshot
        finally:
            copy.close()
    finally:
        source.close()
    with open(target, "rb+") as fh:
        os.fsync(fh.fileno())
    fsync_dir(target.parent)


def describe(snapshot: Path) -> dict[str, Any]:
    """The facts a manifest and a header carry (no personal data): identity, schema, counts."""
    conn = sqlite3.connect(snapshot)
    try:

        def setting(key: str) -> Any:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else None

        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        registrations = conn.execute("SELECT count(*) FROM registrations").fetchone()[0]
        return {
            "kiosk_id": setting("kiosk.id") or "",
            "kiosk_code": setting("kiosk.code") or "",
            "schema": revision[0] if revision else "",
            "registrations": int(registrations),
        }
    finally:
        conn.close()


def data_files(root: Path) -> Iterator[tuple[str, Path]]:
    """``(relative posix name, path)`` of every file that belongs in a backup, sorted."""
    for top in sorted(root.iterdir()):
        if top.name.startswith(".") or top.name in EXCLUDED or top.name.startswith(DATABASE):
            continue
        candidates = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in candidates:
            rel = path.relative_to(root)
            if any(part.startswith(".") for part in rel.parts) or path.name.endswith(".tmp"):
                continue
            if path.is_symlink():
                continue  # a link may lead out of the data folder
            if rel.as_posix() in (WRAPS + "-wal", WRAPS + "-shm"):
                continue  # in the copy of the wraps store (write_payload)
            yield rel.as_posix(), path


def is_page(rel: str) -> bool:
    """A page file of the vault (not its wraps store or that store's marker)."""
    return rel.startswith("documents/") and not rel.startswith("documents/wraps.")


class _Hashing(io.RawIOBase):
    """Reads a file and hashes what was read (tar copies exactly the size it was told)."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.sha = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.sha.update(data)
        return data


def write_payload(out: IO[bytes], root: Path, snapshot: Path, facts: dict[str, Any]) -> None:
    """The tar stream of the snapshot and the data folder's files, manifest last."""
    files: dict[str, list[Any]] = {}
    vanished = 0
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        entries = [(DATABASE, snapshot), *data_files(root)]
        for rel, path in entries:
            if rel == WRAPS:
                path = snapshot.with_name("wraps.sqlite3")
                try:
                    snapshot_database(root / WRAPS, path)
                except (OSError, sqlite3.Error):
                    vanished += 1
                    continue
            try:
                fh = open(path, "rb")  # closed by the `with` below, after tar copied it
            except FileNotFoundError:
                vanished += 1  # removed by retention after the snapshot (see the docstring)
                continue
            with fh:
                size = os.fstat(fh.fileno()).st_size
                info = tarfile.TarInfo(PREFIX + rel)
                info.size, info.mode = size, 0o600
                info.mtime = int(os.fstat(fh.fileno()).st_mtime)
                reader = _Hashing(fh)
                tar.addfile(info, reader)
                files[rel] = [size, reader.sha.hexdigest()]
        manifest = {
            **facts,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "pages": sum(1 for rel in files if is_page(rel)),
            "vanished": vanished,
            "files": files,
        }
        body = json.dumps(manifest, indent=0, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(body), 0o600
        tar.addfile(info, io.BytesIO(body))
