"""Exactly-once under a hostile network: three kiosks sync through a fault-injecting TCP proxy.

The proxy (:mod:`tests.core.test_sync_proxy`) resets connections at random byte offsets in both
directions, drops whole answers after the central committed them, and stalls answers beyond the
client's read timeout; meanwhile the central itself is stopped and restarted on a new port while
the kiosks are pushing. The kiosks keep registering (with document pages) while they sync.

At the end, with the network healthy again, one more round per kiosk must leave: every
registration version at the central exactly once with the kiosk's hash, every page byte-identical
(opened with the central's key), every outbox empty, nothing set aside, and the sanity check equal.

The full-size run (3 × 334 registrations, ≥ 50 faults) goes against PostgreSQL; the SQLite central
gets a lighter run of the same scenario.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from kiosk.sync.backoff import Backoff
from tests.core.test_sync_proxy import FaultProxy
from tests.core.test_sync_support import (
    central_database,
    central_page,
    central_settings,
    central_versions,
    enrolled_kiosk,
    make_registration,
)

# weights: a stall costs a whole read timeout, so it is drawn less often than the resets
KINDS = ("reset_up",) * 3 + ("reset_down",) * 3 + ("drop_answer",) * 3 + ("stall",)


class Central:
    """The central behind the proxy, restartable on a new port while kiosks talk to it."""

    def __init__(self, db_url: str, storage: Path) -> None:
        self.db_url, self.storage = db_url, storage
        self.server = self._start()
        self.restarts = 0

    def _start(self):
        from kiosk.central.server import start_in_thread

        return start_in_thread(self.db_url, self.storage, settings=central_settings(self.storage))

    def restart(self, proxy: FaultProxy, down_s: float = 0.5) -> None:
        self.server.stop()
        time.sleep(down_s)  # kiosks meet a refused connection meanwhile
        self.server = self._start()
        proxy.upstream = ("127.0.0.1", self.server.port)
        self.restarts += 1


def run_kiosk(kiosk, proxy_url: str, total: int, seed0: int, progress: Counter, errors: list):
    """Register in chunks and sync after each chunk, like a desk that is busy all day."""
    from kiosk.sync.tables import STATE

    try:
        with kiosk.store.engine.begin() as conn:
            conn.execute(STATE.update().values(central_url=proxy_url))

        def sleep(seconds: float) -> None:
            progress["slept_ms"] += int(seconds * 1000)
            time.sleep(seconds)

        engine = kiosk.engine(
            batch_size=25,
            backoff=Backoff(base_s=0.02, cap_s=0.5, max_attempts=8, sleep=sleep),
            timeout=httpx.Timeout(4.0, connect=2.0),
        )
        shared: dict[str, str] = {}
        made = 0
        while made < total:
            for _ in range(min(25, total - made)):
                if made % 25 == 0:
                    shared = {}  # a new batch of template pages every 25 registrations
                reg, images = make_registration(seed0 + made, kiosk.vault, shared=shared)
                kiosk.submit(reg, images)
                made += 1
            t0 = time.monotonic()
            result = engine.run_round()
            progress["round_ms"] += int((time.monotonic() - t0) * 1000)
            progress[kiosk.name] += result.push.stored + result.push.unchanged
    except BaseException as exc:  # surfaced by the main thread
        errors.append(exc)


def sent(kiosks) -> int:
    return sum(k.store.outbox_counts()["sent"] for k in kiosks)


def scenario(kind: str, tmp: Path, per_kiosk: int, min_faults: int, mean_bytes: int) -> None:
    with central_database(kind, tmp) as db_url:
        central = Central(db_url, tmp / "storage")
        proxy = FaultProxy(("127.0.0.1", central.server.port), seed=11, mean_bytes=mean_bytes,
                           stall_s=5.0, kinds=KINDS)  # fmt: skip
        try:
            kiosks = [enrolled_kiosk(tmp, f"fault-{i}", central.server.url, db_url)
                      for i in range(3)]  # fmt: skip
            progress: Counter[str] = Counter()
            errors: list[BaseException] = []
            failures: Counter[str] = Counter()

            class Count(logging.Handler):
                def emit(self, record: logging.LogRecord) -> None:
                    failures[str(record.args[0]) if record.args else "?"] += 1

            logging.getLogger("kiosk.sync.client").addHandler(Count())
            threads = [
                threading.Thread(target=run_kiosk,
                                 args=(k, proxy.url, per_kiosk, 10_000 * (i + 1), progress, errors))
                for i, k in enumerate(kiosks)
            ]  # fmt: skip
            for t in threads:
                t.start()
            # restart the central while the kiosks are mid-batch
            deadline = time.monotonic() + 120
            while sent(kiosks) < per_kiosk and time.monotonic() < deadline:
                time.sleep(0.05)
            restarted_mid_run = sent(kiosks) < 3 * per_kiosk
            central.restart(proxy)
            for t in threads:
                t.join(600)
            assert not errors, errors

            proxy.enabled = False  # the network is healthy again: settle
            for kiosk in kiosks:
                final = kiosk.engine(timeout=10.0).run_round()
                assert final.complete, (kiosk.name, final)

            held = central_versions(db_url)
            keys = [(r, v) for r, v, _ in held]
            assert len(keys) == len(set(keys)), "a version is held twice"
            submitted = {}
            for kiosk in kiosks:
                submitted.update(kiosk.submitted)
                counts = kiosk.store.outbox_counts()
                assert counts["pending"] == 0 and counts["set_aside"] == 0
            assert {(r, v): h for r, v, h in held} == submitted
            assert len(submitted) == 3 * per_kiosk
            pages = {sha: data for k in kiosks for sha, data in k.pages.items()}
            for sha, data in pages.items():
                assert central_page(central.storage, sha) == data
            assert proxy.fault_count >= min_faults, (proxy.faults, failures, progress)
            assert set(proxy.faults) == set(KINDS), proxy.faults  # every kind fired
            assert central.restarts == 1 and restarted_mid_run
        finally:
            proxy.close()
            central.server.stop()


@pytest.mark.slow
@pytest.mark.postgres
def test_exactly_once_through_faults_postgres(tmp_path: Path) -> None:
    scenario("postgres", tmp_path, per_kiosk=334, min_faults=50, mean_bytes=60_000)


@pytest.mark.slow
def test_exactly_once_through_faults_sqlite(tmp_path: Path) -> None:
    scenario("sqlite", tmp_path, per_kiosk=40, min_faults=8, mean_bytes=30_000)
