"""Bilingual messages of the central's operator commands (Bahasa Indonesia first, English)."""

from __future__ import annotations

from kiosk.i18n import register

MESSAGES = {
    "central.name_invalid": {
        "id": "Nama {what} kosong, terlalu panjang, atau berisi karakter kontrol.",
        "en": "The {what} name is empty, too long or contains control characters.",
    },
    "central.enroll.ttl": {
        "id": "Kode pendaftaran berlaku paling lama {maximum} menit.",
        "en": "An enrolment code is valid for at most {maximum} minutes.",
    },
    "central.kiosk.unknown": {
        "id": "Kios {kiosk} tidak dikenal.",
        "en": "Unknown kiosk {kiosk}.",
    },
    "central.kiosk.ambiguous": {
        "id": "Ada beberapa kios bernama {kiosk}: {candidates}. Sebutkan kode atau ID-nya.",
        "en": "Several kiosks are named {kiosk}: {candidates}. Give its code or id.",
    },
    "central.verdict.status": {
        "id": "Status keputusan harus salah satu dari: {choices}.",
        "en": "The verdict status must be one of: {choices}.",
    },
    "central.verdict.reason_long": {
        "id": "Alasan keputusan paling panjang {maximum} karakter.",
        "en": "The reason may have at most {maximum} characters.",
    },
    "central.verdict.reason_required": {
        "id": "Keputusan 'perlu perbaikan' atau 'ditolak' wajib disertai alasan.",
        "en": "A 'needs fix' or 'rejected' verdict needs a reason.",
    },
    "central.registration.unknown": {
        "id": "Pendaftaran {registration} tidak ada di pusat.",
        "en": "Registration {registration} is not held by the central.",
    },
    "central.staff.invalid": {
        "id": "Data akun petugas tidak valid: {field}.",
        "en": "The staff account is invalid: {field}.",
    },
    "central.staff.exists": {
        "id": "Petugas {username} sudah ada di {mpp}.",
        "en": "Staff member {username} already exists at {mpp}.",
    },
    "central.staff.unknown": {
        "id": "Petugas {username} tidak ada di {mpp}.",
        "en": "There is no staff member {username} at {mpp}.",
    },
    "central.staff.password_mismatch": {
        "id": "Kedua kata sandi tidak sama.",
        "en": "The two passwords differ.",
    },
    "central.reference.dataset": {
        "id": "Nama set data referensi tidak valid.",
        "en": "Invalid reference data set name.",
    },
    "central.reference.file": {
        "id": "Berkas data referensi {path} tidak dapat dibaca sebagai daftar JSON.",
        "en": "The reference data file {path} cannot be read as a JSON list.",
    },
    "central.review.unknown": {
        "id": "Tidak ada butir terbuka bernomor {item}.",
        "en": "There is no open item number {item}.",
    },
    "central.review.note_required": {
        "id": "Tuliskan catatan penyelesaiannya.",
        "en": "Write a note on how it was settled.",
    },
    "central.review.note_long": {
        "id": "Catatan paling panjang {maximum} karakter.",
        "en": "The note may have at most {maximum} characters.",
    },
    "central.review.already": {
        "id": "Butir {item} sudah diselesaikan (mungkin oleh orang lain, atau formulir dikirim "
        "dua kali); tidak ada yang diubah. Lihat jejak audit di bawah.",
        "en": "Item {item} is already resolved (perhaps by someone else, or the form was sent "
        "twice); nothing was changed. See the audit trail below.",
    },
    "central.review.outcome": {
        "id": "Pilih salah satu penyelesaian yang ditawarkan.",
        "en": "Choose one of the resolutions offered.",
    },
    "central.file_unreadable": {
        "id": "Berkas {path} tidak dapat dibaca.",
        "en": "The file {path} cannot be read.",
    },
}


def register_messages() -> None:
    register(MESSAGES)
