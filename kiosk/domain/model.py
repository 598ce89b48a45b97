"""The vendor registration (*pendaftaran penyedia*) as the kiosk holds it.

Plain dataclasses; numbers such as NIK, NPWP, NIB and account numbers are text, never integers.
:meth:`Registration.to_dict` gives the canonical JSON-ready form that is stored, synced and hashed;
:meth:`Registration.from_dict` reads it back (unknown keys are ignored so newer kiosks' data loads).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import types
import typing
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from uuid6 import uuid7

# the code lists, named here too for the model's users (explicit re-export)
from kiosk.reference.codes import DocumentType as DocumentType
from kiosk.reference.codes import LegalForm as LegalForm


def new_id() -> str:
    """A client-generated, time-ordered UUIDv7 as text."""
    return str(uuid7())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Scale(StrEnum):
    MIKRO = "mikro"
    KECIL = "kecil"
    MENENGAH = "menengah"
    BESAR = "besar"


class Sex(StrEnum):
    MALE = "L"  # laki-laki
    FEMALE = "P"  # perempuan


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SYNCED = "synced"
    VERIFIED = "verified"
    NEEDS_FIX = "needs_fix"
    REJECTED = "rejected"


@dataclass
class Business:
    name: str = ""
    legal_form: LegalForm | None = None
    scale: Scale | None = None  # what staff chose (defaults to the suggestion)
    scale_suggested: Scale | None = None  # computed by kiosk.domain.scale
    scale_rule: str = ""  # the rule that produced the suggestion, e.g. "PP 7/2021"
    capital_idr: int | None = None  # modal usaha, excluding land and buildings
    annual_sales_idr: int | None = None  # hasil penjualan tahunan
    nib: str = ""
    npwp: str = ""
    pkp: bool = False
    kbli: list[str] = field(default_factory=list)
    year_established: int | None = None
    employees: int | None = None


@dataclass
class Owner:
    """Owner or person in charge (*penanggung jawab*)."""

    nik: str = ""
    full_name: str = ""  # as on the KTP
    birth_date: dt.date | None = None  # cross-checked against the NIK
    sex: Sex | None = None  # cross-checked against the NIK
    position: str = ""  # e.g. Pemilik, Direktur, Ketua
    is_owner: bool = True  # False: a power of attorney is required
    phone: str = ""  # E.164, e.g. +6281234567890 (WhatsApp)
    email: str = ""


@dataclass
class Address:
    province_code: str = ""  # "65"
    regency_code: str = ""  # "65.71"
    district_code: str = ""  # "65.71.01"
    village_code: str = ""  # "65.71.01.1001"
    street: str = ""
    postal_code: str = ""


@dataclass
class Product:
    """A product for the local e-catalogue (*katalog elektronik lokal*).

    The fields after ``tkdn_cert_no`` came with the catalogue (issue 11). Products stored before
    it lack them: they load with the defaults below, and :meth:`Registration.to_dict` leaves a
    field out while it still holds its default, so an older version's content (and its hash,
    which the receipt's QR and the central hold) is the same bytes as before.
    """

    id: str = field(default_factory=new_id)
    name: str = ""
    brand: str = ""  # merek
    category: str = ""  # free text of older kiosks; the KBLI code below replaces it
    unit: str = ""  # satuan: one of kiosk.domain.products.UNITS, or another word ("other")
    price_idr: int | None = None  # whole rupiah
    description: str = ""  # short specification (spesifikasi singkat)
    pdn: bool = True  # produk dalam negeri
    tkdn_cert_no: str = ""
    kbli: str = ""  # one of the business's KBLI codes
    price_includes_ppn: bool | None = None  # None: not stated (older products)
    min_order: int | None = None  # minimum order, in units
    tkdn_percent: float | None = None  # nilai TKDN, 0-100, two decimals
    bmp_percent: float | None = None  # Bobot Manfaat Perusahaan, 0-15
    tkdn_cert_date: dt.date | None = None
    regencies: list[str] = field(default_factory=list)  # regency codes it delivers to
    photos: list[PageRef] = field(default_factory=list)  # one to three, in the vault


# Product fields a product stored before the catalogue fields lacks, with the value that means
# "not given": left out of the canonical form while they hold it (see Product).
PRODUCT_ADDED_DEFAULTS: dict[str, Any] = {
    "kbli": "",
    "price_includes_ppn": None,
    "min_order": None,
    "tkdn_percent": None,
    "bmp_percent": None,
    "tkdn_cert_date": None,
    "regencies": [],
    "photos": [],
}


@dataclass
class BankAccount:
    bank: str = ""
    account_number: str = ""
    holder_name: str = ""


@dataclass
class Consent:
    """The owner's consent under UU 27/2022 (personal data protection)."""

    text_version: str = ""
    text_sha256: str = ""
    purpose: str = ""
    given_at: dt.datetime | None = None
    staff_id: str = ""
    kiosk_id: str = ""


