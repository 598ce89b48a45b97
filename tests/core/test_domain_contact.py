"""Phone (mobile, E.164) and e-mail (no DNS) rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from kiosk.domain import contact
from kiosk.domain.issues import FieldError
from tests.core.test_domain_nasty import nasty_text


@pytest.mark.parametrize(
    "text",
    ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "6281234567890", "62 812-3456-7890"],
)
def test_mobile_numbers_in_every_usual_form_become_e164(text: str) -> None:
    assert contact.normalize_phone(text) == "+6281234567890"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("0551 21234", "validation.phone.not_mobile"),  # Tarakan landline
        ("(021) 5551234", "validation.phone.not_mobile"),
        ("+1 202 555 0123", "validation.phone.country"),
        ("08123", "validation.phone.invalid"),
        ("nomor saya", "validation.phone.format"),
        ("0812\u200b34567890", "validation.phone.format"),
        ("", "validation.required"),
    ],
)
def test_rejected_phone_numbers_say_why(text: str, code: str) -> None:
    with pytest.raises(FieldError) as info:
        contact.normalize_phone(text)
    assert info.value.code == code
    assert "WhatsApp" in info.value.text("id")  # the label names the field


def test_phone_display_form() -> None:
    assert contact.format_phone("+6281234567890") == "0812-3456-7890"


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("siti@contoh.co.id", "siti@contoh.co.id"),
        ("Budi.Santoso@Contoh.CO.ID", "Budi.Santoso@contoh.co.id"),
    ],
)
def test_email_is_normalised_without_dns(text: str, normal: str) -> None:
    assert contact.validate_email(text) == normal


@pytest.mark.parametrize(
    "text", ["siti@", "@contoh.co.id", "siti contoh@x.id", "siti@@x.id", "a@b"]
)
def test_bad_email_is_rejected(text: str) -> None:
    with pytest.raises(FieldError) as info:
        contact.validate_email(text)
    assert info.value.code == "validation.email.invalid"
    assert "E-mail" in info.value.text("en")


@settings(max_examples=2000)
@given(nasty_text())
def test_phone_and_email_never_crash(text: str) -> None:
    for fn, field in (
        (contact.normalize_phone, "owner.phone"),
        (contact.validate_email, "owner.email"),
    ):
        try:
            normal = fn(text)
        except FieldError as exc:
            assert exc.field == field and exc.text("id") and exc.text("en")
        else:
            assert fn(normal) == normal
