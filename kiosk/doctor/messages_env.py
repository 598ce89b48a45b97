"""The doctor's sentences about what surrounds the data: documents folder, scanners, printers,
the central, the clock, the time zone and versions (Bahasa Indonesia first; registered at import).
"""

from __future__ import annotations

from kiosk.i18n import register

register(
    {
        # -- documents --
        "doctor.vault.empty": {
            "id": "Belum ada halaman dokumen tersimpan.",
            "en": "No document pages are stored yet.",
        },
        "doctor.vault.ok": {
            "id": "Dokumen lengkap: {referenced} halaman dirujuk, {files} file; {checked} "
            "halaman dibuka sebagai contoh.",
            "en": "Documents complete: {referenced} pages referenced, {files} files; {checked} "
            "pages opened as a sample.",
        },
        "doctor.vault.broken": {
            "id": "Dokumen bermasalah: {missing} halaman hilang, {damaged} dari {checked} halaman "
            "contoh rusak. Pulihkan folder documents dari cadangan atau pindai ulang halaman yang "
            "ditandai di pendaftarannya.",
            "en": "Documents have problems: {missing} pages missing, {damaged} of {checked} "
            "sampled pages damaged. Restore the documents folder from a backup or scan the "
            "flagged pages again in their registrations.",
        },
        "doctor.vault.orphans": {
            "id": "Dokumen lengkap, tetapi {orphans} file tidak dirujuk pendaftaran mana pun; "
            "aplikasi membersihkannya saat dimulai.",
            "en": "Documents complete, but {orphans} files belong to no registration; the app "
            "removes them when it starts.",
        },
        # -- scanners --
        "doctor.scanner.found": {
            "id": "{count} pemindai ditemukan: {names}.",
            "en": "{count} scanner(s) found: {names}.",
        },
        "doctor.scanner.none": {
            "id": "Tidak ada pemindai. Periksa kabel USB dan daya pemindai lalu jalankan lagi; "
            "dokumen tetap bisa diambil dari file atau kamera.",
            "en": "No scanner found. Check the scanner's USB cable and power, then run this "
            "again; documents can still come from a file or the camera.",
        },
        "doctor.scan.ok": {
            "id": "Pindai uji di {device} berhasil: {width} × {height} piksel, {dpi} dpi.",
            "en": "Test scan on {device} worked: {width} × {height} pixels, {dpi} dpi.",
        },
        "doctor.scan.failed": {
            "id": "Pindai uji di {device} gagal: {reason} Nyalakan ulang pemindai, periksa "
            "kertas dan kabel, lalu coba lagi.",
            "en": "Test scan on {device} failed: {reason} Restart the scanner, check the paper "
            "and the cable, then try again.",
        },
        # -- printers --
        "doctor.printer.found": {
            "id": "{count} pencetak di CUPS: {names}.",
            "en": "{count} printer(s) in CUPS: {names}.",
        },
        "doctor.printer.none": {
            "id": "Tidak ada pencetak di CUPS. Pasang pencetak tanda terima (Pengaturan sistem "
            "> Pencetak) atau pakai pencetak termal ESC/POS.",
            "en": "No printer in CUPS. Add the receipt printer (system settings > Printers) "
            "or use an ESC/POS thermal printer.",
        },
        "doctor.printer.no_cups": {
            "id": "CUPS tidak terpasang, jadi tidak ada pencetak yang diperiksa. Pasang CUPS "
            "atau pakai pencetak termal ESC/POS.",
            "en": "CUPS is not installed, so no printer was checked. Install CUPS or use an "
            "ESC/POS thermal printer.",
        },
        "doctor.printer.windows": {
            "id": "Di Windows tanda terima dicetak lewat dialog cetak; pencetak tidak diperiksa "
            "di sini.",
            "en": "On Windows receipts print through the print dialog; printers are not "
            "checked here.",
        },
        "doctor.printer.disabled": {
            "id": "Pencetak dinonaktifkan di CUPS: {names}. Aktifkan lagi (cupsenable NAMA) atau "
            "pilih pencetak lain.",
            "en": "Printers disabled in CUPS: {names}. Enable them again (cupsenable NAME) or "
            "choose another printer.",
        },
        "doctor.thermal.ok": {
            "id": "{count} pencetak termal siap: {names}.",
            "en": "{count} thermal printer(s) ready: {names}.",
        },
        "doctor.thermal.lost": {
            "id": "Pencetak termal tidak terjangkau: {names}. Nyalakan pencetak dan periksa kabel "
            "atau alamat jaringannya di Pengaturan.",
            "en": "Thermal printers not reachable: {names}. Turn the printer on and check its "
            "cable or network address in Settings.",
        },
        "doctor.print_test.ok": {
            "id": "Halaman uji selesai dikirim ke {printer} (pekerjaan {job}); periksa kertasnya.",
            "en": "The test page was handed to {printer} (job {job}); check the paper.",
        },
        "doctor.print_test.queued": {
            "id": "Halaman uji ke {printer} masih antre setelah {seconds} detik. Periksa apakah "
            "pencetak menyala dan berkertas.",
            "en": "The test page for {printer} is still queued after {seconds} seconds. Check "
            "that the printer is on and has paper.",
        },
        "doctor.print_test.failed": {
            "id": "Halaman uji ke {printer} gagal: {reason}",
            "en": "The test page for {printer} failed: {reason}",
        },
        # -- the central and the clock --
        "doctor.central.not_enrolled": {
            "id": "Kios belum terdaftar di pusat; pendaftaran tidak terkirim. Daftarkan dengan "
            "kiosk enroll ALAMAT KODE.",
            "en": "The kiosk is not enrolled with a central; registrations are not sent. Enrol "
            "it with kiosk enroll ADDRESS CODE.",
        },
        "doctor.central.ok": {
            "id": "Pusat {host} terjangkau lewat TLS ({ms} ms).",
            "en": "The central {host} answers over TLS ({ms} ms).",
        },
        "doctor.central.plain": {
            "id": "Pusat {host} terjangkau, tetapi tanpa TLS (http). Minta alamat https kepada "
            "administrator pusat.",
            "en": "The central {host} answers, but without TLS (http). Ask the central's "
            "administrator for an https address.",
        },
        "doctor.central.unreachable": {
            "id": "Pusat {host} tidak terjangkau ({reason}). Periksa kabel, Wi-Fi atau proksi; "
            "data tetap aman dan terkirim nanti.",
            "en": "The central {host} cannot be reached ({reason}). Check the cable, Wi-Fi or "
            "proxy; the data is safe and goes later.",
        },
        "doctor.central.tls": {
            "id": "Sertifikat TLS pusat {host} tidak dipercaya ({reason}). Periksa tanggal dan "
            "jam komputer; jika benar, hubungi administrator pusat.",
            "en": "The central {host}'s TLS certificate is not trusted ({reason}). Check the "
            "computer's date and time; if right, call the central's administrator.",
        },
        "doctor.central.http_error": {
            "id": "Pusat {host} menjawab dengan kesalahan HTTP {status}. Hubungi administrator "
            "pusat.",
            "en": "The central {host} answered with HTTP error {status}. Call the central's "
            "administrator.",
        },
        "doctor.central.revoked": {
            "id": "Pusat {host} mencabut kios ini; data tidak terkirim. Minta kode pendaftaran "
            "baru dan jalankan kiosk enroll --force.",
            "en": "The central {host} revoked this kiosk; data is not sent. Ask for a new "
            "enrolment code and run kiosk enroll --force.",
        },
        "doctor.clock.ok": {
            "id": "Jam komputer sesuai dengan pusat (selisih {seconds} detik).",
            "en": "The computer's clock agrees with the central (off by {seconds} seconds).",
        },
        "doctor.clock.skewed": {
            "id": "Jam komputer {direction} {seconds} detik dibanding pusat. Setel tanggal dan jam "
            "(nyalakan sinkronisasi waktu otomatis).",
            "en": "The computer's clock is {seconds} seconds {direction} the central. Set the "
            "date and time (turn on automatic time).",
        },
        "doctor.clock.ahead": {"id": "lebih cepat", "en": "ahead of"},
        "doctor.clock.behind": {"id": "lebih lambat", "en": "behind"},
        "doctor.clock.unmeasured": {
            "id": "Jam tidak dibandingkan: pusat tidak terjangkau atau kios belum terdaftar.",
            "en": "The clock was not compared: no central was reached or the kiosk is not "
            "enrolled.",
        },
        # -- time zone and versions --
        "doctor.tz.ok": {
            "id": "Zona waktu {zone} ({abbrev}, UTC{offset}); jam komputer di zona yang sama.",
            "en": "Time zone {zone} ({abbrev}, UTC{offset}); the computer's clock is in the "
            "same zone.",
        },
        "doctor.tz.mismatch": {
            "id": "Komputer memakai UTC{local}, tetapi tanda terima memakai {zone} (UTC{offset}). "
            "Setel zona waktu komputer atau ubah zona di Pengaturan.",
            "en": "The computer runs on UTC{local}, but receipts use {zone} (UTC{offset}). Set "
            "the computer's time zone or change the zone in Settings.",
        },
        "doctor.tz.missing": {
            "id": "Data zona waktu {zone} tidak ada (paket tzdata). Pasang ulang aplikasi.",
            "en": "The time zone data for {zone} is missing (the tzdata package). Reinstall "
            "the app.",
        },
        # -- crash reports --
        "doctor.crashes.none": {
            "id": "Tidak ada laporan kerusakan aplikasi.",
            "en": "No crash reports of the app.",
        },
        "doctor.crashes.recent": {
            "id": "Aplikasi berhenti tak terduga {count} kali dalam {days} hari terakhir "
            "(terakhir {newest}). Kirim laporan ke help desk: kiosk doctor --zip FILE.",
            "en": "The app stopped unexpectedly {count} time(s) in the last {days} days (last "
            "{newest}). Send the report to the help desk: kiosk doctor --zip FILE.",
        },
        "doctor.crashes.old": {
            "id": "{count} laporan kerusakan lama (terakhir {newest}); tidak ada yang baru.",
            "en": "{count} old crash report(s) (last {newest}); none lately.",
        },
        "doctor.versions": {
            "id": "kiosk {kiosk}, Python {python}, SQLite {sqlite}, Qt {qt}, SANE {sane}.",
            "en": "kiosk {kiosk}, Python {python}, SQLite {sqlite}, Qt {qt}, SANE {sane}.",
        },
    }
)
