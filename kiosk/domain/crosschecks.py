"""Checks across fields, to catch typing mistakes that each field alone cannot show.

Decisions (why errors vs warnings):

* NIK vs **date of birth** and **sex** entered: an **error** when both are filled and disagree.
  The KTP prints the birth date and sex from the same population record that produced the NIK, so
  a mismatch is nearly always a typo in one of the two. Rare real mismatches exist (a birth date
  corrected at Dukcapil after the NIK was issued): then leave date of birth / sex empty (they are
  optional) and the NIK alone is recorded; the message says to check both.
* NIK region prefix (PPRRSS) not in the region table: a **warning**: district codes change after
  splits and a NIK keeps its old code. (An unknown *province* is an error in ``ids.validate_nik``.)
* Address codes must nest (village in district in regency in province): an **error**.
* Chosen scale differs from the PP 7/2021 suggestion: a **warning** (staff may know better, e.g.
  the scale on the NIB).
* Sole proprietorship whose NPWP is a NIK other than the owner's: a **warning** (the NPWP of a
  perorangan is normally the owner's own NIK since 2024, but a spouse's is possible).
* Bank account holder matches neither business nor owner name: a **warning** (payments go to the
  supplier's own account; abbreviations make an exact rule impossible).
* Owner younger than 17 by the birth date: a **warning** (a KTP is issued from 17 or marriage).
* TKDN certificate on a product not marked as domestic (PDN): a **warning**.
"""

from __future__ import annotations

import datetime as dt
import itertools

from kiosk.domain import ids
from kiosk.domain.field_rules import clean
from kiosk.domain.issues import FieldError, Issue
from kiosk.domain.model import LegalForm, Registration, Sex
from kiosk.domain.product_checks import catalogue_checks
from kiosk.domain.reference_rules import reference
from kiosk.domain.scale import suggest_scale
from kiosk.i18n import register
from kiosk.text import fold

ADULT_AGE = 17
_LEGAL_PREFIXES = ("pt", "cv", "ud", "fa", "firma", "koperasi", "kop", "yayasan", "tbk", "persero")


def _valid(path: str, value: object) -> object | None:
    """The cleaned value when it is filled in and valid, else ``None`` (field issues cover it)."""
    if value in (None, "", []):
        return None
    cleaned, issues = clean(path, value)
    return None if issues else cleaned


def nik_checks(reg: Registration) -> list[Issue]:
    nik = _valid("owner.nik", reg.owner.nik)
    if nik is None:
        return []
    try:
        district, born, sex = ids.nik_facts(str(nik))
    except FieldError:
        return []
    issues: list[Issue] = []
    if reference().region(district) is None:
        issues.append(
            Issue("owner.nik", "validation.nik.region_unknown", "warning", {"value": district})
        )
    birth = _valid("owner.birth_date", reg.owner.birth_date)
    if isinstance(birth, dt.date) and (birth.day, birth.month, birth.year % 100) != (
        born.day,
        born.month,
        born.year % 100,
    ):
        issues.append(
            Issue(
                "owner.birth_date",
                "validation.nik.birth_mismatch",
                params={"nik_date": born.strftime("%d-%m-%Y")},
            )
        )
    entered_sex = _valid("owner.sex", reg.owner.sex)
    if isinstance(entered_sex, Sex) and entered_sex != sex:
        issues.append(
            Issue(
                "owner.sex", "validation.nik.sex_mismatch", params={"nik_sex": f"sex.{sex.value}"}
            )
        )
    when = birth if isinstance(birth, dt.date) else born
    today = dt.date.today()
    age = today.year - when.year - ((today.month, today.day) < (when.month, when.day))
    if age < ADULT_AGE:
        issues.append(Issue("owner.birth_date", "validation.owner.young", "warning", {"age": age}))
    return issues


def address_checks(reg: Registration) -> list[Issue]:
    a = reg.address
    chain = [
        ("address.province_code", a.province_code),
        ("address.regency_code", a.regency_code),
        ("address.district_code", a.district_code),
        ("address.village_code", a.village_code),
    ]
    issues: list[Issue] = []
    for (parent_path, parent), (child_path, child) in itertools.pairwise(chain):
        p, c = _valid(parent_path, parent), _valid(child_path, child)
        if p is None or c is None:
            continue
        region = reference().region(str(c))
        if region is not None and region.parent_code != p:
            issues.append(
                Issue(
                    child_path,
                    "validation.region.outside",
                    params={"parent": f"field.{parent_path}"},
                )
            )
    return issues


