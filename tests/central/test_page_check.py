"""``pages check`` reads pack by pack (:mod:`kiosk.central.page_check`) and names exactly what a
page-by-page read names: missing, damaged (every copy), mismatch; loose files read first."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kiosk.central.page_check import Unreadable, unreadable
from kiosk.central.storage import LocalPageStorage
from tests.central.test_page_packs import _central_db, _envelopes


def _page_by_page(storage: LocalPageStorage, rows: dict[str, int]) -> set[Unreadable]:
    """The check as it was: each row read through the storage, one at a time."""
    from kiosk.documents.envelope import EnvelopeError, inspect

    bad: set[Unreadable] = set()
    for sha, size in rows.items():
        try:
            data = storage.read(sha)
        except FileNotFoundError:
            bad.add(Unreadable(sha, "missing"))
            continue
        except OSError:
            bad.add(Unreadable(sha, "damaged"))
            continue
        try:
            named = inspect(data).sha256
        except EnvelopeError:
            named = ""
        if named != sha or len(data) != size:
            bad.add(Unreadable(sha, "mismatch"))
    return bad


def _flip(storage: LocalPageStorage, sha: str, which: int) -> None:
    path, offset, _ = sorted(storage.packs.places(sha))[which]
    data = bytearray(path.read_bytes())
    data[offset + 20] ^= 0xFF
    path.write_bytes(bytes(data))


def test_the_grouped_check_names_what_a_page_by_page_read_names(tmp_path: Path) -> None:
    storage = LocalPageStorage(tmp_path / "data")
    first, second = _envelopes(40), _envelopes(40)
    storage.packs.store(first)
    storage.packs.store(second)
    twice, both_bad, sized, damaged = list(first)[:4]
    storage.packs.store({twice: first[twice], both_bad: first[both_bad]})  # second copies
    _flip(storage, twice, 0)  # one copy damaged: still whole
    _flip(storage, both_bad, 0)
    _flip(storage, both_bad, 1)
    _flip(storage, damaged, 0)
    loose = os.urandom(100)
    loose_sha = hashlib.sha256(loose).hexdigest()  # a loose file that is no envelope
    (storage.pages / loose_sha[:2]).mkdir(parents=True)
    (storage.pages / loose_sha[:2] / loose_sha).write_bytes(loose)
    gone = "ab" * 32
    pages = {**first, **second, loose_sha: loose, gone: b"x" * 10}
    engine, factory = _central_db(tmp_path, pages)
    with factory.begin() as session:
        from kiosk.central.models import StoredPage

        row = session.get(StoredPage, sized)
        assert row is not None
        row.size += 1
    rows = {sha: len(data) + (sha == sized) for sha, data in pages.items()}
    expected = {
        Unreadable(both_bad, "damaged"),
        Unreadable(damaged, "damaged"),
        Unreadable(sized, "mismatch"),
        Unreadable(loose_sha, "mismatch"),
        Unreadable(gone, "missing"),
    }
    assert _page_by_page(storage, rows) == expected
    named = list(unreadable(storage, factory))
    assert set(named) == expected and len(named) == len(expected)
    storage.packs.close()
    engine.dispose()
