"""The bundle upload page's texts (Bahasa Indonesia first); the refusals themselves are the
bilingual ``bundle.*`` messages of :mod:`kiosk.bundlefile.messages`, shown as they are."""

from __future__ import annotations

from kiosk.central.console import texts

texts.add(
    {
        "nav.bundles": ("Impor bundel", "Import bundle"),
        "bundles.title": ("Impor bundel", "Import bundle"),
        "bundles.intro": (
            "Kios tanpa jaringan membawa pendaftarannya dalam bundel (kiosk bundle export). Pilih "
            "berkas bundel, atau semua bagiannya jika terbagi. Pusat memeriksa kelengkapan bagian, "
            "pendaftaran kios dan tanda tangannya sebelum menyimpan apa pun; mengimpor bundel yang "
            "sama dua kali tidak menggandakan apa pun.",
            "A kiosk without a network carries its registrations in a bundle (kiosk bundle "
            "export). Choose the bundle file, or all of its parts if it was split. The central "
            "checks that every part is there, the kiosk's enrolment and its signature before it "
            "stores anything; importing the same bundle twice duplicates nothing.",
        ),
        "bundles.files": (
            "Berkas bundel (satu atau beberapa bagian)",
            "Bundle file(s) (one or more parts)",
        ),
        "bundles.limit": ("Paling besar {size} seluruhnya.", "At most {size} in all."),
        "bundles.submit": ("Impor", "Import"),
        "bundles.too_large": (
            "Unggahan lebih besar dari {size}; tidak ada yang diubah. Impor bundel sebesar ini "
            "dengan kiosk central import-bundle di server.",
            "The upload is larger than {size}; nothing was changed. Import a bundle this large "
            "with kiosk central import-bundle on the server.",
        ),
        "bundles.bad_form": (
            "Unggahan tidak terbaca, atau lebih dari {parts} berkas; tidak ada yang diubah.",
            "The upload could not be read, or holds more than {parts} files; nothing was changed.",
        ),
        "bundles.result": ("Bundel diimpor", "Bundle imported"),
        "bundles.bundle": ("Bundel", "Bundle"),
        "bundles.kiosk": ("Kios", "Kiosk"),
        "bundles.stored": ("Versi pendaftaran baru disimpan", "Registration versions stored"),
        "bundles.unchanged": (
            "Sudah ada di pusat (tidak digandakan)",
            "Already held (not duplicated)",
        ),
        "bundles.conflict": (
            "Bertentangan dengan versi di pusat",
            "In conflict with the central's version",
        ),
        "bundles.invalid": ("Ditolak (tidak sah)", "Refused (invalid)"),
        "bundles.pages": ("Halaman dokumen disimpan", "Document pages held"),
        "bundles.confirmation": (
            "Unduh berkas konfirmasi ini dan bawa ke kios (kiosk bundle confirm, atau "
            "Pengaturan → Sinkronisasi). Tanpa berkas ini kios tetap mengetahuinya pada "
            "sinkronisasi berikutnya.",
            "Download this confirmation file and take it to the kiosk (kiosk bundle confirm, or "
            "Settings → Sync). Without it the kiosk learns the same on its next sync.",
        ),
        "bundles.download": ("Unduh konfirmasi {name}", "Download confirmation {name}"),
        "bundles.recent": ("Impor terakhir", "Recent imports"),
        "bundles.when": ("Waktu", "When"),
        "bundles.by": ("Oleh", "By"),
        "bundles.col.stored": ("Disimpan", "Stored"),
        "bundles.col.unchanged": ("Sudah ada", "Already held"),
        "bundles.col.refused": ("Ditolak", "Refused"),
        "bundles.col.pages": ("Halaman", "Pages"),
        "bundles.confirmation.short": ("Konfirmasi", "Confirmation"),
        "bundles.confirmation.cli": (
            "di samping berkas bundel (impor lewat perintah)",
            "beside the bundle file (imported by command)",
        ),
        "bundles.none": ("Belum ada bundel yang diimpor.", "No bundle imported yet."),
        "bundles.another": ("Impor bundel lain", "Import another bundle"),
        "bundles.job.title": ("Impor bundel berjalan", "Bundle import in progress"),
        "bundles.job.queued": (
            "Bundel sudah diterima dan disimpan; menunggu giliran untuk diperiksa dan diterapkan.",
            "The bundle was received and stored; it waits its turn to be checked and applied.",
        ),
        "bundles.job.running": (
            "Pusat sedang memeriksa tanda tangan bundel dan menerapkan isinya.",
            "The central is checking the bundle's signature and applying its contents.",
        ),
        "bundles.job.progress": (
            "{done} dari {total} versi pendaftaran diterapkan.",
            "{done} of {total} registration versions applied.",
        ),
        "bundles.job.leave": (
            "Halaman ini diperbarui sendiri. Boleh ditutup: impor tetap berjalan, dan hasilnya "
            "ada di daftar impor terakhir.",
            "This page refreshes itself. You may close it: the import goes on, and its result "
            "appears among the recent imports.",
        ),
        "bundles.job.resumed": (
            "Pusat dimulai ulang selama impor; impor dilanjutkan. Yang sudah tersimpan sebelumnya "
            "dihitung sebagai 'sudah ada'.",
            "The central restarted during the import; it was resumed. What was stored before "
            "counts as 'already held'.",
        ),
        "bundles.job.failed": (
            "Impor gagal beberapa kali karena gangguan di pusat (basis data atau disk); tidak ada "
            "yang hilang: yang sudah tersimpan tetap tersimpan. Unggah bundel itu lagi, atau "
            "hubungi administrator.",
            "The import failed several times on a fault at the central (database or disk); "
            "nothing is lost: what was stored stays stored. Upload the bundle again, or call "
            "an administrator.",
        ),
        "bundles.job.notice": (
            "Unduh pemberitahuan ini dan bawa ke kios: kios menghapus data yang sudah ada di "
            "pusat dan mengunci diri.",
            "Download this notice and take it to the kiosk: it erases what the central holds "
            "and locks itself.",
        ),
    }
)
