"""Checks across a product's fields and across the products of one business.

Decisions (why errors vs warnings):

* KBLI code of a product not among the business's KBLI codes: an **error**. The catalogue lists a
  product under the provider's licensed activities (its NIB's KBLI), nowhere else.
* Price outside the usual range of its unit (:data:`kiosk.domain.products.PRICE_RANGES`): a
  **warning** naming the range: usually zeros typed too many or too few, but a person may know.
* TKDN value or certificate on a product not marked PDN: a **warning** (a TKDN is certified only
  for domestic products). A TKDN value without a certificate number: a **warning** (the catalogue
  shows a TKDN only with its certificate). BMP without a TKDN value: a **warning**.
* The same product twice in one business (same name, brand and unit, case and spaces ignored): a
  **warning** on the later one; the same photo twice on one product: an **error**; one photo on
  two products: a **warning** (a family of products may share a picture, but rarely should).
* More than three photos: an **error** (the catalogue takes three per listing).
* Catalogue readiness (:func:`catalogue_readiness`) is separate from the registration's
  validation: a product without KBLI code, without "price includes PPN" stated or without a photo
  is *not ready for the catalogue* (the products step, the review and the export say so), but the
  registration may still be submitted: a supplier registers before every photo is taken, and
  registrations made before the catalogue fields existed stay submittable and correctable.
"""

from __future__ import annotations

from kiosk.domain.field_rules import clean
from kiosk.domain.formatting import format_rupiah
from kiosk.domain.issues import Issue
from kiosk.domain.model import PageRef, Registration
from kiosk.domain.products import MAX_PHOTOS, price_range, standard_unit
from kiosk.i18n import register
from kiosk.text import fold


def _ok(path: str, value: object) -> object | None:
    if value in (None, "", []):
        return None
    cleaned, issues = clean(path, value)
    return None if issues else cleaned


def catalogue_checks(reg: Registration) -> list[Issue]:
    issues: list[Issue] = []
    codes = reg.business.kbli if isinstance(reg.business.kbli, list) else []
    business_kbli = {k for k in codes if isinstance(k, str)}
    seen_products: dict[tuple[str, str, str], int] = {}
    photo_owner: dict[str, int] = {}
    for i, p in enumerate(reg.products):
        at = f"products.{i}"
        kbli = _ok(f"{at}.kbli", p.kbli)
        if kbli is not None and business_kbli and kbli not in business_kbli:
            issues.append(Issue(f"{at}.kbli", "validation.product.kbli_not_business", "error",
                                {"value": kbli}))  # fmt: skip
        price = _ok(f"{at}.price_idr", p.price_idr)
        unit = _ok(f"{at}.unit", p.unit)
        usual = price_range(str(unit)) if unit is not None else None
        if isinstance(price, int) and usual and not usual[0] <= price <= usual[1]:
            issues.append(Issue(f"{at}.price_idr", "validation.product.price_unusual", "warning",
                                {"unit": standard_unit(str(unit)), "low": format_rupiah(usual[0]),
                                 "high": format_rupiah(usual[1])}))  # fmt: skip
        tkdn = _ok(f"{at}.tkdn_percent", p.tkdn_percent)
        if tkdn is not None and p.pdn is False:
            issues.append(Issue(f"{at}.tkdn_percent", "validation.tkdn.not_pdn", "warning"))
        if tkdn is not None and not _ok(f"{at}.tkdn_cert_no", p.tkdn_cert_no):
            issues.append(Issue(f"{at}.tkdn_cert_no", "validation.tkdn.cert_missing", "warning"))
        if _ok(f"{at}.bmp_percent", p.bmp_percent) is not None and tkdn is None:
            issues.append(Issue(f"{at}.bmp_percent", "validation.bmp.without_tkdn", "warning"))
        name = _ok(f"{at}.name", p.name)
        if name is not None:
            brand = _ok(f"{at}.brand", p.brand) or ""
            key = (fold(str(name)), fold(str(brand)), standard_unit(str(unit or "")) or "")
            if key in seen_products:
                issues.append(Issue(f"{at}.name", "validation.product.duplicate", "warning",
                                    {"other": seen_products[key] + 1}))  # fmt: skip
            else:
                seen_products[key] = i
        issues += _photo_checks(i, reg, photo_owner)
    return issues


