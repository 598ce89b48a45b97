"""The UU 27/2022 consent text and the record kept of it."""

from __future__ import annotations

import hashlib

from kiosk.domain import consent
from kiosk.domain.examples import complete_registration
from kiosk.domain.validation import validate_registration


def test_current_consent_in_both_languages() -> None:
    version_id, sha_id, text_id = consent.current_consent("id")
    version_en, sha_en, text_en = consent.current_consent("en")
    assert version_id == version_en == consent.versions()[-1]
    assert sha_id == hashlib.sha256(text_id.encode()).hexdigest()
    assert sha_id != sha_en
    for words in (
        ("UU", "27", "LKPP", "tujuan", "hak", "menarik kembali"),
        ("27", "LKPP", "withdraw"),
    ):
        text = text_id if words[0] == "UU" else text_en
        for word in words:
            assert word in text


def test_record_and_check() -> None:
    record = consent.record_consent("en", staff_id="s1", kiosk_id="k1")
    assert consent.is_known(record.text_version, record.text_sha256)
    assert record.purpose == consent.PURPOSE and record.given_at is not None
    assert not consent.is_known(record.text_version, "0" * 64)


def test_submit_needs_a_known_consent() -> None:
    reg = complete_registration(2)
    assert not [i for i in validate_registration(reg, stage="submit") if i.field == "consent"]
    reg.consent.text_sha256 = "f" * 64
    codes = {i.code for i in validate_registration(reg, stage="submit") if i.field == "consent"}
    assert codes == {"validation.consent.unknown"}
    reg.consent.given_at = None
    codes = {i.code for i in validate_registration(reg, stage="submit") if i.field == "consent"}
    assert codes == {"validation.consent.missing"}
    assert not [i for i in validate_registration(reg, stage="draft") if i.field == "consent"]


def test_consent_text_tuple_has_named_parts() -> None:
    text = consent.current_consent("id")
    version, sha, body = text
    assert (text.version, text.sha256, text.text) == (version, sha, body)
    assert text.purpose == consent.PURPOSE
