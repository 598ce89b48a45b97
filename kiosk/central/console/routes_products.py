"""The console's products list (issue 11) and the catalogue export from the console.

``GET /console/products``: every product of the registrations in the viewer's scope (a supervisor
sees their MPP only), filtered by KBLI section, regency, PDN/TKDN, price range and status
(:func:`kiosk.central.catalogue.list_products`, the same query the export uses), 50 a page, each
with its first photo as a thumbnail (served by ``/console/pages/{sha}?size=thumb``, which checks
the scope again). ``GET /console/products/katalog.zip``: the catalogue export of the verified
businesses in scope (:func:`kiosk.central.catalogue_export.export_catalogue`: the sheet and the
photos in one ZIP; it is recorded, so the next export marks what changed), audited.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kiosk.central import audit
from kiosk.central.catalogue import ProductFilter, TkdnFilter, list_products
from kiosk.central.console import texts
from kiosk.central.console.deps import ViewerDep
from kiosk.central.console.templating import render, secure
from kiosk.central.db import session_scope
from kiosk.central.deps import StateDep
from kiosk.domain.products import domestic_priority
from kiosk.reference import Reference

router = APIRouter(prefix="/console", include_in_schema=False)
PER_PAGE = 50
STATUSES = ("", "submitted", "verified", "needs_fix", "rejected")
TKDN: dict[str, TkdnFilter] = {"any": "any", "with": "with", "without": "without",
                               "priority": "priority"}  # fmt: skip
SECTIONS = tuple("ABCDEFGHIJKLMNOPQRSTU")  # the KBLI 2020 sections


def _int(value: str | None) -> int | None:
    text = (value or "").strip().replace(".", "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 15 else None


def product_filter(params: dict[str, str], mpp_name: str) -> ProductFilter:
    """The filter from the page's query parameters; anything unreadable is ignored."""
    pdn = {"1": True, "0": False}.get(params.get("pdn", ""))
    status = params.get("status", "")
    section = params.get("kbli_section", "").strip().upper()[:1]
    regency = params.get("regency", "").strip()
    return ProductFilter(
        kbli_section=section if section.isalpha() else "",
        regency=regency if len(regency) == 5 and regency[2] == "." else "",
        pdn=pdn,
        tkdn=TKDN.get(params.get("tkdn", ""), "any"),
        price_min=_int(params.get("price_min")),
        price_max=_int(params.get("price_max")),
        status=status if status in STATUSES else "",
        mpp=mpp_name,
    )


@router.get("/products")
def products_page(request: Request, state: StateDep, viewer: ViewerDep) -> Response:
    params = dict(request.query_params)
    flt = product_filter(params, viewer.mpp_name if viewer.mpp_id is not None else "")
    page = max(1, _int(params.get("page")) or 1)
    refs = Reference.load()
    with session_scope(state.factory) as session:
        items, total = list_products(session, flt, limit=PER_PAGE, offset=(page - 1) * PER_PAGE,
                                     refs=refs)  # fmt: skip
    rows = [
        {
            "item": item,
            "priority": domestic_priority(item.product),
            "kbli_title": (e.title if (e := refs.kbli(item.product.kbli)) else ""),
            "regency": (r.name if (r := refs.region(item.business.regency_code)) else ""),
        }
        for item in items
    ]
    regencies = [(r.code, r.name) for p in refs.provinces() for r in refs.regencies(p.code)]
    pages = max(1, -(-total // PER_PAGE))

    def link(n: int) -> str:
        return "/console/products?" + urlencode({**params, "page": str(n)})

    return render(request, viewer, "products.html", rows=rows, total=total, page=page,
                  prev_url=link(page - 1) if page > 1 else "",
                  next_url=link(page + 1) if page < pages else "",
                  pages=pages, filter=flt, params=params,
                  sections=SECTIONS, regencies=regencies,
                  statuses=STATUSES, tkdn_choices=TKDN)  # fmt: skip


@router.get("/products/katalog.zip")
def catalogue_zip(state: StateDep, viewer: ViewerDep) -> Response:
    from kiosk.central.catalogue_export import export_catalogue

    mpp = viewer.mpp_name if viewer.mpp_id is not None else ""
    with tempfile.TemporaryDirectory(prefix="katalog-") as tmp:
        out = Path(tmp) / "katalog.zip"
        with session_scope(state.factory) as session:
            result = export_catalogue(session, state.storage, state.private_key, out, mpp=mpp)
            audit.record(session, viewer.username, "export", target="katalog",
                         details={"format": "zip", "rows": result.rows,
                                  "changed": result.changed})  # fmt: skip
        data = out.read_bytes()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M")
    response = Response(data, media_type="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="katalog-{stamp}.zip"'
    return secure(response)


texts.add(
    {
        "nav.products": ("Produk", "Products"),
        "products.title": ("Produk untuk katalog elektronik", "Products for the e-catalogue"),
        "products.count": ("{n} produk", "{n} products"),
        "products.export": (
            "Unduh ekspor katalog (usaha terverifikasi, ZIP berisi lembar dan foto)",
            "Download the catalogue export (verified businesses, a ZIP of the sheet and photos)",
        ),
        "products.kbli_section": ("Kategori KBLI", "KBLI section"),
        "products.regency": (
            "Kabupaten/kota (lokasi atau pengiriman)",
            "Regency (based or delivers)",
        ),
        "products.pdn": ("PDN", "Domestic (PDN)"),
        "products.tkdn": ("TKDN", "TKDN"),
        "products.tkdn.any": ("semua", "any"),
        "products.tkdn.with": ("ada nilai TKDN", "with a TKDN value"),
        "products.tkdn.without": ("tanpa TKDN", "without TKDN"),
        "products.tkdn.priority": ("prioritas PDN (TKDN+BMP ≥ 40 %)", "domestic priority (≥ 40 %)"),
        "products.price_min": ("Harga dari (Rp)", "Price from (Rp)"),
        "products.price_max": ("sampai (Rp)", "to (Rp)"),
        "products.status": ("Status", "Status"),
        "products.any": ("semua", "any"),
        "products.filter": ("Saring", "Filter"),
        "products.photo": ("Foto", "Photo"),
        "products.name": ("Produk", "Product"),
        "products.business": ("Usaha", "Business"),
        "products.price": ("Harga", "Price"),
        "products.unit": ("Satuan", "Unit"),
        "products.ppn_in": ("termasuk PPN", "incl. VAT"),
        "products.ppn_ex": ("belum termasuk PPN", "excl. VAT"),
        "products.priority": ("prioritas PDN", "domestic priority"),
        "products.none": ("Tidak ada produk yang cocok.", "No product matches."),
        "products.page": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
        "products.prev": ("Sebelumnya", "Previous"),
        "products.next": ("Berikutnya", "Next"),
    }
)
