"""Masked identifiers for logs, lists, search results and receipts.

Why: the kiosk stands in a public hall and its logs leave the machine; a full NIK, NPWP, account or
phone number must never be printed (UU 27/2022). What stays visible is just enough for staff to
tell two records apart: the NIK's region prefix (4) and serial (4), the NPWP's first 2 and last 3
(tax office code / branch), an account's last 4, a phone's country code and last 3.

Every helper accepts any text (also already-invalid input) and never raises; masking counts only the
characters after separators are removed, so ``"6471 0101 0190 0001"`` masks like the plain form.
"""

from __future__ import annotations

MASK = "•"


def _compact(value: object) -> str:
    text = "" if value is None else str(value)
    return "".join(c for c in text if c not in " .-\t\n")


def _keep(value: str, head: int, tail: int) -> str:
    """Keep ``head`` and ``tail`` characters, mask the rest; short values are masked harder."""
    n = len(value)
    if n == 0:
        return ""
    if head + tail >= n:
        # Too short to show both ends safely: show at most a quarter, from the end.
        shown = n // 4
        return MASK * (n - shown) + (value[n - shown :] if shown else "")
    return value[:head] + MASK * (n - head - tail) + value[n - tail :]


def mask_nik(nik: object) -> str:
    """``"6471010101900001"`` -> ``"6471••••••••0001"`` (the birth date is hidden)."""
    return _keep(_compact(nik), 4, 4)


def mask_npwp(npwp: object) -> str:
    """``"013121660091000"`` -> ``"01••••••••••000"``; a NIK used as NPWP masks like a NIK."""
    value = _compact(npwp)
    if len(value) == 16 and not value.startswith("0"):
        return mask_nik(value)
    return _keep(value, 2, 3)


def mask_nib(nib: object) -> str:
    """``"1234567890123"`` -> ``"12•••••••0123"``."""
    return _keep(_compact(nib), 2, 4)


def mask_account(account: object) -> str:
    """``"1234567890"`` -> ``"••••••7890"``."""
    value = _compact(account)
    return _keep(value, 0, 4) if len(value) > 4 else MASK * len(value)


def mask_phone(phone: object) -> str:
    """``"+6281234567890"`` -> ``"+62•••••••••890"``; a local ``0812…`` keeps ``08``."""
    value = _compact(phone)
    if value.startswith("+"):
        return "+" + _keep(value[1:], 2, 3)
    return _keep(value, 2, 3)


def mask_email(email: object) -> str:
    """``"siti.rahma@contoh.co.id"`` -> ``"s•••••••••@contoh.co.id"``."""
    value = "" if email is None else str(email).strip()
    local, sep, domain = value.rpartition("@")
    if not sep:
        return _keep(value, 1, 0)
    return (local[:1] + MASK * max(len(local) - 1, 1)) + "@" + domain
