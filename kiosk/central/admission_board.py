"""One line across the worker processes of a central on one host: each worker's oldest place in
line on a small shared board, so a worker holds back while another serves kiosks that came earlier.

Why (the reconnect storm of ``bench/bench_province.py``, 2026-12-04): every worker of
``kiosk central serve --workers N`` has its own waiting room (:mod:`.admission`), and a kiosk's
connection stays with the worker that accepted it. When the two workers' lines drift apart, a
kiosk that reconnected at 08:00:56 waits behind one worker's older line while kiosks of 08:00:58
are served at once by the other, and both compete for the same cores. Measured: the slowest kiosk
took 10.4 s where the same finishing times given out in reconnect order would have made the
slowest 7.7 s (on one worker, with one line, the same comparison gave 18.7 s against 18.0 s).

How: a file of :data:`SLOTS` slots, made by the parent ``serve`` before the workers start, its
path in ``$KIOSK_CENTRAL_BOARD``, mapped by every worker. A worker claims a free slot (or one of a
worker that is gone) under ``flock`` and then alone writes it: the place of its oldest waiting
request (``inf`` when none waits) and when it wrote it. :class:`~.admission.AdmissionControl`
asks :meth:`Board.oldest_elsewhere` before it starts a request beyond its first
``floor``: it starts it only if its place is no later than every other worker's oldest waiting
place (plus the tie that lets kiosks who came together take turns). The cores a held-back worker
leaves go to the workers serving the earlier kiosks.

Invariants:

- It only ever holds back: no worker runs more than its ``max_in_flight``, and every worker always
  runs its ``floor`` (so the line moves everywhere even if the board lied).
- The worker with the oldest place anywhere is never held back, so the line as a whole moves.
- A slot not written for :data:`STALE_S` seconds counts as empty (a stuck or killed worker cannot
  hold the others back for longer); a worker with waiters rewrites its slot every tick.
- One writer per slot, no lock on the hot path: a slot is a sequence counter around its values
  (odd while being written); a reader that sees it odd or changed skips that slot this time.
- Host-local by design: workers on one host share its cores, which is what the board shares out.
  Hosts behind one load balancer each have their own cores and their own board.
- POSIX only (``fcntl``); without the variable, or elsewhere, there is no board and each worker
  keeps its own line as before.
"""

from __future__ import annotations

import math
import mmap
import os
import struct
import time
from pathlib import Path

BOARD_ENV = "KIOSK_CENTRAL_BOARD"
SLOTS = 64
STALE_S = 3.0
_SLOT = struct.Struct("<QqddQ")  # sequence, pid, oldest place, written (monotonic), spare
_SIZE = SLOTS * _SLOT.size


def create(folder: Path) -> Path:
    """A new empty board file in ``folder`` (the parent, before its workers start), readable by
    this user alone; boards left by a central that was killed are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("admission-*.board"):
        pid = old.stem.removeprefix("admission-")
        if pid.isdigit() and not _alive(int(pid)):
            old.unlink(missing_ok=True)
    path = folder / f"admission-{os.getpid()}.board"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, bytes(_SIZE))
    finally:
        os.close(fd)
    return path


def holders(path: Path) -> list[tuple[int, float]]:
    """(worker pid, the oldest waiting place it last wrote) for every claimed slot, in slot
    order: what the workers see of each other (tests, a look from outside)."""
    data = path.read_bytes()
    rows = [_SLOT.unpack_from(data, at) for at in range(0, len(data), _SLOT.size)]
    return [(pid, place) for _, pid, place, _, _ in rows if pid]


class Board:
    """This worker's view of the board: its own slot to write, the others to read."""

    def __init__(self, path: Path) -> None:
        import fcntl

        self._file = open(path, "r+b")  # kept open for the map's life
        self._map = mmap.mmap(self._file.fileno(), _SIZE)
        self._pid = os.getpid()
        fcntl.flock(self._file.fileno(), fcntl.LOCK_EX)
        try:
            self._slot = self._claim()
        finally:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
        self._sequence = _SLOT.unpack_from(self._map, self._offset(self._slot))[0]
        self.publish(math.inf)

    @classmethod
    def from_environment(cls) -> Board | None:
        path = os.environ.get(BOARD_ENV)
        if not path or os.name != "posix":
            return None
        return cls(Path(path))

    def publish(self, oldest: float) -> None:
        """Write this worker's oldest waiting place (``inf``: nobody waits here)."""
        at = self._offset(self._slot)
        self._sequence += 1  # odd: being written
        struct.pack_into("<Q", self._map, at, self._sequence)
        struct.pack_into("<qdd", self._map, at + 8, self._pid, oldest, time.monotonic())
        self._sequence += 1
        struct.pack_into("<Q", self._map, at, self._sequence)

    def oldest_elsewhere(self) -> float:
        """The oldest waiting place any other live worker wrote (``inf``: none waits)."""
        now = time.monotonic()
        oldest = math.inf
        for slot in range(SLOTS):
            if slot == self._slot:
                continue
            sequence, pid, place, written, _ = _SLOT.unpack_from(self._map, self._offset(slot))
            if pid == 0:  # slots are claimed in order: none beyond this one
                break
            if sequence % 2 or now - written > STALE_S:
                continue
            if _SLOT.unpack_from(self._map, self._offset(slot))[0] != sequence:
                continue  # written meanwhile: this tick goes without it
            oldest = min(oldest, place)
        return oldest

    def close(self) -> None:
        self.publish(math.inf)
        self._map.close()
        self._file.close()

    def _claim(self) -> int:
        """A slot that is free or whose worker is gone (called under the file's lock)."""
        for slot in range(SLOTS):
            pid = _SLOT.unpack_from(self._map, self._offset(slot))[1]
            if pid in (0, self._pid) or not _alive(pid):
                struct.pack_into("<q", self._map, self._offset(slot) + 8, self._pid)
                return slot
        raise RuntimeError(f"the admission board has no free slot of {SLOTS}")

    @staticmethod
    def _offset(slot: int) -> int:
        return slot * _SLOT.size


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
