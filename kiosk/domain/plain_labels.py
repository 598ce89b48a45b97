"""Plain words for the owner's own screen (self-service): field names and "?" help texts.

Staff see the official names of :mod:`kiosk.domain.fields` ("Modal usaha (tanpa tanah dan
bangunan)", "Status PKP"): they are the words of the forms and regulations staff work with. An
owner alone at the touch screen gets a short name in everyday words, and what the official name
adds (what counts as capital, what a number is and where it is written) behind a "?" (issue 12
item 15).

Invariants:

- No regulation number, agency or tax term in a plain name (PP 7/2021, OSS, PKP, KBLI, "tanpa
  tanah dan bangunan"): ``tests/core/test_plain_labels.py`` checks every plain name for them.
  Help texts may name them: they are read only by who asks.
- A field without a plain name keeps its official one (:func:`kiosk.domain.issues.field_label`
  with ``plain=True`` falls back), so messages always name the field the way its label does.
"""

from __future__ import annotations

from kiosk.i18n import Lang, has, register, tr

# Terms an owner should not meet on screen without asking for them (see the module docstring).
JARGON: tuple[str, ...] = (
    "PP 7/2021",
    "OSS",
    "PKP",
    "KBLI",
    "tanpa tanah dan bangunan",
    "excl. land and buildings",
)

PLAIN_LABELS: dict[str, tuple[str, str]] = {
    "business.name": ("Nama usaha", "Business name"),
    "business.legal_form": ("Bentuk usaha", "Type of business"),
    "business.capital_idr": ("Modal usaha", "Money put into the business"),
    "business.annual_sales_idr": ("Hasil penjualan setahun", "Sales in a year"),
    "business.nib": ("Nomor Induk Berusaha (NIB)", "Business number (NIB)"),
    "business.npwp": ("Nomor pajak (NPWP)", "Tax number (NPWP)"),
    "business.kbli": ("Bidang usaha", "What the business does"),
    "owner.nik": ("NIK (16 angka di KTP)", "NIK (16 digits on the ID card)"),
    "owner.full_name": ("Nama lengkap seperti di KTP", "Full name as on the ID card"),
    "owner.position": ("Jabatan di usaha", "Your role in the business"),
    "owner.phone": ("Nomor HP / WhatsApp", "Mobile / WhatsApp number"),
}

HELP: dict[str, tuple[str, str]] = {
    "business.capital_idr": (
        "Uang dan barang yang Anda pakai untuk usaha: peralatan, bahan, uang kas. Tanah dan "
        "bangunan tempat usaha tidak dihitung (PP 7/2021: modal usaha tanpa tanah dan bangunan). "
        "Perkiraan saja cukup; petugas akan memeriksanya.",
        "Money and goods you use for the business: tools, materials, cash. The land and the "
        "building are not counted (PP 7/2021: capital excluding land and buildings). An "
        "estimate is enough; staff will check it.",
    ),
    "business.annual_sales_idr": (
        "Jumlah uang dari penjualan dalam satu tahun, perkiraan saja. Boleh dikosongkan.",
        "The money your sales bring in one year, an estimate. You may leave it empty.",
    ),
    "business.nib": (
        "NIB adalah nomor izin usaha dari sistem OSS, 13 angka, tertulis di dokumen NIB Anda. "
        "Belum punya? Pilih \u201cBelum punya NIB\u201d: petugas akan membantu membuatnya.",
        "The NIB is the business licence number from the OSS system, 13 digits, printed on your "
        "NIB document. None yet? Choose \u201cNo NIB yet\u201d: staff will help you get one.",
    ),
    "business.npwp": (
        "NPWP adalah nomor pajak, 15 atau 16 angka, tertulis di kartu NPWP. Belum punya? Pilih "
        "\u201cBelum punya NPWP\u201d: petugas akan membantu.",
        "The NPWP is the tax number, 15 or 16 digits, printed on the NPWP card. None yet? "
        "Choose \u201cNo NPWP yet\u201d: staff will help.",
    ),
    "business.kbli": (
        "Ketik apa yang Anda jual atau kerjakan, misalnya \u201croti\u201d atau \u201cjahit\u201d, "
        "lalu pilih dari daftar (daftar KBLI, kode bidang usaha resmi).",
        "Type what you sell or make, e.g. \u201cbread\u201d or \u201csewing\u201d, then pick it "
        "from the list (KBLI, the official list of business activities).",
    ),
    "owner.nik": (
        "Nomor Induk Kependudukan: 16 angka di bagian atas KTP Anda.",
        "The national ID number: the 16 digits at the top of your ID card (KTP).",
    ),
    "owner.phone": (
        "Nomor yang bisa dihubungi petugas, sebaiknya yang memakai WhatsApp.",
        "A number staff can call, preferably one with WhatsApp.",
    ),
}


def plain_code(path: str) -> str:
    """``business.capital_idr`` -> ``field.plain.business.capital_idr`` (indexes dropped)."""
    return "field.plain." + ".".join(part for part in path.split(".") if not part.isdigit())


def help_text(path: str, lang: Lang = "id") -> str:
    """The "?" text of ``path`` on the owner's screen, ``""`` if it has none."""
    code = "field.help." + ".".join(part for part in path.split(".") if not part.isdigit())
    return tr(code, lang) if has(code) else ""


register({plain_code(path): {"id": id_, "en": en} for path, (id_, en) in PLAIN_LABELS.items()})
register({f"field.help.{path}": {"id": id_, "en": en} for path, (id_, en) in HELP.items()})
