"""``Registration.canonical(data)`` is ``Registration.from_dict(data).to_dict()`` for any stored
JSON (the central's exports convert 100,000 versions through it): full registrations, and ones
with fields missing (older kiosks), set to null, naive or offset times, unknown choices, or values
of the wrong shape. It gives the same dict, or raises the same error."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.demo import DemoFactory
from kiosk.domain.model import Registration

FACTORY = DemoFactory(seed=11)
SAMPLES = [json.loads(json.dumps(FACTORY.make(n).to_dict())) for n in range(6)]
REPLACEMENT_VALUES: list[Any] = [
        None, "", "x", "'=1", 0, 7, 1.5, True, False, [], ["a", None], {}, {"name": "x"},
        "2026-01-02T03:04:05", "2026-01-02T03:04:05+08:00", "2026-01-02", "20260102",
        "mikro", "L", "verified", "zzz", "CV", ["62.11", 5],
]  # fmt: skip
REPLACEMENTS = st.sampled_from(REPLACEMENT_VALUES)
MADE_NOW = ("created_at", "updated_at")  # a missing one is the time of the call, on either side


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            out += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            out += _paths(inner, (*prefix, index))
    return out


def _outcome(data: dict[str, Any], convert: Any) -> tuple[str, Any]:
    try:
        return "value", convert(copy.deepcopy(data))
    except Exception as error:  # the same error type either way
        return "error", type(error)


def _known_ids(value: Any, into: set[str]) -> set[str]:
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            into.add(value["id"])
        for inner in value.values():
            _known_ids(inner, into)
    elif isinstance(value, list):
        for inner in value:
            _known_ids(inner, into)
    return into


def _without_made_ids(value: Any, known: set[str]) -> Any:
    """Ids a missing field was given (a new UUID each time) left out of the comparison."""
    if isinstance(value, dict):
        return {
            k: _without_made_ids(v, known)
            for k, v in value.items()
            if not (k == "id" and isinstance(v, str) and v not in known)
        }
    if isinstance(value, list):
        return [_without_made_ids(v, known) for v in value]
    return value


def test_a_full_registration_is_the_round_trip() -> None:
    for data in SAMPLES:
        assert Registration.canonical(copy.deepcopy(data)) == data
        assert Registration.canonical(copy.deepcopy(data)) == Registration.from_dict(data).to_dict()


@settings(max_examples=300, deadline=None)
@given(data=st.data(), sample=st.sampled_from(range(len(SAMPLES))))
def test_any_changed_registration_gives_what_the_round_trip_gives(
    data: st.DataObject, sample: int
) -> None:
    stored = copy.deepcopy(SAMPLES[sample])
    for _ in range(data.draw(st.integers(1, 4))):
        paths = _paths(stored)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        *parent_path, last = path
        parent: Any = stored
        for step in parent_path:
            parent = parent[step]
        if isinstance(parent, dict) and last not in MADE_NOW and data.draw(st.booleans()):
            del parent[last]  # a field an older kiosk did not have
        else:
            parent[last] = copy.deepcopy(data.draw(REPLACEMENTS))
    slow = _outcome(stored, lambda d: Registration.from_dict(d).to_dict())
    fast = _outcome(stored, Registration.canonical)
    known = _known_ids(stored, set())
    assert fast[0] == slow[0]
    assert _without_made_ids(fast[1], known) == _without_made_ids(slow[1], known)


def test_times_dates_and_choices_in_any_form_give_what_the_round_trip_gives() -> None:
    """Every time, date and choice field with each replacement (a random walk rarely hits them)."""
    fields = [
        ("created_at",), ("updated_at",), ("consent", "given_at"), ("owner", "birth_date"),
        ("owner", "sex"), ("business", "scale"), ("business", "legal_form"), ("status",),
        ("products", 0, "tkdn_cert_date"), ("documents", 0, "doc_type"), ("business", "kbli"),
        ("products", 0, "photos"), ("business",), ("products",),
    ]  # fmt: skip
    for path in fields:
        for replacement in REPLACEMENT_VALUES:
            stored = copy.deepcopy(SAMPLES[0])
            *parent_path, last = path
            parent: Any = stored
            for step in parent_path:
                parent = parent[step]
            parent[last] = copy.deepcopy(replacement)
            slow = _outcome(stored, lambda d: Registration.from_dict(d).to_dict())
            fast = _outcome(stored, Registration.canonical)
            known = _known_ids(stored, set())
            assert fast[0] == slow[0], (path, replacement)
            assert _without_made_ids(fast[1], known) == _without_made_ids(slow[1], known)
