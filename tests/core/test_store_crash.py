"""Crash safety: a child process saving registrations is SIGKILLed at random moments.

The parent warms everything up (imports, reference data), then forks a child per trial. The child
opens the store and submits (and sometimes corrects) registrations in a loop; after each call
*returns* it appends an acknowledgement line with ``os.write`` (unbuffered). The parent kills it
with SIGKILL at a random moment (in most trials after at least one save returned, so the kills
land inside saves whatever the machine's speed), then checks the database file:

- ``PRAGMA integrity_check`` is ``ok`` and the FTS5 index agrees with its content table;
- every acknowledged save is there, complete;
- nothing is half-written: every version has its outbox row and its audit entry and vice versa,
  every registration opens (sealed JSON intact) and its hash matches its latest version.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from kiosk import fsutil
from kiosk.domain.examples import complete_registration
from kiosk.reference import Reference
from kiosk.store import Store

TRIALS = 100
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")


def _child(data_dir: Path, ack: Path, seed: int) -> None:
    fd = os.open(ack, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    store = Store.open(data_dir)
    os.write(fd, b"ready\n")
    last = None
    while True:
        if last is not None and seed % 3 == 0:
            last.business.employees = (last.business.employees or 0) + 1
            last = store.correct(last, reason=f"koreksi {seed}", staff_id="crash")
        else:
            last = store.submit(complete_registration(seed), staff_id="crash")
        os.write(fd, f"{last.id} {last.version}\n".encode())
        seed += 1


def _run_trial(data_dir: Path, ack: Path, seed: int, rng: random.Random) -> None:
    ack.write_bytes(b"")
    fsutil.release_writers()  # an earlier test's page writes left the writer pool's threads
    assert threading.active_count() == 1, threading.enumerate()  # fork a single-threaded process
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        try:
            _child(data_dir, ack, seed)
        finally:
            os._exit(0)
    deadline = time.monotonic() + 20
    while b"ready" not in ack.read_bytes():
        assert time.monotonic() < deadline, "child did not start"
        time.sleep(0.001)
    if rng.random() < 0.6:  # most trials: let a save or more return first, on any machine speed
        while ack.read_bytes().count(b"\n") < 2:
            assert time.monotonic() < deadline, "child made no progress"
            time.sleep(0.001)
    time.sleep(rng.uniform(0, 0.03))  # then a random moment, usually inside the next save
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _acked(ack: Path) -> list[tuple[str, int]]:
    out = []
    for line in ack.read_text().splitlines():
        if line != "ready":
            reg_id, version = line.split()
            out.append((reg_id, int(version)))
    return out


def _check_database(database: Path, acked: list[tuple[str, int]]) -> None:
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO registrations_fts(registrations_fts) VALUES ('integrity-check')")
        versions = set(conn.execute("SELECT registration_id, version FROM registration_versions"))
        outbox = set(conn.execute("SELECT registration_id, version FROM outbox"))
        audited = {
            (target, json.loads(details)["version"])
            for target, details in conn.execute(
                "SELECT target, details FROM audit_log WHERE action IN "
                "('registration.submitted', 'registration.corrected')"
            )
        }
        assert versions == outbox == audited
        for reg_id, version in acked:
            assert (reg_id, version) in versions
        latest = dict(
            conn.execute(
                "SELECT registration_id, max(version) FROM registration_versions "
                "GROUP BY registration_id"
            )
        )
        rows = dict(conn.execute("SELECT id, submitted_version FROM registrations"))
        assert rows == latest  # no registration without its version, no version ahead of it
    finally:
        conn.close()


def test_sigkill_during_saves_loses_nothing_that_returned(data_dir: Path) -> None:
    rng = random.Random(20261125)
    with Store.open(data_dir) as store:  # create the schema and warm up everything in the parent
        store.submit(complete_registration(9000), staff_id="warm")
    Reference.load(data_dir)
    ack = data_dir.parent / "acks.txt"
    all_acked: list[tuple[str, int]] = []
    for trial in range(TRIALS):
        _run_trial(data_dir, ack, seed=1 + trial * 50, rng=rng)
        acked = _acked(ack)
        all_acked += acked
        _check_database(data_dir / "kiosk.sqlite3", all_acked)
    assert len(all_acked) >= TRIALS // 4  # the kills did land during saves, not only before
    with Store.open(data_dir) as store:
        for reg_id, version in all_acked:
            reg = store.get(reg_id)
            assert reg.version >= version
            history = store.history(reg_id)
            assert history[-1].content_hash == reg.content_hash()
            assert store.version_content(reg_id, version)["id"] == reg_id
