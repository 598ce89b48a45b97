"""The documents step inside the wizard: each imported page reaches the draft at once."""

from __future__ import annotations

from kiosk.domain.checklist import missing_documents
from kiosk.domain.wizard import Step
from tests.ui.test_wizard_helpers import complete_registration, make_ctx, settle


def test_imported_documents_are_saved_with_the_draft(qtbot, store, qt_lang, tmp_path):
    from kiosk.documents.synthetic import a4_page
    from ui.wizard.steps.documents import DocumentsPage
    from ui.wizard.wizard import WizardPage

    wizard = WizardPage(make_ctx(store))
    qtbot.addWidget(wizard)
    wizard.resize(1366, 768)
    wizard.show()
    qtbot.waitExposed(wizard)
    reg = complete_registration(store)
    reg.documents = []
    reg = store.save_draft(reg, step="documents")
    wizard.load_registration(reg, "documents")
    settle(qtbot)
    documents_page = wizard._current_page()
    assert wizard.step == Step.DOCUMENTS and isinstance(documents_page, DocumentsPage)
    needed = missing_documents(wizard.reg)
    assert needed
    for number, item in enumerate(needed):
        path = tmp_path / f"scan-{number}.jpg"
        a4_page(dpi=100, lines=12, seed=number + 1).convert("L").save(path, "JPEG", quality=70)
        documents_page.controls.select_type(item.doc_type)
        with qtbot.waitSignal(documents_page.changed, timeout=20_000):
            documents_page.import_paths([str(path)])
        settle(qtbot)
        assert any(d.doc_type == item.doc_type for d in wizard.reg.documents), (
            documents_page.controls.status.text()
        )
    stored = store.get(reg.id)
    assert not missing_documents(stored)  # every required document is in the saved draft
    assert {d.doc_type for d in stored.documents} >= {i.doc_type for i in needed}
    pages = [p.sha256 for d in stored.documents for p in d.pages]
    assert pages and all(wizard.reg.documents)
    assert set(pages) <= store.referenced_page_hashes()
