"""Every field of the registration that people fill in: label (both languages), text rules, limits.

The labels are catalogue entries ``field.<path without indexes>`` so that any message can name the
field in the user's language (``{field}`` in a message is filled from here), and so that the UI's
pages can use the same words as the messages. Limits are generous for real names (the longest KTP
names and business names seen in OSS fit) and small enough to keep a receipt and an export sane.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.i18n import register
from kiosk.text import TextKind


@dataclass(frozen=True)
class TextRule:
    kind: TextKind
    max_length: int
    min_length: int = 0


# Free-text fields (identifiers, codes and numbers have their own validators).
TEXT_RULES: dict[str, TextRule] = {
    "business.name": TextRule(TextKind.LINE, 150, 2),
    "owner.full_name": TextRule(TextKind.PERSON_NAME, 100, 2),
    "owner.position": TextRule(TextKind.LINE, 60, 2),
    "address.street": TextRule(TextKind.LINE, 250, 3),
    "products.name": TextRule(TextKind.LINE, 150, 2),
    "products.brand": TextRule(TextKind.LINE, 80),
    "products.category": TextRule(TextKind.LINE, 80),
    "products.unit": TextRule(TextKind.LINE, 30, 1),
    "products.description": TextRule(TextKind.MULTILINE, 3000),
    "products.tkdn_cert_no": TextRule(TextKind.CODE, 60, 3),
    "bank.bank": TextRule(TextKind.LINE, 80, 2),
    "bank.holder_name": TextRule(TextKind.LINE, 150, 2),
}

LABELS: dict[str, tuple[str, str]] = {
    "business.name": ("Nama usaha", "Business name"),
    "business.legal_form": ("Bentuk usaha", "Legal form"),
    "business.scale": ("Skala usaha", "Business scale"),
    "business.scale_suggested": ("Saran skala usaha", "Suggested scale"),
    "business.scale_rule": ("Dasar saran skala", "Basis of the scale suggestion"),
    "business.capital_idr": (
        "Modal usaha (tanpa tanah dan bangunan)",
        "Business capital (excl. land and buildings)",
    ),
    "business.annual_sales_idr": ("Hasil penjualan tahunan", "Annual sales"),
    "business.nib": ("NIB", "NIB (business ID number)"),
    "business.npwp": ("NPWP", "NPWP (tax number)"),
    "business.pkp": ("Status PKP", "VAT-registered (PKP)"),
    "business.kbli": ("Kode KBLI", "KBLI code"),
    "business.year_established": ("Tahun berdiri", "Year established"),
    "business.employees": ("Jumlah tenaga kerja", "Number of employees"),
    "owner.nik": ("NIK", "NIK (ID number)"),
    "owner.full_name": ("Nama lengkap sesuai KTP", "Full name as on the ID card"),
    "owner.birth_date": ("Tanggal lahir", "Date of birth"),
    "owner.sex": ("Jenis kelamin", "Sex"),
    "owner.position": ("Jabatan", "Position"),
    "owner.is_owner": ("Pemilik usaha", "Business owner"),
    "owner.phone": ("Nomor HP (WhatsApp)", "Mobile number (WhatsApp)"),
    "owner.email": ("E-mail", "E-mail"),
    "address.province_code": ("Provinsi", "Province"),
    "address.regency_code": ("Kabupaten/kota", "Regency/city"),
    "address.district_code": ("Kecamatan", "District"),
    "address.village_code": ("Desa/kelurahan", "Village"),
    "address.street": ("Alamat jalan", "Street address"),
    "address.postal_code": ("Kode pos", "Postal code"),
    "products": ("Produk", "Products"),
    "products.name": ("Nama produk {n}", "Name of product {n}"),
    "products.brand": ("Merek produk {n}", "Brand of product {n}"),
    "products.category": ("Kategori produk {n}", "Category of product {n}"),
    "products.unit": ("Satuan produk {n}", "Unit of product {n}"),
    "products.price_idr": ("Harga produk {n}", "Price of product {n}"),
    "products.description": ("Deskripsi produk {n}", "Description of product {n}"),
    "products.pdn": ("Produk dalam negeri (produk {n})", "Domestic product (product {n})"),
    "products.tkdn_cert_no": (
        "Nomor sertifikat TKDN produk {n}",
        "TKDN certificate no. of product {n}",
    ),
    "products.kbli": ("KBLI produk {n}", "KBLI code of product {n}"),
    "products.price_includes_ppn": (
        "Harga produk {n} termasuk PPN",
        "Price of product {n} includes VAT (PPN)",
    ),
    "products.min_order": ("Pesanan minimum produk {n}", "Minimum order of product {n}"),
    "products.tkdn_percent": ("Nilai TKDN produk {n} (%)", "TKDN value of product {n} (%)"),
    "products.bmp_percent": ("Nilai BMP produk {n} (%)", "BMP value of product {n} (%)"),
    "products.tkdn_cert_date": (
        "Tanggal sertifikat TKDN produk {n}",
        "TKDN certificate date of product {n}",
    ),
    "products.regencies": (
        "Wilayah pengiriman produk {n}",
        "Regencies product {n} is delivered to",
    ),
    "products.photos": ("Foto produk {n}", "Photos of product {n}"),
    "bank.bank": ("Nama bank", "Bank"),
    "bank.account_number": ("Nomor rekening", "Account number"),
    "bank.holder_name": ("Nama pemilik rekening", "Account holder"),
    "consent": ("Persetujuan data pribadi", "Personal data consent"),
    "consent.text_version": ("Versi naskah persetujuan", "Consent text version"),
    "documents": ("Dokumen", "Documents"),
}

# Labelled but not typed by people: computed, recorded by the kiosk, or whole sections.
NOT_ENTERED = frozenset(
    {
        "products",
        "products.photos",
        "documents",
        "consent",
        "consent.text_version",
        "business.scale_suggested",
        "business.scale_rule",
    }
)
# Every field of the model people fill in (each has a rule in kiosk.domain.field_rules).
FIELDS: tuple[str, ...] = tuple(k for k in LABELS if k not in NOT_ENTERED)

register(
    {f"field.{path}": {"id": ident, "en": english} for path, (ident, english) in LABELS.items()}
)
register(
    {
        "validation.text.control": {
            "id": "{field} berisi karakter kontrol yang tidak terlihat. Ketik ulang teksnya.",
            "en": "{field} contains invisible control characters. Please retype it.",
        },
        "validation.text.invisible": {
            "id": "{field} berisi karakter tak terlihat (mis. spasi lebar-nol atau penanda arah). "
            "Ketik ulang teksnya.",
            "en": "{field} contains invisible characters (e.g. zero-width space or direction "
            "marks). Please retype it.",
        },
        "validation.text.symbols": {
            "id": "{field} tidak boleh berisi emoji atau simbol gambar.",
            "en": "{field} cannot contain emoji or pictographic symbols.",
        },
        "validation.text.characters": {
            "id": "{field} berisi karakter yang tidak diizinkan di sini.",
            "en": "{field} contains characters that are not allowed here.",
        },
        "validation.text.too_long": {
            "id": "{field} terlalu panjang (paling banyak {max} karakter).",
            "en": "{field} is too long (at most {max} characters).",
        },
        "validation.text.too_short": {
            "id": "{field} terlalu pendek (paling sedikit {min} karakter).",
            "en": "{field} is too short (at least {min} characters).",
        },
        "validation.text.no_letters": {
            "id": "{field} harus berisi huruf.",
            "en": "{field} must contain letters.",
        },
    }
)
