"""Restoring an OLD backup of an enrolled kiosk converges with a real central (SQLite and a fresh
PostgreSQL database): enrol, submit, sync, submit one, back up, submit more and correct one, sync,
restore the old backup over the data folder, sync. Then the central holds exactly what it held
before (nothing it confirmed is lost, nothing is duplicated), the one that was waiting in the
backup is sent again and answered ``unchanged``, the kiosk's ledger digest equals the central's,
the versions only the central holds are reported, and a registration made after the restore gets
a number the lost ones did not have and reaches the central too."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.backup import create_backup, new_recovery_key, restore
from tests.core.test_sync_support import (
    BACKENDS,
    central_on,
    central_versions,
    digest_of,
    enrolled_kiosk,
    make_registration,
    open_kiosk,
)

PASSPHRASE = "pemulihan kios konvergen"


@pytest.fixture(params=BACKENDS)
def central(request, tmp_path_factory):
    yield from central_on(request, tmp_path_factory)


def _submit(kiosk, seeds) -> list:
    shared: dict[str, str] = {}
    out = []
    for seed in seeds:
        reg, images = make_registration(seed, kiosk.vault, shared=shared)
        out.append(kiosk.submit(reg, images))
    return out


def test_restoring_an_old_backup_converges_and_loses_nothing(central, tmp_path: Path) -> None:
    from kiosk.sync.state import SyncState

    kiosk = enrolled_kiosk(tmp_path, "desk", central.url, central.db_url)
    root = kiosk.store.paths.root
    early = _submit(kiosk, range(500, 503))
    assert kiosk.engine().run_round().complete

    waiting = _submit(kiosk, [505])  # in the backup as still to be sent
    backup = tmp_path / "old-backup.zip"
    create_backup(root, backup, new_recovery_key(PASSPHRASE))

    late = _submit(kiosk, range(510, 512))
    fix = kiosk.store.get(early[0].id)
    fix.business.name = "Usaha Maju Terkoreksi"
    kiosk.store.correct(fix, reason="nama usaha", staff_id="staff-1")
    assert kiosk.engine().run_round().complete
    held_before = sorted(central_versions(central.db_url))
    assert len(held_before) == 7  # three, the waiting one, two more, and the correction
    kiosk.store.close()

    result = restore(backup, root, PASSPHRASE, force=True)
    assert result.kept is not None and result.registrations == 4

    kiosk = open_kiosk(tmp_path, "desk")
    assert {r.id for r in early} <= {r.id for r in kiosk.store.iter_registrations()}
    first = kiosk.engine().run_round()
    assert first.error is None and first.sanity_ok and first.complete, first
    assert first.push.stored == 0  # nothing old was sent as new; the waiting one went again:
    assert first.push.unchanged >= 1 and waiting[0].id in first.push.touched
    held_after = sorted(central_versions(central.db_url))
    assert held_after == held_before  # nothing the central confirmed is lost or doubled
    state = SyncState(kiosk.store.engine, kiosk.store.keys)
    assert state.digest() == (len(held_after), digest_of(held_after))
    problems = {p.code: p for p in state.problems()}
    assert "sync.restore.central_only" in problems
    assert "2 " in problems["sync.restore.central_only"].text("en")  # the two late ones
    # the correction made after the backup is taken back from the central and shown to staff
    assert kiosk.store.get(early[0].id).business.name == "Usaha Maju Terkoreksi"
    assert kiosk.store.get(early[0].id).version == 2
    assert early[0].reg_no in problems["sync.restore.taken_back"].text("id")
    assert {r.id for r in late} <= state.redacted()  # nothing local to re-send or redact

    after = _submit(kiosk, [520])[0]
    assert after.reg_no not in {r.reg_no for r in late}
    assert kiosk.engine().run_round().complete
    held = {(r, v) for r, v, _ in central_versions(central.db_url)}
    assert (after.id, 1) in held and len(held) == 8
    again = kiosk.engine().run_round()
    assert again.complete and again.push.stored == 0 and again.sanity_ok
    kiosk.store.close()
