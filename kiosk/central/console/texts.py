"""The console's visible texts, Bahasa Indonesia first and English second.

Registered in the core's catalogue (:mod:`kiosk.i18n`) under ``console.*``; templates call
``t("nav.queue")`` (the ``console.`` prefix is added), so a page never holds a literal sentence.
Another module may add its own texts with :func:`add` (same rules: both languages, a key never
registered twice with other words). Labels of registration fields and statuses are here too, so
the queue, the detail page and exports name things alike.
"""

from __future__ import annotations

from kiosk import i18n

PREFIX = "console."


def add(texts: dict[str, tuple[str, str]]) -> None:
    """Register ``{"key": ("Indonesian", "English")}`` as ``console.key``."""
    i18n.register(
        {PREFIX + key: {"id": id_text, "en": en_text} for key, (id_text, en_text) in texts.items()}
    )


def has(prefix: str, value: str) -> bool:
    return i18n.has(f"{PREFIX}{prefix}.{value}")


def text(key: str, lang: i18n.Lang, **params: object) -> str:
    return i18n.tr(PREFIX + key, lang, **params)


add(
    {
        "app.title": ("Konsol Pendaftaran", "Registration Console"),
        "nav.queue": ("Antrean", "Queue"),
        "nav.dashboard": ("Dasbor", "Dashboard"),
        "nav.kiosks": ("Kios", "Kiosks"),
        "nav.staff": ("Staf", "Staff"),
        "nav.users": ("Pengguna", "Users"),
        "nav.export": ("Ekspor", "Export"),
        "nav.logout": ("Keluar", "Log out"),
        "nav.password": ("Ganti kata sandi", "Change password"),
        "nav.skip": ("Lompat ke isi", "Skip to content"),
        "nav.main": ("Navigasi utama", "Main navigation"),
        "pref.language": ("Bahasa", "Language"),
        "pref.time_zone": ("Zona waktu", "Time zone"),
        "pref.save": ("Simpan", "Save"),
        "lang.id": ("Bahasa Indonesia", "Bahasa Indonesia"),
        "lang.en": ("English", "English"),
        "role.admin": ("Administrator", "Administrator"),
        "role.verifier": ("Verifikator", "Verifier"),
        "role.supervisor": ("Supervisor MPP", "MPP supervisor"),
        "role.viewer": ("Pemantau", "Viewer"),
        "login.title": ("Masuk ke konsol", "Log in to the console"),
        "login.username": ("Nama pengguna", "Username"),
        "login.password": ("Kata sandi", "Password"),
        "login.submit": ("Masuk", "Log in"),
        "login.failed": (
            "Nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara.",
            "Wrong username or password, or the account is locked for a while.",
        ),
        "error.expired.title": ("Sesi berakhir", "Session ended"),
        "error.expired.body": (
            "Sesi Anda berakhir (tidak ada aktivitas, keluar, atau akun dinonaktifkan), jadi "
            "formulir tidak dikirim. Silakan masuk lagi.",
            "Your session ended (inactivity, a log-out or a disabled account), so the form was not "
            "sent. Please log in again.",
        ),
        "login.csrf": (
            "Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi.",
            "The form has expired. Reload the page and try again.",
        ),
        "error.forbidden.title": ("Akses ditolak", "Access denied"),
        "error.forbidden.body": (
            "Akun Anda tidak berhak membuka halaman ini.",
            "Your account may not open this page.",
        ),
        "error.not_found.title": ("Tidak ditemukan", "Not found"),
        "error.not_found.body": (
            "Halaman atau pendaftaran yang dicari tidak ada.",
            "The page or registration you looked for does not exist.",
        ),
        "error.csrf.title": ("Formulir ditolak", "Form refused"),
        "error.csrf.body": (
            "Formulir ini tidak berasal dari sesi Anda atau sudah kedaluwarsa. Muat ulang halaman.",
            "This form did not come from your session or has expired. Reload the page.",
        ),
        "error.back": ("Kembali ke antrean", "Back to the queue"),
        "status.draft": ("Draf", "Draft"),
        "status.submitted": ("Menunggu verifikasi", "Waiting for verification"),
        "status.verified": ("Terverifikasi", "Verified"),
        "status.needs_fix": ("Perlu perbaikan", "Needs fix"),
        "status.rejected": ("Ditolak", "Rejected"),
        "common.none": ("—", "—"),
        "common.yes": ("Ya", "Yes"),
        "common.no": ("Tidak", "No"),
    }
)
