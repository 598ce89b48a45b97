"""Identifiers as the store indexes them: normalised by the domain's rules, then blind-indexed.

The same normalisation runs when a registration is saved and when a search text or a duplicate
check looks it up, so ``0812-3456-7890`` finds ``+6281234567890`` and a dotted NPWP finds the bare
digits. A value the domain's normaliser rejects is not indexed (a half-typed NIK in a draft is no
use for look-ups and must not match another record by accident).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kiosk.domain.model import Registration
from kiosk.security.keys import KeyRing

_LONG_DIGITS = re.compile(r"\d{7,}")
KINDS = ("nik", "nib", "npwp", "phone")
FIELDS = {
    "nik": "owner.nik",
    "nib": "business.nib",
    "npwp": "business.npwp",
    "phone": "owner.phone",
}


def _digits(text: str, lengths: tuple[int, ...]) -> str:
    from kiosk.domain.ids import normalize_nik  # separators removed, the domain's way
    from kiosk.text import is_ascii_digits

    number = normalize_nik(text)
    if not is_ascii_digits(number) or len(number) not in lengths:
        raise ValueError("not this kind of number")
    return number


def _normalize_nik(text: str) -> str:
    return _digits(text, (16,))


def _normalize_npwp(text: str) -> str:
    from kiosk.domain.ids import normalize_npwp

    return _digits(normalize_npwp(text), (15, 16))


def _normalize_nib(text: str) -> str:
    from kiosk.domain.ids import NIB_LENGTH

    return _digits(text, (NIB_LENGTH,))


def _normalize_phone(text: str) -> str:
    from kiosk.domain.contact import normalize_phone

    return normalize_phone(text)


_NORMALIZERS: dict[str, Callable[[str], str]] = {
    "nik": _normalize_nik,
    "nib": _normalize_nib,
    "npwp": _normalize_npwp,
    "phone": _normalize_phone,
}


def normalize(kind: str, text: str) -> str | None:
    """The canonical form of ``text`` as a ``kind`` identifier, or None if it is not one.

    Shape only (digits and length; phones through phonenumbers): checksums and the region table
    are the validator's business, and a search must not load the region table.
    """
    text = (text or "").strip()
    if not text or len(text) > 64 or sum(ch.isdigit() for ch in text) < 8:
        return None  # every identifier kind has at least 8 digits: skip the parsers' imports
    try:
        value = _NORMALIZERS[kind](text)
    except Exception:
        return None
    return value or None


def identifier_values(reg: Registration) -> dict[str, str]:
    raw = {
        "nik": reg.owner.nik,
        "nib": reg.business.nib,
        "npwp": reg.business.npwp,
        "phone": reg.owner.phone,
    }
    return {kind: value for kind, value in raw.items() if value}


def blind_indexes(keys: KeyRing, reg: Registration) -> dict[str, str | None]:
    """``{kind: blind index or None}`` for the registration's identifiers."""
    values = identifier_values(reg)
    out: dict[str, str | None] = {}
    for kind in KINDS:
        normalized = normalize(kind, values.get(kind, ""))
        out[kind] = keys.blind_index(kind, normalized) if normalized else None
    return out


def query_indexes(keys: KeyRing, text: str) -> dict[str, str]:
    """Blind indexes of every identifier kind that ``text`` could be."""
    out = {}
    for kind in KINDS:
        normalized = normalize(kind, text)
        if normalized:
            out[kind] = keys.blind_index(kind, normalized)
    return out


def masked_nik(nik: str) -> str:
    if not nik:
        return ""
    from kiosk.domain.mask import mask_nik

    try:
        masked = mask_nik(nik)
    except Exception:
        masked = ""
    # Belt and braces: the plaintext column must never carry a long run of the number's digits.
    if not masked or _LONG_DIGITS.search(masked) or len(masked) > 40:
        masked = "•" * min(len(nik), 16)
    return masked
