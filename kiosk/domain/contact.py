"""Phone (WhatsApp) and e-mail of the person in charge.

Phone: parsed with phonenumbers for region ID, so ``0812-3456-7890``, ``+62 812 3456 7890`` and
``62812…`` all become ``+6281234567890`` (E.164, what is stored). Decision: **only mobile numbers**
are accepted, because the number is used for WhatsApp notices about the registration and Indonesian
WhatsApp accounts are on mobile numbers; a landline (``0551 …``) gets a message saying so. Numbers
of other countries are refused too: the supplier is Indonesian and the notices go through an
Indonesian gateway.

E-mail: email-validator with ``check_deliverability=False`` (the kiosk is often offline; a DNS
lookup would make validation slow or flaky). The stored form is the normalised address
(Unicode-normalised, domain lower-cased).
"""

from __future__ import annotations

import phonenumbers

from kiosk.domain.issues import FieldError
from kiosk.i18n import register
from kiosk.text import TextKind, check_text

_MOBILE = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
MAX_PHONE_INPUT = 40
MAX_EMAIL = 254


def normalize_phone(text: str, *, field: str = "owner.phone") -> str:
    """E.164 (``+6281234567890``) or :class:`FieldError` (``validation.phone.*``)."""
    raw = text.strip()
    if not raw:
        raise FieldError(field, "validation.required")
    if len(raw) > MAX_PHONE_INPUT or check_text(raw, TextKind.LINE, MAX_PHONE_INPUT):
        raise FieldError(field, "validation.phone.format")
    if raw.startswith("62") and not raw.startswith("+"):
        raw = "+" + raw  # people often type 62812… without the plus
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        raise FieldError(field, "validation.phone.format") from None
    if number.country_code != 62:
        raise FieldError(field, "validation.phone.country")
    if not phonenumbers.is_valid_number(number):
        raise FieldError(field, "validation.phone.invalid")
    if phonenumbers.number_type(number) not in _MOBILE:
        raise FieldError(field, "validation.phone.not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(text: str, *, field: str = "owner.phone") -> str:
    """Alias of :func:`normalize_phone` (it validates while it normalises)."""
    return normalize_phone(text, field=field)


def format_phone(e164: str) -> str:
    """Display form as people write it in Indonesia: ``0812-3456-7890``."""
    try:
        number = phonenumbers.parse(e164, "ID")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def validate_email(text: str, *, field: str = "owner.email") -> str:
    """The normalised address or :class:`FieldError` (``validation.email.*``). No DNS lookups."""
    raw = text.strip()
    if not raw:
        raise FieldError(field, "validation.required")
    if len(raw) > MAX_EMAIL:
        raise FieldError(field, "validation.email.invalid")
    from email_validator import EmailNotValidError  # ~30 ms to import: only when needed
    from email_validator import validate_email as _validate_email

    try:
        result = _validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        raise FieldError(field, "validation.email.invalid") from None
    return result.normalized


register(
    {
        "validation.phone.format": {
            "id": "{field} tidak terbaca sebagai nomor telepon. Contoh: 0812-3456-7890.",
            "en": "{field} is not readable as a phone number. Example: 0812-3456-7890.",
        },
        "validation.phone.country": {
            "id": "{field} harus nomor Indonesia (+62).",
            "en": "{field} must be an Indonesian number (+62).",
        },
        "validation.phone.invalid": {
            "id": "{field} bukan nomor Indonesia yang sah. Periksa jumlah angka.",
            "en": "{field} is not a valid Indonesian number. Check the number of digits.",
        },
        "validation.phone.not_mobile": {
            "id": "{field} harus nomor ponsel (WhatsApp), bukan telepon rumah/kantor.",
            "en": "{field} must be a mobile (WhatsApp) number, not a landline.",
        },
        "validation.email.invalid": {
            "id": "{field} bukan alamat e-mail yang sah. Contoh: nama@contoh.co.id.",
            "en": "{field} is not a valid e-mail address. Example: name@example.co.id.",
        },
    }
)
