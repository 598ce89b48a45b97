"""``kiosk restore``: a backup file becomes the data folder, checked first, swapped in whole.

Order (each step before the swap can fail and leaves the data folder untouched):

1. A folder that holds kiosk data (a database, keys or document pages) is refused unless
   ``force``; then the old folder is kept whole beside the new one (:mod:`kiosk.backup.swap`).
2. The header and the passphrase are checked (a wrong passphrase is told apart from a damaged
   file: the recovery key's ZIP CRC-32 is checked before age tries the passphrase).
3. The payload is decrypted into a staging folder beside the data folder; age authenticates every
   64 KiB chunk and the end of the stream, and every file is compared with the manifest's size and
   SHA-256; a name that would leave the staging folder is refused.
4. The staged folder is opened as a store (older schemas are migrated here), the data key must
   open its sealed data, and the identity must be the manifest's.
5. Registration numbers: the backup does not know the numbers handed out after it was taken (the
   central holds those registrations, see :mod:`kiosk.sync.reconcile`), so today's counter is
   raised by :data:`NUMBER_GAP`; numbers of later days were never handed out by the old kiosk.
6. The old folder's ``logs/`` and ``backups/`` (scheduled backups) are linked into the staged one,
   everything is fsync'd, this process's log files in the data folder are closed, and the staged
   folder is swapped in.

Never run the app on the data folder during a restore, and never keep using the old machine after
restoring its backup on a new one: both would act as the same kiosk.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from kiosk.backup import archive, snapshot, swap
from kiosk.backup.messages import BackupError
from kiosk.documents import wraps

#: added to today's registration counter after a restore (numbers the old kiosk may have used)
NUMBER_GAP = 1000
#: folders of the replaced data folder that the restored one gets too (not part of a backup)
CARRIED = ("logs", "backups")


@dataclass(frozen=True)
class RestoreResult:
    data_dir: Path
    kept: Path | None  # where the previous data folder was kept, if it held data
    kiosk_code: str
    registrations: int
    pages: int
    created_at: str


def holds_kiosk_data(folder: Path) -> bool:
    """A database, keys or document pages: what a restore must not silently replace."""
    if (folder / snapshot.DATABASE).exists():
        return True
    return any(
        p.is_file() for sub in ("keys", "documents") if (folder / sub).is_dir()
        for p in (folder / sub).rglob("*")
    )  # fmt: skip


def restore(
    backup: Path, data_dir: Path, passphrase: str, *, force: bool = False, use_exchange: bool = True
) -> RestoreResult:
    target = Path(data_dir).expanduser().absolute()
    swap.finish_interrupted_restore(target)
    had_data = target.is_dir() and holds_kiosk_data(target)
    if had_data and not force:
        raise BackupError("backup.restore.not_empty", folder=str(target))
    header = archive.read_header(Path(backup))
    identity = archive.open_identity(Path(backup), passphrase)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.restore-{stamp}"
    try:
        staging.mkdir(mode=0o700)
        manifest = archive.read_payload(Path(backup), identity, lambda r: extract(r, staging))
        prepare(staging, manifest)
        carry_over(target, staging)
        swap.fsync_tree(staging)
        swap.release_log_files(target)
        wraps.release_under(target)  # the vault's local-wrap store: an open file in the folder
        kept = swap.swap_in(
            staging, target, target.parent / f"{target.name}.before-restore-{stamp}",
            use_exchange=use_exchange,
        )  # fmt: skip
    except OSError as exc:
        raise BackupError(
            "backup.restore.failed", reason=exc.strerror or type(exc).__name__
        ) from exc
    finally:
        journal = swap.journal_path(target)
        if journal.exists():  # stopped between the two renames: roll forward (or undo)
            with contextlib.suppress(OSError):  # else the journal stays for the next run
                swap.finish_interrupted_restore(target)
        if staging.exists() and not journal.exists():
            shutil.rmtree(staging, ignore_errors=True)
    if kept is not None and not had_data:
        shutil.rmtree(kept, ignore_errors=True)  # it held nothing of the kiosk's
        kept = None
    return RestoreResult(
        target, kept, str(manifest.get("kiosk_code", "")), int(manifest.get("registrations", 0)),
        int(manifest.get("pages", 0)), str(header.get("created_at", "")),
    )  # fmt: skip


def carry_over(old: Path, staging: Path) -> None:
    """The desk's logs and its scheduled backups stay with the desk (hard links where the file
    system allows, so this costs no space; the old folder stays whole either way)."""

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    for name in CARRIED:
        if (old / name).is_dir():
            shutil.copytree(old / name, staging / name, copy_function=link_or_copy,
                            dirs_exist_ok=True)  # fmt: skip


def _safe_name(name: str) -> str | None:
    """The path below ``data/`` for a member name, or None if it could leave the folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or ":" in name:
        return None
    if len(path.parts) < 2 or path.parts[0] != "data":
        return None
    return PurePosixPath(*path.parts[1:]).as_posix()


