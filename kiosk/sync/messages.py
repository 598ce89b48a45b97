"""The sync part's messages (Bahasa Indonesia first, English second) and its error classes.

Every problem the status area or the CLI shows is a code from this catalogue plus parameters, so
the UI renders it in the user's language. Parameters never carry a full NIK/NPWP/NIB or account
number: only registration numbers, masked identifiers and the central's error codes.
"""

from __future__ import annotations

from typing import Any

from kiosk.errors import UserFacingError
from kiosk.i18n import Lang, register, tr

register(
    {
        "sync.not_enrolled": {
            "id": "Kiosk ini belum terdaftar di server pusat. Jalankan pendaftaran kiosk dulu.",
            "en": "This kiosk is not enrolled with the central server yet. Enrol it first.",
        },
        "sync.revoked": {
            "id": "Akses kiosk ini telah dicabut oleh server pusat. Hubungi administrator.",
            "en": "The central server has revoked this kiosk's access. Contact the administrator.",
        },
        "sync.auth_invalid": {
            "id": "Server pusat tidak mengenali kredensial kiosk ini. Daftarkan ulang kiosk.",
            "en": "The central server does not recognise this kiosk's credentials. Enrol again.",
        },
        "sync.offline": {
            "id": "Server pusat tidak dapat dihubungi ({detail}). Data tetap tersimpan di kiosk.",
            "en": "The central server cannot be reached ({detail}). Data stays safe on the kiosk.",
        },
        "sync.server_error": {
            "id": "Server pusat menjawab dengan kesalahan {status}: {detail}",
            "en": "The central server answered with error {status}: {detail}",
        },
        "sync.enroll.refused": {
            "id": "Pendaftaran kiosk ditolak: {detail}",
            "en": "Enrolment refused: {detail}",
        },
        "sync.enroll.bad_url": {
            "id": "Alamat server pusat tidak valid: {url}",
            "en": "The central server address is not valid: {url}",
        },
        "sync.enroll.done": {
            "id": "Kiosk terdaftar sebagai {kiosk_code} di {mpp}.",
            "en": "Kiosk enrolled as {kiosk_code} at {mpp}.",
        },
        "sync.enroll.already": {
            "id": "Kiosk ini sudah terdaftar sebagai {kiosk_code} di {mpp}.",
            "en": "This kiosk is already enrolled as {kiosk_code} at {mpp}.",
        },
        "sync.item.set_aside": {
            "id": "Pendaftaran {reg_no} (versi {version}) disisihkan: {detail}",
            "en": "Registration {reg_no} (version {version}) set aside: {detail}",
        },
        "sync.item.local": {
            "id": "Data pendaftaran ini di kiosk tidak dapat dibaca",
            "en": "This registration's data on the kiosk cannot be read",
        },
        "sync.item.local_hash": {
            "id": "Isi tersimpan pendaftaran tidak cocok dengan sidiknya",
            "en": "The stored content of the registration does not match its fingerprint",
        },
        "sync.page.missing_local": {
            "id": "Halaman dokumen {sha} tidak ada di kiosk dan tidak dapat dikirim.",
            "en": "Document page {sha} is missing on the kiosk and cannot be uploaded.",
        },
        "sync.page.rejected": {
            "id": "Server pusat menolak halaman dokumen {sha}: {detail}",
            "en": "The central server refused document page {sha}: {detail}",
        },
        "sync.sanity.mismatch": {
            "id": "Pemeriksaan silang dengan pusat tidak cocok (kiosk {local_count}, pusat "
            "{central_count}); data dikirim ulang.",
            "en": "Cross-check with the central does not match (kiosk {local_count}, central "
            "{central_count}); data is being sent again.",
        },
        "sync.pull.bad_event": {
            "id": "Pembaruan dari pusat ({kind}) tidak dapat diterapkan: {detail}",
            "en": "An update from the central ({kind}) could not be applied: {detail}",
        },
        "sync.left": {
            "id": "Masih tertunda: {records} pendaftaran, {pages} halaman dokumen, "
            "{set_aside} disisihkan.",
            "en": "Still waiting: {records} registrations, {pages} document pages, "
            "{set_aside} set aside.",
        },
        "sync.done": {
            "id": "Sinkronisasi selesai: {pushed} pendaftaran, {pages} halaman, "
            "{events} pembaruan.",
            "en": "Sync finished: {pushed} registrations, {pages} pages, {events} updates.",
        },
        "sync.retention.done": {
            "id": "Data pribadi {count} pendaftaran yang sudah dikonfirmasi pusat telah dihapus.",
            "en": "Personal data of {count} registrations confirmed by the central was removed.",
        },
    }
)


class SyncError(UserFacingError):
    """A sync failure that can be shown as it is (code from the catalogue above)."""


class NotEnrolled(SyncError):
    def __init__(self) -> None:
        super().__init__("sync.not_enrolled")


class DeviceRevoked(SyncError):
    """401 ``auth.revoked`` (or ``auth.invalid``): stop syncing and say so."""

    def __init__(self, central_code: str = "auth.revoked") -> None:
        super().__init__("sync.revoked" if central_code == "auth.revoked" else "sync.auth_invalid")
        self.central_code = central_code


class CentralUnreachable(SyncError):
    """Network failure or a transient server error that outlived the retries."""

    def __init__(self, detail: str) -> None:
        super().__init__("sync.offline", detail=detail)


class CentralRefused(SyncError):
    """A final 4xx answer (never retried); carries the central's stable error code."""

    def __init__(self, status: int, central_code: str, message: str) -> None:
        super().__init__("sync.server_error", status=status, detail=f"{central_code}: {message}")
        self.status = status
        self.central_code = central_code
        self.central_message = message


class Problem(str):
    """A problem for the status area: a ``str`` (the Indonesian text) that also keeps its code.

    It is a string so that simple views can show it as it is; ``.text("en")`` renders it in
    another language and ``.code`` / ``.params`` let the app decide how to present it.
    """

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, **params: Any) -> Problem:
        self = super().__new__(cls, tr(code, "id", **params))
        self.code = code
        self.params = dict(params)
        return self

    def text(self, lang: Lang = "id") -> str:
        return tr(self.code, lang, **self.params)
