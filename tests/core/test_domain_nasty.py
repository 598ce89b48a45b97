"""Hypothesis strategies for hostile user text, shared by the domain and reference tests."""

from __future__ import annotations

from hypothesis import strategies as st

NASTY = [
    "",
    " ",
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte-order mark
    "\u202e",  # right-to-left override
    "\u00ad",  # soft hyphen
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\t",
    "😀",
    "👨\u200d👩\u200d👧",
    "مرحبا",
    "שלום",
    "Ａ１２３",  # full-width
    "١٢٣",  # Arabic-Indic digits
    "'; DROP TABLE registrations; --",
    '" OR 1=1 --',
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "%s%n{0}{field}",
    "Robert'); DELETE FROM outbox;--",
    "Nasi Goreng Pak Joko",
    "Siti Nurhaliza",
    "6471010101900001",
    "0812-3456-7890",
    "Rp 1.250.000",
    "10710",
    "65.71.02.1001",
]


def nasty_text() -> st.SearchStrategy[str]:
    """Arbitrary Unicode, hostile fragments, their mixtures, and 10,000-character strings."""
    fragments = st.sampled_from(NASTY)
    return st.one_of(
        st.text(max_size=40),
        fragments,
        st.lists(st.one_of(fragments, st.text(max_size=8)), max_size=6).map("".join),
        st.builds(lambda c, n: c * n, st.characters(exclude_categories=["Cs"]), st.just(10_000)),
        st.builds(lambda s: (s or "x") * (10_000 // max(len(s), 1)), fragments),
    )
