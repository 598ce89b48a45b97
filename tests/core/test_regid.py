"""Issue 13.1: registration IDs bound to the kiosk's signing key (kiosk.security.regid).

An ID made by one key verifies under that key and under no other; an untagged UUIDv7 of an older
kiosk is accepted as new only when made before the cutoff; the store gives every new registration
an ID of its own key and never changes the ID of one it holds.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.examples import complete_registration
from kiosk.domain.model import Registration
from kiosk.security import regid
from kiosk.store import Store

keys = st.binary(min_size=32, max_size=32)
millis = st.integers(min_value=0, max_value=253_402_300_798_000)  # up to the year 9999
CUTOFF = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)


def uuid7_at(ms: int) -> str:
    """A plain UUIDv7 (an older kiosk's ID) made at ``ms``."""
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms << 80) | (0x7 << 76) | ((rand >> 62) & 0xFFF) << 64 | (0b10 << 62)
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


@given(keys, keys, millis)
def test_an_id_verifies_under_its_own_key_and_no_other(own: bytes, other: bytes, ms: int) -> None:
    made = regid.mint(own, now_ms=ms)
    assert regid.is_tagged(made)
    assert regid.made_by(made, own)
    assert regid.accepted_as_new(made, own, CUTOFF)  # a tagged ID is judged by its key alone
    if other != own:
        assert not regid.made_by(made, other)
        assert not regid.accepted_as_new(made, other, CUTOFF)


@given(keys, millis)
def test_an_id_keeps_the_uuid_form_and_its_time(key: bytes, ms: int) -> None:
    made = regid.mint(key, now_ms=ms)
    value = uuid.UUID(made)
    assert str(value) == made and value.version == 8 and value.variant == uuid.RFC_4122
    at = regid.made_at(made)
    assert at is not None and at >= dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


@given(keys, st.integers(0, 127))
def test_any_changed_bit_of_the_time_sequence_or_tag_fails(key: bytes, bit: int) -> None:
    made = uuid.UUID(regid.mint(key))
    changed = str(uuid.UUID(int=made.int ^ (1 << bit)))
    assert not regid.made_by(changed, key)


def test_ids_are_unique_and_ordered_in_a_burst() -> None:
    key = os.urandom(32)
    made = [regid.mint(key) for _ in range(20_000)]  # many in each millisecond
    assert len(set(made)) == len(made)
    assert made == sorted(made)
    assert all(regid.made_by(m, key) for m in made[::997])


@given(keys, st.integers(min_value=1, max_value=10**9))
def test_an_untagged_uuid7_is_new_only_when_made_before_the_cutoff(key: bytes, gap: int) -> None:
    cutoff_ms = int(CUTOFF.timestamp() * 1000)
    assert regid.accepted_as_new(uuid7_at(cutoff_ms - gap), key, CUTOFF)
    assert not regid.accepted_as_new(uuid7_at(cutoff_ms + gap - 1), key, CUTOFF)


def test_other_ids_are_never_accepted_as_new() -> None:
    key = os.urandom(32)
    assert not regid.accepted_as_new(str(uuid.uuid4()), key, CUTOFF)
    assert not regid.accepted_as_new(regid.mint(key).upper(), key, CUTOFF)  # not canonical
    assert not regid.accepted_as_new("not-an-id", key, CUTOFF)


@pytest.fixture
def store(data_dir: Path):
    with Store.open(data_dir) as s:
        yield s


def test_the_store_gives_new_registrations_ids_of_its_key(store: Store) -> None:
    raw = store.keys.signing_public_raw
    assert regid.made_by(store.new_registration().id, raw)
    draft = Registration()  # made without the store: a plain UUIDv7
    saved = store.save_draft(draft, staff_id="s1", step="business")
    assert regid.made_by(saved.id, raw) and draft.id == saved.id  # the caller's object follows
    reg = complete_registration(1)
    submitted = store.submit(reg, staff_id="s1")
    assert regid.made_by(submitted.id, raw) and reg.id == submitted.id
    store.bulk_submit([complete_registration(2)], staff_id="s1")
    assert all(regid.made_by(item.registration_id, raw) for item in store.outbox_pending())


def test_a_stored_registration_keeps_its_older_id(store: Store) -> None:
    """A draft made before this change keeps its plain UUIDv7 when saved again and submitted (a
    receipt or the central may know it); only a new registration is given an ID."""
    older = uuid7_at(int(CUTOFF.timestamp() * 1000) - 86_400_000)
    reg = complete_registration(3)
    reg.id = older
    with store._write() as session:  # stored as an older kiosk stored it
        from kiosk.store.writes import prepare

        store._put(session, None, prepare(reg, "draft", None), staff_id="s1", step="review")
    again = store.save_draft(store.get(older), staff_id="s1", step="review")
    assert again.id == older
    assert store.submit(again, staff_id="s1").id == older
    assert [i.registration_id for i in store.outbox_pending()] == [older]


def test_an_imported_registration_keeps_the_files_id(store: Store) -> None:
    reg = complete_registration(4)
    reg.reg_no = "TOTHER-20261201-0001"
    foreign = reg.id  # another kiosk's export: its IDs travel with the file
    assert store.submit_imported(reg, staff_id="s1").id == foreign


def _tagged_by_parsing(text: str) -> bool:
    """The rule as ``uuid.UUID`` reads it (what is_tagged read before it looked at the text)."""
    try:
        value = uuid.UUID(text)
    except ValueError:
        return False
    return str(value) == text and value.version == 8 and value.variant == uuid.RFC_4122


@given(keys, millis, st.integers(0, 35), st.sampled_from("0123456789abcdefABCDEF-{}xg "))
def test_reading_the_text_agrees_with_parsing_it(key: bytes, ms: int, at: int, char: str) -> None:
    made = regid.mint(key, now_ms=ms)
    for text in (
        made,
        made[:at] + char + made[at + 1 :],  # one character changed
        made[:at] + made[at + 1 :],  # one removed
        made.replace("-", ""),
        made.upper(),
        "{" + made + "}",
        "urn:uuid:" + made,
        str(uuid.UUID(int=uuid.UUID(made).int ^ (1 << (at * 3 + 1) % 128))),
    ):
        assert regid.is_tagged(text) == _tagged_by_parsing(text), text
        assert regid.made_by(text, key) == (text == made), text
