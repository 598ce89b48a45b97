"""Issue 13.1: a kiosk cannot take another kiosk's registration ID before its owner syncs.

The central runs with its default cutoff for untagged IDs (the other central tests let their
kiosks' plain UUIDv7s through as an older kiosk's). A NEW registration's ID must have been made by
the pushing kiosk's key (kiosk.security.regid), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from kiosk.central import admin
from kiosk.central.settings import LEGACY_ID_CUTOFF, CentralSettings, parse_cutoff
from tests.central.conftest import database_url
from tests.central.helpers import Central, KioskClient, registration, unique
from tests.core.test_regid import uuid7_at

CUTOFF_MS = int(parse_cutoff(LEGACY_ID_CUTOFF).timestamp() * 1000)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def central(request, tmp_path_factory, pg_database_factory) -> Iterator[Central]:
    folder = tmp_path_factory.mktemp(f"idbind-{request.param}")
    url = database_url(request.param, folder, pg_database_factory)
    with Central.start(
        url, folder, backend=request.param, legacy_id_cutoff=LEGACY_ID_CUTOFF
    ) as running:
        yield running


def results(response) -> list[tuple[str, str | None]]:
    assert response.status_code == 200, response.text
    return [(r["outcome"], (r["error"] or {}).get("code")) for r in response.json()["results"]]


def owners(central: Central, reg_id: str) -> list[str]:
    rows = central.sql("SELECT kiosk_id FROM central_registrations WHERE id = :r", r=reg_id)
    return [row[0] for row in rows]


def test_a_second_kiosk_cannot_claim_the_first_kiosks_id_before_it_syncs(
    central: Central,
) -> None:
    owner, intruder = central.enroll(), central.enroll()
    reg = registration(owner.kiosk_code)
    reg.id = owner.new_id()  # printed on the owner's receipt, not pushed yet
    stolen = registration(intruder.kiosk_code)  # the intruder's own number and content
    stolen.id = reg.id
    assert results(intruder.push(intruder.item(stolen))) == [("invalid", "push.id_foreign")]
    assert owners(central, reg.id) == []
    assert not central.sql("SELECT 1 FROM central_versions WHERE registration_id = :r", r=reg.id)
    # the owner's push, later, is stored as the owner's; the intruder is then refused as before
    assert results(owner.push(owner.item(reg))) == [("stored", None)]
    assert owners(central, reg.id) == [owner.kiosk_id]
    assert results(intruder.push(intruder.item(stolen))) == [("invalid", "push.forbidden")]


def test_a_foreign_id_is_refused_alone_in_a_batch(central: Central) -> None:
    kiosk, other = central.enroll(), central.enroll()
    own = [registration(kiosk.kiosk_code) for _ in range(3)]
    for reg in own:
        reg.id = kiosk.new_id()
    foreign = registration(kiosk.kiosk_code)
    foreign.id = other.new_id()
    items = [kiosk.item(own[0]), kiosk.item(foreign), kiosk.item(own[1]), kiosk.item(own[2])]
    assert results(kiosk.push(*items)) == [
        ("stored", None),
        ("invalid", "push.id_foreign"),
        ("stored", None),
        ("stored", None),
    ]


def test_untagged_ids_are_new_only_when_made_before_the_cutoff(central: Central) -> None:
    kiosk = central.enroll()
    older, late = registration(kiosk.kiosk_code), registration(kiosk.kiosk_code)
    older.id = uuid7_at(CUTOFF_MS - 1)  # a kiosk before this change, a draft of the day before
    late.id = uuid7_at(CUTOFF_MS)  # an untagged ID made from the cutoff on
    assert results(kiosk.push(kiosk.item(older), kiosk.item(late))) == [
        ("stored", None),
        ("invalid", "push.id_foreign"),
    ]
    older.version = 2  # a stored registration's later versions are its owner's as before
    older.owner.full_name = "Siti Aminah Koreksi"
    assert results(kiosk.push(kiosk.item(older))) == [("stored", None)]


def test_a_kiosk_enrolled_anew_with_the_same_key_keeps_its_ids(central: Central) -> None:
    first = central.enroll()
    reg = registration(first.kiosk_code)
    reg.id = first.new_id()  # made before the kiosk was enrolled again (after a revocation)
    name, mpp = unique("Loket"), unique("MPP Test")
    code = admin.create_enrolment_code(central.db_url, name, mpp)
    again = KioskClient(central=central, name=name, mpp=mpp, signing=first.signing)
    with central.http() as http:
        response = http.post("/enroll", json=again.enroll_body(code))
    assert response.status_code == 200, response.text
    again.accept(response.json())
    reg.reg_no = f"{again.kiosk_code}-20261203-0001"
    assert results(again.push(again.item(reg))) == [("stored", None)]


def test_the_cutoff_is_the_release_date_unless_configured(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIOSK_CENTRAL_LEGACY_ID_CUTOFF", raising=False)
    assert CentralSettings(data_dir=tmp_path).legacy_ids_before == dt.datetime(
        2026, 12, 3, tzinfo=dt.UTC
    )
    monkeypatch.setenv("KIOSK_CENTRAL_LEGACY_ID_CUTOFF", "2027-01-15")
    assert CentralSettings(data_dir=tmp_path).legacy_ids_before == dt.datetime(
        2027, 1, 15, tzinfo=dt.UTC
    )
    monkeypatch.setenv("KIOSK_CENTRAL_LEGACY_ID_CUTOFF", "next week")
    with pytest.raises(ValueError):
        CentralSettings(data_dir=tmp_path)
