"""kiosk.fsutil.atomic_write_many: many files written durably at once (the batch upload's and
the key forgetting's writer): every file whole under its name, private, no temporary left, new
folders made; a failure is raised, not swallowed."""

from __future__ import annotations

import os
import sys
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


def test_released_writers_leave_no_thread_and_come_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from kiosk import fsutil

    monkeypatch.setattr(fsutil, "_one_file_system", lambda folders: None)  # the threads' path
    atomic_write_many([(tmp_path / "a.bin", b"a")])
    assert any(t.name.startswith("fsync") for t in threading.enumerate())
    fsutil.release_writers()
    assert not any(t.name.startswith("fsync") for t in threading.enumerate())
    atomic_write_many([(tmp_path / "b.bin", b"b")])  # a new pool on the next write
    assert (tmp_path / "b.bin").read_bytes() == b"b"
    fsutil.release_writers()


@pytest.fixture(params=["grouped", "per-file"])
def write_path(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> tuple[bool, list[Path]]:
    """Both ways of writing a batch: two syncfs for all (Linux 5.8+) and fsync per file. Returns
    (grouped or not, the folders ``syncfs`` was then called through)."""
    from kiosk import fsutil

    synced: list[Path] = []
    if request.param == "per-file":
        monkeypatch.setattr(fsutil, "_one_file_system", lambda folders: None)
    elif fsutil._syncfs_call() is None:
        if os.environ.get("CI") == "true" and sys.platform.startswith("linux"):
            pytest.fail("syncfs not found on this Linux: the grouped path is not tested")
        pytest.skip("no syncfs here (not Linux 5.8+)")
    real = fsutil._syncfs

    def counted(folder: Path) -> None:
        synced.append(folder)
        real(folder)

    monkeypatch.setattr(fsutil, "_syncfs", counted)
    return request.param == "grouped", synced


def test_this_linux_takes_the_grouped_path(tmp_path: Path) -> None:
    from kiosk import fsutil

    if not sys.platform.startswith("linux"):
        pytest.skip("syncfs is Linux's")
    (tmp_path / "a").mkdir()
    assert fsutil._one_file_system({tmp_path, tmp_path / "a"}) is not None


def test_both_paths_land_every_file_whole(
    tmp_path: Path, write_path: tuple[bool, list[Path]]
) -> None:
    grouped, synced = write_path
    files = [(tmp_path / f"{n % 5}" / f"page-{n}", os.urandom(50 + n)) for n in range(120)]
    (tmp_path / "0").mkdir()
    (tmp_path / "0" / "page-0").write_bytes(b"old")
    atomic_write_many(files)
    assert all(path.read_bytes() == data for path, data in files)
    assert not [p for p in tmp_path.rglob("*.tmp")]
    # the grouped path: one syncfs before the renames and one after, for all 120 files
    assert len(synced) == (2 if grouped else 0)


def test_a_failed_sync_renames_nothing_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grouped path's promise: until the data is on disk no name points at it."""
    from kiosk import fsutil

    if fsutil._syncfs_call() is None:
        pytest.skip("no syncfs here")
    pages = tmp_path / "ab"
    pages.mkdir()
    (pages / "kept").write_bytes(b"the old envelope")

    def failing(folder: Path) -> None:
        raise OSError(5, "Input/output error", str(folder))

    monkeypatch.setattr(fsutil, "_syncfs", failing)
    with pytest.raises(OSError):
        atomic_write_many([(pages / "kept", b"new"), (pages / "other", b"x")])
    assert (pages / "kept").read_bytes() == b"the old envelope"
    assert sorted(p.name for p in pages.iterdir()) == ["kept"]


def test_a_syncfs_error_is_raised_with_its_code(tmp_path: Path) -> None:
    from kiosk import fsutil

    if fsutil._syncfs_call() is None:
        pytest.skip("no syncfs here")
    fsutil._syncfs(tmp_path)  # a real call succeeds
    with pytest.raises(OSError):
        fsutil._syncfs(tmp_path / "missing")


def test_the_grouped_temporaries_and_renames_run_on_the_writer_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Making a file and renaming it onto an old one (whose blocks are freed) wait on the disk:
    the waits overlap, not queue."""
    import tempfile
    import threading

    from kiosk import fsutil

    if fsutil._syncfs_call() is None:
        pytest.skip("no syncfs here")
    renaming: set[str] = set()
    making: set[str] = set()
    real_replace, real_mkstemp = os.replace, tempfile.mkstemp
    # the first two calls of each step meet (the writes are too quick to overlap by themselves:
    # one idle writer thread could take every share in turn); steps done one after the other, on
    # one thread, would never meet and break the barrier
    meet = {
        "replace": threading.Barrier(2, timeout=20),
        "mkstemp": threading.Barrier(2, timeout=20),
    }
    calls = {"replace": 0, "mkstemp": 0}
    counting = threading.Lock()

    def first_two_meet(step: str) -> None:
        with counting:
            calls[step] += 1
            first = calls[step] <= 2
        if first:
            meet[step].wait()

    def replace(src: str, dst: Path) -> None:
        renaming.add(threading.current_thread().name)
        first_two_meet("replace")
        real_replace(src, dst)

    def mkstemp(**kwargs: str) -> tuple[int, str]:
        making.add(threading.current_thread().name)
        first_two_meet("mkstemp")
        return real_mkstemp(**kwargs)

    monkeypatch.setattr(fsutil.os, "replace", replace)
    monkeypatch.setattr(fsutil.tempfile, "mkstemp", mkstemp)
    files = [(tmp_path / f"page-{n}", os.urandom(64)) for n in range(40)]
    for path, _ in files[::2]:
        path.write_bytes(b"old")
    atomic_write_many(files)
    assert all(path.read_bytes() == data for path, data in files)
    assert not list(tmp_path.glob("*.tmp"))
    for threads in (renaming, making):
        assert len(threads) > 1 and all(name.startswith("fsync") for name in threads)
