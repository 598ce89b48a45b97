"""PP 7/2021 Pasal 35 thresholds, at and around every boundary."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.model import Scale
from kiosk.domain.scale import suggest_scale

M = 1_000_000_000


@pytest.mark.parametrize(
    ("capital", "scale"),
    [
        (0, Scale.MIKRO),
        (1 * M, Scale.MIKRO),  # "paling banyak": the bound itself is inside
        (1 * M + 1, Scale.KECIL),
        (5 * M, Scale.KECIL),
        (5 * M + 1, Scale.MENENGAH),
        (10 * M, Scale.MENENGAH),
        (10 * M + 1, Scale.BESAR),
    ],
)
def test_capital_thresholds(capital: int, scale: Scale) -> None:
    assert suggest_scale(capital, None)[0] is scale


@pytest.mark.parametrize(
    ("sales", "scale"),
    [
        (2 * M, Scale.MIKRO),
        (2 * M + 1, Scale.KECIL),
        (15 * M, Scale.KECIL),
        (15 * M + 1, Scale.MENENGAH),
        (50 * M, Scale.MENENGAH),
        (50 * M + 1, Scale.BESAR),
    ],
)
def test_sales_thresholds_when_capital_is_missing(sales: int, scale: Scale) -> None:
    found, rule = suggest_scale(None, sales)
    assert found is scale
    assert "hasil penjualan tahunan" in rule and "ayat (5)" in rule


def test_capital_decides_and_the_rule_says_so_when_sales_disagree() -> None:
    scale, rule = suggest_scale(800_000_000, 3 * M)
    assert scale is Scale.MIKRO
    assert "Rp 800.000.000 ≤ Rp 1.000.000.000" in rule
    assert "kecil" in rule and "ayat (2)" in rule
    scale, rule_en = suggest_scale(800_000_000, 3 * M, "en")
    assert "Rp 800,000,000 ≤ Rp 1,000,000,000" in rule_en and "small" in rule_en


def test_no_figures_no_suggestion() -> None:
    scale, rule = suggest_scale(None, None)
    assert scale is None and "PP 7/2021" in rule


@settings(max_examples=2000)
@given(st.integers(0, 10**14), st.one_of(st.none(), st.integers(0, 10**14)))
def test_suggestion_is_monotonic_in_capital(capital: int, sales: int | None) -> None:
    order = list(Scale)
    lower = suggest_scale(capital, sales)[0]
    higher = suggest_scale(capital + 1, sales)[0]
    assert lower is not None and higher is not None
    assert order.index(lower) <= order.index(higher)
