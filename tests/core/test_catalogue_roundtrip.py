"""Products with photos entered at a kiosk → synced → verified at the central → exported for the
e-catalogue: the sheet's rows hold what was entered, the photo files are byte for byte the photos
the kiosk stored, only verified businesses are listed, and a product corrected after an export is
marked as changed in the next one. On SQLite and on a fresh PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.central import admin
from kiosk.central.catalogue_export import export_with_settings
from kiosk.documents import product_photo
from kiosk.documents.product_drawings import product_shot
from kiosk.domain.model import DocumentRef, DocumentType, PageRef, Product, Registration
from tests.core.test_sync_support import (
    BACKENDS,
    central_on,
    enrolled_kiosk,
    make_registration,
    page_image,
)


@pytest.fixture(scope="module", params=BACKENDS)
def central(request, tmp_path_factory):
    yield from central_on(request, tmp_path_factory)


def _with_products(reg: Registration, vault, seed: int) -> dict[str, bytes]:
    """Two catalogue products, with 2 and 1 photos prepared by the pipeline and put in the vault."""
    photos: dict[str, bytes] = {}

    def photo(k: int):
        prepared = product_photo.prepare(product_shot(seed * 10 + k, (1600, 1200)))
        sha = vault.put(prepared.data, prepared.media_type)
        photos[sha] = prepared.data
        return prepared.page_ref(sha)

    reg.products = [
        Product(name="Amplang Ikan Pipih", brand="Maju", unit="bungkus", price_idr=25_000,
                description="Kerupuk ikan tenggiri 250 g", kbli="10792",
                price_includes_ppn=False, min_order=20, pdn=True, tkdn_percent=41.5,
                tkdn_cert_no="0123/SJ-IND.8/TKDN/2025", tkdn_cert_date=dt.date(2025, 6, 2),
                regencies=["64.72", "64.71"], photos=[photo(1), photo(2)]),
        Product(name="=HYPERLINK(\"x\") Kue Bingka", unit="loyang", price_idr=85_000,
                kbli="10792", price_includes_ppn=True, photos=[photo(3)]),
    ]  # fmt: skip
    certificate = page_image(seed * 10 + 9)  # a TKDN number asks for the certificate's scan
    sha = vault.put(certificate, "image/jpeg")
    photos[sha] = certificate
    reg.documents.append(DocumentRef(doc_type=DocumentType.TKDN, label="TKDN", pages=[
        PageRef(sha, "image/jpeg", 48, 64, 150, len(certificate))]))  # fmt: skip
    return photos


def _sheet(path: Path) -> tuple[list[str], list[dict[str, object]], object]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    rows = list(book["Produk"].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return header, [dict(zip(header, r, strict=True)) for r in rows[1:]], book


def test_entered_synced_verified_exported(central, tmp_path: Path) -> None:
    kiosk = enrolled_kiosk(tmp_path, "katalog-a", central.url, central.db_url)
    reg, images = make_registration(71, kiosk.vault)
    photos = _with_products(reg, kiosk.vault, 71)
    saved = kiosk.submit(reg, {**images, **photos})
    other, other_images = make_registration(72, kiosk.vault)
    kiosk.submit(other, other_images)  # never verified: not exported
    result = kiosk.engine().run_round()
    assert result.error is None and result.complete, result
    admin.set_verdict(central.db_url, saved.reg_no, "verified")

    out = tmp_path / "ekspor" / "katalog.xlsx"
    first = export_with_settings(central.db_url, central.storage, out)
    assert (first.rows, first.photos, first.new, first.missing_photos) == (2, 3, 2, 0)
    header, rows, book = _sheet(out)
    assert header[:4] == ["Status ekspor", "MPP", "Nomor pendaftaran", "Nama usaha"]
    assert [r["Nomor pendaftaran"] for r in rows] == [saved.reg_no, saved.reg_no]
    amplang, kue = rows
    entered = saved.products[0]
    assert amplang["Nama produk"] == entered.name and amplang["Merek"] == "Maju"
    assert amplang["NIB"] == saved.business.nib and isinstance(amplang["NIB"], str)
    assert amplang["NPWP"] == saved.business.npwp and amplang["KBLI"] == "10792"
    assert (amplang["Harga (Rp)"], amplang["Satuan"], amplang["Pesanan minimum"]) == (
        25_000, "bungkus", 20)  # fmt: skip
    assert (amplang["TKDN (%)"], amplang["Prioritas PDN"], amplang["Harga termasuk PPN"]) == (
        41.5, "ya", "tidak")  # fmt: skip
    assert amplang["Tanggal sertifikat TKDN"] == "2025-06-02"
    assert amplang["Wilayah pengiriman"] == "Kota Samarinda; Kota Balikpapan"
    assert amplang["Status ekspor"] == "baru" and amplang["Siap katalog"] == "ya"
    assert kue["Nama produk"] == entered_name(saved, 1)  # a formula-looking name stays text
    ws = book["Produk"]
    name_col = header.index("Nama produk") + 1
    assert ws.cell(row=3, column=name_col).data_type == "s"
    assert "Penjelasan" in book.sheetnames
    notes = [r for r in book["Penjelasan"].iter_rows(values_only=True) if r and r[0] == "Catatan"]
    assert any("belum dapat dikonfirmasi" in str(r[1]) for r in notes)

    folder = out.parent / "katalog_foto"
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 3 and all(
        f.startswith(f"{saved.business.nib}_{saved.reg_no}_") for f in files
    )
    for row, product in zip(rows, saved.products, strict=True):
        names = str(row["Berkas foto"]).split("; ")
        for name, ref in zip(names, product.photos, strict=True):
            assert ref.sha256 in photos
            assert (folder / name).read_bytes() == photos[ref.sha256]  # byte for byte

    again = export_with_settings(central.db_url, central.storage, out)
    assert (again.new, again.changed) == (0, 0)
    assert {r["Status ekspor"] for r in _sheet(out)[1]} == {"tetap"}

    # the owner corrects a price; the central verifies the new version
    admin.set_verdict(central.db_url, saved.reg_no, "needs_fix", "harga")
    assert kiosk.engine().run_round().complete
    fixed = kiosk.store.get(saved.id)
    fixed.products[0].price_idr = 27_500
    kiosk.store.correct(fixed, reason="harga baru", staff_id="staff-1")
    assert kiosk.engine().run_round().complete
    admin.set_verdict(central.db_url, saved.reg_no, "verified")
    zipped = export_with_settings(central.db_url, central.storage, tmp_path / "katalog.zip")
    assert (zipped.rows, zipped.changed, zipped.new) == (2, 1, 0)
    import io
    import zipfile

    with zipfile.ZipFile(tmp_path / "katalog.zip") as archive:
        assert sum(n.startswith("foto/") for n in archive.namelist()) == 3
        header, rows, _ = _sheet_bytes(io.BytesIO(archive.read("katalog.xlsx")))
    marks = {r["Nama produk"]: r["Status ekspor"] for r in rows}
    assert marks == {entered.name: "berubah", entered_name(saved, 1): "tetap"}


def entered_name(reg: Registration, index: int) -> str:
    return reg.products[index].name


def _sheet_bytes(data) -> tuple[list[str], list[dict[str, object]], object]:
    from openpyxl import load_workbook

    book = load_workbook(data)
    rows = list(book["Produk"].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return header, [dict(zip(header, r, strict=True)) for r in rows[1:]], book
