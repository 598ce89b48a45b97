"""kiosk.central.malloc_tuning: where glibc is the C library the options are set and the trimming
thread runs, once a process; elsewhere nothing is done."""

from __future__ import annotations

import threading

import pytest

from kiosk.central import malloc_tuning


def test_tunes_glibc_once_and_keeps_trimming(monkeypatch: pytest.MonkeyPatch) -> None:
    if malloc_tuning._glibc() is None:
        pytest.skip("not glibc")
    monkeypatch.setattr(malloc_tuning, "_tuned", threading.Event())
    monkeypatch.setattr(malloc_tuning, "_stop_trimming", threading.Event())
    before = {t for t in threading.enumerate() if t.name == "malloc-trim"}
    assert malloc_tuning.tune(trim_every_s=0.01) is True  # both mallopt calls accepted
    trimmers = {t for t in threading.enumerate() if t.name == "malloc-trim"} - before
    assert len(trimmers) == 1 and all(t.daemon and t.is_alive() for t in trimmers)
    assert malloc_tuning.tune() is False  # a second call changes nothing
    assert {t for t in threading.enumerate() if t.name == "malloc-trim"} - before == trimmers
    malloc_tuning.stop_trimming()  # the test process goes on: no thread of ours left behind
    assert not any(t.is_alive() for t in trimmers)


def test_does_nothing_without_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(malloc_tuning, "_tuned", threading.Event())
    monkeypatch.setattr(malloc_tuning, "_glibc", lambda: None)
    before = {t for t in threading.enumerate() if t.name == "malloc-trim"}
    assert malloc_tuning.tune() is False
    assert {t for t in threading.enumerate() if t.name == "malloc-trim"} == before
