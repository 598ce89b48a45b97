"""Property tests: arbitrary user text renders, offline, and is printed as given (or shortened).

The alphabet mixes Latin letters of every European language, digits and punctuation with what
breaks naive renderers: markup (``<b>``, ``<img src=...>``), ``&`` and entities, quotes, control
characters, zero-width and bidirectional format characters, emoji and CJK (not in the font).
Expected text is the documented mapping :func:`kiosk.receipts.text.printable` (pinned by the
unit tests in test_receipts_render.py), compared after whitespace normalisation.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.receipts import fonts
from kiosk.receipts.render import render_pdf, sign_facts
from kiosk.receipts.text import printable
from tests.core.test_receipts_support import (
    ISSUED,
    block_network,
    facts_of,
    keyring,
    pdf_text,
    printed_as_given,
    sample_registration,
    text_outside_page,
)

SPECIALS = [
    *"<>&\"'/=;#",
    "<b>",
    "</b>",
    '<img src="http://x/y.png"/>',
    "&amp;",
    "&#60;",
    "<para>",
    "]]>",
    "\t",
    "\n",
    "\r",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\u00a0",
    "\u00ad",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u2028",
    "😀",
    "中",
    "\ufffd",
]
LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x24F)
TEXT = st.lists(st.one_of(LATIN, st.sampled_from(SPECIALS)), max_size=60).map("".join)
LONG = st.one_of(
    # a random chunk repeated up to exactly 10,000 characters (generating 10,000 independent
    # characters per example would cost seconds each on two shared cores)
    TEXT.filter(bool).map(lambda t: (t * (10_000 // len(t) + 1))[:10_000]),
    st.just("W" * 10_000),
    st.just("kata " * 2_000),
)


@pytest.fixture
def no_network(monkeypatch):
    block_network(monkeypatch)


def _render_and_check(tmp_path, layout, business, owner, street, products):
    reg = sample_registration(name=business)
    reg.owner.full_name = owner
    reg.address.street = street
    for product, name in zip(reg.products, products, strict=False):
        product.name = name
    keys = keyring(tmp_path)
    facts = facts_of(reg)
    pdf = render_pdf(facts, sign_facts(keys, facts, ISSUED, 0), layout=layout, issued_at=ISSUED)
    text = pdf_text(pdf)
    assert text_outside_page(pdf) == []
    if layout in ("80mm", "58mm"):
        import pypdfium2 as pdfium

        assert len(pdfium.PdfDocument(pdf)) == 1  # a roll is one page of the height it needs
    glyphs = fonts.glyphs()
    checked = [business, owner, *([street, *products] if layout in ("a4", "a5") else [])]
    for value in checked:
        assert printed_as_given(printable(value, glyphs), text), value


@settings(max_examples=400)
@given(
    layout=st.sampled_from(["a4", "a5", "80mm", "58mm"]),
    business=TEXT,
    owner=TEXT,
    street=TEXT,
    products=st.lists(TEXT, min_size=3, max_size=3),
)
def test_arbitrary_texts_render_offline_as_given(
    tmp_path, no_network, layout, business, owner, street, products
):
    _render_and_check(tmp_path, layout, business, owner, street, products)


@settings(max_examples=25)
@given(layout=st.sampled_from(["a4", "a5", "80mm", "58mm"]), long=LONG, short=TEXT)
def test_ten_thousand_characters_are_shortened_never_overflow(
    tmp_path, no_network, layout, long, short
):
    _render_and_check(tmp_path, layout, long, long, long, [long, short, long])