def extract(stream: IO[bytes], staging: Path) -> dict[str, Any]:
    """Unpack the payload into ``staging`` and check it against its manifest; the manifest."""
    found: dict[str, list[Any]] = {}
    manifest: dict[str, Any] | None = None
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for member in tar:
            source = tar.extractfile(member) if member.isfile() else None
            if source is None:
                raise BackupError("backup.file.damaged", file="payload", detail=member.name[:60])
            if member.name == snapshot.MANIFEST:
                manifest = json.loads(source.read())
                continue
            rel = _safe_name(member.name)
            if rel is None:
                raise BackupError("backup.file.damaged", file="payload", detail=member.name[:60])
            found[rel] = _write(source, staging / rel)
    if manifest is None or not isinstance(manifest.get("files"), dict):
        raise BackupError("backup.file.damaged", file="payload", detail=snapshot.MANIFEST)
    expected = {rel: list(v) for rel, v in manifest["files"].items()}
    if found != expected:
        wrong = sorted(set(found) ^ set(expected)) or sorted(
            r for r in found if found[r] != expected[r]
        )
        raise BackupError("backup.file.damaged", file="payload", detail=wrong[0][:60])
    return manifest


def _folder(path: Path) -> None:
    """``path`` and its missing parents, each 0700 (``mkdir(parents=True)`` applies the mode
    only to the last one)."""
    if path.is_dir():
        return
    _folder(path.parent)
    path.mkdir(mode=0o700, exist_ok=True)


def _write(source: IO[bytes], path: Path) -> list[Any]:
    _folder(path.parent)
    sha, size = hashlib.sha256(), 0
    with open(path, "xb") as out:
        while chunk := source.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(path, 0o600)
    return [size, sha.hexdigest()]


def prepare(staging: Path, manifest: dict[str, Any]) -> None:
    """Open the staged folder as a store: schema to head, keys that open the data, the identity
    of the manifest, today's number counter raised (see the module docstring)."""
    from sqlalchemy import text

    from kiosk.store import Store
    from kiosk.store.numbering import local_day
    from kiosk.sync.state import SyncState

    store = Store.open(staging)
    try:
        if manifest.get("kiosk_id") and store.kiosk_id != manifest["kiosk_id"]:
            raise BackupError("backup.file.damaged", file="payload", detail="kiosk id")
        for reg in store.iter_registrations(batch=1):  # unseals: the data key must fit
            del reg
            break
        SyncState(store.engine, store.keys).credentials()  # the sealed device token opens too
        with store.session() as session:
            session.execute(
                text(
                    "INSERT INTO registration_counters (kiosk_code, day, last_no) "
                    "VALUES (:code, :day, :gap) ON CONFLICT (kiosk_code, day) "
                    "DO UPDATE SET last_no = last_no + :gap"
                ),
                {
                    "code": store.kiosk_code,
                    "day": local_day(session.connection()),
                    "gap": NUMBER_GAP,
                },
            )
    except BackupError:
        raise
    except Exception as exc:  # a key that does not open the data, a broken database
        raise BackupError("backup.file.damaged", file="payload", detail=type(exc).__name__) from exc
    finally:
        store.close()
