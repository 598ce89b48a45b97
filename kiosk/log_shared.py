"""One log file that several processes append to: the central's ``serve --workers N``.

uvicorn starts its workers as fresh interpreters (multiprocessing's spawn), so each one sets up
its own handler on the same ``central.log``. A :class:`logging.handlers.RotatingFileHandler` in
each would rotate the same file from several processes: each renames what it believes is the
full file, and the others keep writing into a renamed file or rename it again, so lines land in
the wrong file or are lost. Here instead:

- **One rotator.** Only the process that owns the file (the parent, ``owner=True``) ever renames
  it: a daemon thread looks at its size every :data:`CHECK_SECONDS` and, past the limit, shifts
  ``central.log`` → ``.1`` → … → ``.<backups>`` (the oldest removed), as RotatingFileHandler does.
  The file can pass the limit by what is written between two looks.
- **Appends only.** Every process opens the file ``O_APPEND`` and writes each record, its line
  end included, with one ``write(2)`` of the encoded bytes (no buffered stream that could split
  it). On Linux an appending write to a regular file is placed and written under the inode's
  lock, so two processes' records never interleave mid-line.
- **Reopen after a rotation** (as :class:`logging.handlers.WatchedFileHandler` does): before each
  record the handler compares the path's device and inode with its open file's and reopens when
  they differ or the path is gone. A record written between the rename and that check goes to
  the renamed file (``.1``): every record lands whole in exactly one of the files.
- Each file is created 0600 on POSIX (``O_CREAT`` with that mode, then ``fchmod``).

Windows (not the central's platform): the C runtime emulates ``O_APPEND`` with a seek before
each write, so two processes' records can overwrite each other, and a file another process
holds open cannot be renamed, so the rotation fails and is tried again at the next look (the
file grows). Run a multi-worker central on Linux; one worker is safe everywhere.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

CHECK_SECONDS = 1.0
_FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)


def open_append(path: Path) -> int:
    """``path`` opened for appending (created 0600 on POSIX); returns the descriptor."""
    fd = os.open(path, _FLAGS, 0o600)
    if os.name != "nt":
        os.fchmod(fd, 0o600)
    return fd


def rotate(path: Path, backups: int) -> None:
    """Shift ``path`` to ``path.1`` (``.1`` to ``.2`` …, the oldest removed) and start it anew.

    Only one process may call this for a given file (the owner's rotation thread)."""
    for n in range(backups - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{n + 1}"))
    if path.exists():
        os.replace(path, path.with_name(f"{path.name}.1"))
    os.close(open_append(path))  # the new file is 0600 whoever writes first


class SharedFileHandler(logging.Handler):
    """Appends each record with one write; reopens when the file was rotated; with
    ``max_bytes`` (the owner only) also rotates the file from a daemon thread."""

    def __init__(self, path: Path, *, max_bytes: int = 0, backups: int = 0) -> None:
        super().__init__()
        self.path = Path(path)
        self._fd = open_append(self.path)
        self._stop = threading.Event()
        self._rotator: threading.Thread | None = None
        if max_bytes > 0:
            self._rotator = threading.Thread(
                target=self._rotate_when_full,
                args=(max_bytes, backups),
                name="log-rotation",
                daemon=True,
            )
            self._rotator.start()

    def _reopen_if_rotated(self) -> None:
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            now = None
        mine = os.fstat(self._fd)
        if now is None or (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
            fd = open_append(self.path)
            os.close(self._fd)
            self._fd = fd

    def emit(self, record: logging.LogRecord) -> None:
        try:
            data = (self.format(record) + "\n").encode("utf-8", "backslashreplace")
            self._reopen_if_rotated()
            written = os.write(self._fd, data)
            while written < len(data):  # only on a full disk or a signal: finish the record
                written += os.write(self._fd, data[written:])
        except Exception:
            self.handleError(record)

    def _rotate_when_full(self, max_bytes: int, backups: int) -> None:
        while not self._stop.wait(CHECK_SECONDS):
            try:
                if self.path.exists() and self.path.stat().st_size >= max_bytes:
                    rotate(self.path, backups)
            except OSError:
                pass  # Windows: another process holds it open; tried again at the next look

    def close(self) -> None:
        self._stop.set()
        if self._rotator is not None and self._rotator is not threading.current_thread():
            self._rotator.join()
        self.acquire()
        try:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1
        finally:
            self.release()
        super().close()
