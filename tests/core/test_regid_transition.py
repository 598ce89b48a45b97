"""Issue 13.1, the transition: a kiosk upgraded after the central's cutoff still holds a draft with
a plain UUIDv7 made before it was upgraded. The central refuses it as new (``push.id_foreign``);
the kiosk keeps it set aside with a sentence for the desk, never re-keys it, and once the
administrator moves the cutoff later, ``kiosk sync retry --code push.id_foreign`` sends it.

Real parts: a kiosk store and vault, a central on loopback (SQLite) restarted on the same port
and database with another cutoff, the kiosk's sync engine and its command line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.domain.model import Registration
from kiosk.sync.reasons import reason_for
from tests.core.test_regid import uuid7_at
from tests.core.test_sync_support import (
    central_database,
    central_settings,
    central_versions,
    enrolled_kiosk,
    make_registration,
)

FIRST_CUTOFF = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
DRAFTED = FIRST_CUTOFF + dt.timedelta(days=9)  # before this kiosk was upgraded, after the cutoff


def legacy_draft(kiosk, seed: int) -> Registration:
    """A draft as a kiosk before key-bound IDs stored it: a plain UUIDv7 of ``DRAFTED``."""
    from kiosk.store.writes import prepare

    reg, _ = make_registration(seed, kiosk.vault)
    reg.id = uuid7_at(int(DRAFTED.timestamp() * 1000))
    with kiosk.store._write() as session:
        kiosk.store._put(session, None, prepare(reg, "draft", None), staff_id="s1", step="review")
    return kiosk.store.get(reg.id)


def test_an_older_draft_refused_after_the_cutoff_goes_once_the_cutoff_moves(
    tmp_path: Path,
) -> None:
    from kiosk.central.server import start_in_thread
    from kiosk.cli import main

    storage = tmp_path / "central"
    with central_database("sqlite", tmp_path) as db_url:
        first = start_in_thread(
            db_url, storage, settings=central_settings(storage, legacy_id_cutoff="2026-12-03")
        )
        try:
            kiosk = enrolled_kiosk(tmp_path, "late", first.url, db_url)
            draft = legacy_draft(kiosk, 7400)
            submitted = kiosk.store.submit(draft, staff_id="s1")
            assert submitted.id == draft.id  # a stored registration keeps its ID
            fresh, images = make_registration(7401, kiosk.vault)
            kiosk.submit(fresh, images)  # made after the upgrade: an ID of the kiosk's key
            kiosk.engine().run_round()
            assert [v[0] for v in central_versions(db_url)] == [fresh.id]
            assert kiosk.store.outbox_counts()["set_aside"] == 1
            reason = reason_for("push.id_foreign")
            assert reason == "sync.reason.id_foreign"
        finally:
            first.stop()
        later = start_in_thread(  # the administrator sets the day the last kiosk was upgraded
            db_url,
            storage,
            port=first.port,
            settings=central_settings(storage, legacy_id_cutoff="2026-12-20"),
        )
        try:
            data_dir = str(kiosk.store.paths.root)
            code = main(["sync", "retry", "--code", "push.id_foreign", "--data-dir", data_dir])
            assert code == 0
            result = kiosk.engine().run_round()
            assert result.error is None and result.complete, result
            assert sorted(v[0] for v in central_versions(db_url)) == sorted([fresh.id, draft.id])
            assert kiosk.store.outbox_counts()["set_aside"] == 0
        finally:
            later.stop()
            kiosk.store.close()
