"""The sync's lists read through plain SQL and strings give what the ORM and pathlib gave.

A week offline lists ~3,000 outbox rows and ~17,000 pages; the outbox is read as columns (no ORM
instances), the page list and its removal through the driver, and the upload's page files are
joined as strings. These tests hold that the answers are the same: the rows, their order, the
limits, what is skipped, what is removed and what stays.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.domain.examples import complete_registration
from kiosk.store import Store
from kiosk.sync.state import SyncState


@pytest.fixture
def store(data_dir: Path):
    with Store.open(data_dir) as s:
        yield s


def test_outbox_pending_gives_each_row_as_stored_in_order(store: Store) -> None:
    for n in range(5):
        reg = complete_registration()
        reg.owner.name = f"Owner {chr(65 + n)}"
        store.submit(reg, staff_id="s1")
    every = store.outbox_pending(limit=100)
    assert len(every) == 5
    assert [item.seq for item in every] == sorted(item.seq for item in every)
    for item in every:
        assert item == store.outbox_item(item.seq)  # every field as the ORM reads it
    store.outbox_mark_sent_many([every[1].seq])
    store.outbox_set_aside(every[3].seq, "push.invalid", "bad")
    left = [every[0].seq, every[2].seq, every[4].seq]
    assert [item.seq for item in store.outbox_pending()] == left
    assert [item.seq for item in store.outbox_pending(limit=2)] == left[:2]
    assert [item.seq for item in store.outbox_pending(after=every[0].seq)] == left[1:]
    assert store.outbox_pending(after=every[4].seq) == []


def test_pages_pending_keeps_its_order_limit_and_skips_failed(store: Store) -> None:
    state = SyncState(store.engine, store.keys)
    state.pages_add([("c" * 64, "reg-1"), ("a" * 64, "reg-1")])  # one time: by hash
    state.pages_add([("b" * 64, "reg-2"), ("d" * 64, "reg-2")])  # later
    state.page_attempt("d" * 64, "timeout", failed=True)
    assert state.pages_pending() == [
        ("a" * 64, "reg-1"),
        ("c" * 64, "reg-1"),
        ("b" * 64, "reg-2"),
    ]
    assert state.pages_pending(limit=2) == [("a" * 64, "reg-1"), ("c" * 64, "reg-1")]
    assert state.registrations_without_pages(["reg-1", "reg-2", "reg-3"]) == {"reg-3"}


def test_pages_done_removes_those_pages_and_their_problems_only(store: Store) -> None:
    state = SyncState(store.engine, store.keys)
    shas = [f"{n:064x}" for n in range(1200)]  # more than one old IN list of 500
    state.pages_add([(sha, f"reg-{n % 7}") for n, sha in enumerate(shas)])
    state.problem_set("page", shas[0], "sync.page.rejected", sha=shas[0][:12], detail="x")
    state.problem_set("page", shas[-1], "sync.page.rejected", sha=shas[-1][:12], detail="x")
    state.problem_set("item", shas[1], "sync.item.set_aside", reg_no="r", version=1, detail="x")
    state.pages_done(shas[:-1])
    assert state.pages_pending(limit=5000) == [(shas[-1], "reg-2")]  # 1,199 % 7
    assert state.problem_keys("page") == {shas[-1]}
    assert state.problem_keys("item") == {shas[1]}  # another kind with the same key stays
    assert state.registrations_without_pages([f"reg-{n}" for n in range(7)]) == {
        f"reg-{n}" for n in range(7) if n != 2
    }


def test_a_page_file_name_is_the_vaults_path(store: Store) -> None:
    from kiosk.sync.pages import open_vault

    vault = open_vault(store)
    sha = vault.put(b"page bytes", "image/jpeg")
    assert vault.file_name(sha) == os.fspath(vault.path(sha))
    assert os.stat(vault.file_name(sha)).st_size == len(vault.envelope(sha))
    for not_a_hash in ("../" + sha[3:], sha + "\n", sha.upper(), sha[:-1]):
        with pytest.raises(ValueError):  # refused, as the path always was (a newline now too)
            vault.file_name(not_a_hash)
