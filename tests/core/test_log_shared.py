"""Several processes on one log file (kiosk.log_shared): every record whole and present exactly
once across a rotation, only the owner rotates, files stay 0600, personal data masked."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kiosk import log_shared, logs

# A writer process: the worker's set-up (logs.setup shared="writer"), then records numbered
# from 0, flat out (so the writers collide), until the stop file appears (at least 50); it prints
# how many it wrote. Every 7th record is 21 KB (more than a buffered stream writes at once), the
# others 90-300 bytes.
WRITER = r"""
import logging, sys
from pathlib import Path
from kiosk import logs
data, stop = Path(sys.argv[1]), Path(sys.argv[2])
logs.setup(data, "central", shared="writer")
log = logging.getLogger("writer")
n = 0
while not stop.exists() or n < 50:
    words = 7_000 if n % 7 == 0 else 30 + n % 70
    log.info("record %d owner 3171234567890123 %s end", n, "ab " * words)
    n += 1
logs.shutdown()
print(n)
"""
RECORD = re.compile(
    r"\d{4}-\d\d-\d\dT[\d:.]+Z [\d:]+[+-]\d{4} INFO \[(\d+)\] writer: "
    r"record (\d+) owner \[16 digits\] ((?:ab )+) end"
)


def lines_of(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines() if path.exists() else []


def pids_in(path: Path) -> set[int]:
    text = path.read_text("utf-8") if path.exists() else ""
    return {int(pid) for pid in re.findall(r" INFO \[(\d+)\] writer: ", text)}


def wait_for(condition: Callable[[], bool], writers: list[subprocess.Popen[str]]) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert all(w.poll() is None for w in writers) and time.monotonic() < deadline
        time.sleep(0.02)


def test_three_writers_across_a_forced_rotation(tmp_path: Path) -> None:
    data, stop = tmp_path / "data", tmp_path / "stop"
    log = data / "logs" / "central.log"
    command = [sys.executable, "-c", WRITER, str(data), str(stop)]
    writers = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    pids = {w.pid for w in writers}
    try:
        wait_for(lambda: pids_in(log) == pids, writers)  # all three are writing
        log_shared.rotate(log, logs.BACKUPS)  # what the owner's thread does past 1 MB
        wait_for(lambda: pids_in(log) == pids, writers)  # all three reopened the new file
    finally:
        stop.touch()
        counts = {w.pid: int(w.communicate(timeout=60)[0]) for w in writers}
    rotated = log.with_name("central.log.1")
    assert not log.with_name("central.log.2").exists()
    seen: dict[int, list[int]] = {pid: [] for pid in pids}
    for line in lines_of(rotated) + lines_of(log):
        match = RECORD.fullmatch(line)
        assert match, f"not a whole record: {line[:120]!r}"  # nothing interleaved mid-line
        n = int(match.group(2))
        assert len(match.group(3)) == 3 * (7_000 if n % 7 == 0 else 30 + n % 70)
        seen[int(match.group(1))].append(n)
    for pid, numbers in seen.items():
        assert sorted(numbers) == list(range(counts[pid]))  # each record exactly once
    assert pids_in(rotated) == pids  # the rotation fell while all three wrote
    assert "3171234567890123" not in log.read_text() + rotated.read_text()
    if os.name != "nt":
        assert {os.stat(p).st_mode & 0o777 for p in (log, rotated)} == {0o600}


def test_only_the_owner_rotates_and_keeps_the_backups(tmp_path: Path) -> None:
    path = tmp_path / "central.log"
    writer = log_shared.SharedFileHandler(path)
    owner = log_shared.SharedFileHandler(path, max_bytes=5_000, backups=2)
    writer.setFormatter(logs.RedactingFormatter(show_pid=True))
    record = logging.LogRecord("w", logging.INFO, __file__, 1, "%s", ("y" * 1_000,), None)
    try:
        for _ in range(6):
            writer.handle(record)
        assert not path.with_name("central.log.1").exists()  # a writer alone never rotates
        wait_for(lambda: path.with_name("central.log.1").exists(), [])
        for _ in range(6):
            writer.handle(record)  # lands in the new file (reopened)
        wait_for(lambda: path.with_name("central.log.2").exists(), [])
        for _ in range(12):
            writer.handle(record)
        wait_for(lambda: path.stat().st_size < 5_000, [])
    finally:
        owner.close()
        writer.close()
    assert not path.with_name("central.log.3").exists()  # 2 backups kept
    for name in ("central.log", "central.log.1", "central.log.2"):
        assert all(f"INFO [{os.getpid()}] w: " in line for line in lines_of(tmp_path / name))
