"""Indonesian identity numbers: NIK, NPWP, NIB. Numbers are always text, never integers.

python-stdnum does the number rules (``stdnum.id.nik``, ``stdnum.id.npwp``: length, digits, the
NPWP's Luhn check digit, the NIK's birth date). One deliberate departure: stdnum also checks the
NIK's first four digits against its own place list (``stdnum/id/loc.dat``), and that list lacks
the provinces created since 2012: Kalimantan Utara (65, where the kiosk is first deployed) and the
Papua provinces of 2022 (92, 93, 95, 96). A real Tarakan NIK (``6571…``) fails there. So the
place check here is the kiosk's own region table: an unknown *province* code is an error (a typing
mistake: provinces are few and known), an unknown *district* (PPRRSS) is only a warning in
:mod:`kiosk.domain.validation`, because district codes change after a region is split and a NIK
keeps the code it was issued with.

Normalised forms: NIK 16 digits; NPWP 15 digits (legacy) or 16 digits (the 2024 form: ``0`` +
legacy number, or the NIK of a person); NIB 13 digits.
"""

from __future__ import annotations

import datetime as dt

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.id import nik as std_nik

from kiosk.domain.issues import FieldError
from kiosk.domain.model import Sex
from kiosk.i18n import register
from kiosk.text import digits_only, is_ascii_digits

# NIB (Nomor Induk Berusaha, issued by OSS). PP 24/2018 and the OSS user guides print 13-digit
# numbers and OSS-RBA (PP 5/2021) kept that length; some secondary sources (and forms built for
# the old OSS 1.0 migration) mention other lengths. Sources disagree, so the rule lives here only.
NIB_LENGTH = 13

# Province codes that are not in the shipped region table but are valid in old NIKs: none known.
# The province check itself asks the region table (kiosk.reference), loaded lazily.


def _province_known(code: str) -> bool:
    from kiosk.domain.reference_rules import reference

    return reference().region(code) is not None


def normalize_nik(text: str) -> str:
    """Spaces, dots and dashes removed (``"6471 0101 0190 0001"`` -> ``"6471010101900001"``)."""
    return digits_only(text)


def validate_nik(text: str, *, field: str = "owner.nik") -> str:
    """The normalised NIK, or :class:`FieldError` (``validation.nik.*``)."""
    number = normalize_nik(text)
    if not number:
        raise FieldError(field, "validation.required")
    if not is_ascii_digits(number):
        raise FieldError(field, "validation.nik.digits")
    if len(number) != 16:
        raise FieldError(field, "validation.nik.length", length=len(number))
    if number[:2] == "00" or not _province_known(number[:2]):
        raise FieldError(field, "validation.nik.province", value=number[:2])
    try:
        std_nik.get_birth_date(number)
    except ValidationError:
        raise FieldError(field, "validation.nik.birth_date") from None
    if number[12:] == "0000":
        raise FieldError(field, "validation.nik.serial")
    return number


def nik_facts(nik: str, today: dt.date | None = None) -> tuple[str, dt.date, Sex]:
    """``(district code "PP.RR.SS", birth date, sex)`` encoded in a valid NIK.

    Women have 40 added to the day. The year has two digits: it resolves to the latest century
    that does not put the birth date in the future (``"…0101 05…"`` in 2026 is 2005, ``…30`` is
    1930). stdnum's ``get_birth_date`` always tries 19xx first, which would make everyone born
    since 2000 a century older, so the century is decided here.
    """
    number = validate_nik(nik)
    today = today or dt.date.today()
    day, month, year = int(number[6:8]), int(number[8:10]), int(number[10:12])
    sex = Sex.FEMALE if day > 40 else Sex.MALE
    day = day - 40 if day > 40 else day
    born: dt.date | None = None
    for century in (2000, 1900):
        try:
            candidate = dt.date(century + year, month, day)
        except ValueError:
            continue  # 29 February exists in only one of the two centuries (1900 vs 2000)
        if candidate <= today:
            born = candidate
            break
    if born is None:
        raise FieldError("owner.nik", "validation.nik.birth_date")
    district = f"{number[0:2]}.{number[2:4]}.{number[4:6]}"
    return district, born, sex


