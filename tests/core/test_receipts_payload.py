"""The signed QR payload: compact, no full NIK, every tampered byte detected."""

from __future__ import annotations

import base64

import pytest

from kiosk.errors import UserFacingError
from kiosk.receipts.keys import load_public
from kiosk.receipts.payload import PREFIX, parse
from kiosk.receipts.render import sign_facts
from kiosk.receipts.verification import verify_text
from kiosk.security.keys import KeyRing
from tests.core.test_receipts_support import (
    ISSUED,
    NIK,
    facts_of,
    keyring,
    sample_registration,
    trusted,
)


@pytest.fixture
def signed(tmp_path):
    keys = keyring(tmp_path)
    facts = facts_of(sample_registration())
    return keys, facts, sign_facts(keys, facts, ISSUED, copy_no=2)


def test_round_trip_states_the_registration_and_kiosk(signed):
    keys, facts, text = signed
    result = verify_text(text, trusted(keys))
    assert result.valid, result.text("en")
    claim = result.claim
    assert claim.registration_id == facts.registration_id
    assert claim.reg_no == "K7X2-20261125-0001"
    assert claim.version == facts.version
    assert claim.issued_at == ISSUED
    assert claim.copy_no == 2
    assert claim.key_id == keys.signing_key_id
    assert claim.nik_masked == "6471••••••••0001" == facts.nik_masked
    assert claim.facts_digest == facts.digest()
    assert result.kiosk_id == "kiosk-1"
    assert "K7X2-20261125-0001" in result.text("id") and result.text("en").startswith("VALID")


def test_payload_is_compact_and_never_holds_the_full_nik(signed):
    _, _, text = signed
    assert text.startswith(PREFIX) and len(text) <= 200
    raw = base64.urlsafe_b64decode(text[len(PREFIX) :] + "==")
    assert NIK.encode() not in raw and NIK not in text
    assert b"01019000" not in raw  # the hidden middle of the NIK (birth date) is not there


def test_every_changed_byte_of_payload_or_signature_is_detected(signed):
    keys, _, text = signed
    known = trusted(keys)
    raw = base64.urlsafe_b64decode(text[len(PREFIX) :] + "==")
    for i in range(len(raw)):
        forged = bytearray(raw)
        forged[i] ^= 0x01
        forged_text = PREFIX + base64.urlsafe_b64encode(bytes(forged)).rstrip(b"=").decode()
        result = verify_text(forged_text, known)
        assert not result.valid, f"byte {i} changed but still valid"
        assert result.code in {
            "receipts.verify.bad_signature",
            "receipts.verify.malformed",
            "receipts.verify.unknown_key",
        }


def test_a_changed_character_of_the_text_is_detected(signed):
    keys, _, text = signed
    for i in range(len(PREFIX), len(text)):
        replacement = "A" if text[i] != "A" else "B"
        assert not verify_text(text[:i] + replacement + text[i + 1 :], trusted(keys)).valid


def test_another_kiosks_key_is_unknown_until_remembered(signed, tmp_path):
    keys, _, text = signed
    other = KeyRing.load_or_create(tmp_path / "other")
    result = verify_text(text, trusted(other))
    assert not result.valid and result.code == "receipts.verify.unknown_key"
    assert keys.signing_key_id in result.text("en")


def test_a_signature_by_another_key_under_this_key_id_is_invalid(signed, tmp_path):
    keys, facts, _ = signed
    impostor = KeyRing.load_or_create(tmp_path / "impostor")
    forged = sign_facts(impostor, facts, ISSUED, 0)
    # claim the genuine kiosk's key id: re-sign the body with the impostor's key
    claim, _, _ = parse(forged)
    body = claim.body().replace(
        bytes.fromhex(impostor.signing_key_id), bytes.fromhex(keys.signing_key_id)
    )
    from kiosk.receipts.payload import SIGNATURE_CONTEXT

    sig = impostor.signing_key.sign(SIGNATURE_CONTEXT + body)
    text = PREFIX + base64.urlsafe_b64encode(body + sig).rstrip(b"=").decode()
    result = verify_text(text, trusted(keys))
    assert not result.valid and result.code == "receipts.verify.bad_signature"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("https://example.com/", "receipts.verify.not_receipt"),
        ("", "receipts.verify.not_receipt"),
        ("KR1.", "receipts.verify.malformed"),
        ("KR1.!!!!", "receipts.verify.malformed"),
        ("KR1." + "A" * 300, "receipts.verify.malformed"),
    ],
)
def test_garbage_is_refused_with_a_reason(text, code, tmp_path):
    result = verify_text(text, trusted(keyring(tmp_path)))
    assert not result.valid and result.code == code
    assert result.text("id") and result.text("en") != result.text("id")


def test_remembered_key_must_match_its_key_id(tmp_path):
    keys = keyring(tmp_path)
    pem = keys.signing_public_pem()
    assert load_public(pem, keys.signing_key_id) is not None
    with pytest.raises(UserFacingError):
        load_public(pem, "0" * 16)
    with pytest.raises(UserFacingError):
        load_public(b"-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n")
