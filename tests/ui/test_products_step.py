"""The products step with the catalogue details: KBLI from the business's codes, unit list,
PPN, TKDN with the domestic-priority line, regencies, and photos from a file (stored encrypted
off the GUI thread; a blurred one refused with the core's message; a look-alike flagged)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import ImageFilter
from PySide6.QtCore import Qt

from kiosk.documents.product_drawings import product_shot
from kiosk.domain.examples import complete_registration
from kiosk.domain.model import Product
from tests.ui.test_wizard_helpers import make_ctx, settle


def _page(qtbot, store):
    from ui.wizard.steps.products import ProductsPage

    page = ProductsPage(make_ctx(store))
    qtbot.addWidget(page)
    page.resize(1280, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


def _jpeg(path: Path, seed: int, blur: float = 0.0) -> Path:
    shot = product_shot(seed, (1600, 1200))
    if blur:
        shot = shot.filter(ImageFilter.GaussianBlur(blur))
    buf = io.BytesIO()
    shot.save(buf, "JPEG", quality=90)
    path.write_bytes(buf.getvalue())
    return path


def test_details_photos_and_priority(qtbot, store, qt_lang, tmp_path: Path) -> None:
    page = _page(qtbot, store)
    reg = complete_registration(4)  # KBLI 10710 and 47242, Kalimantan Utara
    reg.products = [Product(name="Roti Manis", unit="pcs", price_idr=8_500)]
    page.load(reg)
    details = page.details
    assert details.isEnabled() and details.product is page.model.product(0)
    assert [details.kbli.itemData(i) for i in range(details.kbli.count())] == [
        "",
        "10710",
        "47242",
    ]
    edited: list[str] = []
    page.field_edited.connect(edited.append)
    details.kbli.setCurrentIndex(1)
    details.ppn.setCurrentIndex(details.ppn.findData(False))
    qtbot.keyClicks(details.tkdn, "38,5")
    qtbot.keyClicks(details.bmp, "2")
    assert "ya" in details.priority.text()  # 38.5 + 2 >= 40: shown as domestic priority
    first = details.regencies.item(0)
    first.setCheckState(Qt.CheckState.Checked)
    product = page.model.product(0)
    assert (product.kbli, product.price_includes_ppn, product.tkdn_percent) == (
        "10710",
        False,
        38.5,
    )
    assert product.regencies == [first.data(Qt.ItemDataRole.UserRole)]
    assert {"products.0.kbli", "products.0.tkdn_percent", "products.0.regencies"} <= set(edited)

    details.add_photo(_jpeg(tmp_path / "a.jpg", 1))
    settle(qtbot)
    assert len(product.photos) == 1 and not details.slots[0].icon().isNull()
    assert page.vault().get(product.photos[0].sha256)[:2] == b"\xff\xd8"  # a JPEG, in the vault
    assert page.model.index(0, 7).data() == "1/3"

    details.add_photo(_jpeg(tmp_path / "blur.jpg", 2, blur=6))
    settle(qtbot)
    assert len(product.photos) == 1 and "buram" in details.message.text()

    details.add_photo(_jpeg(tmp_path / "again.jpg", 1))  # the same shot once more
    settle(qtbot)
    assert len(product.photos) == 1 or "tampak sama" in details.message.text()
    details.add_photo(_jpeg(tmp_path / "b.jpg", 3))
    settle(qtbot)
    assert len(product.photos) >= 2
    applied = complete_registration(4)
    page.apply(applied)
    assert applied.products[0].photos == product.photos
    details.remove_photo()
    assert len(product.photos) == len(applied.products[0].photos) - 1


def test_a_photo_like_another_products_is_flagged(qtbot, store, qt_lang, tmp_path: Path) -> None:
    page = _page(qtbot, store)
    reg = complete_registration(5)
    reg.products = [Product(name="Roti Manis", unit="buah", price_idr=8_500),
                    Product(name="Roti Tawar", unit="bungkus", price_idr=18_000)]  # fmt: skip
    page.load(reg)
    shot = _jpeg(tmp_path / "a.jpg", 4)
    page.details.add_photo(shot)
    settle(qtbot)
    page.table.setCurrentIndex(page.model.index(1, 0))
    assert page.details.product is page.model.product(1)
    page.details.add_photo(shot)
    settle(qtbot)
    assert "produk 1" in page.details.message.text()  # "…tampak sama dengan foto 1 produk 1…"
    assert len(page.model.product(1).photos) == 1  # kept: a warning, the person decides