def business_checks(reg: Registration) -> list[Issue]:
    b = reg.business
    issues: list[Issue] = []
    capital = _valid("business.capital_idr", b.capital_idr)
    sales = _valid("business.annual_sales_idr", b.annual_sales_idr)
    suggested, _ = suggest_scale(
        capital if isinstance(capital, int) else None, sales if isinstance(sales, int) else None
    )
    chosen = _valid("business.scale", b.scale)
    if suggested is not None and chosen is not None and chosen != suggested:
        issues.append(
            Issue(
                "business.scale",
                "validation.scale.differs",
                "warning",
                {"suggested": f"scale.{suggested.value}"},
            )
        )
    npwp = _valid("business.npwp", b.npwp)
    nik = _valid("owner.nik", reg.owner.nik)
    if (
        b.legal_form == LegalForm.PERORANGAN
        and isinstance(npwp, str)
        and len(npwp) == 16
        and not npwp.startswith("0")
        and nik
        and npwp != nik
    ):
        issues.append(Issue("business.npwp", "validation.npwp.other_nik", "warning"))
    return issues


def _name_words(name: str) -> list[str]:
    return [w for w in fold(name).split() if w not in _LEGAL_PREFIXES]


def _covers(short: list[str], long: list[str]) -> bool:
    """Every word of ``short`` starts a word of ``long`` ("siti r" ~ "siti rahmawati")."""
    return bool(short) and all(any(w.startswith(s) for w in long) for s in short)


def bank_checks(reg: Registration) -> list[Issue]:
    holder = _valid("bank.holder_name", reg.bank.holder_name)
    if not isinstance(holder, str) or not _name_words(holder):
        return []
    held = _name_words(holder)
    names = [
        _name_words(str(n))
        for n in (
            _valid("business.name", reg.business.name),
            _valid("owner.full_name", reg.owner.full_name),
        )
        if n
    ]
    if names and not any(_covers(held, n) or _covers(n, held) for n in names if n):
        return [Issue("bank.holder_name", "validation.bank.holder_mismatch", "warning")]
    return []


def product_checks(reg: Registration) -> list[Issue]:
    return [
        Issue(f"products.{i}.tkdn_cert_no", "validation.tkdn.not_pdn", "warning")
        for i, p in enumerate(reg.products)
        if _valid(f"products.{i}.tkdn_cert_no", p.tkdn_cert_no) and p.pdn is False
    ]


def cross_checks(reg: Registration) -> list[Issue]:
    return (
        nik_checks(reg)
        + address_checks(reg)
        + business_checks(reg)
        + bank_checks(reg)
        + product_checks(reg)
        + catalogue_checks(reg)
    )


register(
    {
        "sex.L": {"id": "laki-laki", "en": "male"},
        "sex.P": {"id": "perempuan", "en": "female"},
        "validation.nik.region_unknown": {
            "id": "{field}: kode kecamatan {value} di NIK tidak ada di daftar wilayah saat ini "
            "(bisa karena pemekaran). Periksa enam angka pertama.",
            "en": "{field}: district code {value} in the NIK is not in the current region list "
            "(regions may have been split). Check the first six digits.",
        },
        "validation.nik.birth_mismatch": {
            "id": "{field} tidak cocok dengan NIK (NIK menunjukkan {nik_date}). Periksa keduanya; "
            "jika KTP memang berbeda, kosongkan tanggal lahir.",
            "en": "{field} does not match the NIK (the NIK says {nik_date}). Check both; if the ID "
            "card really differs, leave the date of birth empty.",
        },
        "validation.nik.sex_mismatch": {
            "id": "{field} tidak cocok dengan NIK (NIK menunjukkan {nik_sex}). Periksa keduanya.",
            "en": "{field} does not match the NIK (the NIK says {nik_sex}). Check both.",
        },
        "validation.owner.young": {
            "id": "{field}: umur penanggung jawab {age} tahun. KTP baru diterbitkan mulai umur 17.",
            "en": "{field}: the person in charge is {age} years old. ID cards are issued from 17.",
        },
        "validation.region.outside": {
            "id": "{field} tidak berada di {parent} yang dipilih. Pilih ulang wilayahnya.",
            "en": "{field} is not inside the chosen {parent}. Pick the region again.",
        },
        "validation.scale.differs": {
            "id": "{field} berbeda dengan saran menurut PP 7/2021 ({suggested}). Pastikan sesuai "
            "NIB.",
            "en": "{field} differs from the PP 7/2021 suggestion ({suggested}). Make sure it "
            "matches the NIB.",
        },
        "validation.npwp.other_nik": {
            "id": "{field} berupa NIK yang berbeda dengan NIK pemilik. Untuk usaha perorangan "
            "biasanya sama. Periksa ketikan.",
            "en": "{field} is a NIK other than the owner's. For a sole proprietorship they are "
            "usually the same. Check for a typo.",
        },
        "validation.bank.holder_mismatch": {
            "id": "{field} tidak sama dengan nama usaha atau nama pemilik. Pembayaran hanya ke "
            "rekening atas nama penyedia.",
            "en": "{field} matches neither the business nor the owner name. Payments go only to "
            "an account in the supplier's name.",
        },
        "validation.tkdn.not_pdn": {
            "id": "{field}: sertifikat TKDN hanya untuk produk dalam negeri. Centang PDN atau "
            "hapus nomornya.",
            "en": "{field}: a TKDN certificate is only for domestic products. Tick PDN or remove "
            "the number.",
        },
    }
)
