"""The push's bookkeeping adds (ledger, pages to upload) keep what is already there.

They are plain ``INSERT … ON CONFLICT DO NOTHING`` statements now (no lookup first): a page
already listed keeps its registration, attempts and failure; a version already in the ledger
keeps its first confirmation; within one call the first registration naming a page is kept.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from kiosk.store import Store
from kiosk.sync.state import SyncState
from kiosk.sync.tables import LEDGER, PAGES


def test_pages_already_listed_keep_their_registration_and_attempts(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        state = SyncState(store.engine, store.keys)
        state.pages_add([("a" * 64, "reg-1"), ("b" * 64, "reg-1"), ("a" * 64, "reg-2")])
        state.page_attempt("b" * 64, "timeout", failed=True)
        state.pages_add([("b" * 64, "reg-3"), ("c" * 64, "reg-3"), ("c" * 64, "reg-4")])
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(PAGES.c.sha256, PAGES.c.registration_id, PAGES.c.failed).order_by(
                    PAGES.c.sha256
                )
            ).all()
        assert [tuple(r) for r in rows] == [
            ("a" * 64, "reg-1", False),
            ("b" * 64, "reg-1", True),
            ("c" * 64, "reg-3", False),
        ]
        assert state.pages_pending() == [("a" * 64, "reg-1"), ("c" * 64, "reg-3")]


def test_ledger_keeps_the_first_confirmation(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        state = SyncState(store.engine, store.keys)
        state.ledger_add([("reg-1", 1, "h1", "stored"), ("reg-2", 1, "h2", "stored")])
        with store.engine.connect() as conn:
            first = conn.execute(sa.select(LEDGER)).all()
        state.ledger_add([("reg-1", 1, "h1", "unchanged"), ("reg-1", 2, "h3", "stored")])
        assert sorted(state.ledger()) == [
            ("reg-1", 1, "h1"),
            ("reg-1", 2, "h3"),
            ("reg-2", 1, "h2"),
        ]
        with store.engine.connect() as conn:
            rows = {(r.registration_id, r.version): r for r in conn.execute(sa.select(LEDGER))}
        for row in first:
            assert rows[(row.registration_id, row.version)] == row  # outcome and time unchanged
