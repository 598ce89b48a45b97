"""The audit log's text neutralisation (user text reaches it: typed usernames)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.staff import audit


@settings(max_examples=200)
@given(st.text(), st.integers(min_value=2, max_value=300))
def test_neutral_text_is_one_bounded_line_without_control_characters(text, limit):
    out = audit.neutral(text, limit)
    assert len(out) <= limit
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in out)
    assert out == out.strip() and "  " not in out


def test_record_and_read_back_details(data_dir):
    from kiosk.store import Store

    with Store.open(data_dir) as store:
        audit.log(store, "sari", "staff.created", "id-1", {"username": "budi\r\n", "n": 3})
        (entry,) = audit.entries(store, action="staff.created")
        assert (entry.actor, entry.target, entry.details) == (
            "sari",
            "id-1",
            {"username": "budi", "n": 3},
        )
