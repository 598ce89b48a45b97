"""Fixed texts printed on receipts, Bahasa Indonesia first, English second.

The receipt is bilingual on paper (the owner and an auditor may read either), so labels are pairs
rather than one language chosen at print time. Configurable texts (header, next steps, privacy note)
live in :mod:`kiosk.receipts.settings`.
"""

from __future__ import annotations

import datetime as dt

from kiosk.domain.model import DocumentType, LegalForm, Scale

TITLE = ("TANDA TERIMA PENDAFTARAN PENYEDIA", "Supplier registration receipt")
COPY = ("SALINAN", "COPY")
LABELS: dict[str, tuple[str, str]] = {
    "reg_no": ("Nomor pendaftaran", "Registration number"),
    "submitted": ("Tanggal", "Date"),
    "version": ("Versi", "Version"),
    "kiosk": ("Kios", "Kiosk"),
    "staff": ("Petugas", "Staff"),
    "business": ("Usaha", "Business"),
    "business_name": ("Nama usaha", "Business name"),
    "legal_form": ("Bentuk usaha", "Legal form"),
    "scale": ("Skala usaha", "Scale"),
    "nib": ("NIB", "NIB"),
    "npwp": ("NPWP", "NPWP"),
    "kbli": ("KBLI", "KBLI"),
    "owner": ("Pemilik / penanggung jawab", "Owner / person in charge"),
    "owner_name": ("Nama", "Name"),
    "nik": ("NIK", "NIK"),
    "position": ("Jabatan", "Position"),
    "address": ("Alamat", "Address"),
    "products": ("Produk", "Products"),
    "more_products": ("dan {n} produk lainnya", "and {n} more products"),
    "documents": ("Dokumen diterima", "Documents received"),
    "pages": ("{n} hlm", "{n} p."),
    "missing": ("belum ada", "missing"),
    "documents_count": ("Dokumen", "Documents"),
    "next_steps": ("Langkah berikutnya", "Next steps"),
    "sign_staff": ("Petugas", "Staff"),
    "sign_owner": ("Pemilik", "Owner"),
    "verify": ("Pindai QR untuk memeriksa keaslian", "Scan the QR code to verify"),
    "page": ("Halaman", "Page"),
}

LEGAL_FORMS = {
    LegalForm.PERORANGAN: ("Perorangan / UD", "Sole proprietor"),
    LegalForm.CV: ("CV", "CV (limited partnership)"),
    LegalForm.PT: ("PT", "PT (limited company)"),
    LegalForm.FIRMA: ("Firma", "Firm"),
    LegalForm.KOPERASI: ("Koperasi", "Cooperative"),
    LegalForm.YAYASAN: ("Yayasan", "Foundation"),
    LegalForm.OTHER: ("Lainnya", "Other"),
}
SCALES = {
    Scale.MIKRO: ("Mikro", "Micro"),
    Scale.KECIL: ("Kecil", "Small"),
    Scale.MENENGAH: ("Menengah", "Medium"),
    Scale.BESAR: ("Besar", "Large"),
}
DOCUMENT_TYPES = {
    DocumentType.KTP: ("KTP", "ID card"),
    DocumentType.NPWP: ("Kartu NPWP", "Tax card"),
    DocumentType.NIB: ("NIB (OSS)", "Business ID (OSS)"),
    DocumentType.DEED_ESTABLISHMENT: ("Akta pendirian", "Deed of establishment"),
    DocumentType.DEED_AMENDMENT: ("Akta perubahan", "Deed of amendment"),
    DocumentType.SK_KEMENKUMHAM: ("SK Kemenkumham", "Ministry of Law decree"),
    DocumentType.PKP: ("SPPKP", "VAT registration"),
    DocumentType.NON_PKP_STATEMENT: ("Surat pernyataan non-PKP", "Non-VAT statement"),
    DocumentType.POWER_OF_ATTORNEY: ("Surat kuasa", "Power of attorney"),
    DocumentType.TKDN: ("Sertifikat TKDN", "Local content certificate"),
    DocumentType.OTHER: ("Lainnya", "Other"),
}


def pair(key: str, **params: object) -> str:
    """``"Indonesian / English"`` for a label."""
    id_text, en_text = LABELS[key]
    return both((id_text.format(**params), en_text.format(**params)))


def both(texts: tuple[str, str]) -> str:
    return texts[0] if texts[0] == texts[1] else f"{texts[0]} / {texts[1]}"


def format_datetime(moment: dt.datetime, zone: str) -> str:
    """``25 November 2026 18.20 WITA``: the domain's Indonesian format in the kiosk's time zone
    (an IANA name, see :mod:`kiosk.domain.timezones`: WIB, WITA or WIT, by the hall's province)."""
    from kiosk.domain.formatting import format_datetime as domain_format
    from kiosk.domain.timezones import tz

    return domain_format(moment, "id", tz=tz(zone))
