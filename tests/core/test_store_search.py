"""Search: names (prefix, misspelt), exact identifiers in any spelling, numbers, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.demo import DemoFactory
from kiosk.domain.examples import complete_registration
from kiosk.domain.ids import format_npwp
from kiosk.store import Store


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory):
    data_dir = tmp_path_factory.mktemp("search") / "data"
    store = Store.open(data_dir)
    factory = DemoFactory(seed=21, kiosk_id=store.kiosk_id)
    regs = store.bulk_submit([factory.make(n) for n in range(150)], staff_id="t")
    target = complete_registration(77)
    target.business.name = "CV Sumber Rejeki Sebatik"
    target.bank.holder_name = target.business.name
    target.owner.full_name = "Theresia Lawing"
    saved = store.submit(target, staff_id="t")
    yield store, saved
    store.close()
    assert regs


def _ids(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.id for h in hits]


def test_name_prefix_finds_it_first(filled) -> None:  # type: ignore[no-untyped-def]
    store, reg = filled
    for query in ("CV Sumber Rej", "sumber rejeki", "SUMBER", "Theresia Law", "rejeki sebatik"):
        hits = store.search(query)
        assert reg.id in _ids(hits), query
    assert store.search("CV Sumber Rej")[0].id == reg.id


def test_misspelt_names_are_found(filled) -> None:  # type: ignore[no-untyped-def]
    store, reg = filled
    for query in ("Sumbr Rejeki", "Sumber Rezeki Sebatk", "Teresia Lawing", "sumber rejekki"):
        assert reg.id in _ids(store.search(query))[:5], query


def test_identifiers_in_any_usual_spelling(filled) -> None:  # type: ignore[no-untyped-def]
    store, reg = filled
    nik = reg.owner.nik
    phone_local = "0" + reg.owner.phone.removeprefix("+62")
    for query in (
        nik,
        f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}",
        reg.business.nib,
        reg.business.npwp,
        format_npwp(reg.business.npwp),
        reg.owner.phone,
        phone_local,
        f"{phone_local[:4]}-{phone_local[4:8]}-{phone_local[8:]}",
        reg.reg_no,
        reg.reg_no.lower(),
    ):
        assert _ids(store.search(query))[:1] == [reg.id], query
    assert store.search(nik[:10]) == []  # partial numbers are not stored, so not findable
    assert store.search(nik[:15] + ("1" if nik[15] != "1" else "2")) == []


def test_query_syntax_is_text_not_commands(filled) -> None:  # type: ignore[no-untyped-def]
    store, _ = filled
    for query in (
        '"',
        "*",
        "NEAR(a b)",
        "a OR b",
        "sumber AND NOT x",
        "^x",
        "'; DROP TABLE x;--",
        "business_name:sumber",
        "(",
        ")",
        "-",
        "\x00",
    ):
        assert isinstance(store.search(query), list)
    assert store.count_registrations() == 151


def test_limit_and_empty(filled) -> None:  # type: ignore[no-untyped-def]
    store, _ = filled
    assert store.search("") == [] and store.search("   ") == []
    assert len(store.search("CV", limit=5)) <= 5


def test_duplicates_by_nik_nib_npwp(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        first = store.submit(complete_registration(1), staff_id="t")
        other = store.submit(complete_registration(2), staff_id="t")
        assert store.find_duplicates(first) == []  # itself is no duplicate
        new = complete_registration(3)
        new.owner.nik = first.owner.nik
        new.business.nib = other.business.nib
        new.business.npwp = format_npwp(first.business.npwp)  # spelled differently
        found = {(d.field, d.summary.id) for d in store.find_duplicates(new)}
        assert found == {
            ("owner.nik", first.id),
            ("business.nib", other.id),
            ("business.npwp", first.id),
        }
        dup = next(d for d in store.find_duplicates(new) if d.field == "owner.nik")
        assert (
            dup.summary.reg_no == first.reg_no and dup.summary.owner_name == first.owner.full_name
        )
