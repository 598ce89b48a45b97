"""KBLI 2020 table and search."""

from __future__ import annotations

from kiosk.reference import Reference


def test_kbli_table() -> None:
    ref = Reference.load()
    assert ref.kbli_count() == 1789
    roti = ref.kbli("10710")
    assert roti is not None and roti.title == "INDUSTRI PRODUK ROTI DAN KUE"
    assert roti.category == "C" and roti.category_title == "INDUSTRI PENGOLAHAN"
    assert roti.group_title == "INDUSTRI MAKANAN"
    assert roti.display_title == "Industri Produk Roti Dan Kue"
    for retired in ("62010", "93232", "61925"):  # KBLI 2015 codes
        assert ref.kbli(retired) is None
    assert ref.kbli("92000") is not None and ref.kbli("99000") is not None


def test_kbli_search() -> None:
    ref = Reference.load()
    assert [e.code for e in ref.search_kbli("1071")] == ["10710"]
    assert all(e.code.startswith("47") for e in ref.search_kbli("47", limit=100))
    titles = [e.title for e in ref.search_kbli("roti")]
    assert titles and all("ROTI" in t for t in titles)
    assert ref.search_kbli("industri roti")[0].code == "10710"
    assert ref.search_kbli("") == []
