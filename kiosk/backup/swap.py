"""Putting a staged data folder in place of the old one, atomically from the user's view.

The staged folder lies beside the data folder (same file system, so renames are possible):

- Linux: one ``renameat2(RENAME_EXCHANGE)`` swaps the two names in a single step; at every
  instant the data folder's path holds either the complete old folder or the complete new one.
- Elsewhere (Windows, or a file system without the exchange): a journal file is written first,
  then two renames (old → kept name, staged → data folder). A crash between them leaves the path
  empty for a moment, never a mix; :func:`finish_interrupted_restore` completes the swap from the
  journal and must run before anything opens the data folder (``kiosk restore`` calls it, and so
  should the app at start-up), otherwise a fresh, empty data folder would be created there.

Afterwards the old folder sits at a "kept" name beside the data folder
(``<name>.before-restore-<UTC time>``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import logging
import os
import shutil
import sys
from pathlib import Path

from kiosk.config import Paths
from kiosk.fsutil import atomic_write_bytes, fsync_dir

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def journal_path(target: Path) -> Path:
    return Paths(target).restore_journal


def exchange(a: Path, b: Path) -> bool:
    """Swap the names ``a`` and ``b`` in one step (Linux); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False  # a C library without renameat2 (glibc < 2.28, musl < 1.2.?)
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(staging: Path, target: Path, kept: Path, *, use_exchange: bool = True) -> Path | None:
    """Make ``staging`` the folder at ``target``; the old one (if any) ends at ``kept``."""
    if not target.exists():
        os.rename(staging, target)
        fsync_dir(target.parent)
        return None
    if use_exchange and exchange(staging, target):
        os.rename(staging, kept)  # ``staging`` names the old folder now
        fsync_dir(target.parent)
        return kept
    journal = journal_path(target)
    plan = {"staging": str(staging), "kept": str(kept)}
    atomic_write_bytes(journal, json.dumps(plan).encode())
    os.rename(target, kept)
    os.rename(staging, target)
    fsync_dir(target.parent)
    journal.unlink()
    fsync_dir(target.parent)
    return kept


def finish_interrupted_restore(target: Path) -> bool:
    """Complete (or undo) a swap a crash interrupted; True if there was one to finish."""
    journal = journal_path(target)
    if not journal.exists():
        return False
    try:
        plan = json.loads(journal.read_text("utf-8"))
        staging, kept = Path(plan["staging"]), Path(plan["kept"])
    except (OSError, ValueError, KeyError, TypeError):
        return False  # not ours to judge: leave it for a person
    if not target.exists() and staging.is_dir():
        os.rename(staging, target)  # the old folder is at ``kept`` already: roll forward
    elif target.exists() and staging.is_dir() and not kept.exists():
        shutil.rmtree(staging, ignore_errors=True)  # crashed before the first rename: undo
    journal.unlink(missing_ok=True)
    fsync_dir(target.parent)
    return True


def release_log_files(folder: Path) -> None:
    """Close this process's log files inside ``folder`` (Windows cannot rename a folder with an
    open file; a closed ``FileHandler`` reopens its path at the next record, in the new folder)."""
    loggers = [logging.getLogger()]
    loggers += [
        v for v in logging.Logger.manager.loggerDict.values() if isinstance(v, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, logging.FileHandler):
                with contextlib.suppress(ValueError):
                    Path(handler.baseFilename).resolve().relative_to(folder.resolve())
                    handler.close()


def fsync_tree(root: Path) -> None:
    """Make every folder entry under ``root`` durable (files were fsync'd as written)."""
    for folder, _dirs, _files in os.walk(root):
        fsync_dir(Path(folder))
