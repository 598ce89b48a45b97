"""JSON has one number type: an integer field of the protocol takes ``3.0`` as 3 (JSON Schema
counts it as an integer, and schemathesis sends such numbers) but never ``3.5`` or ``"3"``; the
audit head's number is bounded by the central's column (a 32-bit integer on PostgreSQL), so a
larger one is a 422, not a database error."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kiosk.protocol import AuditHead


def test_an_integral_float_is_the_integer() -> None:
    head = AuditHead.model_validate({"seq": 2147483647.0, "hash": "a" * 64})
    assert head.seq == 2147483647 and type(head.seq) is int


@pytest.mark.parametrize(
    "seq", [3.5, "3", -1, 2**31, 2**53, 2**63, float("inf"), float("nan"), True]
)
def test_other_numbers_and_strings_are_refused(seq: object) -> None:
    with pytest.raises(ValidationError):
        AuditHead.model_validate({"seq": seq, "hash": "a" * 64})
