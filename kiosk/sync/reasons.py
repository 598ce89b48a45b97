"""What a sync failure's technical detail means, as a sentence for the person at the desk.

The sync part records details a person cannot use: an httpx exception's class name
(``ConnectError``), the central's stable error codes (``push.conflict``, ``enroll.code_spent``),
``HTTP 503``. Those stay in the log, the outbox and the problem rows for the help desk; on screen
:func:`reason_for` turns each into a message code whose sentence says what happened and what the
person can do. Invariant: every reason text names no exception class and no dotted code, and an
unknown detail gets the general sentence, never itself (tests/core/test_sync_messages.py).
"""

from __future__ import annotations

from kiosk import protocol as p
from kiosk.i18n import has, register

REASONS: dict[str, dict[str, str]] = {
    "sync.reason.network": {
        "id": "Jaringan ke server pusat tidak tersedia. Periksa kabel atau Wi-Fi, dan alamat "
        "server di Pengaturan → Sinkronisasi; kiosk mencoba lagi sendiri.",
        "en": "There is no network to the central server. Check the cable or Wi-Fi, and the "
        "server address in Settings → Sync; the kiosk tries again by itself.",
    },
    "sync.reason.central_busy": {
        "id": "Server pusat sedang sibuk atau dalam pemeliharaan; kiosk mencoba lagi sendiri "
        "nanti. Tidak perlu berbuat apa-apa.",
        "en": "The central server is busy or under maintenance; the kiosk tries again by itself "
        "later. Nothing to do.",
    },
    "sync.reason.too_large": {
        "id": "Kiriman ini terlalu besar untuk server pusat (misalnya halaman dokumen yang sangat "
        "besar). Pindai ulang dokumen itu dengan resolusi lebih rendah, atau hubungi admin pusat.",
        "en": "This is too large for the central server (a very large document page, say). Scan "
        "that document again at a lower resolution, or contact the central's administrator.",
    },
    "sync.reason.format": {
        "id": "Server pusat tidak menerima data dalam bentuk ini; versi aplikasi kiosk mungkin "
        "berbeda dari server. Data tetap aman di kiosk; perbarui aplikasi atau hubungi admin "
        "pusat.",
        "en": "The central server does not accept the data in this form; the kiosk app's version "
        "may differ from the server's. Data stays safe on the kiosk; update the app or contact "
        "the central's administrator.",
    },
    "sync.reason.conflict": {
        "id": "Server pusat sudah menyimpan isi lain untuk versi pendaftaran ini. Buka "
        "pendaftarannya, periksa isinya dan simpan koreksi: koreksi dikirim sebagai versi baru.",
        "en": "The central server already holds other content for this version of the "
        "registration. Open the registration, check it and save a correction: it is sent as a "
        "new version.",
    },
    "sync.reason.forbidden": {
        "id": "Di server pusat pendaftaran ini tercatat milik kiosk lain. Data tetap aman di kiosk "
        "ini; hubungi admin pusat.",
        "en": "At the central server this registration belongs to another kiosk. Data stays safe "
        "on this kiosk; contact the central's administrator.",
    },
    "sync.reason.page_later": {
        "id": "Server pusat belum menunggu halaman dokumen ini; kiosk mengirimnya lagi setelah "
        "pendaftarannya terkirim. Tidak perlu berbuat apa-apa.",
        "en": "The central server is not expecting this document page yet; the kiosk sends it "
        "again once its registration is through. Nothing to do.",
    },
    "sync.reason.page_resume": {
        "id": "Pengiriman halaman dokumen terputus; kiosk melanjutkannya sendiri.",
        "en": "Sending the document page was interrupted; the kiosk resumes it by itself.",
    },
    "sync.reason.code_invalid": {
        "id": "Kode pendaftaran tidak dikenal. Periksa kodenya, atau minta kode baru dari admin "
        "pusat.",
        "en": "The enrolment code is not known. Check it, or ask the central's administrator for "
        "a new one.",
    },
    "sync.reason.code_spent": {
        "id": "Kode pendaftaran ini sudah dipakai. Minta kode baru dari admin pusat.",
        "en": "This enrolment code was used already. Ask the central's administrator for a new "
        "one.",
    },
    "sync.reason.code_expired": {
        "id": "Kode pendaftaran ini sudah kedaluwarsa. Minta kode baru dari admin pusat.",
        "en": "This enrolment code has expired. Ask the central's administrator for a new one.",
    },
    "sync.reason.key_invalid": {
        "id": "Server pusat tidak menerima kunci kiosk ini. Simpan laporan di Pengaturan → "
        "Diagnostik dan kirim ke help desk.",
        "en": "The central server does not accept this kiosk's key. Save a report in Settings → "
        "Diagnostics and send it to the help desk.",
    },
    "sync.reason.bad_answer": {
        "id": "Alamat itu tidak menjawab seperti server pusat. Periksa alamat server di "
        "Pengaturan → Sinkronisasi.",
        "en": "That address does not answer like a central server. Check the server address in "
        "Settings → Sync.",
    },
    "sync.reason.signature": {
        "id": "Server pusat tidak dapat memastikan bahwa data ini berasal dari kiosk ini (tanda "
        "tangan kiosk tidak cocok). Data tetap aman di kiosk; perbarui aplikasi kiosk, dan jika "
        "terus muncul, hubungi admin pusat.",
        "en": "The central server cannot confirm that this data comes from this kiosk (the "
        "kiosk's signature does not match). Data stays safe on the kiosk; update the kiosk app, "
        "and if it keeps coming, contact the central's administrator.",
    },
    "sync.reason.number_foreign": {
        "id": "Menurut server pusat, nomor pendaftaran ini bukan nomor kiosk ini (misalnya data "
        "yang diimpor dari kiosk lain). Data tetap aman di kiosk ini; hubungi admin pusat.",
        "en": "According to the central server this registration number is not this kiosk's (data "
        "imported from another kiosk, say). Data stays safe on this kiosk; contact the central's "
        "administrator.",
    },
    "sync.reason.id_foreign": {
        "id": "Menurut server pusat, ID pendaftaran ini tidak dibuat oleh kiosk ini (misalnya data "
        "yang diimpor dari kiosk lain, atau ID dari sebelum aplikasi kiosk diperbarui yang baru "
        "terkirim setelah batas waktu server). Data tetap aman di kiosk ini; hubungi admin pusat.",
        "en": "According to the central server this registration's ID was not made by this kiosk "
        "(data imported from another kiosk, say, or an ID from before the kiosk app was updated "
        "that is sent after the server's cut-off date). Data stays safe on this kiosk; contact "
        "the central's administrator.",
    },
    "sync.reason.erased": {
        "id": "Pendaftaran ini sudah dihapus di server pusat atas permintaan pemilik datanya; "
        "kiosk menghapus salinannya sendiri. Tidak perlu berbuat apa-apa.",
        "en": "This registration was erased at the central server at its data subject's request; "
        "the kiosk erases its own copy by itself. Nothing to do.",
    },
    "sync.reason.other": {
        "id": "Kiosk tidak mengenali masalah ini. Data tetap aman di kiosk. Jika terus muncul, "
        "simpan laporan di Pengaturan → Diagnostik dan kirim ke help desk.",
        "en": "The kiosk does not know this problem. Data stays safe on the kiosk. If it keeps "
        "coming, save a report in Settings → Diagnostics and send it to the help desk.",
    },
}
register(REASONS)

