"""Pull: a cursor per kiosk, each kiosk sees only what is addressed to it, pulling twice changes
nothing; verdicts, staff accounts (hashes only), reference data and kiosk keys."""

from __future__ import annotations

import pytest

from kiosk.central import admin
from kiosk.errors import UserFacingError
from kiosk.protocol import PullResponse, StaffPayload, VerdictPayload
from tests.central.helpers import Central, KioskClient, registration, unique


def pull(kiosk: KioskClient, cursor: int = 0, limit: int = 200) -> PullResponse:
    with kiosk.http() as http:
        answer = http.get("/pull", params={"cursor": cursor, "limit": limit})
    assert answer.status_code == 200, answer.text
    return PullResponse.model_validate(answer.json(), strict=False)


def test_verdicts_reach_only_the_owning_kiosk(central: Central) -> None:
    mpp = unique("MPP")
    mine, neighbour = central.enroll(mpp=mpp), central.enroll(mpp=mpp)
    reg = registration(mine.kiosk_code)
    mine.push(mine.item(reg))
    reg.version = 2
    mine.push(mine.item(reg))
    admin.set_verdict(central.db_url, reg.id, "needs_fix", "Foto KTP buram")
    verdicts = [e for e in pull(mine).events if e.kind == "verdict"]
    assert [e.parsed() for e in verdicts] == [
        VerdictPayload(
            registration_id=reg.id, version=2, status="needs_fix", reason="Foto KTP buram"
        )
    ]
    assert not [e for e in pull(neighbour).events if e.kind == "verdict"]
    status = central.sql(
        "SELECT status, verdict_reason FROM central_registrations WHERE id = :r", r=reg.id
    )
    assert tuple(status[0]) == ("needs_fix", "Foto KTP buram")
    reg.version = 3  # the correction goes back to review
    mine.push(mine.item(reg))
    status = central.sql(
        "SELECT status, current_version FROM central_registrations WHERE id = :r", r=reg.id
    )
    assert tuple(status[0]) == ("submitted", 3)


def test_cursor_paging_and_pulling_twice_changes_nothing(central: Central) -> None:
    kiosk = central.enroll()
    regs = [registration(kiosk.kiosk_code) for _ in range(5)]
    kiosk.push(*(kiosk.item(r) for r in regs))
    for reg in regs:
        admin.set_verdict(central.db_url, reg.id, "verified")
    everything = pull(kiosk)
    assert pull(kiosk) == everything  # same cursor, same answer
    assert everything.has_more is False
    seen, cursor = [], 0
    while True:
        page = pull(kiosk, cursor, limit=2)
        seen += page.events
        assert page.cursor >= cursor
        cursor = page.cursor
        if not page.has_more:
            break
    assert seen == everything.events
    assert pull(kiosk, everything.cursor).events == []
    assert pull(kiosk, everything.cursor).cursor == everything.cursor
    seqs = [e.seq for e in everything.events]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_staff_accounts_go_to_their_mpp_with_hashes_only(central: Central) -> None:
    mpp, elsewhere = unique("MPP Balikpapan"), unique("MPP Bontang")
    kiosk, stranger = central.enroll(mpp=mpp), central.enroll(mpp=elsewhere)
    password = "rahasia-sekali-123"
    admin.create_staff(central.db_url, mpp, "Rina", "Rina Wati", "operator", password)
    staff = [e.parsed() for e in pull(kiosk).events if e.kind == "staff"]
    assert len(staff) == 1 and isinstance(staff[0], StaffPayload)
    assert (staff[0].username, staff[0].active, staff[0].mpp) == ("rina", True, mpp)
    assert staff[0].password_hash.startswith("$argon2id$")
    from argon2 import PasswordHasher

    assert PasswordHasher().verify(staff[0].password_hash, password)
    assert password not in str(pull(kiosk).model_dump())
    assert not [e for e in pull(stranger).events if e.kind == "staff"]
    admin.set_staff_active(central.db_url, mpp, "rina", False)
    latest = [e.parsed() for e in pull(kiosk).events if e.kind == "staff"][-1]
    assert latest.active is False
    with pytest.raises(UserFacingError) as err:
        admin.create_staff(central.db_url, mpp, "rina", "Rina", "operator", password)
    assert err.value.code == "central.staff.exists"
    with pytest.raises(UserFacingError):
        admin.create_staff(central.db_url, mpp, "budi", "Budi", "operator", "short")


def test_staff_rules_match_what_kiosks_accept() -> None:
    from kiosk.central import schemas
    from kiosk.staff import accounts

    assert schemas.STAFF_ROLES == accounts.ROLES
    assert schemas.USERNAME_PATTERN == accounts._USERNAME.pattern
    assert schemas.MIN_PASSWORD == accounts.MIN_PASSWORD


def test_reference_updates_and_kiosk_keys_reach_every_kiosk(central: Central) -> None:
    first = central.enroll()
    admin.publish_reference(central.db_url, "kbli", "2025.1", [{"code": "47111", "title": "x"}])
    second = central.enroll()
    for kiosk in (first, second):
        events = pull(kiosk).events
        refs = [e.parsed() for e in events if e.kind == "reference"]
        assert (
            refs
            and refs[-1].dataset == "kbli"
            and refs[-1].rows == [{"code": "47111", "title": "x"}]
        )
        keys = {e.payload["kiosk_id"]: e.payload for e in events if e.kind == "kiosk_key"}
        assert {first.kiosk_id, second.kiosk_id} <= set(keys)
        assert keys[second.kiosk_id]["kiosk_code"] == second.kiosk_code
        assert "BEGIN PUBLIC KEY" in keys[second.kiosk_id]["public_key"]


def test_verdict_input_is_checked(central: Central) -> None:
    kiosk = central.enroll()
    reg = registration(kiosk.kiosk_code)
    kiosk.push(kiosk.item(reg))
    for status, reason, code in (
        ("approved", "", "central.verdict.status"),
        ("rejected", "  ", "central.verdict.reason_required"),
    ):
        with pytest.raises(UserFacingError) as err:
            admin.set_verdict(central.db_url, reg.id, status, reason)
        assert err.value.code == code
    with pytest.raises(UserFacingError) as err:
        admin.set_verdict(central.db_url, registration().id, "verified")
    assert err.value.code == "central.registration.unknown"
