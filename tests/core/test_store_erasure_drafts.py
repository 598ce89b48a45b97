"""Which drafts an erasure takes on the kiosk: the person's by NIK, never by name; with a NIK that
was corrected between versions, a central request takes none by itself (the central's sealed NIK
decides, :func:`kiosk.store.erasure.erase_drafts`) and a desk withdrawal takes the current one."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from kiosk.domain.examples import complete_registration
from kiosk.domain.model import Registration, Status
from kiosk.store import Store, erasure

OLD_NIK = complete_registration(1).owner.nik
NEW_NIK = OLD_NIK[:12] + ("0002" if OLD_NIK[12:] != "0002" else "0003")  # a typo fixed


def _corrected(store: Store) -> Registration:
    """A registration submitted with OLD_NIK and corrected to NEW_NIK."""
    reg = store.submit(complete_registration(1), staff_id="sari")
    fixed = store.get(reg.id)
    fixed.owner = dataclasses.replace(fixed.owner, nik=NEW_NIK)
    return store.correct(fixed, reason="NIK salah ketik", staff_id="sari")


def _draft(store: Store, seed: int, nik: str, name: str = "") -> str:
    reg = complete_registration(seed)
    reg.status = Status.DRAFT
    reg.owner = dataclasses.replace(reg.owner, nik=nik, full_name=name or reg.owner.full_name)
    return store.save_draft(reg, staff_id="sari", step="owner").id


def _exists(store: Store, reg_id: str) -> bool:
    return any(s.id == reg_id for s in store.list_drafts())


def test_a_central_request_on_a_corrected_nik_takes_no_draft_until_the_nik_is_named(
    data_dir: Path,
) -> None:
    with Store.open(data_dir) as store:
        reg = _corrected(store)
        old, new = _draft(store, 3, OLD_NIK), _draft(store, 4, NEW_NIK)
        done = erasure.erase(store, reg.id, reg.reg_no, "req-1", "central", "central")
        assert done.held and done.drafts == []
        assert _exists(store, old) and _exists(store, new)
        with store.engine.connect() as conn:
            details = conn.exec_driver_sql(
                "SELECT details FROM audit_log WHERE action = 'registration.erased'"
            ).scalar_one()
        assert json.loads(details)["drafts_unmatched"] == "several_niks"
        named = erasure.erase_drafts(store, f"{OLD_NIK[:6]} {OLD_NIK[6:]}", "req-1")
        assert named.drafts == [old] and not _exists(store, old) and _exists(store, new)
        assert erasure.erase_drafts(store, OLD_NIK, "req-1").drafts == []  # twice: nothing


def test_a_desk_withdrawal_on_a_corrected_nik_takes_the_current_owners_drafts(
    data_dir: Path,
) -> None:
    with Store.open(data_dir) as store:
        reg = _corrected(store)
        owner = store.get(reg.id).owner.full_name
        old, new = _draft(store, 3, OLD_NIK), _draft(store, 4, NEW_NIK)
        namesake = _draft(store, 5, complete_registration(5).owner.nik, name=owner)
        done = erasure.erase(store, reg.id, reg.reg_no, "req-2", "desk", "sari")
        assert done.drafts == [new]
        assert _exists(store, old) and _exists(store, namesake) and not _exists(store, new)
        assert erasure.tombstones(store)[new]
