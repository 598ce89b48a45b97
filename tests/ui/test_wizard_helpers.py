"""Helpers for the wizard part's UI tests: a real store, a context, keyboard driving, documents.

No tests here; the module is named ``test_*`` only because the wizard part owns those names.
Everything runs against a real SQLite file in the ``data_dir`` fixture's folder.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.domain.model import DocumentRef, DocumentType, PageRef
from kiosk.i18n import Lang

if TYPE_CHECKING:
    from kiosk.store import Store
    from ui.context import AppContext

# Owner data that the core's validators accept (NIK: Balikpapan, woman born 15-01-1990).
NIK = "6471015501900001"
NIB = "9120001234567"
NPWP = "013121660091000"
PHONE_TYPED = "0812 3456 7890"
PHONE_E164 = "+6281234567890"
VILLAGE_QUERY = "Sebengkok"


def make_ctx(store: Store, lang: Lang = "id", kiosk_mode: bool = False) -> AppContext:
    from ui.context import AppContext

    return AppContext(store, lang=lang, kiosk_mode=kiosk_mode)


def settle(qtbot: Any, timeout_ms: int = 10_000) -> None:
    """Let debounce timers fire and background operations deliver their results."""
    from ui import operations

    qtbot.wait(5)
    deadline = dt.datetime.now() + dt.timedelta(milliseconds=timeout_ms)
    while dt.datetime.now() < deadline:
        operations.wait_idle(timeout_ms)
        QApplication.processEvents()
        busy = [w for w in QApplication.allWidgets() if getattr(w, "drafts", None) is not None]
        if not any(w.drafts.busy for w in busy) and not operations.pending_count():
            return
        qtbot.wait(50)
    raise AssertionError("operations did not finish")


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(widget, text)


def enter(qtbot: Any, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def alt_right(qtbot: Any, wizard: Any) -> None:
    """The 'next step' shortcut, sent to whatever has focus inside the wizard."""
    target = QApplication.focusWidget() or wizard
    qtbot.keyClick(target, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)


def agree_to_consent(qtbot: Any, wizard: Any) -> None:
    """On the consent step (the first of every flow): tick the box with the mouse, press Next."""
    from kiosk.domain.wizard import Step

    assert wizard.step == Step.CONSENT
    page = wizard._current_page()
    qtbot.mouseClick(page.agree, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.nav.next, Qt.MouseButton.LeftButton)
    assert wizard.step == wizard.flow.next(Step.CONSENT)


def edit_cell(qtbot: Any, table: Any, row: int, column: int, text: str) -> None:
    """Put the cursor on a cell, F2 to edit, type, Enter to commit (keyboard only)."""
    table.setFocus()
    table.setCurrentIndex(table.model().index(row, column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = focused()
    assert editor is not table
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on the next turn of the event loop


def small_jpeg(seed: int) -> bytes:
    """A real, tiny JPEG that differs per ``seed`` (a scanned page stand-in)."""
    import io

    from PIL import Image

    image = Image.new("RGB", (10, 10), ((seed * 37) % 256, (seed * 91) % 256, 200))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def add_required_documents(store: Any, reg: Any) -> None:
    """Put one real (encrypted) page per required document into the vault and reference it.

    Stands in for the documents part's page in tests of the wizard's own steps.
    """
    from kiosk.documents.vault import Vault
    from kiosk.domain.checklist import missing_documents

    vault = Vault(store.paths.documents, store.keys)
    for number, item in enumerate(missing_documents(reg)):
        data = small_jpeg(number + len(reg.documents) * 7 + hash(reg.id) % 1000)
        sha = vault.put(data, "image/jpeg")
        page = PageRef(
            sha256=sha, media_type="image/jpeg", width=10, height=10, dpi=300, size=len(data)
        )
        doc_type = DocumentType(item.doc_type)
        reg.documents.append(DocumentRef(doc_type=doc_type, label=doc_type.value, pages=[page]))


def complete_registration(
    store: Any,
    *,
    name: str = "CV Sumber Rejeki",
    nik: str = NIK,
    nib: str = NIB,
    npwp: str = NPWP,
    phone: str = PHONE_TYPED,
) -> Any:
    """A registration that passes the submit-stage checks (built in code, not through the UI)."""
    from kiosk.domain.consent import record_consent
    from kiosk.domain.ids import nik_facts
    from kiosk.domain.model import (
        Address,
        BankAccount,
        Business,
        LegalForm,
        Owner,
        Product,
        Registration,
        Scale,
    )

    _district, born, sex = nik_facts(nik)

    reg = Registration(
        business=Business(
            name=name,
            legal_form=LegalForm.PERORANGAN,
            capital_idr=300_000_000,
            scale=Scale.MIKRO,
            nib=nib,
            npwp=npwp,
            kbli=["10710"],
        ),
        owner=Owner(
            nik=nik,
            full_name="Rina Marlina",
            birth_date=born,
            sex=sex,
            position="Pemilik",
            phone=phone,
        ),
        address=Address(
            province_code="65",
            regency_code="65.71",
            district_code="65.71.02",
            village_code="65.71.02.1003",
            street="Jl. Mulawarman 3",
            postal_code="77111",
        ),
        products=[Product(name="Amplang", category="Makanan", unit="bungkus", price_idr=25_000)],
        bank=BankAccount(
            bank="Bank Mandiri", account_number="1480012345678", holder_name="Rina Marlina"
        ),
    )
    reg.consent = record_consent("id", staff_id="", kiosk_id=str(store.kiosk_id))
    add_required_documents(store, reg)
    return reg
