"""The console's products page: filters (KBLI section, PDN/TKDN, price, status) over what kiosks
pushed, a supervisor sees only their MPP, hostile names stay text, and the catalogue export
downloads from the console as a ZIP (sheet + photos). Against a real central (SQLite)."""

from __future__ import annotations

import io
import zipfile

import pytest

from kiosk.central import admin
from kiosk.domain.model import Product, Registration
from tests.central.helpers import Central, unique
from tests.central.ops_helpers import add_user
from tests.central.ops_helpers import login as open_client


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    folder = tmp_path_factory.mktemp("central-products")
    with Central.start(f"sqlite:///{folder / 'central.sqlite3'}", folder, backend="sqlite") as c:
        yield c


@pytest.fixture(scope="module")
def seeded(central):
    here, there = unique("MPP Tarakan"), unique("MPP Malinau")
    kiosk_here, kiosk_there = central.enroll(mpp=here), central.enroll(mpp=there)
    regs = []
    for n, kiosk in enumerate((kiosk_here, kiosk_there)):
        reg = Registration(reg_no=f"{kiosk.kiosk_code}-20261201-{n + 1:04d}")
        reg.business.name = "<b>Toko</b> Nomor" if n == 0 else "Toko Malinau"
        reg.business.kbli = ["10710", "47241"]
        reg.address.province_code, reg.address.regency_code = "65", "65.71"
        reg.products = [
            Product(name=f"Roti Manis {n}", unit="buah", price_idr=8_500, kbli="10710",
                    tkdn_percent=41.0, pdn=True),
            Product(name=f"Beras {n}", unit="kg", price_idr=14_000, kbli="47241", pdn=False),
        ]  # fmt: skip
        answer = kiosk.push(kiosk.item(reg))
        assert answer.status_code == 200, answer.text
        regs.append(reg)
    admin.set_verdict(central.db_url, regs[0].reg_no, "verified")
    return {"regs": regs, "supervisor": add_user(central.db_url, "supervisor", here),
            "verifier": add_user(central.db_url, "verifier")}  # fmt: skip


def test_filters_scope_and_export(central, seeded) -> None:
    client = open_client(central.url, seeded["verifier"])
    try:
        page = client.get("/console/products")
        assert page.status_code == 200
        assert "Roti Manis 0" in page.text and "Beras 1" in page.text
        assert "<b>Toko</b>" not in page.text and "&lt;b&gt;Toko&lt;/b&gt;" in page.text
        only = client.get("/console/products", params={"kbli_section": "C"}).text
        assert "Roti Manis 0" in only and "Beras 0" not in only  # 47241 is trade (G)
        priority = client.get("/console/products", params={"tkdn": "priority"}).text
        assert "Roti Manis 1" in priority and "Beras 1" not in priority
        cheap = client.get("/console/products", params={"price_max": "10.000"}).text
        assert "Roti Manis 0" in cheap and "Beras 0" not in cheap
        verified = client.get("/console/products", params={"status": "verified"}).text
        assert "Roti Manis 0" in verified and "Roti Manis 1" not in verified
        odd = client.get("/console/products", params={"price_min": "²", "tkdn": "x", "page": "-1"})
        assert odd.status_code == 200
        export = client.get("/console/products/katalog.zip")
        assert export.status_code == 200
        with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
            assert "katalog.xlsx" in archive.namelist()  # verified only: one business, 2 rows
            from openpyxl import load_workbook

            rows = list(load_workbook(io.BytesIO(archive.read("katalog.xlsx")))["Produk"].values)
            assert len(rows) == 3
    finally:
        client.close()
    client = open_client(central.url, seeded["supervisor"])
    try:
        mine = client.get("/console/products").text
        assert "Roti Manis 0" in mine and "Roti Manis 1" not in mine
    finally:
        client.close()
