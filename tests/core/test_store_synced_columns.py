"""Marking a registration synced writes the columns only; it reads the same as a re-sealed one.

The sealed JSON of a confirmed registration keeps ``submitted`` (re-sealing each one cost a tenth
of a push's CPU); :func:`kiosk.store.codec.open_row` gives readers the column's status. These
tests hold that nothing a reader sees changed, and that rows confirmed by the older code (the
status re-sealed into the JSON) open the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from kiosk.domain.examples import complete_registration
from kiosk.domain.model import Status
from kiosk.store import Store, codec
from kiosk.store.models import RegistrationRow
from kiosk.store.writes import find_row


@pytest.fixture
def store(data_dir: Path):
    with Store.open(data_dir) as s:
        yield s


def _sealed(store: Store, reg_id: str) -> bytes:
    with store._read() as session:
        return session.scalar(select(RegistrationRow.sealed).where(RegistrationRow.id == reg_id))


def test_marking_synced_leaves_the_sealed_record_and_reads_synced(store: Store, data_dir: Path):
    reg = store.submit(complete_registration(61), staff_id="s1")
    before = store.get(reg.id)
    sealed = _sealed(store, reg.id)
    store.outbox_mark_sent_many([i.seq for i in store.outbox_pending()])
    assert _sealed(store, reg.id) == sealed  # not re-sealed
    after = store.get(reg.id)
    summary = store.summary(reg.id)
    assert after.status == Status.SYNCED and summary.status == Status.SYNCED
    assert after.updated_at == summary.updated_at and after.updated_at > before.updated_at
    assert after.to_dict() == {**before.to_dict(), "status": "synced",
                               "updated_at": after.to_dict()["updated_at"]}  # fmt: skip
    assert [r.to_dict() for r in store.iter_registrations()] == [after.to_dict()]
    store.close()
    with Store.open(data_dir) as again:  # on disk, not in a cache
        assert again.get(reg.id).to_dict() == after.to_dict()


def test_a_synced_registration_takes_verdicts_and_corrections(store: Store) -> None:
    reg = store.submit(complete_registration(62), staff_id="s1")
    store.outbox_mark_sent_many([i.seq for i in store.outbox_pending()])
    assert store.apply_verdict(reg.id, "needs_fix", "foto KTP buram")
    got = store.get(reg.id)
    assert got.status == Status.NEEDS_FIX and got.verdict_reason == "foto KTP buram"
    got.owner.position = "Pemilik"
    store.correct(got, reason="foto baru", staff_id="s1")
    fixed = store.get(reg.id)
    assert fixed.status == Status.SUBMITTED and fixed.verdict_reason == "" and fixed.version == 2
    assert fixed.owner.position == "Pemilik"
    store.outbox_mark_sent_many([i.seq for i in store.outbox_pending()])
    assert store.get(reg.id).status == Status.SYNCED and store.get(reg.id).version == 2


def test_a_stale_confirmation_does_not_mark_a_newer_submission(store: Store) -> None:
    reg = store.submit(complete_registration(63), staff_id="s1")
    first = store.outbox_pending()[0].seq
    store.outbox_mark_sent_many([first])
    assert store.apply_verdict(reg.id, "needs_fix", "foto KTP buram")
    got = store.get(reg.id)
    got.owner.position = "Pemilik"
    store.correct(got, reason="foto baru", staff_id="s1")
    store.outbox_mark_sent_many([first])  # version 1 confirmed again: version 2 stays submitted
    assert store.get(reg.id).status == Status.SUBMITTED


def test_rows_confirmed_by_the_older_code_open_the_same(store: Store) -> None:
    new_way = store.submit(complete_registration(64), staff_id="s1")
    old_way = store.submit(complete_registration(65), staff_id="s1")
    store.outbox_mark_sent_many([i.seq for i in store.outbox_pending()])
    with store._write() as session:  # what the older code wrote: the status re-sealed too
        row = find_row(session, old_way.id)
        assert row is not None
        resealed = codec.restamp_status(
            store.keys, row.id, row.sealed, "synced", "", row.updated_at
        )
        session.execute(
            update(RegistrationRow).where(RegistrationRow.id == row.id).values(sealed=resealed)
        )
    for reg_id in (new_way.id, old_way.id):
        got = store.get(reg_id)
        assert got.status == Status.SYNCED and got.verdict_reason == ""
        assert got.updated_at == store.summary(reg_id).updated_at
