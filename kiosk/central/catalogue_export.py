"""The catalogue export: the products of verified businesses as an XLSX sheet plus their photos,
ready for the person who lists them on the local e-catalogue.

``kiosk central export katalog -o FILE.xlsx [--mpp NAME] [--since DATE]`` (and the console) call
:func:`export_catalogue`. What it guarantees:

* Only registrations the central verified; one row per product, with the business's identity
  (name, NIB, NPWP, legal form, scale, regency) and every product field
  (:mod:`kiosk.central.catalogue_columns`), Indonesian headers, identifiers as typed text cells
  (a NIB keeps its leading digits, a name starting with ``=`` is text, never a formula). A second
  sheet explains each column and says which e-catalogue field names could not be confirmed.
* Photos decrypted with the central's key, checked against their SHA-256 (the bytes written are
  exactly the bytes the kiosk stored), named ``NIB_RegNo_NN_product-name_K.jpg`` so a person
  finds each from its row. ``FILE.xlsx`` gets them in the folder ``FILE_foto/`` beside it;
  ``FILE.zip`` holds ``katalog.xlsx`` and ``foto/``.
* Changes marked: the SHA-256 of each row (its values and photo hashes, not the export's own
  columns) is kept per product (``catalogue_exported_products``); the next export marks a product
  *baru* (never exported), *berubah* (its row differs) or *tetap*.
* Nothing half-written: the sheet, the ZIP and the photo folder are written beside their
  destination and renamed into place; the ledger commits only after that.
* Memory stays flat: rows stream into openpyxl's write-only workbook and photos are decrypted one
  at a time (``bench/bench_products.py`` measures 10,000 products).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.catalogue import CatalogueProduct, ProductFilter, iter_products
from kiosk.central.catalogue_columns import COLUMNS, NOTES
from kiosk.central.models import CatalogueExport, CatalogueExportedProduct
from kiosk.central.storage import PageStorage
from kiosk.domain.product_checks import catalogue_readiness
from kiosk.domain.products import domestic_priority, tkdn_bmp
from kiosk.errors import UserFacingError
from kiosk.i18n import register
from kiosk.reference import Reference
from kiosk.text import fold

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_IN_HASH = ("change", "verified_at")
MISSING_PHOTO = "(foto belum diterima pusat)"
LEGAL_FORMS = {"perorangan": "Perorangan / UD", "cv": "CV", "pt": "PT", "firma": "Firma",
               "koperasi": "Koperasi", "yayasan": "Yayasan", "other": "Lainnya"}  # fmt: skip


@dataclass(frozen=True)
class ExportResult:
    path: Path
    photos_at: Path  # the folder beside the sheet, or the ZIP
    rows: int
    photos: int
    new: int
    changed: int
    missing_photos: int


def slug(text: str, limit: int = 40) -> str:
    return _SLUG.sub("-", fold(text)).strip("-")[:limit].strip("-") or "produk"


def photo_names(item: CatalogueProduct) -> list[str]:
    nib = item.business.nib or "tanpa-NIB"
    stem = f"{nib}_{item.reg_no}_{item.number:02d}_{slug(item.product.name)}"
    return [f"{stem}_{k}.jpg" for k in range(1, len(item.photos) + 1)]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("ya" if value else "tidak")


def product_row(item: CatalogueProduct, refs: Reference) -> dict[str, Any]:
    """The sheet's values of one product (by column key), before the change mark."""
    p, b = item.product, item.business
    regency = refs.region(b.regency_code) if b.regency_code else None
    kbli = refs.kbli(p.kbli) if p.kbli else None
    regencies = [refs.region(code) for code in p.regencies]
    lacking = catalogue_readiness_of(item)
    return {
        "mpp": item.mpp_name,
        "reg_no": item.reg_no,
        "business_name": b.name,
        "nib": b.nib,
        "npwp": b.npwp,
        "legal_form": LEGAL_FORMS.get(b.legal_form, b.legal_form),
        "scale": b.scale.capitalize(),
        "business_regency": regency.name if regency else b.regency_code,
        "product_no": item.number,
        "name": p.name,
        "brand": p.brand,
        "kbli": p.kbli,
        "kbli_title": kbli.title if kbli else "",
        "spec": p.description,
        "unit": p.unit,
        "price": p.price_idr,
        "ppn": _yes_no(p.price_includes_ppn) or "belum dinyatakan",
        "min_order": p.min_order,
        "pdn": _yes_no(p.pdn),
        "tkdn": p.tkdn_percent,
        "bmp": p.bmp_percent,
        "tkdn_bmp": tkdn_bmp(p),
        "priority": _yes_no(domestic_priority(p)),
        "tkdn_cert_no": p.tkdn_cert_no,
        "tkdn_cert_date": p.tkdn_cert_date.isoformat() if p.tkdn_cert_date else "",
        "regencies": "; ".join(
            r.name if r else c for r, c in zip(regencies, p.regencies, strict=True)
        ),
        "photos": "; ".join(photo_names(item)),
        "ready": "ya" if not lacking else "kurang: " + ", ".join(lacking),
        "verified_at": item.verdict_at.date().isoformat() if item.verdict_at else "",
        "product_id": p.id,
    }


