"""Regions: complete tables, look-ups, and the village type-ahead."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from kiosk.reference import Reference
from tests.core.test_domain_nasty import nasty_text


@pytest.fixture(scope="module")
def ref() -> Reference:
    return Reference.load()


def test_counts_match_the_source(ref: Reference) -> None:
    assert ref.counts() == {"province": 38, "regency": 514, "district": 7285, "village": 83762}
    assert len(ref.provinces()) == 38


def test_kalimantan_utara(ref: Reference) -> None:
    regencies = ref.regencies("65")
    assert [r.name for r in regencies] == [
        "Kabupaten Bulungan",
        "Kabupaten Malinau",
        "Kabupaten Nunukan",
        "Kabupaten Tana Tidung",
        "Kota Tarakan",
    ]
    districts = [d for r in regencies for d in ref.districts(r.code)]
    assert len(districts) == 55
    assert sum(len(ref.villages(d.code)) for d in districts) == 482


def test_region_and_path(ref: Reference) -> None:
    village = ref.region("65.71.02.1001")
    assert village is not None and village.level == "village" and village.parent_code == "65.71.02"
    assert [r.level for r in ref.region_path(village.code)] == [
        "province",
        "regency",
        "district",
        "village",
    ]
    assert ref.region("65.71.99") is None and ref.region("") is None and ref.region_path("x") == []
    assert ref.villages("65.71") == [] and ref.regencies("65.71") == []


def test_search_finds_a_village_with_its_full_path(ref: Reference) -> None:
    hits = ref.search_villages("sebengkok")
    assert hits[0].label == "Sebengkok, Kec. Tarakan Tengah, Kota Tarakan, Kalimantan Utara"
    assert hits[0].code.startswith("65.71.")
    assert hits[0].kind == "kelurahan"
    assert ref.village_hit(hits[0].code) == hits[0]


def test_search_ranking_prefix_first_then_words_then_path(ref: Reference) -> None:
    hits = ref.search_villages("sido", limit=50)
    assert all(h.name.lower().startswith("sido") for h in hits)
    words = ref.search_villages("rejo", limit=500)
    first_non_prefix = next(i for i, h in enumerate(words) if not h.name.lower().startswith("rejo"))
    assert all(not h.name.lower().startswith("rejo") for h in words[first_non_prefix:])
    both = ref.search_villages("karang anyar tarakan")
    assert both and all("Tarakan" in h.label for h in both)
    inside = ref.search_villages("bengkok")
    assert any(h.name == "Sebengkok" for h in inside)


def test_search_folds_case_accents_and_punctuation(ref: Reference) -> None:
    assert ref.search_villages("SEBENGKOK") == ref.search_villages("Sébengkok")
    assert ref.search_villages("soka'an")[0].name == ref.search_villages("sokaan")[0].name
    assert ref.search_villages("") == [] and ref.search_villages("   ") == []
    assert len(ref.search_villages("a", limit=7)) == 7


@settings(max_examples=1000)
@given(nasty_text())
def test_search_never_crashes(text: str) -> None:
    ref = Reference.load()
    hits = ref.search_villages(text, limit=5)
    assert len(hits) <= 5
    ref.search_kbli(text, limit=5)


def test_concurrent_first_use_gives_one_instance_and_consistent_results() -> None:
    from concurrent.futures import ThreadPoolExecutor

    Reference.reset()
    try:
        with ThreadPoolExecutor(4) as pool:
            refs = list(pool.map(lambda _: Reference.load(), range(4)))
            labels = list(
                pool.map(lambda q: Reference.load().search_villages(q)[0].label, ["sebengkok"] * 4)
            )
        assert all(r is refs[0] for r in refs)
        assert len(set(labels)) == 1
    finally:
        Reference.reset()


def test_misspelt_names_are_found_only_when_nothing_else_matches(ref: Reference) -> None:
    assert ref.search_villages("sebengkog")[0].name == "Sebengkok"
    assert ref.search_villages("karang anyr")[0].name == "Karang Anyar"
    assert ref.search_villages("qqqzzzxxx") == []
    exact = ref.search_villages("sebengkok")
    assert [h.name for h in exact] == ["Sebengkok"]  # no fuzzy noise when there is a real match
