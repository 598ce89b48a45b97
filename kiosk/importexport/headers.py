"""Column headers people read and write: the export's labels and the district offices' headers.

Two directions, one table of words:

- **Export.** :func:`export_header` gives every export column (:data:`~.columns.COLUMN_NAMES`) a
  label a district officer reads (``Nama usaha``, ``NIK pemilik``; English with ``lang="en"``).
  The field keys travel as a second header row (:func:`key_row`, its first cell starting with
  :data:`KEY_ROW_MARK`), so an export reads back exactly whatever the labels say.
- **Import.** :func:`field_for` maps a header as people type it (``NAMA UMKM``, ``No. Telp``,
  ``Desa / Kelurahan``) to a field: headers are folded (case, spaces and punctuation removed,
  :func:`fold_header`) and looked up among the export's labels in both languages, the field keys
  themselves and the aliases district sheets use (:data:`DISTRICT_ALIASES`). What a district sheet
  gives as names (village, district, regency, product) goes to the pseudo-fields of
  :data:`LIST_FIELDS`, resolved by :mod:`.district`.

A hand mapping (the app's column choice, ``--map`` on the command line) is remembered per set of
headers (:func:`header_signature`), so the next file with the same headers maps the same way.
"""

from __future__ import annotations

import hashlib
import re

from kiosk.domain.fields import LABELS
from kiosk.i18n import Lang
from kiosk.importexport.columns import COLUMN_NAMES

KEY_ROW_MARK = "#kolom:"  # starts the first cell of the export's row of field keys
IGNORE = "-"  # a hand mapping's "leave this column out"
LIST_FIELDS = ("list.village", "list.district", "list.regency", "list.product", "list.number")

# Export labels that differ from the form's (the sheet has no section headings to lean on).
_EXPORT_LABELS: dict[str, tuple[str, str]] = {
    "id": ("ID pendaftaran (sistem)", "Registration ID (system)"),
    "reg_no": ("Nomor pendaftaran", "Registration number"),
    "version": ("Versi", "Version"),
    "status": ("Status", "Status"),
    "verdict_reason": ("Alasan keputusan", "Reason for the decision"),
    "owner.nik": ("NIK pemilik", "Owner's NIK"),
    "owner.full_name": ("Nama pemilik", "Owner's name"),
    "owner.is_owner": ("Pemilik sendiri", "Is the owner"),
    "address.province_code": ("Kode provinsi", "Province code"),
    "address.regency_code": ("Kode kabupaten/kota", "Regency/city code"),
    "address.district_code": ("Kode kecamatan", "District code"),
    "address.village_code": ("Kode desa/kelurahan", "Village code"),
    "consent.text_version": ("Persetujuan: versi naskah", "Consent: text version"),
    "consent.text_sha256": ("Persetujuan: sidik naskah", "Consent: text fingerprint"),
    "consent.purpose": ("Persetujuan: tujuan", "Consent: purpose"),
    "consent.given_at": ("Persetujuan: waktu", "Consent: given at"),
    "consent.staff_id": ("Persetujuan: petugas", "Consent: staff"),
    "consent.kiosk_id": ("Persetujuan: kios", "Consent: kiosk"),
    "products": ("Produk (data)", "Products (data)"),
    "documents": ("Dokumen (data)", "Documents (data)"),
    "created_at": ("Dibuat", "Created"),
    "updated_at": ("Diperbarui", "Updated"),
}

