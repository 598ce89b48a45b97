"""One line across a central's worker processes (kiosk.central.admission_board).

The other workers are real processes writing the same board file; this process is the worker
under test. Checked: each worker reads the oldest place another waits with, a worker that is gone
or silent holds nobody back and its slot is taken again, a slot caught mid-write is skipped, and
the admission middleware holds a request back beyond its floor exactly while another worker has a
kiosk waiting that came earlier, and starts it once that kiosk is served.
"""

from __future__ import annotations

import asyncio
import math
import os
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.central import admission_board
from kiosk.central.admission import AdmissionControl
from kiosk.central.admission_board import Board, holders
from tests.central.test_central_admission import _Held, _release, _request

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the board is POSIX only (fcntl)")

_WORKER = """
import sys
from pathlib import Path
from kiosk.central.admission_board import Board, holders
board = Board(Path(sys.argv[1]))
print("ready", flush=True)
for line in sys.stdin:
    board.publish(float(line))
    print("ok", flush=True)
"""


class OtherWorker:
    """Another worker process on the same board, publishing the places it is told to."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._line() == "ready"

    def publish(self, place: float) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{place!r}\n")
        self.process.stdin.flush()
        assert self._line() == "ok"

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()

    def _line(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()


@pytest.fixture
def board_path(tmp_path: Path) -> Path:
    return admission_board.create(tmp_path)


@pytest.fixture
def others(board_path: Path) -> Iterator[list[OtherWorker]]:
    started: list[OtherWorker] = []
    yield started
    for worker in started:
        worker.kill()


@pytest.fixture
def mine(board_path: Path) -> Iterator[Board]:
    """This process's own slot: the worker under test."""
    board = Board(board_path)
    yield board
    board.close()


def _claimed(path: Path) -> list[int]:
    """The worker pids holding the board's slots, in slot order."""
    return [pid for pid, _ in holders(path)]


def test_a_worker_reads_the_oldest_place_the_other_workers_wait_with(
    board_path: Path, mine: Board, others: list[OtherWorker]
) -> None:
    others += [OtherWorker(board_path), OtherWorker(board_path)]
    assert mine.oldest_elsewhere() == math.inf  # nobody waits anywhere
    others[0].publish(1_000.5)
    others[1].publish(1_020.0)
    mine.publish(900.0)  # its own line is not "elsewhere"
    assert mine.oldest_elsewhere() == 1_000.5
    others[0].publish(math.inf)  # its line emptied
    assert mine.oldest_elsewhere() == 1_020.0
    assert sorted(_claimed(board_path)[:3]) == sorted(
        [os.getpid(), *(w.process.pid for w in others)]
    )


def test_a_worker_gone_or_silent_holds_nobody_back_and_its_slot_is_taken_again(
    board_path: Path, mine: Board, others: list[OtherWorker], monkeypatch: pytest.MonkeyPatch
) -> None:
    others.append(OtherWorker(board_path))
    others[0].publish(500.0)
    assert mine.oldest_elsewhere() == 500.0
    gone = others[0].process.pid
    others[0].kill()
    monkeypatch.setattr(admission_board, "STALE_S", 0.2)
    time.sleep(0.3)  # longer than the (shortened) time a slot counts without being rewritten
    assert mine.oldest_elsewhere() == math.inf
    others.append(OtherWorker(board_path))  # a new worker in the dead one's place
    claimed = _claimed(board_path)
    assert gone not in claimed
    assert claimed == [os.getpid(), others[1].process.pid]  # no third slot taken


def test_a_slot_caught_mid_write_is_skipped(
    board_path: Path, mine: Board, others: list[OtherWorker]
) -> None:
    others.append(OtherWorker(board_path))
    others[0].publish(700.0)
    slot = _claimed(board_path).index(others[0].process.pid)
    size = admission_board._SLOT.size  # a slot begins with its sequence count
    with open(board_path, "r+b") as raw:  # the other worker stopped between its two counts
        raw.seek(slot * size)
        sequence = struct.unpack("<Q", raw.read(8))[0]
        raw.seek(slot * size)
        raw.write(struct.pack("<Q", sequence + 1))
    assert mine.oldest_elsewhere() == math.inf
    others[0].publish(650.0)  # its next write makes it whole again
    assert mine.oldest_elsewhere() == 650.0


