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


class _Call:
    """A C function of the fake C library: records its arguments, answers ``result``."""

    def __init__(self, result: int) -> None:
        self.argtypes: list[object] = []
        self.calls: list[tuple[int, ...]] = []
        self.called = threading.Event()
        self.result = result

    def __call__(self, *args: int) -> int:
        self.calls.append(args)
        self.called.set()
        return self.result


class _FakeGlibc:
    def __init__(self, mallopt_result: int = 1) -> None:
        self.mallopt = _Call(mallopt_result)
        self.malloc_trim = _Call(1)


@pytest.mark.parametrize("accepted", [True, False])
def test_the_options_are_glibcs_and_the_thread_trims(
    monkeypatch: pytest.MonkeyPatch, accepted: bool
) -> None:
    """What is asked of the C library, whatever it runs on: M_ARENA_MAX (-8) = 2 and
    M_MMAP_THRESHOLD (-3) = 256 KiB, and malloc_trim(0) on the thread until it is stopped; a
    refused option is reported (False), the trimming still runs."""
    libc = _FakeGlibc(mallopt_result=1 if accepted else 0)
    monkeypatch.setattr(malloc_tuning, "_tuned", threading.Event())
    monkeypatch.setattr(malloc_tuning, "_stop_trimming", threading.Event())
    monkeypatch.setattr(malloc_tuning, "_glibc", lambda: libc)
    assert malloc_tuning.tune(trim_every_s=0.001) is accepted
    assert libc.mallopt.calls == [(-8, 2), (-3, 256 * 1024)]
    assert libc.malloc_trim.called.wait(60)  # not a timing: the bound only ends a broken run
    malloc_tuning.stop_trimming()
    assert libc.malloc_trim.calls and set(libc.malloc_trim.calls) == {(0,)}
    assert not any(t.name == "malloc-trim" and t.is_alive() for t in threading.enumerate())
