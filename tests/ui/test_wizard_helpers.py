"""Helpers for the wizard part's UI tests: a real store, a context, keyboard driving, documents.

No tests here; the module is named ``test_*`` only because the wizard part owns those names.
Everything runs against a real SQLite file in the ``data_dir`` fixture's folder.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.domain.model import DocumentRef, DocumentType, PageRef

# Owner data that the core's validators accept (NIK: Balikpapan, woman born 15-01-1990).
NIK = "6471015501900001"
NIB = "9120001234567"
NPWP = "013121660091000"
PHONE_TYPED = "0812 3456 7890"
PHONE_E164 = "+6281234567890"
VILLAGE_QUERY = "Sebengkok"


def make_ctx(store: Any, lang: str = "id", kiosk_mode: bool = False) -> Any:
    from ui.context import AppContext

    return AppContext(store, lang=lang, kiosk_mode=kiosk_mode)  # type: ignore[arg-type]


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


def add_required_documents(store: Any, reg: Any) -> None:
    """Put one real (encrypted) page per required document into the vault and reference it.

    Stands in for the documents part's page in tests of the wizard's own steps.
    """
    from kiosk.documents.vault import Vault
    from kiosk.domain.checklist import missing_documents

    vault = Vault(store.paths.documents, store.keys)
    for item in missing_documents(reg):
        data = f"scan of {item.doc_type.value}".encode() * 20
        sha = vault.put(data, "image/jpeg")
        page = PageRef(sha256=sha, media_type="image/jpeg", width=10, height=10, dpi=300,
                       size=len(data))
        doc_type = DocumentType(item.doc_type)
        reg.documents.append(DocumentRef(doc_type=doc_type, label=doc_type.value, pages=[page]))
