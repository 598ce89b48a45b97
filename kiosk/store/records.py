"""What the store hands out (read-only records) and the errors it raises.

Records are small frozen dataclasses, safe to pass to the UI thread: they hold no session and no
lazy attributes. Errors are :class:`~kiosk.errors.UserFacingError` with ``store.*`` codes whose
texts (Bahasa Indonesia and English) are registered here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kiosk.errors import UserFacingError
from kiosk.i18n import register

register(
    {
        "store.validation_failed": {
            "id": "Data pendaftaran belum lengkap atau tidak valid ({count} masalah).",
            "en": "The registration is incomplete or invalid ({count} problems).",
        },
        "store.not_found": {
            "id": "Pendaftaran tidak ditemukan.",
            "en": "Registration not found.",
        },
        "store.not_a_draft": {
            "id": "Pendaftaran {reg_no} sudah diajukan; ubah melalui koreksi.",
            "en": "Registration {reg_no} was already submitted; change it through a correction.",
        },
        "store.not_submitted": {
            "id": "Pendaftaran {reg_no} belum diajukan; koreksi hanya untuk pendaftaran terajukan.",
            "en": "Registration {reg_no} was not submitted; only submitted ones are corrected.",
        },
        "store.correction.reason_required": {
            "id": "Alasan koreksi wajib diisi.",
            "en": "A reason for the correction is required.",
        },
        "store.correction.unchanged": {
            "id": "Koreksi tidak mengubah apa pun dibanding versi {version}.",
            "en": "The correction changes nothing compared with version {version}.",
        },
        "store.text.unencodable": {
            "id": "Kolom {field} berisi karakter yang tidak dapat disimpan.",
            "en": "The field {field} contains characters that cannot be stored.",
        },
        "store.registration.too_large": {
            "id": "Data pendaftaran terlalu besar untuk disimpan ({size} byte).",
            "en": "The registration is too large to store ({size} bytes).",
        },
        "store.kiosk_code.invalid": {
            "id": "Kode kios harus 2–12 huruf besar atau angka.",
            "en": "The kiosk code must be 2–12 capital letters or digits.",
        },
        "store.verdict.invalid_status": {
            "id": "Status keputusan tidak dikenal: {status}.",
            "en": "Unknown verdict status: {status}.",
        },
        "store.version.not_found": {
            "id": "Versi {version} pendaftaran ini tidak ada.",
            "en": "Version {version} of this registration does not exist.",
        },
        "store.outbox.not_found": {
            "id": "Antrean kirim nomor {seq} tidak ada.",
            "en": "Outbox item {seq} does not exist.",
        },
    }
)


class ValidationFailed(UserFacingError):
    """The registration has errors; ``issues`` lists them (``kiosk.domain.validation.Issue``)."""

    def __init__(self, issues: list[Any]) -> None:
        self.issues = list(issues)
        super().__init__("store.validation_failed", count=len(self.issues))

    def details(self, lang: str = "id") -> list[str]:
        """One line per issue: ``field: message``."""
        return [f"{issue.field}: {issue.text(lang)}" for issue in self.issues]


class RegistrationNotFound(UserFacingError):
    def __init__(self) -> None:
        super().__init__("store.not_found")


@dataclass(frozen=True)
class Summary:
    id: str
    reg_no: str
    business_name: str
    owner_name: str
    nik_masked: str
    status: str
    updated_at: dt.datetime
    version: int
    redacted: bool = False  # personal data removed by the retention rule (see Store.redact)


@dataclass(frozen=True)
class DeskEntry:
    """A registration in the desk's list of the day (:meth:`Store.list_changed_since`)."""

    summary: Summary
    waiting: int  # submitted versions not yet sent to the central
    set_aside: int  # versions the central refused; a supervisor looks at them

    @property
    def sync_state(self) -> str:
        """``draft`` (never travels), ``set_aside``, ``waiting`` or ``sent``."""
        if self.summary.status == "draft":
            return "draft"
        if self.set_aside:
            return "set_aside"
        return "waiting" if self.waiting else "sent"


@dataclass(frozen=True)
class Duplicate:
    field: str  # dotted model path of the identifier that matched, e.g. "owner.nik"
    summary: Summary


@dataclass(frozen=True)
class VersionInfo:
    version: int
    content_hash: str
    reason: str
    staff_id: str
    created_at: dt.datetime


@dataclass(frozen=True)
class OutboxItem:
    seq: int
    registration_id: str
    version: int
    content_hash: str
    attempts: int
    last_error: str
