"""The A4 receipt lists each product with its price per unit, the PPN statement, PDN and the
domestic priority (TKDN + BMP ≥ 40 %); an older product without the catalogue fields prints as
before (price, no unit statement invented)."""

from __future__ import annotations

from kiosk.domain.model import Product
from kiosk.receipts.render import render_pdf, sign_facts
from kiosk.receipts.settings import ReceiptSettings
from tests.core.test_receipts_support import (
    ISSUED,
    facts_of,
    keyring,
    pdf_text,
    sample_registration,
)


def test_a4_receipt_lists_products_with_price_and_unit(tmp_path) -> None:
    reg = sample_registration()
    reg.products = [
        Product(name="Amplang Ikan", brand="Maju", unit="bungkus", price_idr=25_000,
                price_includes_ppn=False, tkdn_percent=38.5, bmp_percent=2),
        Product(name="Kue Bingka", unit="loyang", price_idr=85_000, pdn=False),
    ]  # fmt: skip
    settings = ReceiptSettings(mpp="MPP Kota Samarinda", province="Kalimantan Timur",
                               timezone="Asia/Makassar")  # fmt: skip
    facts = facts_of(reg, settings)
    keys = keyring(tmp_path)
    text = " ".join(pdf_text(render_pdf(facts, sign_facts(keys, facts, ISSUED, 0), layout="a4",
                                        issued_at=ISSUED)).split())  # fmt: skip
    assert "Rp 25.000 / bungkus, belum termasuk PPN" in text
    assert "TKDN+BMP 40,5 %" in text and "prioritas PDN" in text
    assert "Rp 85.000 / loyang" in text
    assert "Kue Bingka" in text and "loyang, termasuk" not in text
