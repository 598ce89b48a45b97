"""Batch-level writes of a push (kiosk.central.push_store and its PostgreSQL variant): several
versions of one registration in one batch, duplicates inside one batch, corrections, and the
translation of raw driver errors the race fallback relies on."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from kiosk.central.push_store import sqlalchemy_errors
from tests.central.helpers import Central, registration
from tests.central.test_central_push import outcomes, stored_versions


def test_two_versions_of_a_new_registration_in_one_batch(central: Central) -> None:
    kiosk = central.enroll()
    reg = registration(kiosk.kiosk_code, nik="6471010101900002")
    first = kiosk.item(reg)
    reg.version, reg.owner.nik = 2, "6471010101900003"
    second = kiosk.item(reg)
    assert outcomes(kiosk.push(first, second)) == ["stored", "stored"]
    assert [v for v, _, _ in stored_versions(central, reg.id)] == [1, 2]
    [(current,)] = central.sql(
        "SELECT current_version FROM central_registrations WHERE id = :r", r=reg.id
    )
    assert current == 2
    idents = central.sql(
        "SELECT kind, value FROM central_identifiers WHERE registration_id = :r", r=reg.id
    )
    assert idents == [("nik", "6471010101900003")]  # the newest version's


def test_a_correction_replaces_identifiers_and_reopens_review(central: Central) -> None:
    kiosk = central.enroll()
    reg = registration(kiosk.kiosk_code, nik="6471010101900004")
    assert outcomes(kiosk.push(kiosk.item(reg))) == ["stored"]
    central.sql("UPDATE central_registrations SET status = 'verified' WHERE id = :r", r=reg.id)
    reg.version, reg.owner.nik = 2, ""
    assert outcomes(kiosk.push(kiosk.item(reg))) == ["stored"]
    [(current, status)] = central.sql(
        "SELECT current_version, status FROM central_registrations WHERE id = :r", r=reg.id
    )
    assert (current, status) == (2, "submitted")
    query = "SELECT kind FROM central_identifiers WHERE registration_id = :r"
    assert central.sql(query, r=reg.id) == []


def test_duplicates_inside_one_batch_are_flagged_once(central: Central) -> None:
    kiosk = central.enroll()
    regs = [registration(kiosk.kiosk_code, nik="6471010101900005") for _ in range(3)]
    assert outcomes(kiosk.push(*[kiosk.item(r) for r in regs])) == ["stored"] * 3
    ids = sorted(r.id for r in regs)
    flags = central.sql(
        "SELECT kind, registration_a, registration_b FROM central_duplicates"
        " WHERE registration_a IN (:a, :b, :c)",
        a=ids[0],
        b=ids[1],
        c=ids[2],
    )
    expected = [("nik", ids[0], ids[1]), ("nik", ids[0], ids[2]), ("nik", ids[1], ids[2])]
    assert sorted(tuple(f) for f in flags) == expected


def test_raw_driver_errors_become_sqlalchemy_errors() -> None:
    import psycopg

    with pytest.raises(IntegrityError), sqlalchemy_errors(psycopg.Error):
        raise psycopg.errors.UniqueViolation("duplicate key")
    with pytest.raises(OperationalError), sqlalchemy_errors(psycopg.Error):
        raise psycopg.OperationalError("server closed the connection")
