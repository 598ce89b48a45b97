"""The bundle import's page writer (:mod:`kiosk.central.bundle_pages`): one batch stored in the
background while the next is read, never two at once, in order, and a failure of a batch raised
in the importing thread (not lost in the worker)."""

from __future__ import annotations

import threading

import pytest

from kiosk.central.bundle_pages import _Writer


def test_batches_run_one_at_a_time_in_order_off_the_importing_thread() -> None:
    done: list[int] = []
    running = threading.Semaphore(1)
    threads: set[int] = set()
    release = threading.Event()

    def job(n: int) -> None:
        assert running.acquire(blocking=False), "two batches stored at once"
        try:
            if n == 0:
                release.wait()  # the first batch is still being stored ...
            threads.add(threading.get_ident())
            done.append(n)
        finally:
            running.release()

    writer = _Writer()
    writer.submit(lambda: job(0))
    assert done == []  # ... while the importing thread goes on reading
    release.set()
    for n in range(1, 6):
        writer.submit(lambda n=n: job(n))  # waits for the batch before it
    writer.close()
    assert done == [0, 1, 2, 3, 4, 5]
    assert threading.get_ident() not in threads


def test_a_failed_batch_is_raised_in_the_importing_thread_and_stops_the_rest() -> None:
    done: list[int] = []

    def fail() -> None:
        raise OSError("disk full")

    writer = _Writer()
    writer.submit(fail)
    with pytest.raises(OSError, match="disk full"):
        writer.submit(lambda: done.append(1))
    writer.close()
    assert done == []
