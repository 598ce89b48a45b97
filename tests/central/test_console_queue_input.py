"""Whatever a person types into the queue's search box or its address bar, the queue answers with
a page (never an error) and treats the text as data: property tests over the filter parsing and
the query it builds, run against a real SQLite central database."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.central.console.queue import QueueFilter, find, search_kind
from kiosk.central.db import make_engine, migrate, session_factory

PARAMS = (
    "q",
    "mpp",
    "kiosk",
    "regency",
    "status",
    "legal_form",
    "scale",
    "kbli",
    "date_from",
    "date_to",
    "duplicate",
    "page",
)


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    folder = tmp_path_factory.mktemp("queue-input")
    engine = make_engine(f"sqlite:///{folder / 'c.sqlite3'}")
    migrate(engine)
    try:
        with session_factory(engine)() as opened:
            yield opened
    finally:
        engine.dispose()


@settings(max_examples=150)
@given(params=st.dictionaries(st.sampled_from(PARAMS), st.text(max_size=300), max_size=8))
def test_any_query_parameters_give_a_page(session, params: dict[str, str]) -> None:
    f = QueueFilter.from_params(params)
    assert 1 <= f.page <= 100_000 and len(f.q) <= 200
    assert f.duplicate in ("", "yes", "no")
    assert all(ch.isprintable() for ch in f.q + f.kiosk + f.regency + f.kbli)
    assert QueueFilter.from_params(f.params()) == f  # the links keep the filter exactly
    page = find(session, f, None)
    assert page.rows == [] and page.total == 0 and page.page == 1


@given(st.text(max_size=60))
def test_search_kind_is_decided_by_the_text_alone(text: str) -> None:
    kind = search_kind(text)
    assert kind in ("", "identifier", "reg_no", "name")
    if kind == "identifier":
        assert sum(ch.isdigit() for ch in text) >= 8
