"""Durable file writes (temp file, fsync, rename, fsync the folder) and an inter-process lock.

After :func:`atomic_write_bytes` returns, the file is complete on disk under its final name, also
after a power cut; a crash before that leaves the old file (or none), never a partial one.

:func:`atomic_write_many` keeps that promise for a batch of files with fewer journal commits. On
Linux it writes every temporary file, makes them all durable with one ``syncfs`` of their file
system, renames them, and makes the renames durable with a second ``syncfs``: two commits for the
batch instead of two fsyncs per file (on this project's ext4 disks about 4x the files per second,
which is what the key forgetting of a week's pages waits on). ``syncfs`` reports write-back errors
only from Linux 5.8, so older kernels, other systems and a batch spread over several file systems
take the per-file path (each file fsync'd by a few threads at once, each folder fsync'd after).

:func:`exclusive_lock` serialises processes on one data folder (two ``kiosk`` commands, the app and
a command, two app instances started by a double click): an advisory lock on a lock file, taken by
``flock`` on POSIX and ``msvcrt.locking`` on Windows, released by the operating system when the
process dies, so a crash never leaves a folder locked. It is polled (every 10 ms) so that a caller
can give up after a timeout and say so. Own code instead of the ``filelock`` package: importing it
costs ~30 ms, paid by every ``kiosk`` command that opens the store.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # imported where used: every command imports this module
    from concurrent.futures import ThreadPoolExecutor

_IOV_MAX = 1024  # buffers one writev may take (Linux's IOV_MAX)
_T = TypeVar("_T")
_R = TypeVar("_R")


def fsync_dir(path: Path) -> None:
    """Make a rename or unlink inside ``path`` durable."""
    if os.name == "nt":  # Windows has no directory fsync; NTFS journals metadata.
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def shred(path: Path) -> bool:
    """Overwrite ``path`` with zeros, fsync, unlink it and fsync its folder: its bytes are gone
    from the disk, not merely unlisted, also after a power cut. False if it was not there."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            fh.write(b"\0" * size)
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()
    except FileNotFoundError:
        return False
    fsync_dir(path.parent)
    return True


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    atomic_write_parts(path, (data,), mode)


def atomic_write_parts(path: Path, parts: Sequence[bytes], mode: int = 0o600) -> None:
    """:func:`atomic_write_bytes` of ``b"".join(parts)`` without joining them: the parts go to
    the file in one ``writev`` (a pack of page envelopes is ~2 MB; joining it first cost a copy
    and, above the allocator's mapping threshold, a fresh mapping faulted in page by page)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_synced(path, parts, mode)
    fsync_dir(path.parent)


def _write_synced(path: Path, parts: Sequence[bytes], mode: int) -> None:
    """Temp file, fsync, rename: :func:`atomic_write_parts` without the folder's fsync."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            _write_all(fd, parts)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_all(fd: int, parts: Sequence[bytes]) -> None:
    """Write every part in order, whatever a short write leaves (``writev`` where the system has
    it, at most :data:`_IOV_MAX` buffers a call; one ``write`` a part elsewhere)."""
    pending = [memoryview(part) for part in parts if len(part)]
    first = 0
    while first < len(pending):
        if hasattr(os, "writev"):
            written = os.writev(fd, pending[first : first + _IOV_MAX])
        else:  # Windows
            written = os.write(fd, pending[first])
        if not written:  # a file takes bytes or raises (ENOSPC); never spin on nothing
            raise OSError(f"nothing written to file descriptor {fd}")
        while written:  # drop what went out; a part cut short keeps its rest
            size = len(pending[first])
            if written < size:
                pending[first] = pending[first][written:]
                break
            written -= size
            first += 1


def atomic_write_many(files: Sequence[tuple[Path, bytes]], mode: int = 0o600) -> None:
    """:func:`atomic_write_bytes` for many files at once, durable when it returns.

    On Linux 5.8 and newer, with every file on one file system: two ``syncfs`` for the whole
    batch (:func:`_write_grouped`, see the module docstring). Elsewhere the files are written and
    fsync'd by a few threads at a time, so the file system commits their journal entries together
    (on ext4 about ten times the files per second of one after the other), and every folder is
    fsync'd once after all its renames instead of once per file. A new folder's own entry is made
    durable in its parent too. If a write fails its error is raised, and nothing is promised
    durable; files already renamed stay (each one is whole) and no temporary file is left.
    """
    if not files:
        return
    folders = {Path(path).parent for path, _ in files}
    new = [folder for folder in folders if not folder.is_dir()]
    for folder in new:
        folder.mkdir(parents=True, exist_ok=True)
    anchor = _one_file_system(folders)
    if anchor is not None:
        _write_grouped(files, mode, anchor)
        return
    from concurrent.futures import wait

    pool = _writers()
    writes = [pool.submit(_write_synced, Path(path), (data,), mode) for path, data in files]
    wait(writes)
    for write in writes:
        write.result()  # the first failure raises, once every write has ended
    parents = folders | {folder.parent for folder in new}
    for done in [pool.submit(fsync_dir, folder) for folder in parents]:
        done.result()


