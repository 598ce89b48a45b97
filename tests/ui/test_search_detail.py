"""Search finds a registration by each key; the detail page corrects it into version 2."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_wizard_helpers import (
    NIB,
    NIK,
    NPWP,
    PHONE_TYPED,
    complete_registration,
    make_ctx,
    settle,
)


@pytest.fixture
def submitted(store):
    other = complete_registration(
        store,
        name="UD Lain Sekali",
        nik="6471014101850002",
        nib="9120009999999",
        npwp="017777772091000",
        phone="0813 1111 2222",
    )
    store.submit(other, staff_id="")
    return store.submit(complete_registration(store), staff_id="")


@pytest.fixture
def search_page(qtbot, store, qt_lang):
    from ui.pages.search_page import SearchPage

    page = SearchPage(make_ctx(store))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def open_detail(qtbot, store, qt_lang):
    """A shown detail page (1366×768) of the registration with the given id."""
    from ui.pages.detail_page import DetailPage

    def open_(reg_id):
        page = DetailPage(make_ctx(store))
        qtbot.addWidget(page)
        page.resize(1366, 768)
        page.show()
        qtbot.waitExposed(page)
        page.show_registration(reg_id)
        settle(qtbot)
        return page

    return open_


@pytest.mark.parametrize(
    "query",
    ["Sumber Rejeki", "sumber", NIK, NIB, NPWP, "01.312.166.0-091.000", PHONE_TYPED, "reg_no"],
)
def test_search_finds_by_each_key(qtbot, search_page, submitted, query):
    query = submitted.reg_no if query == "reg_no" else query
    search_page.focus_search()
    qtbot.keyClicks(search_page.text, query)
    qtbot.keyClick(search_page.text, Qt.Key.Key_Return)  # search now, without the pause
    settle(qtbot)
    assert search_page.result_ids()[:1] == [submitted.id]
    shown = search_page.results.topLevelItem(0)
    assert shown.text(0) == submitted.reg_no and NIK not in shown.text(3)
    with qtbot.waitSignal(search_page.open_requested) as opened:
        qtbot.keyClick(search_page.text, Qt.Key.Key_Return)  # Enter opens the first result
    assert opened.args == [submitted.id]


def test_search_says_when_nothing_is_found(qtbot, search_page, submitted):
    qtbot.keyClicks(search_page.text, "Tidak Ada Usaha Ini")
    qtbot.keyClick(search_page.text, Qt.Key.Key_Return)
    settle(qtbot)
    assert search_page.result_ids() == []
    assert search_page.state.text()


def test_a_correction_becomes_version_2_with_its_reason(qtbot, store, submitted, open_detail):
    page = open_detail(submitted.id)
    assert submitted.reg_no in page.title.text()
    assert page.versions.topLevelItemCount() == 1
    qtbot.mouseClick(page.correct, Qt.MouseButton.LeftButton)
    business = page.editor.pages["business"]
    business.name.setFocus()
    business.name.selectAll()
    qtbot.keyClicks(business.name, "CV Sumber Rejeki Abadi")
    qtbot.mouseClick(page.editor.save, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.editor.message.text()  # no reason: refused, nothing written
    assert store.get(submitted.id).version == 1
    qtbot.keyClicks(page.editor.reason, "Nama usaha sesuai akta")
    qtbot.keyClick(page.editor.reason, Qt.Key.Key_Return)
    settle(qtbot)
    stored = store.get(submitted.id)
    assert stored.version == 2 and stored.business.name == "CV Sumber Rejeki Abadi"
    history = store.history(submitted.id)
    assert [(v.version, v.reason) for v in history][-1] == (2, "Nama usaha sesuai akta")
    assert page.versions.topLevelItemCount() == 2
    assert "Nama usaha sesuai akta" in page.versions.topLevelItem(1).text(2)


def test_a_draft_found_in_search_is_continued_in_the_wizard(qtbot, store, open_detail):
    draft = complete_registration(store, name="Warung Draf Saja")
    draft = store.save_draft(draft, step="owner")
    page = open_detail(draft.id)
    assert page.continue_draft.isVisible() and not page.correct.isVisible()
    with qtbot.waitSignal(page.continue_draft_requested) as requested:
        qtbot.mouseClick(page.continue_draft, Qt.MouseButton.LeftButton)
    assert requested.args == [draft.id]


def test_search_and_detail_pages_name_their_inputs(qtbot, search_page, submitted, open_detail):
    from tests.ui.helpers import accessibility_problems

    page = open_detail(submitted.id)
    page.correct.click()  # the correction editor holds the wizard's pages
    for root in (search_page, page):
        problems = [p for p in accessibility_problems(root) if not p.startswith("QScrollBar")]
        assert not problems, "\n".join(problems)


def test_detail_shows_values_in_the_interface_language(store, submitted, open_detail):
    # the review texts were once filed under the wrong translation context: "Female", "No",
    # "Given, text v1" and "2 page(s)" showed in the Indonesian interface
    from PySide6.QtWidgets import QLabel

    from kiosk.domain.model import DocumentRef, PageRef

    reg = store.get(submitted.id)
    reg.documents = [DocumentRef(label="KTP pemilik", pages=[PageRef(), PageRef()])]
    page = open_detail(submitted.id)
    page.data.load(reg)  # its review part, with a document (no vault needed for the count)
    texts = {label.text() for label in page.findChildren(QLabel)}
    assert {"Perempuan", "Ya", "Tidak", "2 halaman"} <= texts
    assert any(t.startswith("Diberikan, naskah") for t in texts)
    assert not texts & {"Female", "Male", "Yes", "No", "2 page(s)"}
