"""kiosk.central.page_rows: the page batch's two statements give the same answers on SQLite and
PostgreSQL for the same cases: "referenced" is this kiosk's references only (issue 13), "stored"
any kiosk's, and the insert keeps a row another upload committed first."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.central import db, page_rows
from kiosk.central.models import PageRef, StoredPage, aware
from tests.central.helpers import Central

NOW = dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.UTC)
EARLIER = NOW - dt.timedelta(hours=1)


def _hash() -> str:
    return os.urandom(32).hex()


@pytest.fixture
def factory(central: Central) -> Iterator[sessionmaker[Session]]:
    engine = db.make_engine(central.db_url)
    yield db.session_factory(engine)
    engine.dispose()


def test_known_tells_this_kiosks_references_from_any_kiosks_stored_pages(
    central: Central, factory: sessionmaker[Session]
) -> None:
    mine, other = central.enroll().kiosk_id, central.enroll().kiosk_id
    referenced, stored_by_other, theirs_only, both, unknown = (_hash() for _ in range(5))
    with factory.begin() as session:
        session.add_all(PageRef(kiosk_id=mine, sha256=sha) for sha in (referenced, both))
        session.add(PageRef(kiosk_id=other, sha256=theirs_only))
        session.add_all(
            StoredPage(sha256=sha, size=10, media_type="image/jpeg", kiosk_id=other)
            for sha in (stored_by_other, both)
        )
    asked = [referenced, stored_by_other, theirs_only, both, unknown]
    with factory() as session:
        assert page_rows.known(session, mine, asked) == (
            {referenced, both},
            {stored_by_other, both},
        )
        assert page_rows.known(session, mine, []) == (set(), set())
        assert page_rows.known(session, mine, [both, both]) == ({both}, {both})


def test_insert_adds_the_new_rows_and_keeps_one_already_there(
    central: Central, factory: sessionmaker[Session]
) -> None:
    mine, other = central.enroll().kiosk_id, central.enroll().kiosk_id
    first, new_a, new_b = _hash(), _hash(), _hash()
    with factory.begin() as session:  # another upload of the same page committed first
        session.add(
            StoredPage(sha256=first, size=7, media_type="", kiosk_id=other, stored_at=EARLIER)
        )
    rows = {first: (99, "image/png"), new_a: (11, "image/jpeg"), new_b: (12, "application/pdf")}
    with factory.begin() as session:
        page_rows.insert(session, mine, rows, NOW)
        page_rows.insert(session, mine, {}, NOW)  # nothing to insert: no statement
    with factory() as session:
        found = {
            page.sha256: (page.size, page.media_type, page.kiosk_id, aware(page.stored_at))
            for page in session.scalars(select(StoredPage).where(StoredPage.sha256.in_(rows)))
        }
    assert found == {
        first: (7, "", other, EARLIER),
        new_a: (11, "image/jpeg", mine, NOW),
        new_b: (12, "application/pdf", mine, NOW),
    }


def test_hashes_the_joined_text_cannot_carry_go_as_arrays_with_the_same_answers(
    central: Central, factory: sessionmaker[Session]
) -> None:
    """PostgreSQL gets a batch's hashes as one comma-joined text; one holding a comma (or an
    empty one) would split into other hashes, so such a batch goes as arrays: "a,b" is neither
    "a" nor "b". Media types (commas allowed) keep their own page, repeated or not."""
    mine = central.enroll().kiosk_id
    left, right = _hash()[:31], _hash()[:31]
    odd = f"{left},{right}"  # 63 characters: a column holds 64
    with factory.begin() as session:
        session.add_all(PageRef(kiosk_id=mine, sha256=sha) for sha in (left, right))
    with factory() as session:
        assert page_rows.known(session, mine, [odd]) == (set(), set())
        assert page_rows.known(session, mine, [odd, left, ""]) == ({left}, set())
        assert page_rows.known(session, mine, [left, right]) == ({left, right}, set())
    plain = {sha: (n, media) for n, (sha, media) in enumerate(
        [(_hash(), "image/x,y"), (_hash(), "image/jpeg"), (_hash(), "image/x,y")], start=1
    )}  # fmt: skip
    with factory.begin() as session:
        page_rows.insert(session, mine, {odd: (5, "image/jpeg")}, NOW)
        page_rows.insert(session, mine, plain, NOW)
    with factory() as session:
        found = {
            page.sha256: (page.size, page.media_type)
            for page in session.scalars(select(StoredPage).where(StoredPage.kiosk_id == mine))
        }
    assert found == {odd: (5, "image/jpeg"), **plain}
