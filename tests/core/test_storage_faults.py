"""Every storage fault named, on real file systems: a full tmpfs, a read-only bind mount, a folder
the process may not write (root without CAP_DAC_OVERRIDE, through ``setpriv``), a database held by
another connection, and two processes opening a brand-new data folder at once.

Mounting needs root (CAP_SYS_ADMIN): without it these tests skip with the reason, and fail under
CI=true (``require_service``).
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import pickle
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from kiosk.demo import DemoFactory
from kiosk.errors import StorageFault, storage_fault_kind
from tests.conftest import require_service

EN = {"KIOSK_LANG": "en"}


def mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    require_service(done.returncode == 0, f"mount {' '.join(args)} ({done.stderr.strip()})")


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs: a kiosk's data folder and the demo's page and photo images (a fixed set,
    about 3.3 MB) fit, a few hundred demo registrations do not."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount("-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk))
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the disk refuses another byte."""
    path = disk / "filler"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 16, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return path


def test_a_full_disk_is_named_at_commit_and_nothing_is_lost(tiny_disk: Path) -> None:
    from kiosk.documents.vault import Vault
    from kiosk.store import Store

    factory = DemoFactory(3)
    with Store.open(tiny_disk / "kiosk") as store:
        first = store.save_draft(factory.make(0), staff_id="t", step="owner")
        filler = fill(tiny_disk)
        with pytest.raises(StorageFault) as info:
            store.save_draft(factory.make(1), staff_id="t", step="owner")
        assert info.value.kind == "disk_full" and info.value.code == "storage.disk_full"
        assert "full" in info.value.text("en") and "penuh" in info.value.text("id")
        with pytest.raises(StorageFault) as page:
            Vault(store.paths.documents, store.keys).put(os.urandom(60_000), "image/jpeg")
        assert page.value.kind == "disk_full" and page.value.code == "documents.disk_full"
        filler.unlink()
        again = store.save_draft(factory.make(1), staff_id="t", step="owner")
        assert store.get(first.id).owner.nik == factory.make(0).owner.nik
        assert store.get(again.id).status == "draft"
        assert store.count_registrations() == 2