def normalize_npwp(text: str) -> str:
    """Separators removed: ``"01.312.166.0-091.000"`` -> ``"013121660091000"``."""
    return digits_only(text)


def validate_npwp(text: str, *, field: str = "business.npwp") -> str:
    """The normalised NPWP: legacy 15 digits, 16 digits starting with 0, or a NIK used as NPWP."""
    number = normalize_npwp(text)
    if not number:
        raise FieldError(field, "validation.required")
    if not is_ascii_digits(number):
        raise FieldError(field, "validation.npwp.digits")
    if len(number) == 16 and not number.startswith("0"):
        try:
            return validate_nik(number, field=field)
        except FieldError as exc:
            raise FieldError(field, "validation.npwp.nik", reason=exc.code) from None
    if len(number) not in (15, 16):
        raise FieldError(field, "validation.npwp.length", length=len(number))
    legacy = number if len(number) == 15 else number[1:]
    try:
        luhn.validate(legacy[:9])  # the check digit stdnum.id.npwp verifies
    except ValidationError:
        raise FieldError(field, "validation.npwp.checksum") from None
    return number


def format_npwp(number: str) -> str:
    """Display form: legacy ``01.312.166.0-091.000``; 16-digit numbers in groups of four."""
    number = normalize_npwp(number)
    if len(number) == 15:
        return f"{number[:2]}.{number[2:5]}.{number[5:8]}.{number[8]}-{number[9:12]}.{number[12:]}"
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def normalize_nib(text: str) -> str:
    return digits_only(text)


def validate_nib(text: str, *, field: str = "business.nib") -> str:
    number = normalize_nib(text)
    if not number:
        raise FieldError(field, "validation.required")
    if not is_ascii_digits(number):
        raise FieldError(field, "validation.nib.digits")
    if len(number) != NIB_LENGTH:
        raise FieldError(field, "validation.nib.length", length=len(number), expected=NIB_LENGTH)
    return number


register(
    {
        "validation.required": {
            "id": "{field} wajib diisi.",
            "en": "{field} is required.",
        },
        "validation.nik.digits": {
            "id": "{field} hanya boleh berisi angka 0–9.",
            "en": "{field} may contain only the digits 0–9.",
        },
        "validation.nik.length": {
            "id": "{field} harus 16 angka (sekarang {length}).",
            "en": "{field} must have 16 digits (it has {length}).",
        },
        "validation.nik.province": {
            "id": "{field}: kode provinsi {value} tidak dikenal. Periksa dua angka pertama.",
            "en": "{field}: province code {value} is unknown. Check the first two digits.",
        },
        "validation.nik.birth_date": {
            "id": "{field}: angka 7–12 bukan tanggal lahir yang mungkin (DDMMYY, perempuan +40).",
            "en": "{field}: digits 7–12 are not a possible birth date (DDMMYY, women +40).",
        },
        "validation.nik.serial": {
            "id": "{field}: empat angka terakhir tidak boleh 0000.",
            "en": "{field}: the last four digits cannot be 0000.",
        },
        "validation.npwp.digits": {
            "id": "{field} hanya boleh berisi angka (titik dan tanda hubung boleh).",
            "en": "{field} may contain only digits (dots and dashes are fine).",
        },
        "validation.npwp.length": {
            "id": "{field} harus 15 atau 16 angka (sekarang {length}).",
            "en": "{field} must have 15 or 16 digits (it has {length}).",
        },
        "validation.npwp.checksum": {
            "id": "{field}: angka kontrol (angka ke-9 NPWP lama) tidak cocok. Periksa ketikan.",
            "en": "{field}: the check digit (9th digit of the old NPWP) does not match. Check it.",
        },
        "validation.npwp.nik": {
            "id": "{field}: NPWP 16 angka yang tidak diawali 0 adalah NIK, tetapi NIK ini tidak "
            "sah.",
            "en": "{field}: a 16-digit NPWP not starting with 0 is a NIK, but this NIK is invalid.",
        },
        "validation.nib.digits": {
            "id": "{field} hanya boleh berisi angka 0–9.",
            "en": "{field} may contain only the digits 0–9.",
        },
        "validation.nib.length": {
            "id": "{field} harus {expected} angka (sekarang {length}).",
            "en": "{field} must have {expected} digits (it has {length}).",
        },
    }
)
