"""The intake-session pages' texts (Bahasa Indonesia first)."""

from __future__ import annotations

from kiosk.central.console import texts

texts.add(
    {
        "nav.sessions": ("Sesi pendataan", "Intake sessions"),
        "sessions.title": ("Sesi pendataan", "Intake sessions"),
        "sessions.intro": (
            "Sesi pendataan yang dibuka kios di lapangan (pasar, balai desa), seperti terakhir "
            "dikirim kios saat sinkronisasi atau dalam bundel.",
            "Intake sessions kiosks opened in the field (markets, village halls), as each kiosk "
            "last sent them in a sync or a bundle.",
        ),
        "sessions.filter": ("Saring", "Filter"),
        "sessions.mpp": ("MPP", "MPP"),
        "sessions.kiosk": ("Kios", "Kiosk"),
        "sessions.all": ("Semua", "All"),
        "sessions.from": ("Dari tanggal", "From"),
        "sessions.to": ("Sampai tanggal", "To"),
        "sessions.apply": ("Terapkan", "Apply"),
        "sessions.none": ("Tidak ada sesi pendataan.", "No intake sessions."),
        "sessions.limit": (
            "Hanya {count} sesi terbaru yang ditampilkan; persempit saringan.",
            "Only the newest {count} sessions are shown; narrow the filter.",
        ),
        "sessions.place": ("Tempat", "Place"),
        "sessions.day": ("Tanggal", "Date"),
        "sessions.team": ("Tim", "Team"),
        "sessions.target": ("Target", "Target"),
        "sessions.target_list": ("Daftar dinas", "District list"),
        "sessions.registered": ("Pendaftaran", "Registrations"),
        "sessions.opened": ("Dibuka", "Opened"),
        "sessions.closed": ("Ditutup", "Closed"),
        "sessions.open": ("Masih terbuka", "Still open"),
        "sessions.received": ("Terakhir diterima", "Last received"),
        "sessions.registrations": ("Pendaftaran dalam sesi ini", "Registrations of this session"),
        "sessions.not_arrived": (
            "{count} pendaftaran lain dari sesi ini belum diterima pusat.",
            "{count} more registrations of this session have not reached the central yet.",
        ),
        "sessions.no_registrations": (
            "Belum ada pendaftaran sesi ini di pusat.",
            "No registration of this session has reached the central yet.",
        ),
        "sessions.reg_no": ("Nomor pendaftaran", "Registration number"),
        "sessions.status": ("Status", "Status"),
        "sessions.back": ("Kembali ke daftar sesi", "Back to the sessions"),
        "sessions.detail_title": ("Sesi pendataan {place}", "Intake session {place}"),
        "detail.intake_session": ("Sesi pendataan", "Intake session"),
    }
)
