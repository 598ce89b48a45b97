"""kiosk.fsutil.atomic_write_many: many files written durably at once (the batch upload's and
the key forgetting's writer): every file whole under its name, private, no temporary left, new
folders made; a failure is raised, not swallowed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.fsutil import atomic_write_many


def test_many_files_land_whole_and_private(tmp_path: Path) -> None:
    files = [(tmp_path / f"{n % 7:02x}" / f"page-{n}", os.urandom(100 + n)) for n in range(300)]
    (tmp_path / "00").mkdir()
    (tmp_path / "00" / "page-0").write_bytes(b"old")  # replaced whole
    atomic_write_many(files)
    for path, data in files:
        assert path.read_bytes() == data
        if os.name != "nt":
            assert path.stat().st_mode & 0o777 == 0o600
    left = [p.name for p in tmp_path.rglob("*") if p.is_file() and p.name.endswith(".tmp")]
    assert left == []
    atomic_write_many([])  # nothing to do


def test_a_failed_write_is_raised(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_bytes(b"x")
    good = tmp_path / "ok" / "page"
    with pytest.raises(OSError):
        atomic_write_many([(good, b"a"), (tmp_path / "not-a-folder" / "page", b"b")])
    (tmp_path / "ok" / "taken").mkdir(parents=True)
    (tmp_path / "ok" / "taken" / "inside").write_bytes(b"y")
    with pytest.raises(OSError):  # the rename onto a folder fails in a writer thread
        atomic_write_many([(tmp_path / "ok" / "other", b"c"), (tmp_path / "ok" / "taken", b"d")])
    assert (tmp_path / "ok" / "other").read_bytes() == b"c"  # the others still ran
    assert not [p for p in (tmp_path / "ok").iterdir() if p.name.endswith(".tmp")]


def test_released_writers_leave_no_thread_and_come_back(tmp_path: Path) -> None:
    import threading

    from kiosk import fsutil

    atomic_write_many([(tmp_path / "a.bin", b"a")])
    assert any(t.name.startswith("fsync") for t in threading.enumerate())
    fsutil.release_writers()
    assert not any(t.name.startswith("fsync") for t in threading.enumerate())
    atomic_write_many([(tmp_path / "b.bin", b"b")])  # a new pool on the next write
    assert (tmp_path / "b.bin").read_bytes() == b"b"
    fsutil.release_writers()
