"""The rules of a staff log-in that both log-in paths share, with no database code.

A log-in is checked by :func:`kiosk.staff.accounts.authenticate` once the store is open, and by
:mod:`kiosk.staff.early_login` (the standard library's ``sqlite3``) while it is still opening at
start-up. Both take from here, so they cannot drift apart: how a typed name is normalised, the
lock-out window after ``FREE_FAILURES`` failures in a row (:func:`lock_seconds`), the argon2id
hasher and its check, the dummy hash an unknown name is checked against (the same time for every
refusal), the user as the rest of the program sees it (:class:`StaffUser`) and the log-in's
messages. Importing this module costs argon2-cffi and nothing of SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kiosk import i18n

FREE_FAILURES = 3
BASE_LOCK_S = 30
MAX_LOCK_S = 15 * 60

hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (argon2-cffi's default)
_dummy_hash: str | None = None  # made on first use: hashing at import would slow start-up

i18n.register(
    {
        "security.login.failed": {
            "id": "Nama pengguna atau kata sandi salah.",
            "en": "Wrong username or password.",
        },
        "security.kiosk.locked": {
            "id": "Kiosk ini dicabut oleh server pusat dan dikunci. Data yang sudah diterima pusat "
            "telah dihapus dari kiosk. Hubungi admin untuk mendaftarkannya lagi.",
            "en": "The central server revoked this kiosk and it is locked. Data the central "
            "already holds was erased from it. Ask the administrator to enrol it again.",
        },
        "security.login.locked": {
            "id": "Terlalu banyak percobaan gagal. Coba lagi dalam {seconds} detik.",
            "en": "Too many failed attempts. Try again in {seconds} seconds.",
        },
    }
)


@dataclass(frozen=True)
class StaffUser:
    """A staff member as the rest of the program sees it (no hash, no counters)."""

    id: str
    username: str
    full_name: str
    role: str
    active: bool = True
    source: str = "local"

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


def normalize_username(text: str) -> str:
    return text.strip().casefold()


def lock_seconds(failed_count: int) -> int:
    """How long an account stays locked after ``failed_count`` failures in a row."""
    if failed_count <= FREE_FAILURES:
        return 0
    return min(BASE_LOCK_S * 2 ** (failed_count - FREE_FAILURES - 1), MAX_LOCK_S)


def dummy_hash() -> str:
    """A hash to verify against for unknown users, so refusals all take the same time."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hasher.hash("not-a-real-password-only-for-timing")
    return _dummy_hash


def verify(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
