"""The products the central holds, as a list to filter: the core query behind the console's
products page and the catalogue export.

Products are not a table of their own: they live inside each registration's current version
(``central_versions.content``, the canonical JSON the kiosk hashed), so what is listed is always
exactly what was submitted and verified, with no copy to go stale. :func:`list_products` selects
the current versions in SQL (status, MPP, date), then reads the products out of their content and
applies the product filters (KBLI section, regency, PDN/TKDN, price range) in Python: a province
holds some thousands of registrations, and one pass over their JSON takes well under a second
(``bench/bench_products.py`` measures 10,000 products).

Filters (all optional, combined with AND):

* ``kbli_section``: the KBLI 2020 section letter (``C`` = manufacturing) of the product's code.
* ``regency``: a regency code; a product matches if it delivers there or the business is there.
* ``pdn``: domestic product yes/no. ``tkdn``: ``"with"`` (a TKDN value), ``"priority"``
  (TKDN + BMP ≥ 40 % and PDN: the buyers' priority), ``"without"``.
* ``price_min``/``price_max``: whole rupiah, inclusive.
* ``status``: the registration's status at the central (``verified`` for the export).
* ``mpp``: the MPP's name (case ignored). ``since``: a date; the registration's verdict or its
  current version's arrival on or after it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kiosk.central.models import CentralRegistration, CentralVersion, Kiosk, Mpp, aware
from kiosk.domain.model import PageRef, Product, Registration
from kiosk.domain.products import domestic_priority
from kiosk.reference import Reference

TkdnFilter = Literal["any", "with", "without", "priority"]


@dataclass(frozen=True)
class ProductFilter:
    kbli_section: str = ""
    regency: str = ""
    pdn: bool | None = None
    tkdn: TkdnFilter = "any"
    price_min: int | None = None
    price_max: int | None = None
    status: str = ""
    mpp: str = ""
    since: dt.date | None = None


@dataclass(frozen=True)
class BusinessIdentity:
    name: str
    nib: str
    npwp: str
    legal_form: str
    scale: str
    regency_code: str
    kbli: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogueProduct:
    """One product with the registration and business it belongs to."""

    registration_id: str
    reg_no: str
    version: int
    status: str
    mpp_name: str
    verdict_at: dt.datetime | None
    received_at: dt.datetime
    number: int  # the product's place in the registration, from 1
    business: BusinessIdentity
    product: Product
    raw: dict[str, Any] = field(repr=False, default_factory=dict)  # the product as submitted

    @property
    def photos(self) -> list[PageRef]:
        return self.product.photos


def _current_versions(session: Session, flt: ProductFilter) -> Iterator[Any]:
    R, V = CentralRegistration, CentralVersion
    query = (
        select(
            R.id, R.reg_no, R.status, R.verdict_at, V.version, V.content, V.received_at, Mpp.name
        )
        .join(V, (V.registration_id == R.id) & (V.version == R.current_version))
        .join(Kiosk, Kiosk.id == R.kiosk_id)
        .join(Mpp, Mpp.id == Kiosk.mpp_id)
        .order_by(Mpp.name, R.reg_no)
    )
    if flt.status:
        query = query.where(R.status == flt.status)
    if flt.mpp:
        query = query.where(func.lower(Mpp.name) == flt.mpp.strip().lower())
    if flt.since is not None:
        start = dt.datetime.combine(flt.since, dt.time(), tzinfo=dt.UTC)
        query = query.where(or_(R.verdict_at >= start, V.received_at >= start))
    yield from session.execute(query.execution_options(yield_per=500))


def _identity(content: dict[str, Any]) -> BusinessIdentity:
    b, a = content.get("business") or {}, content.get("address") or {}
    return BusinessIdentity(
        name=str(b.get("name") or ""),
        nib=str(b.get("nib") or ""),
        npwp=str(b.get("npwp") or ""),
        legal_form=str(b.get("legal_form") or ""),
        scale=str(b.get("scale") or ""),
        regency_code=str(a.get("regency_code") or ""),
        kbli=tuple(str(k) for k in b.get("kbli") or []),
    )


def _matches(product: Product, business: BusinessIdentity, flt: ProductFilter,
             refs: Reference) -> bool:  # fmt: skip
    if flt.kbli_section:
        entry = refs.kbli(product.kbli) if product.kbli else None
        if entry is None or entry.category != flt.kbli_section.strip().upper():
            return False
    if flt.regency and flt.regency not in (*product.regencies, business.regency_code):
        return False
    if flt.pdn is not None and bool(product.pdn) != flt.pdn:
        return False
    if flt.tkdn == "with" and product.tkdn_percent is None:
        return False
    if flt.tkdn == "without" and product.tkdn_percent is not None:
        return False
    if flt.tkdn == "priority" and not domestic_priority(product):
        return False
    price = product.price_idr
    if flt.price_min is not None and (price is None or price < flt.price_min):
        return False
    return not (flt.price_max is not None and (price is None or price > flt.price_max))


def iter_products(
    session: Session, flt: ProductFilter | None = None, refs: Reference | None = None
) -> Iterator[CatalogueProduct]:
    """Every product of the registrations' current versions that passes ``flt``, by MPP,
    registration number and place in the registration."""
    flt = flt or ProductFilter()
    refs = refs or Reference.load()
    for (
        reg_id,
        reg_no,
        status,
        verdict_at,
        version,
        content_text,
        received_at,
        mpp,
    ) in _current_versions(session, flt):
        content = json.loads(content_text)
        business = _identity(content)
        raws = [p for p in content.get("products") or [] if isinstance(p, dict)]
        # the model reads older products (no catalogue fields) with their defaults
        products = Registration.from_dict({"products": raws}).products
        for number, (product, raw) in enumerate(zip(products, raws, strict=True), start=1):
            if _matches(product, business, flt, refs):
                yield CatalogueProduct(
                    reg_id, reg_no, version, status, mpp, aware(verdict_at),
                    aware(received_at), number, business, product, raw,
                )  # fmt: skip


def list_products(
    session: Session,
    flt: ProductFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    refs: Reference | None = None,
) -> tuple[list[CatalogueProduct], int]:
    """One page of :func:`iter_products` and the total count that passed the filter."""
    page: list[CatalogueProduct] = []
    total = 0
    for item in iter_products(session, flt, refs):
        if total >= offset and (limit is None or len(page) < limit):
            page.append(item)
        total += 1
    return page, total
