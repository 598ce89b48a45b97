"""The sync monitor calls its receivers on the GUI thread, directly (issue 12, item 13).

The race it closes: the status was emitted from the sync thread, so every receiver got a queued
call; pytest-qt's waiter disconnected after the first status while a second call to it was still
queued, and that call ran later on a freed waiter ("'MultiSignalBlocker' object has no attribute
'check_params_callback'"). The test makes the order certain instead of hoping for it: the sync
thread has notified before the GUI thread looks, the receiver is disconnected, and only then do
events run. A call queued for it before the fix would still arrive; now none does.
"""

from __future__ import annotations

import threading

from tests.ui.helpers import settle


def test_a_disconnected_receiver_gets_no_late_status(qtbot, store):
    from kiosk.sync.service import SyncService
    from ui.sync_monitor import SyncMonitor

    service = SyncService(store)
    monitor = SyncMonitor(service)
    notified = threading.Event()
    service.add_listener(lambda _status: notified.set())  # runs right after the monitor's
    late: list[object] = []
    threads: list[str] = []

    def receiver(status: object) -> None:
        late.append(status)

    monitor.status_changed.connect(receiver)
    monitor.status_changed.connect(lambda _s: threads.append(threading.current_thread().name))
    service.start()
    try:
        assert notified.wait(20)  # the sync thread has emitted; no Qt event has run yet
        monitor.status_changed.disconnect(receiver)
        qtbot.waitUntil(lambda: monitor.last is not None, timeout=10_000)
        settle(qtbot)
    finally:
        service.stop()
    assert late == []
    assert threads and set(threads) == {threading.main_thread().name}
