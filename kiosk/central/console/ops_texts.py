"""Texts of the console's operations pages (dashboard, kiosks and enrolment, staff, users,
reference data, exports): Bahasa Indonesia first, English second, added to the console's catalogue
(:func:`kiosk.central.console.texts.add`). Imported by each of those route modules."""

from __future__ import annotations

from kiosk.central.console.texts import add

add(
    {
        # dashboard
        "dash.title": ("Dasbor", "Dashboard"),
        "dash.scope_mpp": ("Angka untuk {mpp}.", "Figures for {mpp}."),
        "dash.scope_all": ("Angka untuk seluruh provinsi.", "Figures for the whole province."),
        "dash.filter_mpp": ("MPP", "MPP"),
        "dash.all_mpps": ("Semua MPP", "All MPPs"),
        "dash.show": ("Tampilkan", "Show"),
        "dash.total": ("Pendaftaran", "Registrations"),
        "dash.queue": ("Menunggu keputusan", "Waiting for a decision"),
        "dash.oldest": ("Terlama menunggu", "Longest waiting"),
        "dash.decided": ("Sudah diputuskan", "Decided"),
        "dash.per_day": (
            "Pendaftaran per hari, {n} hari terakhir",
            "Registrations per day, last {n} days",
        ),
        "dash.per_day.desc": (
            "{total} pendaftaran dalam {n} hari terakhir, per MPP.",
            "{total} registrations in the last {n} days, by MPP.",
        ),
        "dash.per_week": (
            "Pendaftaran per minggu, {n} minggu terakhir",
            "Registrations per week, last {n} weeks",
        ),
        "dash.per_week.desc": (
            "{total} pendaftaran dalam {n} minggu terakhir (minggu mulai Senin), per MPP.",
            "{total} registrations in the last {n} weeks (weeks start on Monday), by MPP.",
        ),
        "dash.queue_age": ("Umur antrean", "Age of the queue"),
        "dash.queue_age.desc": (
            "{n} pendaftaran menunggu keputusan, dikelompokkan menurut lama menunggu.",
            "{n} registrations wait for a decision, grouped by how long they have waited.",
        ),
        "dash.age.lt1": ("< 1 hari", "< 1 day"),
        "dash.age.d1_3": ("1–3 hari", "1–3 days"),
        "dash.age.d3_7": ("3–7 hari", "3–7 days"),
        "dash.age.d7_14": ("7–14 hari", "7–14 days"),
        "dash.age.gt14": ("> 14 hari", "> 14 days"),
        "dash.decisions": ("Keputusan per verifikator", "Decisions per verifier"),
        "dash.decisions.desc": (
            "Jumlah keputusan setiap verifikator, terbanyak di atas.",
            "Decisions by each verifier, most at the top.",
        ),
        "dash.verifier": ("Verifikator", "Verifier"),
        "dash.scale": ("Skala usaha", "Business scale"),
        "dash.scale.desc": ("Pendaftaran menurut skala usaha.", "Registrations by business scale."),
        "dash.form": ("Bentuk usaha", "Legal form"),
        "dash.form.desc": ("Pendaftaran menurut bentuk usaha.", "Registrations by legal form."),
        "dash.kbli": ("Kategori KBLI teratas", "Top KBLI sections"),
        "dash.kbli.desc": (
            "Pendaftaran yang mencantumkan kategori KBLI 2020 ini (satu pendaftaran dapat "
            "mencantumkan beberapa).",
            "Registrations naming this KBLI 2020 section (one may name several).",
        ),
        "dash.regencies": ("Kabupaten/kota di {province}", "Regencies and cities of {province}"),
        "dash.regency": ("Kabupaten/kota", "Regency/city"),
        "dash.unknown": ("(tidak diisi)", "(not given)"),
        "dash.table": ("Angka", "Numbers"),
        "dash.day": ("Tanggal", "Date"),
        "dash.week": ("Minggu mulai", "Week starting"),
        "mix.scale.mikro": ("Mikro", "Micro"),
        "mix.scale.kecil": ("Kecil", "Small"),
        "mix.scale.menengah": ("Menengah", "Medium"),
        "mix.scale.besar": ("Besar", "Large"),
        "mix.form.perorangan": ("Perorangan/UD", "Sole proprietor"),
        "mix.form.cv": ("CV", "CV"),
        "mix.form.pt": ("PT", "PT"),
        "mix.form.firma": ("Firma", "Partnership (firma)"),
        "mix.form.koperasi": ("Koperasi", "Cooperative"),
        "mix.form.yayasan": ("Yayasan", "Foundation"),
        "mix.form.other": ("Lainnya", "Other"),
        # kiosks and enrolment
        "kiosks.title": ("Kios", "Kiosks"),
        "kiosks.kiosk": ("Kios", "Kiosk"),
        "kiosks.code": ("Kode", "Code"),
        "kiosks.mpp": ("MPP", "MPP"),
        "kiosks.last_sync": ("Sinkron terakhir", "Last sync"),
        "kiosks.never": ("belum pernah", "never"),
        "kiosks.version": ("Versi aplikasi", "App version"),
        "kiosks.registrations": ("Pendaftaran", "Registrations"),
        "kiosks.waiting": ("Menunggu", "Waiting"),
        "kiosks.problems": ("Masalah", "Problems"),
        "kiosks.none": ("Belum ada kios terdaftar.", "No kiosk is enrolled yet."),
        "kiosks.problem.revoked": ("dicabut", "revoked"),
        "kiosks.problem.stale": ("tidak sinkron {n} hari", "no sync for {n} days"),
        "kiosks.problem.never": ("belum pernah sinkron", "never synced"),
        "kiosks.problem.missing": ("{n} dokumen belum terkirim", "{n} documents not sent yet"),
        "kiosks.problem.conflicts": ("{n} konflik terbuka", "{n} open conflicts"),
        "kiosks.problem.duplicates": ("{n} tanda duplikat", "{n} duplicate flags"),
        # the rolling upgrade (kiosk.central.transition): the kiosks page and a registration's
        "upgrade.unsigned": ("versi lama, tanpa tanda tangan", "older version, unsigned"),
        "kiosks.older.count": (
            "Kios yang masih memakai versi lama (tanpa tanda tangan): {n}",
            "Kiosks still on an older version (unsigned): {n}",
        ),
        "kiosks.older.only": ("Tampilkan hanya kios ini", "Show only these kiosks"),
        "kiosks.older.all": ("Tampilkan semua kios", "Show all kiosks"),
        "kiosks.revoke": ("Cabut", "Revoke"),
        "kiosks.revoke.confirm": (
            "Cabut kios {kiosk}? Kios ini tidak dapat sinkron lagi sampai didaftarkan ulang.",
            "Revoke kiosk {kiosk}? It cannot sync again until it is enrolled anew.",
        ),
        "kiosks.revoked": ("Kios {kiosk} dicabut.", "Kiosk {kiosk} was revoked."),
        "kiosks.codes": ("Kode pendaftaran yang belum dipakai", "Enrolment codes not used yet"),
        "kiosks.expires": ("Berlaku sampai", "Valid until"),
        "enrol.title": ("Daftarkan kios baru", "Enrol a new kiosk"),
        "enrol.kiosk_name": ("Nama kios", "Kiosk name"),
        "enrol.kiosk_name.hint": (
            "Misalnya: Loket 3, Laptop Keliling 1",
            "E.g. Counter 3, Field laptop 1",
        ),
        "enrol.mpp": ("MPP", "MPP"),
        "enrol.mpp.hint": (
            "Nama MPP yang sudah ada, atau nama baru untuk MPP baru.",
            "An existing MPP's name, or a new name for a new MPP.",
        ),
        "enrol.ttl": ("Berlaku (menit)", "Valid for (minutes)"),
        "enrol.create": ("Buat kode pendaftaran", "Create an enrolment code"),
        "enrol.shown_once": (
            "Kode ini hanya ditampilkan sekali dan hanya dapat dipakai satu kali.",
            "This code is shown only once and works only once.",
        ),
        "enrol.code_for": (
            "Kode pendaftaran untuk {kiosk} ({mpp})",
            "Enrolment code for {kiosk} ({mpp})",
        ),
        "enrol.valid_until": ("Berlaku sampai {time}.", "Valid until {time}."),
        "enrol.qr_title": ("Kode QR pendaftaran kios", "Kiosk enrolment QR code"),
        "enrol.code": ("Kode", "Code"),
        "enrol.server": ("Alamat server pusat", "Central server address"),
        "enrol.link": ("Teks lengkap (untuk ditempel)", "Full text (to paste)"),
        "enrol.steps": ("Di kios baru", "On the new kiosk"),
        "enrol.step1": (
            "Masuk sebagai supervisor, buka Pengaturan → Sinkronisasi.",
            "Log in as a supervisor and open Settings → Sync.",
        ),
        "enrol.step2": (
            "Tekan “Pindai kode QR” dan tunjukkan layar ini ke kamera kios — atau tempel teks "
            "lengkap di atas, atau ketik alamat dan kodenya.",
            "Press “Scan QR code” and show this screen to the kiosk's camera — or paste the full "
            "text above, or type the address and the code.",
        ),
        "enrol.step3": (
            "Kios mendaftar sendiri dan langsung sinkron; lalu tampil di daftar kios.",
            "The kiosk enrols itself and syncs at once; it then shows in the list of kiosks.",
        ),
        "enrol.back": ("Kembali ke daftar kios", "Back to the kiosks"),
        # staff
        "staff.title": ("Staf kios", "Kiosk staff"),
        "staff.intro": (
            "Akun staf berlaku di semua kios MPP dan sampai ke kios pada sinkronisasi berikutnya.",
            "Staff accounts work on every kiosk of the MPP and reach the kiosks at their next "
            "sync.",
        ),
        "staff.username": ("Nama pengguna", "Username"),
        "staff.full_name": ("Nama lengkap", "Full name"),
        "staff.role": ("Peran", "Role"),
        "staff.password": ("Kata sandi awal", "Initial password"),
        "staff.active": ("Aktif", "Active"),
        "staff.add": ("Tambah staf", "Add staff"),
        "staff.added": ("Staf {username} ditambahkan.", "Staff member {username} added."),
        "staff.disable": ("Nonaktifkan", "Disable"),
        "staff.enable": ("Aktifkan", "Enable"),
        "staff.disabled": ("Akun {username} dinonaktifkan.", "Account {username} disabled."),
        "staff.enabled": ("Akun {username} diaktifkan.", "Account {username} enabled."),
        "staff.none": ("Belum ada akun staf.", "No staff accounts yet."),
        "staff.role.operator": ("Petugas loket", "Desk operator"),
        "staff.role.supervisor": ("Supervisor", "Supervisor"),
        # console users
        "users.title": ("Pengguna konsol", "Console users"),
        "users.username": ("Nama pengguna", "Username"),
        "users.role": ("Peran", "Role"),
        "users.mpp": ("MPP", "MPP"),
        "users.mpp.hint": ("Wajib untuk supervisor MPP.", "Required for an MPP supervisor."),
        "users.password": ("Kata sandi awal", "Initial password"),
        "users.last_login": ("Masuk terakhir", "Last log-in"),
        "users.add": ("Tambah pengguna", "Add user"),
        "users.added": ("Pengguna {username} ditambahkan.", "User {username} added."),
        "users.disable": ("Nonaktifkan", "Disable"),
        "users.enable": ("Aktifkan", "Enable"),
        "users.disabled": ("Pengguna {username} dinonaktifkan.", "User {username} disabled."),
        "users.enabled": ("Pengguna {username} diaktifkan.", "User {username} enabled."),
        "users.self": (
            "Anda tidak dapat menonaktifkan akun sendiri.",
            "You cannot disable your own account.",
        ),
        "users.reference": ("Data referensi", "Reference data"),
        # reference data
        "ref.title": ("Pembaruan data referensi", "Reference-data updates"),
        "ref.intro": (
            "Kirim data referensi baru (wilayah, KBLI, bank, daftar dokumen) ke semua kios; kios "
            "memakainya setelah sinkronisasi berikutnya. Berkas JSON berisi daftar baris.",
            "Send new reference data (regions, KBLI, banks, document checklist) to every kiosk; "
            "kiosks use it after their next sync. The JSON file holds a list of rows.",
        ),
        "ref.dataset": ("Data", "Data set"),
        "ref.version": ("Versi", "Version"),
        "ref.file": ("Berkas JSON", "JSON file"),
        "ref.publish": ("Kirim ke semua kios", "Send to every kiosk"),
        "ref.published": (
            "Data {dataset} versi {version} ({rows} baris) dikirim ke semua kios.",
            "Data set {dataset} version {version} ({rows} rows) sent to every kiosk.",
        ),
        "ref.bad_json": (
            "Berkas bukan JSON berisi daftar baris: {detail}",
            "The file is not JSON holding a list of rows: {detail}",
        ),
        "ref.history": ("Pembaruan terkirim", "Updates sent"),
        "ref.when": ("Waktu", "When"),
        "ref.rows": ("Baris", "Rows"),
        # exports
        "export.title": ("Ekspor", "Export"),
        "export.intro": (
            "Unduh daftar pendaftaran dengan saringan yang sama seperti antrean, sebagai CSV atau "
            "XLSX. Nomor identitas disimpan sebagai teks; isi yang diawali = + - @ dinetralkan.",
            "Download the list of registrations with the queue's filters, as CSV or XLSX. "
            "Identifiers are kept as text; content starting with = + - @ is neutralised.",
        ),
        "export.registrations": ("Pendaftaran", "Registrations"),
        "export.kiosks": ("Kios", "Kiosks"),
        "export.regencies": ("Kabupaten/kota", "Regencies"),
        "export.csv": ("Unduh CSV", "Download CSV"),
        "export.xlsx": ("Unduh XLSX", "Download XLSX"),
        "export.status": ("Status", "Status"),
        "export.from": ("Dari tanggal", "From date"),
        "export.to": ("Sampai tanggal", "To date"),
        "export.any": ("Semua", "Any"),
        "export.query": ("Cari", "Search"),
    }
)