def catalogue_readiness_of(item: CatalogueProduct) -> list[str]:
    from kiosk.domain.model import Registration

    words = {"kbli": "KBLI", "price_includes_ppn": "PPN", "photos": "foto"}
    issues = catalogue_readiness(Registration(products=[item.product]))
    return [words.get(i.field.rsplit(".", 1)[-1], i.field) for i in issues]


def row_hash(row: dict[str, Any], photo_hashes: list[str]) -> str:
    kept = {k: v for k, v in row.items() if k not in _NOT_IN_HASH}
    data = json.dumps([kept, photo_hashes], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


class _PhotoSink:
    """Photos into a temporary folder (renamed into place) or into the ZIP being written."""

    def __init__(self, folder: Path | None, archive: zipfile.ZipFile | None) -> None:
        self.folder, self.archive = folder, archive

    def write(self, name: str, data: bytes) -> None:
        if self.archive is not None:
            self.archive.writestr(f"foto/{name}", data, compress_type=zipfile.ZIP_STORED)
        elif self.folder is not None:
            (self.folder / name).write_bytes(data)


def _decryptor(storage: PageStorage, key: X25519PrivateKey) -> Callable[[str], bytes | None]:
    from kiosk.documents.envelope import EnvelopeError, open_document

    def read(sha256: str) -> bytes | None:
        if not storage.has(sha256):
            return None
        try:
            data = open_document(storage.read(sha256), key)
        except (EnvelopeError, OSError):
            return None
        return data if hashlib.sha256(data).hexdigest() == sha256 else None

    return read


def export_catalogue(
    session: Session,
    storage: PageStorage,
    key: X25519PrivateKey,
    out: Path,
    *,
    mpp: str = "",
    since: dt.date | None = None,
    refs: Reference | None = None,
    record: bool = True,
) -> ExportResult:
    """Write the catalogue export to ``out`` (``.xlsx`` or ``.zip``) and record it."""
    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".zip"):
        raise UserFacingError("catalogue.export.suffix", path=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    refs = refs or Reference.load()
    previous: dict[str, str] = {
        pid: digest
        for pid, digest in session.execute(
            select(CatalogueExportedProduct.product_id, CatalogueExportedProduct.row_hash)
        )
    }
    as_zip = out.suffix.lower() == ".zip"
    work = Path(tempfile.mkdtemp(prefix=f".{out.stem}.", dir=out.parent))
    try:
        sheet_path = work / ("katalog.xlsx" if as_zip else out.name)
        folder = None if as_zip else work / f"{out.stem}_foto"
        archive = zipfile.ZipFile(work / out.name, "w") if as_zip else None
        if folder is not None:
            folder.mkdir()
        sink = _PhotoSink(folder, archive)
        flt = ProductFilter(status="verified", mpp=mpp, since=since)
        counts, ledger = _write(session, flt, refs, previous, sheet_path, sink,
                                _decryptor(storage, key))  # fmt: skip
        if archive is not None:
            archive.write(sheet_path, "katalog.xlsx")
            archive.close()
            _durable_move(work / out.name, out)
            photos_at = out
        else:
            assert folder is not None
            photos_at = out.parent / folder.name
            _durable_move(folder, photos_at)
            _durable_move(sheet_path, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if record:
        _record(session, out.name, mpp, since, ledger, counts)
    return ExportResult(out, photos_at, counts["rows"], counts["photos"], counts["new"],
                        counts["changed"], counts["missing"])  # fmt: skip


def _write(
    session: Session,
    flt: ProductFilter,
    refs: Reference,
    previous: dict[str, str],
    sheet_path: Path,
    sink: _PhotoSink,
    read: Callable[[str], bytes | None],
) -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Produk")
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, c.header) for c in COLUMNS])
    counts = dict.fromkeys(("rows", "photos", "new", "changed", "missing"), 0)
    ledger: list[tuple[str, str, str]] = []
    for item in iter_products(session, flt, refs):
        row = product_row(item, refs)
        hashes = [photo.sha256 for photo in item.photos]
        names = photo_names(item)
        missing = []
        for name, sha in zip(names, hashes, strict=True):
            data = read(sha)
            if data is None:
                missing.append(name)
                continue
            sink.write(name, data)
            counts["photos"] += 1
        if missing:
            counts["missing"] += len(missing)
            row["photos"] = "; ".join(n if n not in missing else f"{n} {MISSING_PHOTO}"
                                      for n in names)  # fmt: skip
        digest = row_hash(row, hashes)
        before = previous.get(item.product.id)
        row["change"] = "baru" if before is None else ("tetap" if before == digest else "berubah")
        counts["new" if before is None else "changed"] += before != digest
        sheet.append([_value(sheet, c, row.get(c.key)) for c in COLUMNS])
        ledger.append((item.product.id, item.registration_id, digest))
        counts["rows"] += 1
    _explain(book)
    book.save(sheet_path)
    return counts, ledger