@dataclass
class PageRef:
    sha256: str = ""  # of the stored (compressed, plaintext) page image
    media_type: str = "image/jpeg"
    width: int = 0
    height: int = 0
    dpi: int = 0
    size: int = 0  # bytes of the plaintext image


@dataclass
class DocumentRef:
    id: str = field(default_factory=new_id)
    doc_type: DocumentType = DocumentType.OTHER
    label: str = ""
    pages: list[PageRef] = field(default_factory=list)


@dataclass
class Registration:
    id: str = field(default_factory=new_id)
    reg_no: str = ""  # human number: KIOSKCODE-YYYYMMDD-NNNN, assigned by the store
    version: int = 1  # bumped by each submitted correction
    status: Status = Status.DRAFT
    verdict_reason: str = ""  # the central's reason for needs_fix / rejected
    business: Business = field(default_factory=Business)
    owner: Owner = field(default_factory=Owner)
    address: Address = field(default_factory=Address)
    products: list[Product] = field(default_factory=list)
    bank: BankAccount = field(default_factory=BankAccount)
    consent: Consent = field(default_factory=Consent)
    documents: list[DocumentRef] = field(default_factory=list)
    # Field paths the owner left for staff on the self-service screen ("Belum punya NIB"):
    # workflow state of a draft, not content (see content()); kiosk.domain.wizard has the rules.
    left_for_staff: list[str] = field(default_factory=list)
    created_at: dt.datetime = field(default_factory=utcnow)
    updated_at: dt.datetime = field(default_factory=utcnow)

    # -- canonical form -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _encode(dataclasses.asdict(self))
        _drop_added_defaults(data)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Registration:
        return _decode(cls, data)

    @classmethod
    def canonical(cls, data: dict[str, Any]) -> dict[str, Any]:
        """``from_dict(data).to_dict()`` without building the objects (~10x faster: a list
        export converts 100,000 stored versions). Each class's fields are read through
        converters built once; a value of a shape the converters do not expect (not a dict
        where a record is due, not a list where a list is) takes the slow path, so the result,
        or the error, is always that of the round trip. ``data`` is consumed: its plain values
        may be shared with the result."""
        try:
            data = _fast_decoder(cls)(data)
        except Exception:
            return cls.from_dict(data).to_dict()
        _drop_added_defaults(data)
        return data

    def content(self) -> dict[str, Any]:
        """What a version *is*: everything but status, verdict, timestamps and what the owner
        left for staff (a draft's workflow state; its hash is the same as before that field)."""
        data = self.to_dict()
        for key in ("status", "verdict_reason", "created_at", "updated_at", "left_for_staff"):
            data.pop(key)
        return data

    def content_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.content())).hexdigest()

    def image_pages(self) -> list[tuple[str, int, PageRef]]:
        """``(owner id, number from 1, page)`` of every stored image: document pages, then
        product photos (the owner id is the document's or the product's id)."""
        out = [(d.id, n, p) for d in self.documents for n, p in enumerate(d.pages, start=1)]
        out += [(pr.id, n, p) for pr in self.products for n, p in enumerate(pr.photos, start=1)]
        return out


def _drop_added_defaults(data: dict[str, Any]) -> None:
    for product in data["products"]:
        for key, default in PRODUCT_ADDED_DEFAULTS.items():
            if key in product and product[key] == default:
                del product[key]


