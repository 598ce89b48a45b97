"""The sync part's messages (Bahasa Indonesia first, English second) and its error classes.

Every problem the status area or the CLI shows is a code from this catalogue plus parameters, so
the UI renders it in the user's language. Parameters never carry a full NIK/NPWP/NIB or account
number: only registration numbers, masked identifiers and the central's error codes.

Each sentence says what happened and what the person can do; none shows a technical detail. The
``detail`` parameter (an exception's class name, the central's dotted error code, ``HTTP 503``)
is kept for the log and the help desk, and a ``reason`` parameter, the code of a sentence from
:mod:`kiosk.sync.reasons`, is added from it wherever a problem or error is made, so texts say
``{reason}``, never ``{detail}`` (tests/core/test_sync_messages.py holds every code to this).
"""

from __future__ import annotations

from typing import Any

from kiosk.errors import UserFacingError
from kiosk.i18n import Lang, register, tr
from kiosk.sync.reasons import reason_for

MESSAGES: dict[str, dict[str, str]] = {
    "sync.not_enrolled": {
        "id": "Kiosk ini belum terdaftar di server pusat, jadi belum ada data yang dikirim; data "
        "tetap tersimpan di kiosk. Supervisor dapat menghubungkannya di Pengaturan → "
        "Sinkronisasi dengan alamat server pusat dan kode pendaftaran dari admin pusat.",
        "en": "This kiosk is not enrolled with a central server yet, so nothing is sent; data "
        "stays safe on the kiosk. A supervisor can connect it in Settings → Sync with the "
        "central server's address and an enrolment code from the central's administrator.",
    },
    "sync.revoked": {
        "id": "Akses kiosk ini telah dicabut oleh server pusat, jadi sinkronisasi berhenti; data "
        "tetap tersimpan di kiosk. Minta kode pendaftaran baru dari admin pusat dan daftarkan "
        "ulang kiosk di Pengaturan → Sinkronisasi.",
        "en": "The central server has revoked this kiosk's access, so sync stopped; data stays "
        "safe on the kiosk. Ask the central's administrator for a new enrolment code and enrol "
        "the kiosk again in Settings → Sync.",
    },
    "sync.auth_invalid": {
        "id": "Server pusat tidak mengenali kiosk ini lagi; data tetap tersimpan di kiosk. Minta "
        "kode pendaftaran baru dari admin pusat dan daftarkan ulang kiosk di Pengaturan → "
        "Sinkronisasi.",
        "en": "The central server no longer recognises this kiosk; data stays safe on the kiosk. "
        "Ask the central's administrator for a new enrolment code and enrol the kiosk again in "
        "Settings → Sync.",
    },
    "sync.offline": {
        "id": "Server pusat tidak dapat dihubungi. {reason} Data tetap tersimpan di kiosk dan "
        "dikirim begitu terhubung.",
        "en": "The central server cannot be reached. {reason} Data stays safe on the kiosk and is "
        "sent once connected.",
    },
    "sync.server_error": {
        "id": "Server pusat menolak permintaan kiosk. {reason}",
        "en": "The central server refused the kiosk's request. {reason}",
    },
    "sync.enroll.refused": {
        "id": "Pendaftaran kiosk ditolak. {reason}",
        "en": "Enrolment refused. {reason}",
    },
    "sync.enroll.bad_url": {
        "id": "Alamat server pusat tidak valid: {url}. Tulis alamat lengkap yang diawali https://",
        "en": "The central server address is not valid: {url}. Write the full address, starting "
        "with https://",
    },
    "sync.enroll.insecure": {
        "id": "Alamat {url} memakai http:// tanpa enkripsi. Pakai https:// (http:// hanya untuk "
        "server di komputer ini sendiri).",
        "en": "The address {url} uses unencrypted http://. Use https:// (http:// only for a "
        "server on this same computer).",
    },
    "sync.tls.pin_mismatch": {
        "id": "Kunci TLS server pusat tidak sama dengan kunci yang disematkan (dari tautan atau "
        "kode QR pendaftaran, atau yang dicatat saat kiosk didaftarkan). Tidak ada data yang "
        "dikirim. Hubungi admin: server mungkin palsu, atau kuncinya diganti (daftarkan kiosk "
        "lagi dengan tautan baru).",
        "en": "The central server's TLS key is not the pinned one (from the enrolment link or QR "
        "code, or recorded when the kiosk was enrolled). Nothing was sent. Call the "
        "administrator: the server may be an impostor, or its key was changed (enrol the kiosk "
        "again with a new link).",
    },
    "sync.enroll.pin_conflict": {
        "id": "Pin kunci TLS yang diberikan tidak sama dengan pin dalam tautan pendaftaran. Kiosk "
        "tidak didaftarkan; minta tautan baru dari admin pusat.",
        "en": "The TLS key pin given is not the pin in the enrolment link. The kiosk was not "
        "enrolled; ask the central's administrator for a new link.",
    },
    "sync.tls.bad_pin": {
        "id": "Pin kunci TLS tidak valid: {pin}. Bentuknya sha256/ diikuti 44 karakter base64.",
        "en": "The TLS key pin is not valid: {pin}. It is sha256/ followed by 44 base64 "
        "characters.",
    },
    "sync.enroll.done": {
        "id": "Kiosk terdaftar sebagai {kiosk_code} di {mpp}.",
        "en": "Kiosk enrolled as {kiosk_code} at {mpp}.",
    },
    "sync.enroll.no_qr": {
        "id": "Tidak ada kode QR pendaftaran pada gambar. Tampilkan kode QR dari konsol server "
        "pusat di depan kamera, lalu coba lagi, atau tempel teks kodenya.",
        "en": "No enrolment QR code was found in the picture. Hold the QR code from the central "
        "server's console in front of the camera and try again, or paste the code's text.",
    },
    "sync.enroll.already": {
        "id": "Kiosk ini sudah terdaftar sebagai {kiosk_code} di {mpp}.",
        "en": "This kiosk is already enrolled as {kiosk_code} at {mpp}.",
    },
    "sync.item.set_aside": {
        "id": "Pendaftaran {reg_no} (versi {version}) belum dapat dikirim dan disisihkan. {reason}",
        "en": "Registration {reg_no} (version {version}) could not be sent and was set aside. "
        "{reason}",
    },
    "sync.item.local": {
        "id": "Data pendaftaran ini di kiosk tidak dapat dibaca. Simpan laporan di Pengaturan → "
        "Diagnostik dan kirim ke help desk.",
        "en": "This registration's data on the kiosk cannot be read. Save a report in Settings → "
        "Diagnostics and send it to the help desk.",
    },
    "sync.item.local_hash": {
        "id": "Isi tersimpan pendaftaran ini tidak cocok dengan sidiknya. Buka pendaftarannya, "
        "periksa isinya dan simpan lagi.",
        "en": "The stored content of this registration does not match its fingerprint. Open the "
        "registration, check it and save it again.",
    },
    "sync.page.missing_local": {
        "id": "Halaman dokumen {sha} tidak ada lagi di kiosk dan tidak dapat dikirim. Buka "
        "pendaftarannya dan pindai ulang dokumen itu.",
        "en": "Document page {sha} is no longer on the kiosk and cannot be sent. Open the "
        "registration and scan that document again.",
    },
    "sync.page.rejected": {
        "id": "Server pusat menolak halaman dokumen {sha}. {reason}",
        "en": "The central server refused document page {sha}. {reason}",
    },
    "sync.sanity.mismatch": {
        "id": "Pemeriksaan silang dengan server pusat tidak cocok (kiosk {local_count}, server "
        "pusat {central_count}); kiosk mengirim ulang datanya sendiri. Tidak perlu berbuat "
        "apa-apa.",
        "en": "The cross-check with the central server does not match (kiosk {local_count}, "
        "central {central_count}); the kiosk sends its data again by itself. Nothing to do.",
    },
    "sync.pull.bad_event": {
        "id": "Sebuah pembaruan dari server pusat tidak dapat diterapkan di kiosk ini dan "
        "dilewati. {reason}",
        "en": "An update from the central server could not be applied on this kiosk and was "
        "skipped. {reason}",
    },
    "sync.left": {
        "id": "Masih tertunda: {records} pendaftaran, {pages} halaman dokumen, "
        "{set_aside} disisihkan.",
        "en": "Still waiting: {records} registrations, {pages} document pages, "
        "{set_aside} set aside.",
    },
    "sync.done": {
        "id": "Sinkronisasi selesai: {pushed} pendaftaran, {pages} halaman, {events} pembaruan.",
        "en": "Sync finished: {pushed} registrations, {pages} pages, {events} updates.",
    },
    "sync.retention.done": {
        "id": "Data pribadi {count} pendaftaran yang sudah dikonfirmasi server pusat telah "
        "dihapus dari kiosk.",
        "en": "Personal data of {count} registrations confirmed by the central server was "
        "removed from the kiosk.",
    },
}
register(MESSAGES)


def _with_reason(params: dict[str, Any], *, unreachable: bool = False) -> dict[str, Any]:
    """``params`` plus ``reason``: the sentence code for its technical ``detail`` (kept too)."""
    if "detail" in params and "reason" not in params:
        params = {**params, "reason": reason_for(str(params["detail"]), unreachable=unreachable)}
    return params


class SyncError(UserFacingError):
    """A sync failure that can be shown as it is (code from the catalogue above)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, **_with_reason(params))


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
        params = _with_reason({"detail": detail}, unreachable=True)
        super().__init__("sync.offline", **params)


class CentralRefused(SyncError):
    """A final 4xx answer (never retried); carries the central's stable error code."""

    def __init__(self, status: int, central_code: str, message: str) -> None:
        super().__init__(
            "sync.server_error",
            status=status,
            detail=f"{central_code}: {message}",
            reason=reason_for(central_code),
        )
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
        params = _with_reason(params, unreachable=code == "sync.offline")
        self = super().__new__(cls, tr(code, "id", **params))
        self.code = code
        self.params = dict(params)
        return self

    def text(self, lang: Lang = "id") -> str:
        return tr(self.code, lang, **self.params)