def test_a_new_board_is_private_and_boards_of_killed_centrals_go(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    left = tmp_path / f"admission-{int(dead.stdout)}.board"  # its central was killed
    left.write_bytes(b"x")
    running = tmp_path / f"admission-{os.getppid()}.board"  # another central still serving
    running.write_bytes(b"y")
    board = admission_board.create(tmp_path)
    assert board.name == f"admission-{os.getpid()}.board"
    assert board.stat().st_mode & 0o777 == 0o600
    assert not left.exists() and running.exists()
    assert holders(board) == []


async def _until(condition, what: str) -> None:
    """Let the event loop run until ``condition`` (the board is looked at every tick)."""
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, f"waited 30 s for {what}"
        await asyncio.sleep(0.01)


def test_a_worker_holds_back_beyond_its_floor_while_another_serves_kiosks_that_came_earlier(
    board_path: Path, mine: Board, others: list[OtherWorker]
) -> None:
    """Four slots, a floor of one: with an earlier kiosk waiting at the other worker, the second
    request here waits although three slots are free, this worker tells the board its place,
    and it starts as soon as the other worker's line is served."""
    now = time.time()
    _other_waiting_since(board_path, others, now - 60)

    async def scenario() -> None:
        inner, app = _worker(mine)
        assert app.floor == 1
        first = asyncio.create_task(_request(app, "a", kiosk="A"))
        await _until(lambda: inner.started == ["a"], "the first request to start")
        second = asyncio.create_task(_request(app, "b", kiosk="B"))
        for _ in range(20):  # ticks go by; it stays held
            await asyncio.sleep(0.01)
        assert inner.started == ["a"] and app.in_flight == 1
        assert now - 1 < _published(board_path, os.getpid()) <= time.time()
        others[0].publish(math.inf)  # the other worker's earlier kiosk was served
        await _until(lambda: inner.started == ["a", "b"], "the held request to start")
        await _release(inner, ("a", "b"), (first, second))
        assert _published(board_path, os.getpid()) == math.inf  # nothing waits here now

    asyncio.run(scenario())


def test_a_worker_whose_kiosk_came_first_is_not_held_back(
    board_path: Path, mine: Board, others: list[OtherWorker]
) -> None:
    """Beyond the floor a request starts when its place is no later than the other worker's
    oldest (plus the tie): a kiosk back with an early place goes; a newcomer stays held."""
    now = time.time()
    _other_waiting_since(board_path, others, now - 10)

    async def scenario() -> None:
        inner, app = _worker(mine)
        tasks = [asyncio.create_task(_request(app, "a", kiosk="A"))]
        await _until(lambda: inner.started == ["a"], "the floor's request")
        tasks.append(asyncio.create_task(_request(app, "b", kiosk="B", turn=f"{now - 30:.3f}")))
        await _until(lambda: inner.started == ["a", "b"], "the earlier kiosk's request")
        tasks.append(asyncio.create_task(_request(app, "c", kiosk="C")))  # a newcomer: held
        for _ in range(20):
            await asyncio.sleep(0.01)
        assert inner.started == ["a", "b"]
        await _release(inner, ("a", "b"), tuple(tasks[:2]))
        # a and b done: c runs within the floor again
        await _until(lambda: inner.started == ["a", "b", "c"], "the newcomer within the floor")
        await _release(inner, "c", (tasks[2],))

    asyncio.run(scenario())


def _other_waiting_since(path: Path, others: list[OtherWorker], place: float) -> None:
    """Another worker on the board, with a kiosk waiting since ``place``."""
    others.append(OtherWorker(path))
    others[-1].publish(place)


def _worker(board: Board) -> tuple[_Held, AdmissionControl]:
    """This worker: four slots (a floor of one) in front of an app the test lets finish."""
    inner = _Held()
    return inner, AdmissionControl(
        inner, max_in_flight=4, max_queued=10, max_wait_s=600, board=board
    )


def _published(path: Path, pid: int) -> float:
    """The oldest waiting place the worker ``pid`` last wrote."""
    return dict(holders(path))[pid]
