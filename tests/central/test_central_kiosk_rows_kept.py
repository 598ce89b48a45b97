"""Kiosk rows are never deleted, and the database itself refuses it (migration 0014), on SQLite
and PostgreSQL.

Migration 0012 dropped the foreign keys from a push's rows to ``central_kiosks`` because a kiosk
row is never deleted (a revocation marks it). These tests hold the database to that: a ``DELETE``
or ``TRUNCATE`` of a kiosk that has pushed fails with the message that names the way out, its
pushed rows stay attributable to it, and a revocation (an update) still works."""

from __future__ import annotations

import pytest
import sqlalchemy.exc

from kiosk.central import admin
from tests.central.helpers import Central, registration

MESSAGE = "central_kiosks rows are never deleted: revoke the kiosk instead"


def _pushed_kiosk(central: Central) -> str:
    kiosk = central.enroll()
    answer = kiosk.push(kiosk.item(registration(kiosk.kiosk_code)))
    assert answer.status_code == 200 and answer.json()["results"][0]["outcome"] == "stored"
    return kiosk.kiosk_id


def _attributed(central: Central, kiosk_id: str) -> int:
    return central.sql(
        "SELECT count(*) FROM central_versions v JOIN central_kiosks k ON k.id = v.kiosk_id"
        " WHERE k.id = :k",
        k=kiosk_id,
    )[0][0]


def test_deleting_or_truncating_the_kiosks_is_refused_and_changes_nothing(
    central: Central,
) -> None:
    kiosk_id = _pushed_kiosk(central)
    kiosks_before = central.sql("SELECT count(*) FROM central_kiosks")[0][0]
    statements = ["DELETE FROM central_kiosks WHERE id = :k", "DELETE FROM central_kiosks"]
    if central.backend == "postgres":  # SQLite has no TRUNCATE
        statements.append("TRUNCATE central_kiosks CASCADE")
    for statement in statements:
        with pytest.raises(sqlalchemy.exc.DBAPIError, match=MESSAGE):
            central.sql(statement, k=kiosk_id)
        assert central.sql("SELECT count(*) FROM central_kiosks")[0][0] == kiosks_before
        assert _attributed(central, kiosk_id) == 1


def test_a_revoked_kiosk_keeps_its_row_and_its_pushed_versions(central: Central) -> None:
    kiosk_id = _pushed_kiosk(central)
    admin.revoke_kiosk(central.db_url, kiosk_id)
    revoked = central.sql("SELECT revoked_at FROM central_kiosks WHERE id = :k", k=kiosk_id)
    assert revoked[0][0] is not None
    assert _attributed(central, kiosk_id) == 1