# Headers of the district offices' own sheets (folded), each with the field it means.
DISTRICT_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        [
            "namausaha",
            "namaumkm",
            "namaukm",
            "namaikm",
            "namakoperasi",
            "namaperusahaan",
            "namatoko",
            "usaha",
            "umkm",
        ],
        "business.name",
    ),
    **dict.fromkeys(
        [
            "namapemilik",
            "pemilik",
            "namapemilikusaha",
            "namapengusaha",
            "namalengkap",
            "pemilikusaha",
            "namapelakuusaha",
            "pelakuusaha",
        ],
        "owner.full_name",
    ),
    **dict.fromkeys(["nik", "noktp", "nomorktp", "nikpemilik", "noinduk"], "owner.nik"),
    **dict.fromkeys(
        [
            "nohp",
            "notelp",
            "notlp",
            "notelepon",
            "telp",
            "tlp",
            "telepon",
            "hp",
            "wa",
            "nowa",
            "nomorhp",
            "nomorwa",
            "nomortelepon",
            "nohpwa",
            "hpwa",
            "kontak",
            "whatsapp",
        ],
        "owner.phone",
    ),
    **dict.fromkeys(["email", "surel", "alamatemail"], "owner.email"),
    **dict.fromkeys(["alamat", "alamatusaha", "alamatlengkap", "jalan"], "address.street"),
    **dict.fromkeys(
        ["desa", "kelurahan", "desakelurahan", "desakel", "kel", "kelurahandesa"], "list.village"
    ),
    **dict.fromkeys(["kecamatan", "kec"], "list.district"),
    **dict.fromkeys(["kabupaten", "kota", "kabupatenkota", "kabkota", "kab"], "list.regency"),
    **dict.fromkeys(
        ["jenisusaha", "produk", "jenisproduk", "produkutama", "bidangusaha", "komoditas"],
        "list.product",
    ),
    **dict.fromkeys(["nib", "nomorinduk berusaha".replace(" ", ""), "nonib"], "business.nib"),
    **dict.fromkeys(["npwp", "nonpwp", "npwpusaha"], "business.npwp"),
    **dict.fromkeys(["no", "nomor", "nourut", "noreg"], "list.number"),
}

_FOLD = re.compile(r"[\W_]+", re.UNICODE)


def fold_header(text: str) -> str:
    """``" No. Telp / WA "`` -> ``"notelpwa"``: case, spacing and punctuation do not matter."""
    return _FOLD.sub("", str(text).casefold())


def export_label(name: str, lang: Lang) -> str:
    ident, english = _EXPORT_LABELS.get(name) or LABELS[name]
    return ident if lang == "id" else english


def export_header(lang: Lang) -> list[str]:
    return [export_label(name, lang) for name in COLUMN_NAMES]


def _known() -> dict[str, str]:
    known = dict(DISTRICT_ALIASES)
    for name in COLUMN_NAMES:  # the export's labels and keys win over the aliases
        for lang in ("id", "en"):
            known[fold_header(export_label(name, lang))] = name
    for name in COLUMN_NAMES:
        known[fold_header(name)] = name
    return known


KNOWN: dict[str, str] = _known()


# Headers that join several words ("No. Telp / WA", "NIK KTP"): known by how they start.
_PREFIXES = (
    ("notelp", "owner.phone"),
    ("nohp", "owner.phone"),
    ("telp", "owner.phone"),
    ("nowa", "owner.phone"),
    ("nik", "owner.nik"),
    ("npwp", "business.npwp"),
    ("nib", "business.nib"),
)


def field_for(header: str) -> str | None:
    """The field (or list pseudo-field) a header means, or None when it is not known."""
    folded = fold_header(header)
    if not folded:
        return None
    return KNOWN.get(folded) or next((f for p, f in _PREFIXES if folded.startswith(p)), None)


def key_row() -> list[str]:
    """The export's second header row: the field keys, the first marked as such."""
    return [KEY_ROW_MARK + COLUMN_NAMES[0], *COLUMN_NAMES[1:]]


def is_key_row(cells: list[str]) -> bool:
    return bool(cells) and cells[0].strip().startswith(KEY_ROW_MARK)


def keys_of(cells: list[str]) -> list[str]:
    """The field keys of a key row (the mark taken off the first)."""
    keys = [c.strip() for c in cells]
    keys[0] = keys[0].removeprefix(KEY_ROW_MARK)
    return keys


def header_signature(headers: list[str]) -> str:
    """The same for the same headers in the same order, whatever their case and spacing."""
    folded = "\x1f".join(fold_header(h) for h in headers)
    return hashlib.sha256(folded.encode()).hexdigest()[:32]


_LIST_LABELS: dict[str, tuple[str, str]] = {
    "list.village": ("Desa/kelurahan (nama)", "Village (name)"),
    "list.district": ("Kecamatan (nama)", "District (name)"),
    "list.regency": ("Kabupaten/kota (nama)", "Regency/city (name)"),
    "list.product": ("Jenis usaha/produk", "Kind of business/product"),
    "list.number": ("Nomor urut (diabaikan)", "Row number (ignored)"),
}


def field_label(name: str, lang: Lang) -> str:
    """What a column mapped to ``name`` means, for the hand mapping's choices."""
    if name in _LIST_LABELS:
        ident, english = _LIST_LABELS[name]
        return ident if lang == "id" else english
    return export_label(name, lang)


def mappable_fields() -> list[str]:
    """What a column may be mapped to by hand: every export column and the list's names."""
    return [*COLUMN_NAMES, *LIST_FIELDS]