def _photo_checks(i: int, reg: Registration, photo_owner: dict[str, int]) -> list[Issue]:
    at = f"products.{i}.photos"
    given = reg.products[i].photos
    photos = [p for p in given if isinstance(p, PageRef)] if isinstance(given, list) else []
    issues: list[Issue] = []
    if len(photos) > MAX_PHOTOS:
        issues.append(Issue(at, "validation.photos.too_many", params={"max": MAX_PHOTOS}))
    mine: set[str] = set()
    for photo in photos:
        if photo.sha256 in mine:
            issues.append(Issue(at, "validation.photos.same_twice"))
            continue
        mine.add(photo.sha256)
        other = photo_owner.setdefault(photo.sha256, i)
        if other != i:
            issues.append(Issue(at, "validation.photos.shared", "warning", {"other": other + 1}))
    return issues


def catalogue_readiness(reg: Registration) -> list[Issue]:
    """What the catalogue needs and a product lacks, as warnings (never blocks a submission)."""
    issues: list[Issue] = []
    for i, p in enumerate(reg.products):
        at = f"products.{i}"
        if not p.kbli:
            issues.append(Issue(f"{at}.kbli", "validation.catalogue.needs", "warning"))
        if p.price_includes_ppn is None:
            issues.append(Issue(f"{at}.price_includes_ppn", "validation.catalogue.ppn", "warning"))
        if not p.photos:
            issues.append(Issue(f"{at}.photos", "validation.catalogue.photo", "warning"))
    return issues


register(
    {
        "validation.product.kbli_not_business": {
            "id": "{field}: kode {value} bukan salah satu KBLI usaha ini. Pilih dari KBLI usaha "
            "atau tambahkan kodenya di langkah Usaha.",
            "en": "{field}: code {value} is not one of this business's KBLI codes. Pick one of "
            "them, or add the code on the Business step.",
        },
        "validation.product.price_unusual": {
            "id": "{field} tidak biasa untuk satuan {unit} (biasanya {low} sampai {high}). "
            "Periksa jumlah angka nol.",
            "en": "{field} is unusual for the unit {unit} (usually {low} to {high}). Check "
            "the number of zeros.",
        },
        "validation.tkdn.cert_missing": {
            "id": "{field}: nilai TKDN diisi tanpa nomor sertifikat. Katalog menampilkan TKDN "
            "hanya dengan sertifikatnya.",
            "en": "{field}: a TKDN value is given without a certificate number. The catalogue "
            "shows a TKDN only with its certificate.",
        },
        "validation.bmp.without_tkdn": {
            "id": "{field}: BMP hanya berarti bersama nilai TKDN. Isi nilai TKDN juga.",
            "en": "{field}: a BMP counts only with a TKDN value. Enter the TKDN value too.",
        },
        "validation.product.duplicate": {
            "id": "{field}: produk yang sama (nama, merek, satuan) sudah ada sebagai produk "
            "{other}.",
            "en": "{field}: the same product (name, brand, unit) is already product {other}.",
        },
        "validation.photos.too_many": {
            "id": "{field}: paling banyak {max} foto per produk.",
            "en": "{field}: at most {max} photos per product.",
        },
        "validation.photos.same_twice": {
            "id": "{field}: foto yang sama dua kali. Hapus salah satunya.",
            "en": "{field}: the same photo twice. Remove one of them.",
        },
        "validation.photos.shared": {
            "id": "{field}: foto ini juga dipakai produk {other}. Periksa apakah fotonya benar.",
            "en": "{field}: this photo is also used by product {other}. Check it is the right one.",
        },
        "validation.catalogue.needs": {
            "id": "{field} belum diisi: perlu untuk katalog elektronik.",
            "en": "{field} is not filled in: the e-catalogue needs it.",
        },
        "validation.catalogue.ppn": {
            "id": "{field}: nyatakan apakah harga sudah termasuk PPN (perlu untuk katalog).",
            "en": "{field}: state whether the price includes VAT (PPN); the catalogue needs it.",
        },
        "validation.catalogue.photo": {
            "id": "{field}: belum ada foto. Katalog memerlukan 1 sampai 3 foto produk.",
            "en": "{field}: no photo yet. The catalogue needs 1 to 3 product photos.",
        },
    }
)