def content_page_hashes(content: dict[str, Any]) -> list[str]:
    """The distinct page hashes a ``content()``/``to_dict()`` dict references, in order of
    appearance: document pages and product photos (both travel and are stored alike)."""
    seen: dict[str, None] = {}
    for holder, key in (("documents", "pages"), ("products", "photos")):
        for item in content.get(holder) or []:
            for page in (item.get(key) if isinstance(item, dict) else None) or []:
                sha = page.get("sha256") if isinstance(page, dict) else None
                if isinstance(sha, str) and sha:
                    seen.setdefault(sha)
    return list(seen)


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@functools.cache
def _field_types(cls: Any) -> tuple[tuple[str, Any], ...]:
    """(name, resolved type) of each field, resolved once per class (resolving is slow)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _decode(cls: Any, data: Any) -> Any:
    """Rebuild a dataclass tree from :func:`_encode` output, guided by the type hints."""
    kwargs = {name: _decode_value(tp, data[name]) for name, tp in _field_types(cls) if name in data}
    return cls(**kwargs)


def _decode_value(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode_value(inner[0], value)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_decode_value(item, v) for v in value]
    if dataclasses.is_dataclass(tp):
        return _decode(tp, value)
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        return tp(value)
    if tp is dt.datetime:
        parsed = dt.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    if tp is dt.date:
        return dt.date.fromisoformat(value)
    return value


class _Unexpected(Exception):
    """A value of a shape the fast converters leave to the slow path."""


Convert = typing.Callable[[Any], Any]


_SCALARS = (str, int, bool, float)
_ABSENT = object()


_DECODERS: dict[Any, Convert] = {}  # by dataclass, built once


def _fast_decoder(cls: Any) -> Convert:
    """``lambda data: _encode(dataclasses.asdict(_decode(cls, data)))`` for a dict ``data``,
    as one pass of converters chosen once per field (:func:`_fast_value`; None: a JSON value
    kept as it is). A field missing from ``data`` gets the class's default, encoded as
    :func:`dataclasses.asdict` would (:func:`_default_of`)."""
    if cls in _DECODERS:
        return _DECODERS[cls]
    fields = [
        (f.name, _fast_value(tp), _default_of(f))
        for f, (_, tp) in zip(dataclasses.fields(cls), _field_types(cls), strict=True)
    ]

    def convert(data: Any) -> dict[str, Any]:
        if type(data) is not dict:
            raise _Unexpected
        out: dict[str, Any] = {}
        for name, value_of, default_of in fields:
            value = data.get(name, _ABSENT)
            if value is _ABSENT:
                out[name] = default_of()
            elif value is None or (value_of is None and type(value) in _SCALARS):
                out[name] = value
            else:
                out[name] = (value_of or _plain)(value)
        return out

    _DECODERS[cls] = convert
    return convert


def _default_of(f: dataclasses.Field[Any]) -> typing.Callable[[], Any]:
    """The encoded default of a field: a constant for an immutable one, else made each time."""
    if f.default_factory is not dataclasses.MISSING:
        factory = f.default_factory
        if factory is list:
            return list
        if dataclasses.is_dataclass(factory):
            return lambda: _encode(dataclasses.asdict(factory()))
        return lambda: _encode(copy.deepcopy(factory()))
    value = f.default
    if value is None or type(value) in _SCALARS or isinstance(value, StrEnum):
        encoded = _encode(value)
        return lambda: encoded
    return lambda: _encode(copy.deepcopy(value))


def _fast_value(tp: Any) -> Convert | None:
    """The converter of one non-None value of type ``tp`` (:func:`_decode_value` then encode);
    None for a value kept as it is."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _fast_value(inner[0])
    if origin is list:
        (item,) = typing.get_args(tp)
        item_of = _fast_value(item)

        def each(value: Any) -> list[Any]:
            if type(value) is not list:
                raise _Unexpected
            if item_of is None:
                return [v if v is None or type(v) in _SCALARS else _plain(v) for v in value]
            return [None if v is None else item_of(v) for v in value]

        return each
    if dataclasses.is_dataclass(tp):
        return _fast_decoder(tp)
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        values = {member.value: member.value for member in tp}  # else tp(value): slow path
        return values.__getitem__
    if tp is dt.datetime:

        def moment(value: Any) -> str:
            parsed = dt.datetime.fromisoformat(value)
            aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
            return aware.astimezone(dt.UTC).isoformat()

        return moment
    if tp is dt.date:
        return lambda value: dt.date.fromisoformat(value).isoformat()
    return None


def _plain(value: Any) -> Any:
    """A value kept as it is (a JSON value: its dicts and lists are only those of ``data``)."""
    if type(value) in (str, int, bool, float):
        return value
    return _encode(copy.deepcopy(value))