def _cell(sheet: Any, text: str) -> Any:
    """A typed string cell: a value starting with ``=`` stays text, never a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
    cell.data_type = "s"
    cell.number_format = "@"
    return cell


def _value(sheet: Any, column: Any, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column.text or not isinstance(value, int | float) or isinstance(value, bool):
        return _cell(sheet, str(value))
    if column.key != "price":
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = '"Rp" #,##0'  # a number for sums; shown as rupiah in the reader's locale
    return cell


def _explain(book: Any) -> None:
    sheet = book.create_sheet("Penjelasan")
    sheet.append([_cell(sheet, h) for h in ("Kolom", "Penjelasan", "Isian katalog",
                                            "Nama isian terkonfirmasi")])  # fmt: skip
    for c in COLUMNS:
        confirmed = "ya" if c.confirmed else ("belum dikonfirmasi" if c.catalogue else "")
        sheet.append([_cell(sheet, c.header), _cell(sheet, c.explanation),
                      _cell(sheet, c.catalogue), _cell(sheet, confirmed)])  # fmt: skip
    sheet.append([])
    for note in NOTES:
        sheet.append([_cell(sheet, "Catatan"), _cell(sheet, note)])


def _durable_move(source: Path, target: Path) -> None:
    """Rename ``source`` into place (a folder replaces an older export's folder)."""
    from kiosk.fsutil import fsync_dir

    if source.is_file():
        with open(source, "rb") as fh:
            os.fsync(fh.fileno())
    elif hasattr(os, "sync"):
        os.sync()  # one flush of everything written, not one fsync per photo (10,000: minutes)
    else:
        for item in source.iterdir():
            with open(item, "rb") as fh:
                os.fsync(fh.fileno())
    if target.is_dir() and source.is_dir():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        os.replace(source, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(source, target)
    fsync_dir(target.parent)


def _record(session: Session, name: str, mpp: str, since: dt.date | None,
            ledger: list[tuple[str, str, str]], counts: dict[str, int]) -> None:  # fmt: skip
    export = CatalogueExport(file_name=name[:255], mpp_name=mpp, since=since.isoformat()
                             if since else "", products=counts["rows"],
                             changed=counts["changed"])  # fmt: skip
    session.add(export)
    session.flush()
    held = {p.product_id: p for p in session.scalars(select(CatalogueExportedProduct))}
    for product_id, registration_id, digest in ledger:
        row = held.get(product_id)
        if row is None:
            session.add(CatalogueExportedProduct(product_id=product_id,
                        registration_id=registration_id, row_hash=digest,
                        export_id=export.id))  # fmt: skip
        else:
            row.row_hash, row.export_id = digest, export.id
    session.commit()


register(
    {
        "catalogue.export.suffix": {
            "id": "Nama berkas ekspor katalog harus berakhiran .xlsx atau .zip: {path}",
            "en": "The catalogue export's file name must end in .xlsx or .zip: {path}",
        },
    }
)


def export_with_settings(
    database_url: str, data_dir: Path, out: Path, *, mpp: str = "", since: dt.date | None = None
) -> ExportResult:
    """:func:`export_catalogue` against a central's database and data folder (key, pages)."""
    from kiosk.central.db import open_database, session_factory
    from kiosk.central.keys import load_or_create_document_key
    from kiosk.central.storage import LocalPageStorage

    engine = open_database(database_url)
    try:
        with session_factory(engine)() as session:
            if mpp and not _mpp_exists(session, mpp):
                raise UserFacingError("catalogue.export.mpp_unknown", mpp=mpp)
            key = load_or_create_document_key(Path(data_dir) / "keys")
            storage = LocalPageStorage(Path(data_dir))
            return export_catalogue(session, storage, key, out, mpp=mpp, since=since)
    finally:
        engine.dispose()


def _mpp_exists(session: Session, name: str) -> bool:
    from sqlalchemy import func

    from kiosk.central.models import Mpp

    found = session.scalar(select(Mpp.id).where(func.lower(Mpp.name) == name.strip().lower()))
    return found is not None


register(
    {
        "catalogue.export.mpp_unknown": {
            "id": "MPP '{mpp}' tidak dikenal di pusat. Lihat nama MPP dengan 'kiosk central "
            "report'.",
            "en": "MPP '{mpp}' is not known at the central. See the MPP names with 'kiosk "
            "central report'.",
        },
        "catalogue.export.since": {
            "id": "Tanggal --since harus berbentuk TTTT-BB-HH, misalnya 2026-11-01: {value}",
            "en": "The --since date must look like YYYY-MM-DD, e.g. 2026-11-01: {value}",
        },
    }
)
