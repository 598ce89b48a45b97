"""The facts a receipt states, built once from a stored registration and shared by every layout.

One source of facts keeps the A4/A5 page, the thermal roll, the ESC/POS stream and the QR payload in
agreement. :meth:`ReceiptFacts.digest` hashes the registration facts (not the configurable header
texts) so the QR binds the paper to exactly this registration version. Identifiers are masked here
(NIK and NPWP with the domain's mask helpers); the NIB, a business identifier that is public in OSS,
is printed in full so the procurement office can look it up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.domain.model import DocumentType, Product, Registration, canonical_json
from kiosk.receipts import labels
from kiosk.receipts.payload import nik_edges
from kiosk.receipts.settings import ReceiptSettings

if TYPE_CHECKING:
    from kiosk.domain.checklist import ChecklistItem
    from kiosk.store import Store


@dataclass(frozen=True)
class ProductLine:
    name: str
    detail: str  # brand, PDN, TKDN + BMP, domestic priority
    price: str  # "Rp 1.250.000 / buah, termasuk PPN", or ""


@dataclass(frozen=True)
class DocumentLine:
    label: str
    pages: int
    required: bool


@dataclass(frozen=True)
class ReceiptFacts:
    registration_id: str
    reg_no: str
    version: int
    content_hash: str
    submitted_at: dt.datetime
    kiosk_id: str
    kiosk_code: str
    kiosk_name: str
    staff_name: str
    business_name: str
    legal_form: str
    scale: str
    nib: str
    npwp_masked: str
    kbli: tuple[str, ...]
    owner_name: str
    nik_masked: str
    nik_edges: str
    position: str
    address: tuple[str, ...]
    products: tuple[ProductLine, ...]
    documents: tuple[DocumentLine, ...]
    settings: ReceiptSettings = field(default_factory=ReceiptSettings, compare=False)

    @property
    def documents_received(self) -> int:
        return sum(1 for d in self.documents if d.pages > 0)

    def digest(self) -> bytes:
        """First 16 bytes of SHA-256 over the canonical JSON of the registration facts."""
        data = dataclasses.asdict(self)
        data.pop("settings")
        data["submitted_at"] = self.submitted_at.astimezone(dt.UTC).isoformat()
        return hashlib.sha256(canonical_json(data)).digest()[:16]


def build_facts(
    reg: Registration,
    *,
    kiosk_id: str,
    kiosk_code: str,
    staff_name: str,
    settings: ReceiptSettings | None = None,
) -> ReceiptFacts:
    """Facts of ``reg`` as printed (pure: no store; domain helpers for masks and formats)."""
    from kiosk.domain.mask import mask_nik, mask_npwp

    settings = settings or ReceiptSettings()
    business, owner = reg.business, reg.owner
    return ReceiptFacts(
        registration_id=reg.id,
        reg_no=reg.reg_no,
        version=reg.version,
        content_hash=reg.content_hash(),
        submitted_at=reg.updated_at,
        kiosk_id=kiosk_id,
        kiosk_code=kiosk_code,
        kiosk_name=settings.kiosk_name or kiosk_code,
        staff_name=staff_name,
        business_name=business.name,
        legal_form=labels.both(labels.LEGAL_FORMS[business.legal_form])
        if business.legal_form
        else "",
        scale=labels.both(labels.SCALES[business.scale]) if business.scale else "",
        nib=business.nib,
        npwp_masked=mask_npwp(business.npwp) if business.npwp else "",
        kbli=tuple(business.kbli),
        owner_name=owner.full_name,
        nik_masked=mask_nik(owner.nik) if owner.nik else "",
        nik_edges=nik_edges(owner.nik),
        position=owner.position,
        address=_address_lines(reg),
        products=tuple(_product_line(p) for p in reg.products),
        documents=_document_lines(reg),
        settings=settings,
    )


def facts_for(store: Store, reg: Registration, *, staff_name: str | None = None) -> ReceiptFacts:
    """Facts of ``reg`` with this kiosk's identity and receipt settings from ``store``."""
    return build_facts(
        reg,
        kiosk_id=str(store.kiosk_id),
        kiosk_code=str(store.kiosk_code),
        staff_name=staff_name if staff_name is not None else _staff_name(store, reg),
        settings=ReceiptSettings.from_store(store),
    )


def _product_line(product: Product) -> ProductLine:
    from kiosk.domain.formatting import format_rupiah
    from kiosk.domain.products import domestic_priority, tkdn_bmp

    tkdn = tkdn_bmp(product)
    detail = " · ".join(
        x
        for x in (
            product.brand,
            "PDN" if product.pdn else "",
            f"TKDN+BMP {tkdn:g} %".replace(".", ",") if tkdn is not None else "",
            "prioritas PDN" if domestic_priority(product) else "",
        )
        if x
    )
    price = ""
    if isinstance(product.price_idr, int):  # "Rp 8.500 / bungkus, belum termasuk PPN"
        price = format_rupiah(product.price_idr) + (f" / {product.unit}" if product.unit else "")
        if product.price_includes_ppn is not None:
            price += ", termasuk PPN" if product.price_includes_ppn else ", belum termasuk PPN"
    return ProductLine(product.name, detail, price)


def _document_lines(reg: Registration) -> tuple[DocumentLine, ...]:
    lines = [
        DocumentLine(_document_label(d.doc_type, d.label), len(d.pages), True)
        for d in reg.documents
    ]
    present = {d.doc_type for d in reg.documents if d.pages}
    for item in _required(reg):
        if item.required and item.doc_type not in present:
            lines.append(DocumentLine(_document_label(item.doc_type, ""), 0, True))
    return tuple(lines)


def _required(reg: Registration) -> list[ChecklistItem]:
    from kiosk.domain.checklist import required_documents

    return list(required_documents(reg))


def _document_label(doc_type: DocumentType, label: str) -> str:
    base = labels.both(labels.DOCUMENT_TYPES[DocumentType(doc_type)])
    return f"{base}: {label}" if label else base


def _address_lines(reg: Registration) -> tuple[str, ...]:
    a = reg.address
    names = [_region_name(code) for code in (a.village_code, a.district_code, a.regency_code)]
    lines = [a.street, ", ".join(n for n in names if n)]
    province = _region_name(a.province_code)
    lines.append(" ".join(x for x in (province, a.postal_code) if x))
    return tuple(line for line in lines if line)


def _region_name(code: str) -> str:
    if not code:
        return ""
    from kiosk.reference import Reference

    region = Reference.load().region(code)
    if region is None:
        return code
    return str(getattr(region, "name", region))


def _staff_name(store: Store, reg: Registration) -> str:
    """The full name of the staff member who submitted this version (the id if unknown here)."""
    from kiosk.errors import UserFacingError
    from kiosk.staff.accounts import get_staff

    staff_id = next((i.staff_id for i in store.history(reg.id) if i.version == reg.version), "")
    if not staff_id:
        return ""
    try:
        return get_staff(store, staff_id).full_name
    except UserFacingError:  # e.g. a supervisor account pulled later, or removed
        return staff_id
