"""The documents step names what is missing, marks it and selects it (issue 12, item 2)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.domain.model import DocumentRef, DocumentType, PageRef
from kiosk.domain.wizard import Step
from tests.ui.test_wizard_helpers import complete_registration, make_ctx, settle


def marked(page) -> list[str]:
    from ui.widgets.document_controls import MARKED_ROLE

    checklist = page.controls.checklist
    return [
        checklist.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(checklist.count())
        if checklist.item(i).data(MARKED_ROLE)
    ]


def test_next_names_marks_and_selects_the_missing_documents(qtbot, store, qt_lang):
    from ui.wizard.wizard import WizardPage

    wizard = WizardPage(make_ctx(store))
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    qtbot.waitExposed(wizard)
    reg = complete_registration(store)
    reg.business.pkp = True  # SPPKP needed
    ktp_page = PageRef(sha256="a" * 64, width=800, height=500)
    npwp_page = PageRef(sha256="b" * 64, width=800, height=500)
    reg.documents = [
        DocumentRef(doc_type=DocumentType.KTP, label="KTP", pages=[ktp_page]),
        DocumentRef(doc_type=DocumentType.NPWP, label="NPWP", pages=[npwp_page]),
    ]
    reg = store.save_draft(reg, step="documents")
    wizard.load_registration(reg, "documents")
    settle(qtbot)
    page = wizard._current_page()
    assert wizard.step == Step.DOCUMENTS
    page.controls.select_type(DocumentType.KTP)
    assert marked(page) == []  # nothing marked before staff tried to go on

    wizard.go_next()
    assert wizard.step == Step.DOCUMENTS
    missing = [t.value for t in page.missing_types()]
    assert missing[:1] == ["nib"] and "pkp" in missing
    assert marked(page) == missing
    assert wizard.nav.status.text().startswith("Masih kurang: NIB")
    assert "SPPKP" in wizard.nav.status.text()
    assert "ditandai" not in wizard.nav.status.text()
    current = page.controls.checklist.currentItem()
    assert current.data(Qt.ItemDataRole.UserRole) == "nib"  # the first missing one is selected
    assert page.controls.checklist.hasFocus()

    # A document captured later loses its mark at once.
    nib_page = PageRef(sha256="c" * 64, width=800, height=500)
    wizard.reg.documents.append(DocumentRef(doc_type=DocumentType.NIB, pages=[nib_page]))
    page._changed()
    assert "nib" not in marked(page) and "pkp" in marked(page)
