"""The catalogue fields of one product, under the products table: specification, KBLI (one of
the business's codes), unit (the standard list, or typed), price with or without PPN, minimum
order, TKDN/BMP with the certificate, delivery regencies, and one to three photos.

The widget edits the :class:`~kiosk.domain.model.Product` it is given in place (the table model's
own object) and emits ``edited(field)`` after each change; the step page turns that into
validation of ``products.N.<field>``. A typed value the core accepts is stored in its normal form;
one it does not is stored as typed, so the core's message says what is wrong.

Photos: from the document camera or webcam (:class:`ui.camera.CameraDialog`) or a file. Checking,
cleaning and storing run off the GUI thread (:func:`kiosk.documents.product_photo.store_photo`
through ``run_op``); the photo joins the product only once it is durably in the vault. A refused
photo (black, blurred, not an image) shows the core's message and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.formatting import format_date
from kiosk.domain.model import Product
from kiosk.domain.products import MAX_PHOTOS, UNITS, domestic_priority, tkdn_bmp
from kiosk.domain.validation import clean_field
from ui.operations import run_op
from ui.widgets.forms import add_row, button, message_label, set_button, set_label, show_message

if TYPE_CHECKING:
    from kiosk.documents.product_photo import StoredPhoto
    from kiosk.documents.vault import Vault
    from ui.context import AppContext

THUMB = QSize(112, 84)


class ProductDetails(QGroupBox):
    """Signals: edited(str) — the product's field (``unit``, ``photos``…) was changed."""

    edited = Signal(str)

    def __init__(self, ctx: AppContext, vault: Callable[[], Vault], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("productDetails")
        self.ctx, self._vault = ctx, vault
        self.product: Product | None = None
        # the business's products (the step sets it): photos are compared across all of them
        self.all_products: Callable[[], list[Product]] = lambda: []
        self._places: list[tuple[int, int, str]] = []
        self._thumbs: dict[str, bytes] = {}  # sha → thumbnail JPEG
        self._loading = False
        self.spec = QPlainTextEdit(self)
        self.spec.setObjectName("products_spec")
        self.spec.setTabChangesFocus(True)
        self.spec.setFixedHeight(64)
        self.kbli = QComboBox(self)
        self.kbli.setObjectName("products_kbli")
        self.unit = QComboBox(self)
        self.unit.setObjectName("products_unit")
        self.unit.setEditable(True)  # "other": any word
        self.unit.addItems(list(UNITS))
        self.ppn = QComboBox(self)
        self.ppn.setObjectName("products_ppn")
        self.min_order = self._line("products_min_order")
        self.tkdn = self._line("products_tkdn")
        self.bmp = self._line("products_bmp")
        self.cert_no = self._line("products_tkdn_cert_no")
        self.cert_date = self._line("products_tkdn_cert_date")
        self.priority = QLabel(self)
        self.priority.setObjectName("products_priority")
        self.regencies = QListWidget(self)
        self.regencies.setObjectName("products_regencies")
        self.regencies.setMaximumHeight(120)
        left, right = QFormLayout(), QFormLayout()
        self.labels = {
            "spec": add_row(left, self.spec), "kbli": add_row(left, self.kbli),
            "unit": add_row(left, self.unit), "ppn": add_row(left, self.ppn),
            "min_order": add_row(left, self.min_order), "tkdn": add_row(right, self.tkdn),
            "bmp": add_row(right, self.bmp), "cert_no": add_row(right, self.cert_no),
            "cert_date": add_row(right, self.cert_date),
            "regencies": add_row(right, self.regencies),
        }  # fmt: skip
        right.addRow(self.priority)
        self.slots = []
        strip = QHBoxLayout()
        self.photos_label = QLabel(self)
        strip.addWidget(self.photos_label)
        for n in range(1, MAX_PHOTOS + 1):
            slot = QToolButton(self)
            slot.setObjectName(f"products_photo_{n}")
            slot.setCheckable(True)
            slot.setAutoExclusive(True)
            slot.setIconSize(THUMB)
            slot.setMinimumSize(THUMB + QSize(8, 8))
            self.slots.append(slot)
            strip.addWidget(slot)
        self.camera_button = button("products_photo_camera", parent=self)
        self.file_button = button("products_photo_file", parent=self)
        self.remove_photo_button = button("products_photo_remove", parent=self)
        actions = QVBoxLayout()
        for b in (self.camera_button, self.file_button, self.remove_photo_button):
            actions.addWidget(b)
        strip.addLayout(actions)
        strip.addStretch(1)
        self.message = message_label("products_photo_message", self)
        grid = QGridLayout(self)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addLayout(strip, 1, 0, 1, 2)
        grid.addWidget(self.message, 2, 0, 1, 2)
        self.spec.textChanged.connect(lambda: self._set("description", self.spec.toPlainText()))
        self.kbli.currentIndexChanged.connect(lambda _i: self._set("kbli", self.kbli.currentData()
                                                                   or ""))  # fmt: skip
        self.unit.currentTextChanged.connect(lambda text: self._set("unit", text.strip()))
        self.ppn.currentIndexChanged.connect(
            lambda _i: self._set("price_includes_ppn", self.ppn.currentData())
        )
        self.min_order.textEdited.connect(lambda t: self._set("min_order", t))
        self.tkdn.textEdited.connect(lambda t: self._set("tkdn_percent", t))
        self.bmp.textEdited.connect(lambda t: self._set("bmp_percent", t))
        self.cert_no.textEdited.connect(lambda t: self._set("tkdn_cert_no", t.strip()))
        self.cert_date.editingFinished.connect(
            lambda: self._set("tkdn_cert_date", self.cert_date.text())
        )
        self.regencies.itemChanged.connect(lambda _item: self._regencies_changed())
        self.camera_button.clicked.connect(self.take_photo)
        self.file_button.clicked.connect(self.photo_from_file)
        self.remove_photo_button.clicked.connect(self.remove_photo)
        self.retranslate()
        self.set_product(None, [], [])

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        return edit

    def focus_order(self) -> list[QWidget]:
        return [self.spec, self.kbli, self.unit, self.ppn, self.min_order, self.tkdn, self.bmp,
                self.cert_no, self.cert_date, self.regencies, self.camera_button,
                self.file_button, *self.slots, self.remove_photo_button]  # fmt: skip

    # -- texts -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(self.tr("Details of the selected product"))
        texts = {
            "spec": self.tr("Short specification"), "kbli": self.tr("KBLI code"),
            "unit": self.tr("Unit"), "ppn": self.tr("Price and VAT (PPN)"),
            "min_order": self.tr("Minimum order"), "tkdn": self.tr("TKDN value (%)"),
            "bmp": self.tr("BMP value (%)"), "cert_no": self.tr("TKDN certificate no."),
            "cert_date": self.tr("Certificate date"), "regencies": self.tr("Delivers to"),
        }  # fmt: skip
        for key, label in self.labels.items():
            set_label(label, texts[key])
        self.cert_date.setPlaceholderText(self.tr("e.g. 25-11-2025"))
        self.tkdn.setPlaceholderText(self.tr("e.g. 43,25"))
        self.photos_label.setText(self.tr("Photos (1 to 3):"))
        hint = self.tr("Photograph the product with the document camera or webcam")
        set_button(self.camera_button, self.tr("Take photo"), hint)
        set_button(self.file_button, self.tr("Photo from file…"))
        set_button(self.remove_photo_button, self.tr("Remove photo"))
        for n, slot in enumerate(self.slots, start=1):
            slot.setAccessibleName(self.tr("Photo %1").replace("%1", str(n)))
        self._fill_ppn()
        self._show_priority()

    def _fill_ppn(self) -> None:
        current = self.ppn.currentData() if self.ppn.count() else None
        self.ppn.blockSignals(True)
        self.ppn.clear()
        self.ppn.addItem(self.tr("not stated"), None)
        self.ppn.addItem(self.tr("price includes PPN"), True)
        self.ppn.addItem(self.tr("price excludes PPN"), False)
        self.ppn.setCurrentIndex(max(0, self.ppn.findData(current)))
        self.ppn.blockSignals(False)

    # -- loading ---------------------------------------------------------------------------------
    def set_product(self, product: Product | None, kbli: list[tuple[str, str]],
                    regencies: list[tuple[str, str]]) -> None:  # fmt: skip
        """Show ``product`` (None: nothing selected); ``kbli``/``regencies``: (code, title)."""
        self.product = product
        self._loading = True
        try:
            self.setEnabled(product is not None)
            p = product or Product()
            self.spec.setPlainText(p.description or "")
            self.kbli.clear()
            self.kbli.addItem("—", "")
            for code, title in kbli:
                self.kbli.addItem(f"{code} {title}".strip(), code)
            if p.kbli and self.kbli.findData(p.kbli) < 0:
                self.kbli.addItem(p.kbli, p.kbli)  # not (or no longer) one of the business's
            self.kbli.setCurrentIndex(max(0, self.kbli.findData(p.kbli or "")))
            self.unit.setCurrentText(str(p.unit or ""))
            self.ppn.setCurrentIndex(max(0, self.ppn.findData(p.price_includes_ppn)))
            self.min_order.setText(_text(p.min_order))
            self.tkdn.setText(_percent(p.tkdn_percent))
            self.bmp.setText(_percent(p.bmp_percent))
            self.cert_no.setText(p.tkdn_cert_no or "")
            date = p.tkdn_cert_date
            shown = format_date(date, self.ctx.lang) if isinstance(date, dt.date) else _text(date)
            self.cert_date.setText(shown)
            self.regencies.clear()
            chosen = set(p.regencies or [])
            for code, name in regencies:
                item = QListWidgetItem(name, self.regencies)
                item.setData(Qt.ItemDataRole.UserRole, code)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if code in chosen
                                   else Qt.CheckState.Unchecked)  # fmt: skip
            self._show_photos()
            self._show_priority()
            show_message(self.message, "")
        finally:
            self._loading = False

    def set_thumbnails(self, thumbs: dict[str, bytes]) -> None:
        self._thumbs.update(thumbs)
        self._show_photos()

    def _show_photos(self) -> None:
        photos = self.product.photos if self.product is not None else []
        for n, slot in enumerate(self.slots):
            ref = photos[n] if n < len(photos) else None
            pixmap = QPixmap()
            if ref is not None and ref.sha256 in self._thumbs:
                pixmap.loadFromData(self._thumbs[ref.sha256])
            slot.setIcon(QIcon(pixmap) if not pixmap.isNull() else QIcon())
            slot.setText("" if ref is None or not pixmap.isNull() else "…")
            slot.setEnabled(ref is not None)
        full = len(photos) >= MAX_PHOTOS
        self.camera_button.setEnabled(self.product is not None and not full)
        self.file_button.setEnabled(self.product is not None and not full)
        self.remove_photo_button.setEnabled(bool(photos))

    def _show_priority(self) -> None:
        p = self.product
        total = tkdn_bmp(p) if p is not None else None
        if p is None or total is None:
            self.priority.setText(self.tr("Domestic priority: needs a TKDN value"))
        elif domestic_priority(p):
            self.priority.setText(self.tr("Domestic priority: yes (TKDN + BMP = %1 % ≥ 40 %)")
                                  .replace("%1", f"{total:g}".replace(".", ",")))  # fmt: skip
        else:
            self.priority.setText(self.tr("Domestic priority: no (TKDN + BMP = %1 % < 40 %)")
                                  .replace("%1", f"{total:g}".replace(".", ",")))  # fmt: skip

    # -- editing ---------------------------------------------------------------------------------
    def _set(self, field: str, value: Any) -> None:
        if self._loading or self.product is None:
            return
        if isinstance(value, str) and field not in ("description", "unit", "kbli", "tkdn_cert_no"):
            text = value.strip()
            cleaned, issues = clean_field(f"products.0.{field}", text) if text else (None, [])
            value = text if issues else cleaned
        if getattr(self.product, field) == value:
            return
        setattr(self.product, field, value)
        self._show_priority()
        self.edited.emit(field)

    def _regencies_changed(self) -> None:
        codes = []
        for row in range(self.regencies.count()):
            item = self.regencies.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                codes.append(str(item.data(Qt.ItemDataRole.UserRole)))
        self._set("regencies", codes)

    # -- photos ----------------------------------------------------------------------------------
    def take_photo(self) -> None:
        from ui.camera import CameraDialog

        dialog = CameraDialog(self)
        dialog.captured.connect(self.add_photo)
        dialog.open()

    def photo_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Product photo"), "", self.tr("Images (*.jpg *.jpeg *.png *.webp)")
        )
        if path:
            from pathlib import Path

            self.add_photo(Path(path))

    def add_photo(self, source: object) -> None:
        """Store a photo (a camera still as an array, a file path, or file bytes) for the
        product shown, off the GUI thread."""
        from pathlib import Path

        product = self.product
        if product is None:
            return
        vault = self._vault()
        others = [p.sha256 for p in product.photos]
        # every photo of the business, this product's first: (product number, photo number, sha)
        places = [(0, n, sha) for n, sha in enumerate(others, start=1)]
        for number, other in enumerate(self.all_products(), start=1):
            if other is not product:
                places += [(number, n, p.sha256) for n, p in enumerate(other.photos, start=1)]
        self._places = places

        def work() -> StoredPhoto:
            from kiosk.documents.product_photo import store_photo

            data = Path(source).read_bytes() if isinstance(source, Path) else source
            return store_photo(vault, data, others, [sha for _, _, sha in places])

        show_message(self.message, self.tr("Processing the photo…"), "ok")
        run_op(self, work, on_done=lambda r: self._photo_stored(product, r),
               on_error=self._photo_failed, progress=self.tr("Processing the photo…"))  # fmt: skip

    def _photo_stored(self, product: Product, stored: StoredPhoto) -> None:
        from kiosk.domain.products import MAX_PHOTOS as limit

        self._thumbs[stored.ref.sha256] = stored.thumbnail
        if len(product.photos) < limit:
            product.photos.append(stored.ref)
        if stored.looks_like is not None:
            number, photo_no, _ = self._places[stored.looks_like]
            if number == 0:
                text = self.ctx.t("products.photo.near_duplicate", other=photo_no)
            else:
                text = self.ctx.t("products.photo.near_duplicate_other", other=photo_no,
                                  product=number)  # fmt: skip
            show_message(self.message, text, "warning")
        else:
            show_message(self.message, "")
        if product is self.product:
            self._show_photos()
            self.slots[len(product.photos) - 1].setChecked(True)
        self.edited.emit("photos")

    def _photo_failed(self, exc: BaseException) -> None:
        from ui.widgets.forms import show_error

        show_error(self.message, self.ctx, exc)

    def remove_photo(self) -> None:
        if self.product is None or not self.product.photos:
            return
        index = next((n for n, s in enumerate(self.slots) if s.isChecked()), None)
        if index is None or index >= len(self.product.photos):
            index = len(self.product.photos) - 1
        del self.product.photos[index]
        self._show_photos()
        self.edited.emit("photos")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _percent(value: object) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:g}".replace(".", ",")
    return _text(value)
