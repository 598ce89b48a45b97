"""The backup part's messages (Bahasa Indonesia first) and its one error type.

Every problem a supervisor can meet while backing up or restoring is a :class:`BackupError` with
a code from this catalogue, so the CLI (and later the app) shows one calm sentence that says what
happened and what to do. None of them carries personal data: paths, counts and kiosk codes only.
"""

from __future__ import annotations

from typing import Any

from kiosk.errors import UserFacingError
from kiosk.i18n import register


class BackupError(UserFacingError):
    """A backup or restore that stopped; the message says whether anything changed."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, **params)


register(
    {
        "backup.no_data": {
            "id": "Folder {folder} tidak berisi data kios; tidak ada yang dicadangkan.",
            "en": "The folder {folder} holds no kiosk data; nothing was backed up.",
        },
        "backup.passphrase.missing": {
            "id": "Frasa sandi pemulihan belum diberikan. Ketik di terminal, kirim lewat masukan "
            "standar, atau isi KIOSK_BACKUP_PASSPHRASE.",
            "en": "No recovery passphrase was given. Type it on a terminal, send it on standard "
            "input, or set KIOSK_BACKUP_PASSPHRASE.",
        },
        "backup.passphrase.short": {
            "id": "Frasa sandi pemulihan terlalu pendek: minimal {minimum} karakter.",
            "en": "The recovery passphrase is too short: at least {minimum} characters.",
        },
        "backup.passphrase.mismatch": {
            "id": "Kedua frasa sandi tidak sama; tidak ada yang diubah. Coba lagi.",
            "en": "The two passphrases differ; nothing was changed. Try again.",
        },
        "backup.passphrase.wrong": {
            "id": "Frasa sandi salah untuk berkas cadangan ini; tidak ada yang diubah.",
            "en": "Wrong passphrase for this backup file; nothing was changed.",
        },
        "backup.schedule.no_key": {
            "id": "Pencadangan terjadwal belum disiapkan. Supervisor menetapkan frasa sandi "
            "pemulihan sekali: kiosk backup --set-passphrase.",
            "en": "Scheduled backups are not set up yet. A supervisor sets the recovery "
            "passphrase once: kiosk backup --set-passphrase.",
        },
        "backup.file.damaged": {
            "id": "Berkas cadangan {file} rusak atau tidak lengkap ({detail}); tidak ada yang "
            "diubah. Pakai salinan cadangan lain.",
            "en": "The backup file {file} is damaged or incomplete ({detail}); nothing was "
            "changed. Use another copy of the backup.",
        },
        "backup.file.not_backup": {
            "id": "Berkas {file} bukan berkas cadangan kios; tidak ada yang diubah.",
            "en": "The file {file} is not a kiosk backup file; nothing was changed.",
        },
        "backup.file.newer": {
            "id": "Berkas cadangan dibuat oleh versi aplikasi yang lebih baru (format {version}). "
            "Perbarui aplikasi ini dulu; tidak ada yang diubah.",
            "en": "The backup was made by a newer version of the app (format {version}). Update "
            "this app first; nothing was changed.",
        },
        "backup.file.exists": {
            "id": "Berkas {file} sudah ada; pilih nama lain (tidak ada yang ditimpa).",
            "en": "The file {file} already exists; choose another name (nothing was overwritten).",
        },
        "backup.write_failed": {
            "id": "Berkas cadangan tidak dapat ditulis ({reason}); data kios tidak berubah.",
            "en": "The backup file could not be written ({reason}); the kiosk's data is unchanged.",
        },
        "backup.restore.not_empty": {
            "id": "Folder data {folder} sudah berisi data kios. Pemulihan menggantinya hanya "
            "dengan --force (data yang ada disimpan dulu di sampingnya).",
            "en": "The data folder {folder} already holds kiosk data. A restore replaces it only "
            "with --force (what is there is kept beside it first).",
        },
        "backup.restore.failed": {
            "id": "Pemulihan berhenti ({reason}); folder data tidak berubah.",
            "en": "The restore stopped ({reason}); the data folder is unchanged.",
        },
        "backup.restore.in_use": {
            "id": "Folder data {folder} sedang dipakai (tutup aplikasi kios dulu); tidak ada yang "
            "diubah.",
            "en": "The data folder {folder} is in use (close the kiosk app first); nothing was "
            "changed.",
        },
        "backup.done": {
            "id": "Cadangan tersimpan: {file} ({size} MB, {registrations} pendaftaran, "
            "{pages} halaman dokumen).",
            "en": "Backup saved: {file} ({size} MB, {registrations} registrations, "
            "{pages} document pages).",
        },
        "backup.scheduled.skipped": {
            "id": "Cadangan hari ini sudah ada: {file}.",
            "en": "Today's backup exists already: {file}.",
        },
        "backup.passphrase.set": {
            "id": "Frasa sandi pemulihan ditetapkan; cadangan terjadwal kini dapat dibuat tanpa "
            "mengetiknya lagi.",
            "en": "Recovery passphrase set; scheduled backups can now be made without typing it.",
        },
        "backup.restore.done": {
            "id": "Pemulihan selesai: kios {kiosk_code}, {registrations} pendaftaran, {pages} "
            "halaman dokumen, cadangan dari {created}. Jalankan kiosk sync bila terdaftar di "
            "pusat.",
            "en": "Restore finished: kiosk {kiosk_code}, {registrations} registrations, {pages} "
            "document pages, backup of {created}. Run kiosk sync if the kiosk is enrolled.",
        },
        "backup.restore.kept": {
            "id": "Data sebelumnya disimpan di {folder}.",
            "en": "The previous data was kept in {folder}.",
        },
        "backup.prompt.passphrase": {
            "id": "Frasa sandi pemulihan: ",
            "en": "Recovery passphrase: ",
        },
        "backup.prompt.again": {
            "id": "Ulangi frasa sandi: ",
            "en": "Repeat the passphrase: ",
        },
    }
)