def _write_grouped(files: Sequence[tuple[Path, bytes]], mode: int, anchor: Path) -> None:
    """Temp files, one ``syncfs``, renames, one ``syncfs``: :func:`atomic_write_many` in two
    journal commits. Until the first ``syncfs`` returned nothing is renamed (a failure leaves every
    old file and no temporary); a rename that fails after it leaves the files renamed, each whole,
    and removes the temporaries not renamed.

    The temporaries are made and the renames done by the writer threads, a share each
    (:func:`_on_writers`): on this project's ext4 disks making a file waits ~0.3 ms and a rename
    onto an old file ~1 ms for the old blocks to be freed (most of a week's key forgetting), and
    those waits overlap."""
    temps: list[tuple[str, Path]] = []
    try:
        _on_writers([(Path(path), data) for path, data in files], _write_temps(mode), temps)
        _syncfs(anchor)  # every temporary's bytes on disk before any name points at them
        renamed: list[tuple[str, Path]] = []
        try:
            _on_writers(list(temps), _rename, renamed)
        finally:
            gone = set(renamed)
            temps[:] = [entry for entry in temps if entry not in gone]
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
    _syncfs(anchor)  # the renames, and the new folders' entries, on disk


def _write_temps(mode: int) -> Callable[[tuple[Path, bytes], list[tuple[str, Path]]], None]:
    def write(file: tuple[Path, bytes], made: list[tuple[str, Path]]) -> None:
        path, data = file
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        made.append((tmp, path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)

    return write


def _rename(entry: tuple[str, Path], done: list[tuple[str, Path]]) -> None:
    os.replace(*entry)
    done.append(entry)


def _on_writers(items: list[_T], step: Callable[[_T, list[_R]], None], out: list[_R]) -> None:
    """``step(item, out)`` for every item, the items shared among the writer threads (each
    thread its share in turn); ``out`` gathers what the steps appended, also those of a share
    that failed part-way. The first failure is raised once every share has ended."""
    from concurrent.futures import wait

    def share(part: list[_T]) -> list[_R]:
        got: list[_R] = []
        try:
            for item in part:
                step(item, got)
        finally:
            with lock:
                out.extend(got)
        return got

    lock = threading.Lock()
    parts = [items[n::_WRITERS] for n in range(min(_WRITERS, len(items)))]
    if len(parts) <= 1:
        for part in parts:
            share(part)
        return
    shares = [_writers().submit(share, part) for part in parts]
    wait(shares)
    for done in shares:
        done.result()  # the first failure raises


def _one_file_system(folders: set[Path]) -> Path | None:
    """A folder to ``syncfs`` through if the grouped write may be used for ``folders`` (Linux
    5.8 or newer, every folder on one file system), else None."""
    if _syncfs_call() is None:
        return None
    devices = {folder.stat().st_dev for folder in folders}
    return next(iter(folders)) if len(devices) == 1 else None


@functools.cache
def _syncfs_call() -> Callable[[int], int] | None:
    """libc's ``syncfs`` where it reports write-back errors (Linux 5.8 and newer), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        major, minor = (int(part) for part in os.uname().release.split(".")[:2])
    except ValueError:
        return None
    if (major, minor) < (5, 8):
        return None
    import ctypes

    try:
        call: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    return call


def _syncfs(folder: Path) -> None:
    """Everything written to ``folder``'s file system is on disk when this returns (or raises)."""
    import ctypes

    call = _syncfs_call()
    if call is None:
        raise OSError(f"syncfs is not available here: {folder}")
    fd = os.open(folder, os.O_RDONLY)
    try:
        if call(fd) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), str(folder))
    finally:
        os.close(fd)


_WRITERS = 8  # threads writing at once: enough for the journal to batch, few for the disk
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _writers() -> ThreadPoolExecutor:
    """One pool for the process (starting threads per call cost more than small writes);
    callers must not be its own threads (they wait for its work)."""
    from concurrent.futures import ThreadPoolExecutor

    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(_WRITERS, thread_name_prefix="fsync")
        return _pool


def release_writers() -> None:
    """End the writer pool's threads once its work is done (the next write starts a new pool):
    for a process about to ``fork``, which must not carry threads into the child."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True)


def _try_lock(fd: int) -> bool:
    """Take the lock on ``fd`` without waiting; False when another process holds it."""
    if sys.platform == "win32":  # sys.platform, not os.name: mypy narrows the platform by it
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def exclusive_lock(path: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (created if missing) for the ``with`` block.

    Raises :class:`TimeoutError` when another process held it for ``timeout`` seconds, and the
    ``OSError`` of creating the lock file (a read-only or full folder) before the block runs.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{path} is locked by another process")
            time.sleep(0.01)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