def test_demo_data_on_a_full_disk_says_how_many_it_stored(
    tiny_disk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk import logs
    from kiosk.cli import main

    monkeypatch.setenv("KIOSK_LANG", "en")
    folder = tiny_disk / "kiosk"
    try:
        status = main(["demo-data", "--count", "300", "--seed", "1", "--data-dir", str(folder)])
    finally:
        logs.shutdown()
    message = capsys.readouterr().err
    assert status == 2
    assert "of 300 registrations stored" in message and "storage is full" in message
    stored = int(message.split("Demo data stopped part-way: ", 1)[1].split(" of ", 1)[0])
    database = sqlite3.connect(f"file:{folder / 'kiosk.sqlite3'}?mode=ro", uri=True)
    try:
        (count,) = database.execute("SELECT count(*) FROM registrations").fetchone()
    finally:
        database.close()
    assert 0 < stored < 300 and count == stored  # what it says it stored, it stored


def test_a_read_only_mount_is_named_for_the_store_the_vault_and_the_cli(tmp_path: Path) -> None:
    from kiosk.documents.vault import Vault
    from kiosk.store import Store

    source, readonly = tmp_path / "rw", tmp_path / "ro"
    readonly.mkdir()
    with Store.open(source) as store:
        store.save_draft(DemoFactory(4).make(0), staff_id="t", step="owner")
        keys = store.keys
    mount("--bind", str(source), str(readonly))
    try:
        mount("-o", "remount,ro,bind", str(readonly))
        with pytest.raises(StorageFault) as opened:
            Store.open(readonly)
        assert opened.value.kind == "read_only"
        with pytest.raises(StorageFault) as vault:
            Vault(readonly / "documents", keys)  # chmod/mkdir on a read-only mount
        assert vault.value.kind == "read_only" and "read-only" in vault.value.text("en")
        done = run_cli(["search", "Warung", "--data-dir", str(readonly)])
        assert done.returncode == 2 and "read-only" in done.stderr
        assert "unexpected" not in done.stderr
    finally:
        subprocess.run(["umount", "-l", str(readonly)], check=False)


def run_cli(args: list[str], *, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    command = [*prefix, sys.executable, "-m", "kiosk", *args]
    env = {**os.environ, **EN}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


# root without the capabilities that bypass file permissions, so permission bits apply
NO_DAC = (
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
)


def test_no_permission_and_a_read_only_database_file_are_named(tmp_path: Path) -> None:
    from kiosk.store import Store
    from kiosk.store.migrate import OPEN_LOCK

    require_service(os.geteuid() == 0 and _has(NO_DAC[0]), "root and setpriv")
    folder = tmp_path / "kiosk"
    with Store.open(folder) as store:
        store.save_draft(DemoFactory(5).make(0), staff_id="t", step="owner")
    (folder / OPEN_LOCK).unlink()
    folder.chmod(0o555)
    try:
        done = run_cli(["search", "Warung", "--data-dir", str(folder)], prefix=NO_DAC)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2 and "not allowed to write" in done.stderr, done.stderr

    database = folder / "kiosk.sqlite3"
    database.chmod(0o444)
    draft = "from kiosk.store import Store; from kiosk.demo import DemoFactory\n"
    draft += f"s = Store.open({str(folder)!r})\n"
    draft += "s.save_draft(DemoFactory(5).make(1), staff_id='t', step='owner')\n"
    script = tmp_path / "draft.py"
    script.write_text(draft)
    try:
        done = subprocess.run(
            [*NO_DAC, sys.executable, str(script)], capture_output=True, text=True, check=False
        )
    finally:
        database.chmod(0o644)
    assert "StorageFault" in done.stderr and "read-only" in done.stderr, done.stderr[-2000:]


def _has(program: str) -> bool:
    return any(Path(p, program).exists() for p in os.environ.get("PATH", "").split(os.pathsep))


def test_a_database_held_too_long_is_named_locked(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.store import Store, engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)  # the busy timeout, made short
    with Store.open(data_dir) as store:
        other = sqlite3.connect(store.paths.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            with pytest.raises(StorageFault) as info:
                store.save_draft(DemoFactory(6).make(0), staff_id="t", step="owner")
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert info.value.kind == "locked" and "locked" in info.value.text("en")
        store.save_draft(DemoFactory(6).make(0), staff_id="t", step="owner")  # released: saves


def test_io_errors_and_faults_inside_other_errors_are_recognised() -> None:
    assert storage_fault_kind(OSError(errno.EIO, "Input/output error")) == "io_error"
    assert storage_fault_kind(sqlite3.OperationalError("disk I/O error")) == "io_error"
    wrapped = RuntimeError("while saving")
    wrapped.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    assert storage_fault_kind(wrapped) == "disk_full"
    assert storage_fault_kind(sqlite3.OperationalError("no such table: x")) is None
    assert storage_fault_kind(ValueError("database is locked")) is None  # text alone is not enough
    fault = pickle.loads(pickle.dumps(StorageFault("disk_full", "documents.disk_full")))
    assert (fault.kind, fault.code) == ("disk_full", "documents.disk_full")  # crosses processes


def _open_and_save(folder: str, start: Barrier, results: Queue[tuple[str, str, str]]) -> None:
    from kiosk.store import Store

    try:
        start.wait()
        with Store.open(folder) as store:
            saved = store.save_draft(DemoFactory(8).make(0), staff_id="t", step="owner")
            results.put(("ok", store.keys.signing_key_id, saved.id))
    except BaseException as exc:  # report anything to the parent
        results.put(("failed", type(exc).__name__, str(exc)[:200]))


def test_two_processes_opening_a_new_data_folder_both_succeed(tmp_path: Path) -> None:
    import kiosk.store  # noqa: F401 - imported before forking: both children start at once

    context = multiprocessing.get_context("fork")
    for trial in range(10):
        folder = tmp_path / f"new-{trial}"
        start, results = context.Barrier(2), context.Queue()
        workers = [
            context.Process(target=_open_and_save, args=(str(folder), start, results))
            for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=120) for _ in workers]
        for worker in workers:
            worker.join(60)
        assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
        assert outcomes[0][1] == outcomes[1][1]  # one key ring: nobody sealed with a lost key
        from kiosk.store import Store

        with Store.open(folder) as store:
            assert {store.get(o[2]).id for o in outcomes} == {o[2] for o in outcomes}
