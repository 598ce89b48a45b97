"""Masks never reveal more than the agreed characters and never raise."""

from __future__ import annotations

from hypothesis import given, settings

from kiosk.domain import mask
from tests.core.test_domain_nasty import nasty_text


def test_masks_show_only_the_agreed_parts() -> None:
    assert mask.mask_nik("6471010101900001") == "6471••••••••0001"
    assert mask.mask_nik("6471 0101 0190 0001") == "6471••••••••0001"
    assert mask.mask_npwp("01.312.166.0-091.000") == "01••••••••••000"
    assert mask.mask_npwp("6471010101900001") == "6471••••••••0001"
    assert mask.mask_account("1234567890") == "••••••7890"
    assert mask.mask_phone("+6281234567890") == "+62••••••••890"
    assert mask.mask_nib("9120000000001") == "91•••••••0001"
    assert mask.mask_email("siti.rahma@contoh.co.id") == "s•••••••••@contoh.co.id"


def test_short_values_are_not_revealed_in_full() -> None:
    assert mask.mask_nik("1234") == "•••4"
    assert mask.mask_account("123") == "•••"
    assert mask.mask_nik("") == ""
    assert mask.mask_nik(None) == ""


LIMITS = {  # characters a mask may reveal at most
    mask.mask_nik: 8,
    mask.mask_npwp: 8,  # a NIK used as NPWP shows like a NIK
    mask.mask_nib: 6,
    mask.mask_account: 4,
    mask.mask_phone: 6,  # "+", country code, last three
}


@settings(max_examples=2000)
@given(nasty_text())
def test_masks_never_raise_and_never_reveal_more_than_agreed(text: str) -> None:
    compact = "".join(c for c in text if c not in " .-\t\n")
    for fn, limit in LIMITS.items():
        out = fn(text)
        assert len(out) == len(compact)
        revealed = sum(1 for a, b in zip(out, compact, strict=True) if a == b and a != mask.MASK)
        assert revealed <= limit
        if compact.lstrip("+") and mask.MASK not in compact:
            assert out != compact
    mask.mask_email(text)
