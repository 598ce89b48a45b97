"""Crash test: kill the process (SIGKILL) during document saves, ≥ 100 times.

After every kill the start-up sweep runs, then: no row points to a missing or partial file (the
sweep had nothing to flag), no orphan or temporary file survives, and every referenced page opens
and matches its hash. The saving process is a fork of the test process (real process, real kill),
which keeps 100 trials to a few seconds.
"""

from __future__ import annotations

import os
import random
import sys
from functools import partial
from pathlib import Path

import pytest

from kiosk.documents.sweep import sweep_store
from kiosk.documents.vault import Vault
from kiosk.domain.model import DocumentRef, DocumentType, PageRef, Registration
from tests.core.test_documents_support import kill_at_random

TRIALS = 100
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL"),
]


def _save_forever(data_dir: Path, seed: int, ready: int) -> None:
    """The victim: store pages and save drafts in a loop until it is killed."""
    from kiosk.store import Store

    rng = random.Random(seed)
    store = Store.open(data_dir)
    vault = Vault(store.paths.documents, store.keys)
    drafts = [store.get(s.id) for s in store.list_drafts()]
    os.write(ready, b"r")
    while True:
        roll = rng.random()
        if roll < 0.15 or not drafts:
            reg = Registration()
            drafts.append(reg)
        else:
            reg = rng.choice(drafts)
        if roll < 0.7 or not any(d.pages for d in reg.documents):
            data = os.urandom(rng.randint(2_000, 40_000))
            sha = vault.put(data, "image/jpeg")  # durable first …
            if not reg.documents or rng.random() < 0.3:
                reg.documents.append(DocumentRef(doc_type=DocumentType.NIB))
            reg.documents[-1].pages.append(PageRef(sha, "image/jpeg", size=len(data)))
        elif roll < 0.9:
            doc = rng.choice([d for d in reg.documents if d.pages])
            doc.pages.pop(rng.randrange(len(doc.pages)))  # delete a page: its file is an orphan
        else:
            if reg.reg_no:
                store.delete_draft(reg.id, "crash-test")
            drafts.remove(reg)
            continue
        store.save_draft(reg, step="documents")  # … then the row


def test_kill_during_document_saves(data_dir: Path) -> None:
    from kiosk.store import Store

    rng = random.Random(20261125)
    Store.open(data_dir).close()
    swept_something = 0
    totals = {"temporary": 0, "orphans": 0}
    for trial in range(TRIALS):
        kill_at_random(partial(_save_forever, data_dir, trial), rng, 0.08, trial)

        with Store.open(data_dir) as store:
            report = sweep_store(store)
            assert report.flagged == {}, f"trial {trial}: rows point to missing/partial files"
            swept_something += bool(report.removed_orphans or report.removed_temporary)
            totals["temporary"] += report.removed_temporary
            totals["orphans"] += report.removed_orphans
            vault = Vault(store.paths.documents, store.keys)
            referenced = store.referenced_page_hashes()
            on_disk = set(vault.iter_hashes())
            assert on_disk == referenced, f"trial {trial}: orphans survived the sweep"
            leftovers = [
                p for p in vault.folder.rglob("*") if p.is_file() and p.name not in on_disk
            ]
            assert leftovers == [], f"trial {trial}: temporary files survived"
            for sha in rng.sample(sorted(referenced), min(5, len(referenced))):
                assert vault.verify(sha) == "ok"
            assert store.page_states  # the store is usable after the crash
    # the kills landed inside the save window often enough to make the test meaningful
    print(f"{TRIALS} kills: sweeps removed {totals}")
    assert swept_something >= 5
