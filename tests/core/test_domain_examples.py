"""The example registrations other parts use for tests and demos are valid and distinct."""

from __future__ import annotations

from kiosk.domain.examples import complete_registration
from kiosk.domain.validation import normalize_registration, validate_registration


def test_examples_are_valid_normal_and_distinct() -> None:
    seen: dict[str, set[str]] = {"nik": set(), "nib": set(), "npwp": set(), "phone": set()}
    for seed in range(1, 200, 7):
        reg = complete_registration(seed)
        assert validate_registration(reg, stage="submit") == []
        assert normalize_registration(reg).content_hash() == reg.content_hash()
        for key, value in (
            ("nik", reg.owner.nik),
            ("nib", reg.business.nib),
            ("npwp", reg.business.npwp),
            ("phone", reg.owner.phone),
        ):
            assert value not in seen[key], (key, seed)
            seen[key].add(value)
