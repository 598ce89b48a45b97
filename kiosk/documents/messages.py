"""Bilingual messages of the documents part (Bahasa Indonesia first, English second).

Every fault a person can meet while capturing documents has a code here; the UI and the CLI show
``UserFacingError(code).text(lang)``. Each message also says what happened to work already captured,
because "is my scan gone?" is the first question at the desk.
"""

from __future__ import annotations

from kiosk.i18n import register

MESSAGES: dict[str, dict[str, str]] = {
    "documents.file.empty": {
        "id": "Berkas {name} kosong (0 bita). Pilih berkas lain.",
        "en": "The file {name} is empty (0 bytes). Choose another file.",
    },
    "documents.file.too_big": {
        "id": "Berkas {name} terlalu besar ({mb} MB; paling banyak {limit} MB).",
        "en": "The file {name} is too big ({mb} MB; at most {limit} MB).",
    },
    "documents.file.unreadable": {
        "id": "Berkas {name} tidak dapat dibaca.",
        "en": "The file {name} cannot be read.",
    },
    "documents.file.unsupported": {
        "id": "Berkas {name} bukan gambar atau PDF yang didukung (JPEG, PNG, TIFF, PDF).",
        "en": "The file {name} is not a supported image or PDF (JPEG, PNG, TIFF, PDF).",
    },
    "documents.image.corrupt": {
        "id": "Gambar {name} rusak atau terpotong. Halaman yang sudah tersimpan tetap aman.",
        "en": "The image {name} is damaged or truncated. Pages already saved are safe.",
    },
    "documents.image.too_large": {
        "id": "Gambar {name} terlalu besar ({megapixels} megapiksel; paling banyak {limit}). "
        "Pindai ulang dengan resolusi lebih rendah.",
        "en": "The image {name} is too large ({megapixels} megapixels; at most {limit}). "
        "Scan it again at a lower resolution.",
    },
    "documents.pdf.encrypted": {
        "id": "PDF {name} dilindungi kata sandi. Buka kuncinya dulu atau pindai dokumen aslinya.",
        "en": "The PDF {name} is password-protected. Unlock it first or scan the paper document.",
    },
    "documents.pdf.corrupt": {
        "id": "PDF {name} rusak dan tidak dapat dibuka.",
        "en": "The PDF {name} is damaged and cannot be opened.",
    },
    "documents.pdf.too_many_pages": {
        "id": "PDF {name} memiliki {pages} halaman; paling banyak {limit}.",
        "en": "The PDF {name} has {pages} pages; at most {limit} are accepted.",
    },
    "documents.disk_full": {
        "id": "Penyimpanan penuh: halaman belum tersimpan. Halaman tetap ditahan di layar; "
        "kosongkan ruang lalu coba simpan lagi.",
        "en": "Storage is full: the page was not saved. It is kept on screen; free some space "
        "and save again.",
    },
    "documents.write_failed": {
        "id": "Halaman tidak dapat disimpan ({reason}). Halaman tetap ditahan di layar; coba lagi.",
        "en": "The page could not be saved ({reason}). It is kept on screen; try again.",
    },
    "documents.page.missing": {
        "id": "Berkas halaman dokumen tidak ditemukan di kios ini.",
        "en": "The document page's file is not on this kiosk.",
    },
    "documents.page.damaged": {
        "id": "Berkas halaman dokumen rusak (isi tidak cocok dengan sidik SHA-256).",
        "en": "The document page's file is damaged (content does not match its SHA-256).",
    },
    "documents.page.sent_to_central": {
        "id": "Halaman ini sudah dikirim ke pusat dan hanya dapat dibuka di sana.",
        "en": "This page was sent to the central office and can only be opened there.",
    },
    "documents.page.local_key_lost": {
        "id": "Halaman ini hanya dapat dibuka di pusat: sudah dikirim ke sana, atau penyimpanan "
        "kunci lokal kios ini hilang pada {when}. Berkas halaman utuh dan dikirim pada sinkron "
        "berikutnya; pindai ulang bila perlu ditampilkan di sini.",
        "en": "This page can only be opened at the central office: it was sent there, or this "
        "kiosk's local key store was lost on {when}. The page file is intact and is sent at the "
        "next sync; scan it again to show it here.",
    },
    "documents.scanner.none": {
        "id": "Tidak ada pemindai yang ditemukan. Periksa kabel dan daya, lalu coba lagi.",
        "en": "No scanner was found. Check its cable and power, then try again.",
    },
    "documents.scanner.not_found": {
        "id": "Pemindai {device} tidak ditemukan atau tidak dapat dibuka.",
        "en": "The scanner {device} was not found or cannot be opened.",
    },
    "documents.scanner.lost": {
        "id": "Sambungan ke pemindai terputus saat memindai. {pages} halaman yang sudah masuk "
        "tetap tersimpan.",
        "en": "The scanner was disconnected during the scan. The {pages} page(s) already "
        "received are kept.",
    },
    "documents.scanner.jammed": {
        "id": "Kertas macet di pemindai. {pages} halaman yang sudah masuk tetap tersimpan; "
        "lanjutkan dari halaman berikutnya.",
        "en": "Paper jam in the scanner. The {pages} page(s) already received are kept; "
        "continue from the next page.",
    },
    "documents.scanner.busy": {
        "id": "Pemindai sedang dipakai program lain. Tunggu sebentar lalu coba lagi.",
        "en": "The scanner is in use by another program. Wait a moment and try again.",
    },
    "documents.scanner.cover_open": {
        "id": "Tutup pemindai terbuka. Tutup lalu coba lagi.",
        "en": "The scanner cover is open. Close it and try again.",
    },
    "documents.scanner.feeder_empty": {
        "id": "Pengumpan dokumen kosong. Letakkan kertas di pengumpan lalu coba lagi.",
        "en": "The document feeder is empty. Put the paper in the feeder and try again.",
    },
    "documents.scanner.failed": {
        "id": "Pemindai melaporkan kesalahan: {reason}. {pages} halaman yang sudah masuk tetap "
        "tersimpan.",
        "en": "The scanner reported an error: {reason}. The {pages} page(s) already received "
        "are kept.",
    },
    "documents.scanner.unavailable": {
        "id": "Dukungan pemindai ({backend}) tidak terpasang di komputer ini.",
        "en": "Scanner support ({backend}) is not installed on this computer.",
    },
    "documents.preset.unknown": {
        "id": "Setelan pindai {name} tidak dikenal.",
        "en": "Unknown scan preset {name}.",
    },
    "documents.preset.invalid": {
        "id": "Setelan pindai tidak sah: {reason}.",
        "en": "Invalid scan preset: {reason}.",
    },
    "documents.output.exists": {
        "id": "Berkas {path} sudah ada; pilih nama lain.",
        "en": "The file {path} already exists; choose another name.",
    },
}

register(MESSAGES)