# The central's stable error codes (kiosk.protocol) and push outcomes, by what they mean here.
_BY_CENTRAL_CODE: dict[str, str] = {
    p.RATE_LIMITED: "sync.reason.central_busy",
    p.CENTRAL_UNAVAILABLE: "sync.reason.central_busy",
    p.CENTRAL_BUSY: "sync.reason.central_busy",
    p.REQUEST_TOO_LARGE: "sync.reason.too_large",
    p.REQUEST_INVALID: "sync.reason.format",
    p.REQUEST_MALFORMED: "sync.reason.format",
    p.ENROLL_CODE_INVALID: "sync.reason.code_invalid",
    p.ENROLL_CODE_SPENT: "sync.reason.code_spent",
    p.ENROLL_CODE_EXPIRED: "sync.reason.code_expired",
    p.ENROLL_KEY_INVALID: "sync.reason.key_invalid",
    p.PUSH_FORBIDDEN: "sync.reason.forbidden",
    p.PUSH_HASH_MISMATCH: "sync.reason.format",
    p.PUSH_ITEM_INVALID: "sync.reason.format",
    p.PUSH_CONTENT_INVALID: "sync.reason.format",
    p.PUSH_SIGNATURE_INVALID: "sync.reason.signature",
    p.PUSH_NUMBER_FOREIGN: "sync.reason.number_foreign",
    p.PUSH_ID_FOREIGN: "sync.reason.id_foreign",
    p.PUSH_ERASED: "sync.reason.erased",
    p.VERSIONS_NOT_FOUND: "sync.reason.forbidden",
    "push.invalid": "sync.reason.format",
    "push.conflict": "sync.reason.conflict",
    "push.answer_invalid": "sync.reason.format",
    p.PAGES_NOT_FOUND: "sync.reason.page_later",
    p.PAGES_NOT_REFERENCED: "sync.reason.page_later",
    p.PAGES_HASH_MISMATCH: "sync.reason.page_resume",
    p.PAGES_ENVELOPE_INVALID: "sync.reason.format",
    p.PAGES_OFFSET_MISMATCH: "sync.reason.page_resume",
    p.PAGES_BUSY: "sync.reason.page_resume",
    "pages.client_gone": "sync.reason.page_resume",
    "pages.upload_stalled": "sync.reason.page_resume",
    "bad answer": "sync.reason.bad_answer",
}


def reason_for(detail: str, *, unreachable: bool = False) -> str:
    """The message code explaining ``detail`` (a class name, a central code, ``HTTP 503``...).

    ``unreachable``: the detail comes from a request that never got a final answer, so it is
    the network unless the central said it is busy.
    """
    detail = (detail or "").strip()
    head = detail.split(":", 1)[0].split(" ", 1)[0]
    if detail in _BY_CENTRAL_CODE:
        return _BY_CENTRAL_CODE[detail]
    if head in _BY_CENTRAL_CODE:
        return _BY_CENTRAL_CODE[head]
    if head.startswith("sync.") and has(head):  # the kiosk's own sentence already
        return head
    if head == "HTTP" or detail.startswith("HTTP "):
        return "sync.reason.central_busy"
    return "sync.reason.network" if unreachable else "sync.reason.other"
