"""Every sentence ``kiosk doctor`` can say, Bahasa Indonesia first (registered at import).

Each one says what was found and what to do about it, in words a front-desk supervisor can act
on; parameters are counts, sizes, versions and device names, never personal data.
"""

from __future__ import annotations

from kiosk.i18n import register

register(
    {
        # -- summary and the runner --
        "doctor.summary.ok": {
            "id": "Semua pemeriksaan baik.",
            "en": "All checks are fine.",
        },
        "doctor.summary.warning": {
            "id": "Ada peringatan: kios bekerja, tetapi lihat saran di atas.",
            "en": "There are warnings: the kiosk works, but see the advice above.",
        },
        "doctor.summary.failed": {
            "id": "Ada masalah yang harus dibereskan: ikuti saran di atas atau kirim laporan ini "
            "ke help desk (kiosk doctor --zip FILE).",
            "en": "There are problems to fix: follow the advice above or send this report to "
            "the help desk (kiosk doctor --zip FILE).",
        },
        "doctor.summary.skipped": {
            "id": "Tidak diperiksa: {checks}.",
            "en": "Not checked: {checks}.",
        },
        "doctor.timeout": {
            "id": "Pemeriksaan tidak selesai dalam {seconds} detik (perangkat atau jaringan tidak "
            "menjawab). Periksa perangkatnya lalu jalankan lagi.",
            "en": "The check did not finish within {seconds} seconds (a device or the network "
            "did not answer). Check the device and run it again.",
        },
        "doctor.crashed": {
            "id": "Pemeriksaan berhenti karena kesalahan tak terduga ({error}). Kirim laporan ini "
            "ke help desk.",
            "en": "The check stopped on an unexpected error ({error}). Send this report to the "
            "help desk.",
        },
        "doctor.zip.saved": {
            "id": "Laporan untuk help desk disimpan di {path} (tanpa data pribadi).",
            "en": "The report for the help desk was saved to {path} (no personal data).",
        },
        # -- database --
        "doctor.db.missing": {
            "id": "Belum ada basis data di folder data. Jalankan aplikasi sekali untuk membuatnya.",
            "en": "There is no database in the data folder yet. Start the app once to create it.",
        },
        "doctor.db.ok": {
            "id": "Basis data utuh ({mode}, {size_mb} MB, {registrations} pendaftaran).",
            "en": "The database is intact ({mode}, {size_mb} MB, {registrations} registrations).",
        },
        "doctor.db.corrupt": {
            "id": "Basis data rusak: SQLite menemukan {problems} masalah. Jangan hapus apa pun; "
            "tutup aplikasi dan kirim laporan ini ke help desk (cadangan ada di folder backups).",
            "en": "The database is damaged: SQLite found {problems} problem(s). Delete nothing; "
            "close the app and send this report to the help desk (copies are in backups).",
        },
        "doctor.db.unreadable": {
            "id": "Basis data tidak dapat dibaca ({error}). Tutup aplikasi dan kirim laporan ini "
            "ke help desk; jangan hapus file apa pun.",
            "en": "The database cannot be read ({error}). Close the app and send this report "
            "to the help desk; delete no file.",
        },
        "doctor.db.unfinished": {
            "id": "Pemeriksaan basis data tidak selesai dalam {seconds} detik; ulangi saat kios "
            "sepi.",
            "en": "The database check did not finish within {seconds} seconds; run it again "
            "when the desk is quiet.",
        },
        "doctor.migration.ok": {
            "id": "Skema basis data terbaru ({revision}).",
            "en": "The database schema is up to date ({revision}).",
        },
        "doctor.migration.behind": {
            "id": "Skema basis data {revision} belum terbaru ({head}); aplikasi memperbaruinya "
            "saat dibuka berikutnya, setelah membuat cadangan.",
            "en": "The database schema {revision} is not the newest ({head}); the app upgrades "
            "it when it next starts, after taking a backup.",
        },
        "doctor.migration.newer": {
            "id": "Basis data dibuat oleh versi aplikasi yang lebih baru ({revision}). Perbarui "
            "aplikasi ini sebelum memakainya.",
            "en": "The database was made by a newer version of the app ({revision}). Update "
            "this app before using it.",
        },
        "doctor.migration.none": {
            "id": "Basis data belum berisi skema. Jalankan aplikasi sekali.",
            "en": "The database holds no schema yet. Start the app once.",
        },
        # -- keys --
        "doctor.keys.ok": {
            "id": "Kunci kios lengkap dan membuka data tersimpan.",
            "en": "The kiosk's keys are complete and open the stored data.",
        },
        "doctor.keys.ok_empty": {
            "id": "Kunci kios lengkap; belum ada data tersimpan untuk dicoba.",
            "en": "The kiosk's keys are complete; no stored data to try them on yet.",
        },
        "doctor.keys.not_set_up": {
            "id": "Kunci kios belum dibuat. Jalankan aplikasi sekali.",
            "en": "The kiosk's keys are not created yet. Start the app once.",
        },
        "doctor.keys.locked": {
            "id": "Kunci data dilindungi frasa sandi; ketik frasa sandi saat diminta (atau atur "
            "KIOSK_DATA_PASSPHRASE) agar pemeriksaan dapat mencobanya pada data tersimpan.",
            "en": "The data key is under a passphrase; type it when asked (or set "
            "KIOSK_DATA_PASSPHRASE) so the check can try it on the stored data.",
        },
        "doctor.keys.missing": {
            "id": "File kunci hilang: {files}. Jangan jalankan aplikasi (kunci baru membuat data "
            "lama tak terbaca); pulihkan folder keys dari cadangan.",
            "en": "Key files are missing: {files}. Do not start the app (new keys would leave "
            "the old data unreadable); restore the keys folder from a backup.",
        },
        "doctor.keys.damaged": {
            "id": "File kunci rusak ({file}). Pulihkan folder keys dari cadangan.",
            "en": "A key file is damaged ({file}). Restore the keys folder from a backup.",
        },
        "doctor.keys.wrong": {
            "id": "Kunci data tidak membuka data tersimpan (folder keys tertukar?). Pulihkan "
            "kunci yang benar dari cadangan.",
            "en": "The data key does not open the stored data (keys folder swapped?). Restore "
            "the right keys from a backup.",
        },
        # -- disk --
        "doctor.disk.ok": {
            "id": "Ruang disk cukup: {free_mb} MB bebas; seminggu tanpa jaringan butuh "
            "±{budget_mb} MB.",
            "en": "Enough disk space: {free_mb} MB free; a week offline needs about "
            "{budget_mb} MB.",
        },
        "doctor.disk.low": {
            "id": "Ruang disk mulai sempit: {free_mb} MB bebas, kurang dari dua kali kebutuhan "
            "seminggu tanpa jaringan (±{budget_mb} MB). Kosongkan disk dan sinkronkan.",
            "en": "Disk space is getting low: {free_mb} MB free, less than twice what a week "
            "offline needs (about {budget_mb} MB). Free some space and sync.",
        },
        "doctor.disk.full": {
            "id": "Ruang disk tidak cukup: {free_mb} MB bebas, seminggu tanpa jaringan butuh "
            "±{budget_mb} MB. Kosongkan disk sekarang, penyimpanan bisa gagal.",
            "en": "Not enough disk space: {free_mb} MB free, a week offline needs about "
            "{budget_mb} MB. Free space now; saving may fail.",
        },
    }
)
