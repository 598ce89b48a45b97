"""kiosk.central.pack_rebuild when things go wrong: a record whose bytes changed under an intact
header (CRC mismatch) costs that record alone, and a rebuild that fails or is killed half-way
(the central's database gone while it asks which pages are stored) leaves the index exactly as it
was, so the next rebuild starts from the same state."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from kiosk.central.pack_rebuild import reindex
from kiosk.central.page_packs import PackStore
from tests.central.test_page_packs import _envelopes, _lose_index, _one_pack


def _rows(root: Path) -> list[tuple[str, str, int, int]]:
    with sqlite3.connect(root / "index.sqlite") as db:
        return sorted(db.execute("SELECT sha256, pack, offset, size FROM pages"))


def test_a_changed_byte_under_an_intact_header_costs_only_that_record(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    pages = _envelopes(8)
    PackStore(root).store(pages)
    shas = list(pages)
    _, offset, size = PackStore(root).places(shas[3])[0]
    pack = _one_pack(root)
    with open(pack, "r+b") as fh:  # a bit rotted in the middle of record 3's envelope
        fh.seek(offset + size // 2)
        byte = fh.read(1)
        fh.seek(offset + size // 2)
        fh.write(bytes([byte[0] ^ 0x01]))
    _lose_index(root)
    store = PackStore(root)
    done = reindex(store)
    assert (done.listed, done.damaged, done.erased) == (7, 1, 0)  # the scan went on after it
    assert store.known_all() == set(shas) - {shas[3]}
    for sha in store.known_all():
        assert store.read(sha) == pages[sha]


def _index_with_a_stale_row(root: Path) -> dict[str, bytes]:
    """Two packs listed, one row of the first naming a record since damaged, and the second
    pack's rows lost: a rebuild would drop one row and add three."""
    first, second = _envelopes(4), _envelopes(3)
    store = PackStore(root)
    store.store(first)
    damaged = next(iter(first))
    path, offset, _ = store.places(damaged)[0]
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(b"\xff" * 16)
    store.store(second)
    with store.connection() as db:
        db.executemany("DELETE FROM pages WHERE sha256 = ?", [(sha,) for sha in second])
    return {**first, **second}


def test_a_rebuild_that_fails_half_way_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    pages = _index_with_a_stale_row(root)
    before = _rows(root)

    def database_gone(hashes: Sequence[str]) -> set[str]:
        raise ConnectionError("the central's database went away")

    with pytest.raises(ConnectionError):
        reindex(PackStore(root), keep=database_gone)
    assert _rows(root) == before
    store = PackStore(root)  # the next rebuild, as a new process would run it
    done = reindex(store, keep=lambda hashes: set(hashes))
    assert (done.dropped, done.listed) == (1, 3)
    for sha in store.known_all():
        assert store.read(sha) == pages[sha]


def _reindex_until_killed(root: str, asking: str) -> None:
    def keep_then_hang(hashes: Sequence[str]) -> set[str]:
        Path(asking).touch()
        time.sleep(3600)
        return set(hashes)

    reindex(PackStore(Path(root)), keep=keep_then_hang)


def test_a_rebuild_killed_half_way_leaves_the_index_as_it_was(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    pages = _index_with_a_stale_row(root)
    before = _rows(root)
    asking = tmp_path / "asking"
    child = multiprocessing.get_context("spawn").Process(
        target=_reindex_until_killed, args=(str(root), str(asking))
    )
    child.start()
    while child.is_alive() and not asking.exists():
        child.join(0.05)
    assert asking.exists() and child.pid is not None  # killed while it asks the database
    os.kill(child.pid, signal.SIGKILL)
    child.join(60)
    assert _rows(root) == before
    store = PackStore(root)
    done = reindex(store, keep=lambda hashes: set(hashes))
    assert (done.dropped, done.listed) == (1, 3)
    for sha in store.known_all():
        assert store.read(sha) == pages[sha]


def test_the_index_serves_requests_while_the_rebuild_asks_the_database(tmp_path: Path) -> None:
    """At start the rebuild of what a crash left runs beside requests that read the index: while
    it waits for the central's database, a request's look-up is answered."""
    import threading

    root = tmp_path / "packs"
    listed, stray = _envelopes(2), _envelopes(2)
    store = PackStore(root)
    store.store(listed)
    PackStore(tmp_path / "elsewhere").store(stray)
    for pack in (tmp_path / "elsewhere").glob("*/*.pack"):
        (root / pack.parent.name).mkdir(exist_ok=True)
        pack.replace(root / pack.parent.name / pack.name)
    answered: list[set[str]] = []

    def keep(hashes: Sequence[str]) -> set[str]:  # the database, asked: a request comes in
        request = threading.Thread(target=lambda: answered.append(store.known(listed)))
        request.start()
        request.join(60)  # not a timing: the bound only ends a run where the request waits
        assert not request.is_alive(), "the request waited for the rebuild's database question"
        return set(hashes)

    done = reindex(store, keep=keep, packs=store.unlisted())
    assert answered == [set(listed)] and done.listed == 2
    assert store.known_all() == set(listed) | set(stray)


def test_the_restore_keeps_the_pages_uploaded_between_the_dump_and_the_folder_copy(
    tmp_path: Path,
) -> None:
    """docs/central/OPERATIONS.md's backup: the dump first, then the data folder without the
    index. A page uploaded in between has its bytes in a pack and its version (references) in the
    dump, but no ``central_pages`` row; its kiosk was answered ``stored`` and will not send it
    again. The restored central's start lists it and its pack is kept; a pack whose pages the
    database neither stores nor references (a crash's batch) is still swept."""
    from tests.central.test_page_packs import _age, _central_db, _start_and_wait

    root = tmp_path / "packs"
    in_dump, uploaded_after, unknown = _envelopes(3), _envelopes(3), _envelopes(2)
    for pages in (in_dump, uploaded_after, unknown):
        PackStore(root).store(pages)
    engine, factory = _central_db(tmp_path, in_dump, referenced=[*in_dump, *uploaded_after])
    for pack in root.glob("*/*.pack"):
        _age(pack)  # rsync -a keeps the packs' times; the restore is later still
    _lose_index(root)
    _start_and_wait(PackStore(root), factory)
    store = PackStore(root)
    for sha, data in {**in_dump, **uploaded_after}.items():
        assert store.read(sha) == data
    assert not store.known(unknown)
    assert len(list(root.glob("*/*.pack"))) == 2  # the unknown batch's pack swept
    from kiosk.central.models import StoredPage

    with factory() as session:  # no key given: the envelope's header named the page
        rows = {r.sha256: (r.size, r.media_type, r.kiosk_id) for r in session.query(StoredPage)}
    restored = {sha: (len(data), "image/jpeg", "k") for sha, data in uploaded_after.items()}
    assert rows == {sha: (len(data), "", "k") for sha, data in in_dump.items()} | restored
    engine.dispose()
