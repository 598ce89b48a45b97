"""The central's page storage with pack files (kiosk.central.page_packs): a batch's pages in one
pack read back byte for byte, pages stored one file each (by ``PUT`` or before packs existed)
still read, an erasure zeroes every packed copy on disk, and a second process sees what the
first packed."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central.pack_format import FILE_HEADER, RECORD_HEADER_SIZE
from kiosk.central.pack_rebuild import recover, reindex
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


# --- format 1: the packs describe themselves, the index is rebuilt from them -------------------


def _envelopes(count: int) -> dict[str, bytes]:
    """Real page envelopes (sealed to a throwaway key), named by their plaintext's hash."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from kiosk.documents.envelope import seal_document

    key = X25519PrivateKey.generate().public_key()
    pages = [os.urandom(2000) for _ in range(count)]
    return {hashlib.sha256(p).hexdigest(): seal_document(p, [key]) for p in pages}


def _lose_index(root: Path) -> None:
    for name in ("index.sqlite", "index.sqlite-wal", "index.sqlite-shm"):
        (root / name).unlink(missing_ok=True)


def _one_pack(root: Path) -> Path:
    (pack,) = root.glob("*/*.pack")
    return pack


def test_a_deleted_index_is_rebuilt_and_every_page_reads_back_byte_for_byte(
    tmp_path: Path,
) -> None:
    root = tmp_path / "packs"
    pages = _envelopes(40)
    items = list(pages.items())
    for start in range(0, 40, 10):  # four packs
        PackStore(root).store(dict(items[start : start + 10]))
    _lose_index(root)
    store = PackStore(root)
    assert store.known_all() == set()  # unreachable until rebuilt
    assert len(store.unlisted()) == 4
    done = reindex(store)
    assert (done.packs, done.listed, done.erased, done.damaged) == (4, 40, 0, 0)
    assert store.unlisted() == []
    for sha, data in pages.items():
        assert store.read(sha) == data
    assert reindex(store).listed == 0  # again: nothing to add, nothing dropped
    assert reindex(store).dropped == 0


