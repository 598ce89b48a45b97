"""The central's page storage with pack files (kiosk.central.page_packs): a batch's pages in one
pack read back byte for byte, pages stored one file each (by ``PUT`` or before packs existed)
still read, an erasure zeroes every packed copy on disk, and a second process sees what the
first packed."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
from pathlib import Path

from kiosk.central.pack_format import FILE_HEADER, RECORD_HEADER_SIZE
from kiosk.central.page_packs import PackStore
from kiosk.central.storage import LocalPageStorage


def _pages(count: int, size: int = 3000) -> dict[str, bytes]:
    return {f"{n:02x}" + os.urandom(31).hex(): os.urandom(size) for n in range(count)}


def test_a_batch_goes_into_one_pack_and_reads_back(tmp_path: Path) -> None:
    storage = LocalPageStorage(tmp_path)
    pages = _pages(64)
    storage.store_many(pages)
    packs = list((tmp_path / "packs").glob("*/*.pack"))
    assert len(packs) == 1
    header = len(FILE_HEADER) + RECORD_HEADER_SIZE * len(pages)  # format 1: a few bytes a page
    assert packs[0].stat().st_size == header + sum(map(len, pages.values()))
    assert not list((tmp_path / "pages").glob("*/*"))  # no file per page
    for sha, data in pages.items():
        assert storage.has(sha)
        assert storage.read(sha) == data
    assert not storage.has("ff" * 32)
    assert storage.packs.unlisted() == []


def test_pages_of_the_old_layout_still_read_and_are_not_packed_again(tmp_path: Path) -> None:
    storage = LocalPageStorage(tmp_path)
    old = _pages(3)
    for sha, data in old.items():  # as the one-file-per-page layout left them
        (tmp_path / "pages" / sha[:2]).mkdir(exist_ok=True)
        (tmp_path / "pages" / sha[:2] / sha).write_bytes(data)
    fresh = _pages(2)
    storage.store_many({**old, **fresh})
    assert storage.packs.known([*old, *fresh]) == set(fresh)
    for sha, data in {**old, **fresh}.items():
        assert storage.read(sha) == data
    storage.store_many(fresh)  # again: nothing new is written
    assert len(list((tmp_path / "packs").glob("*/*.pack"))) == 1


def test_erasure_zeroes_every_packed_copy(tmp_path: Path) -> None:
    storage = LocalPageStorage(tmp_path)
    pages = _pages(5)
    storage.store_many(pages)
    gone, kept = list(pages)[2], list(pages)[3]
    storage.packs.store({gone: pages[gone]})  # a racing batch packed it a second time
    assert len(storage.packs.places(gone)) == 2
    assert storage.remove(gone)
    assert not storage.has(gone)
    assert storage.remove(gone) is False
    for pack in (tmp_path / "packs").glob("*/*.pack"):
        assert pages[gone] not in pack.read_bytes()
    assert storage.read(kept) == pages[kept]
    try:
        storage.read(gone)
    except FileNotFoundError:
        pass
    else:
        raise AssertionError("an erased page was read")


def _pack_in_child(root: str, pages: dict[str, bytes]) -> None:
    PackStore(Path(root)).store(pages)


def test_another_process_reads_what_one_packed(tmp_path: Path) -> None:
    storage = LocalPageStorage(tmp_path)
    storage.store_many(_pages(1))  # this process's index connection is open
    pages = _pages(4)
    child = multiprocessing.get_context("spawn").Process(
        target=_pack_in_child, args=(str(tmp_path / "packs"), pages)
    )
    child.start()
    child.join(60)
    assert child.exitcode == 0
    for sha, data in pages.items():
        assert storage.read(sha) == data


def test_a_pack_whose_rows_never_committed_is_named_unlisted(tmp_path: Path) -> None:
    store = PackStore(tmp_path / "packs")
    store.store(_pages(2))
    stray = tmp_path / "packs" / "ab" / ("ab" + "0" * 30 + ".pack")
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"bytes a crash left")
    assert store.unlisted() == [stray]
    assert store.sweep() == 0  # young: maybe a batch another worker is committing right now
    old = 1_000_000_000
    os.utime(stray, (old, old))
    temp = tmp_path / "packs" / "ab" / ".x.pack.abc.tmp"
    temp.write_bytes(b"half a pack")
    os.utime(temp, (old, old))
    assert store.sweep() == 2
    assert not stray.exists() and not temp.exists()
    assert store.unlisted() == []
    assert len(store.known_all()) == 2  # what the index lists is untouched


def _content(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest() * 96  # 3 KB, known from its name


def _pack_forever(root: str) -> None:
    store = PackStore(Path(root))
    for batch in range(1_000_000):
        store.store({f"{batch:08x}{n:02x}" + "0" * 54: _content(f"{batch}-{n}") for n in range(64)})


def test_a_process_killed_while_packing_leaves_every_indexed_page_whole(tmp_path: Path) -> None:
    """SIGKILL at a moment the test does not choose (mid-write, mid-rename or mid-commit): every
    page the index lists reads back whole, byte for byte."""
    child = multiprocessing.get_context("spawn").Process(
        target=_pack_forever, args=(str(tmp_path / "packs"),)
    )
    child.start()
    index = tmp_path / "packs" / "index.sqlite"
    while child.is_alive() and len(PackStore(tmp_path / "packs").known_all()) < 640:
        child.join(0.05)
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(60)
    assert index.exists()
    store = PackStore(tmp_path / "packs")
    listed = store.known_all()
    assert len(listed) >= 640
    for sha in listed:
        batch, n = int(sha[:8], 16), int(sha[8:10], 16)
        assert store.read(sha) == _content(f"{batch}-{n}")