def test_the_rebuild_lists_only_pages_the_central_stores(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    pages = _envelopes(6)
    PackStore(root).store(pages)
    _lose_index(root)
    rows = set(list(pages)[:4])  # two were packed, but their rows never committed (a crash)
    store = PackStore(root)
    done = reindex(store, keep=lambda hashes: rows & set(hashes))
    assert (done.listed, done.unlisted) == (4, 2)
    assert store.known_all() == rows


def test_an_unreadable_index_is_set_aside_and_rebuilt_at_start(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    pages = _envelopes(5)
    PackStore(root).store(pages)
    (root / "index.sqlite").write_bytes(b"not a database, a disk fault" * 100)
    for name in ("index.sqlite-wal", "index.sqlite-shm"):
        (root / name).unlink(missing_ok=True)
    store = PackStore(root)
    done = recover(store)
    assert done is not None and done.set_aside is not None and done.set_aside.exists()
    assert done.listed == 5
    for sha, data in pages.items():
        assert store.read(sha) == data
    assert recover(store) is None  # a readable index, every pack listed: nothing to do


def test_a_torn_tail_costs_only_the_torn_record(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    pages = _envelopes(8)
    PackStore(root).store(pages)
    pack = _one_pack(root)
    whole = pack.read_bytes()
    pack.write_bytes(whole[: len(whole) - 700])  # a crash mid-write: the last record cut short
    _lose_index(root)
    store = PackStore(root)
    done = reindex(store)
    assert (done.listed, done.damaged) == (7, 1)
    *kept, _torn = pages
    assert store.known_all() == set(kept)
    for sha in kept:
        assert store.read(sha) == pages[sha]


def test_a_zeroed_stretch_mid_pack_costs_only_the_records_it_hit(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    pages = _envelopes(8)
    PackStore(root).store(pages)
    store = PackStore(root)
    shas = list(pages)
    _, offset, size = store.places(shas[3])[0]
    pack = _one_pack(root)
    with open(pack, "r+b") as fh:  # a disk fault: record 3's header and half its envelope zeroed
        fh.seek(offset - RECORD_HEADER_SIZE)
        fh.write(bytes(RECORD_HEADER_SIZE + size // 2))
    try:
        store.read(shas[3])
    except OSError:
        pass
    else:
        raise AssertionError("a damaged record was served")
    done = reindex(store)  # the index still lists it: the rebuild drops that row
    assert (done.dropped, done.damaged, done.listed) == (1, 1, 0)
    assert store.known_all() == set(shas) - {shas[3]}
    for sha in store.known_all():
        assert store.read(sha) == pages[sha]


def test_an_erased_page_is_not_resurrected_by_a_rebuild(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    pages = _envelopes(6)
    store = PackStore(root)
    store.store(pages)
    gone = list(pages)[2]
    store.store({gone: pages[gone]})  # a second copy in another pack
    assert store.remove(gone)
    for pack in root.glob("*/*.pack"):
        raw = pack.read_bytes()
        assert pages[gone] not in raw and bytes.fromhex(gone) not in raw  # nor its name
    _lose_index(root)
    store = PackStore(root)
    done = reindex(store)  # no database to ask: every whole record would be listed
    assert done.erased == 2 and done.damaged == 0
    assert store.known_all() == set(pages) - {gone}
    assert store.read(gone) is None


def _old_format_pack(root: Path, pages: dict[str, bytes]) -> Path:
    """A pack as written before format 1 (envelopes back to back), listed in the index."""
    store = PackStore(root)
    pack = root / "ab" / ("ab" + "1" * 30 + ".pack")
    pack.parent.mkdir(parents=True, exist_ok=True)
    pack.write_bytes(b"".join(pages.values()))
    rows, offset = [], 0
    for sha, data in pages.items():
        rows.append((sha, f"ab/{pack.name}", offset, len(data)))
        offset += len(data)
    with store.connection() as db:
        db.executemany("INSERT INTO pages VALUES (?, ?, ?, ?)", rows)
    return pack


def test_a_pack_of_the_format_before_still_reads_erases_and_is_rebuilt(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    pages = _envelopes(5)
    _old_format_pack(root, pages)
    store = PackStore(root)
    for sha, data in pages.items():
        assert store.read(sha) == data
    gone = list(pages)[1]
    assert store.remove(gone)
    _lose_index(root)
    store = PackStore(root)
    done = reindex(store)  # walked envelope by envelope; the zeroed one skipped
    assert (done.listed, done.erased, done.damaged) == (4, 1, 0)
    for sha, data in pages.items():
        assert store.read(sha) == (None if sha == gone else data)


def _central_db(
    tmp_path: Path, pages: dict[str, bytes], referenced: Iterable[str] = ()
) -> tuple[Engine, sessionmaker[Session]]:
    """A central database holding only ``central_pages``, with a row for each of ``pages``, and
    ``central_page_refs``, with a reference to each of ``referenced``."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from kiosk.central.models import CentralBase, PageRef, StoredPage

    engine = create_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    tables = [CentralBase.metadata.tables[name] for name in ("central_pages", "central_page_refs")]
    CentralBase.metadata.create_all(engine, tables=tables)
    factory = sessionmaker(engine)
    with factory.begin() as session:
        for sha, data in pages.items():
            session.add(StoredPage(sha256=sha, size=len(data), kiosk_id="k"))
        session.add_all(PageRef(kiosk_id="k", sha256=sha) for sha in referenced)
    return engine, factory


def _start_and_wait(store: PackStore, factory: sessionmaker[Session]) -> None:
    """:func:`at_start`, then wait for its thread (recovery of unlisted packs, the sweep)."""
    import threading

    from kiosk.central.pack_rebuild import at_start

    before = set(threading.enumerate())
    at_start(store, factory)
    for thread in set(threading.enumerate()) - before:
        thread.join(60)


def _age(path: Path) -> None:
    old = 1_000_000_000
    os.utime(path, (old, old))  # older than the sweep's ten minutes


def test_the_central_at_start_rebuilds_a_lost_index_before_its_sweep(tmp_path: Path) -> None:
    """The sweep deletes unlisted packs: with the index lost that would be every pack; the start
    lists them again first (with the rows the database holds), before it returns."""
    from kiosk.central.pack_rebuild import at_start

    root = tmp_path / "packs"
    pages = _envelopes(4)
    PackStore(root).store(pages)
    engine, factory = _central_db(tmp_path, pages)
    _age(_one_pack(root))
    _lose_index(root)
    store = PackStore(root)
    at_start(store, factory)
    assert store.unlisted() == []  # at once: no request finds the index empty
    for sha, data in pages.items():
        assert store.read(sha) == data
    engine.dispose()


def test_at_start_a_pack_the_index_misses_is_listed_again_not_swept(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    listed, missed, crashed = _envelopes(3), _envelopes(3), _envelopes(2)
    store = PackStore(root)
    store.store(listed)
    other = PackStore(tmp_path / "elsewhere")  # packs written, their rows not in this index
    other.store(missed)
    other.store(crashed)
    for pack in (tmp_path / "elsewhere").glob("*/*.pack"):
        target = root / pack.parent.name / pack.name
        target.parent.mkdir(exist_ok=True)
        pack.replace(target)
        _age(target)
    engine, factory = _central_db(tmp_path, {**listed, **missed})  # no rows: a crash's batch
    _start_and_wait(PackStore(root), factory)
    store = PackStore(root)
    for sha, data in {**listed, **missed}.items():
        assert store.read(sha) == data
    assert not store.known(crashed)
    assert len(list(root.glob("*/*.pack"))) == 2  # the crash's pack was swept
    engine.dispose()


def test_with_a_database_holding_no_page_the_packs_are_kept(tmp_path: Path) -> None:
    """A wrong ``--database-url`` with the index lost: nothing is listed, and nothing deleted."""
    root = tmp_path / "packs"
    pages = _envelopes(3)
    PackStore(root).store(pages)
    _age(_one_pack(root))
    _lose_index(root)
    engine, factory = _central_db(tmp_path, {})
    _start_and_wait(PackStore(root), factory)
    assert _one_pack(root).exists()
    store = PackStore(root)
    assert reindex(store).listed == 3
    engine.dispose()


def test_a_pack_of_a_newer_format_is_left_as_it_is(tmp_path: Path) -> None:
    """A newer central sharing the folder (a rolling upgrade) wrote it: its rows are kept."""
    root = tmp_path / "packs"
    pages = _envelopes(2)
    store = PackStore(root)
    store.store(pages)
    pack = _one_pack(root)
    raw = bytearray(pack.read_bytes())
    raw[len(FILE_HEADER) - 5] = 2  # the file header's version: 2
    pack.write_bytes(bytes(raw))
    done = reindex(store)
    assert (done.packs, done.dropped, done.listed) == (0, 0, 0)
    assert store.known_all() == set(pages)
