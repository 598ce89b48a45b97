"""Issue 14: a registration in a district office's list says so, and which list, in the home page's
drafts list and in the search results (shown, read out by a screen reader, in both languages).

A real store with a list imported through the core (``preview_list`` / ``store_list``), the real
pages, Qt offscreen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.domain.model import Registration
from kiosk.importexport.district import preview_list, store_list
from tests.ui.helpers import settle

LIST = "UMKM Tarakan 2026"


@pytest.fixture
def listed(store, tmp_path: Path):
    """Two drafts from a district list, and one draft typed at the desk."""
    sheet = tmp_path / "daftar.csv"
    sheet.write_text(
        "Nama Usaha;Nama Pemilik;No HP;Desa;Kecamatan\n"
        "Kopi Tepian;Budi Santoso;0812 7777 0001;Sebengkok;Tarakan Tengah\n"
        "Amplang Kepiting;Rudi Hartono;0812 7777 0002;Sebengkok;Tarakan Tengah\n",
        encoding="utf-8",
    )
    preview = preview_list(store, sheet, lang="en", list_name=LIST)
    numbers = store_list(store, preview, staff_id="s")
    typed = Registration()
    typed.business.name = "Kopi Meja Depan"
    desk = store.save_draft(typed, staff_id="s", step="owner")
    return {store.get_by_reg_no(n).business.name: n for n in numbers}, desk


def test_the_drafts_list_marks_the_drafts_from_the_list(qtbot, make_window, supervisor, listed):
    from_list, desk = listed
    assert set(from_list) == {"Kopi Tepian", "Amplang Kepiting"}
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    home = window.page("home")
    rows = [home.drafts_list.item(i) for i in range(home.drafts_list.count())]
    texts = {row.data(Qt.ItemDataRole.UserRole): row.text() for row in rows}
    spoken = {
        r.data(Qt.ItemDataRole.UserRole): r.data(Qt.ItemDataRole.AccessibleTextRole) for r in rows
    }
    assert len(rows) == 3
    marked = [t for t in texts.values() if f"Dari daftar dinas “{LIST}”" in t]
    assert sorted(t.split(" — ")[1] for t in marked) == ["Amplang Kepiting", "Kopi Tepian"]
    assert "daftar dinas" not in texts[desk.id]  # typed at the desk: no mark
    assert all(spoken[i] == texts[i] for i in texts)  # read out as shown
    window.ctx.set_language("en")
    settle(qtbot)
    english = [home.drafts_list.item(i).text() for i in range(home.drafts_list.count())]
    assert sum(f"From the district list “{LIST}”" in t for t in english) == 2


def test_search_results_name_the_list_in_their_own_column(qtbot, store, qt_lang, listed):
    from tests.ui.test_wizard_helpers import make_ctx
    from ui.pages.search_page import LIST_COLUMN, SearchPage

    from_list, _desk = listed
    page = SearchPage(make_ctx(store))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.results.headerItem().text(LIST_COLUMN) == "Daftar dinas"
    for query in ("Rudi", "0812 7777 0002", "Kopi"):
        page.text.setText(query)
        page.search_now()
        settle(qtbot)
        found = {
            page.results.topLevelItem(i).text(1): page.results.topLevelItem(i)
            for i in range(page.results.topLevelItemCount())
        }
        assert found, query
        for business, item in found.items():
            if business in from_list:
                assert item.text(LIST_COLUMN) == LIST, query
                spoken = item.data(LIST_COLUMN, Qt.ItemDataRole.AccessibleTextRole)
                assert spoken == f"Dari daftar dinas “{LIST}”"
            else:
                assert item.text(LIST_COLUMN) == "", query
    assert "Kopi Meja Depan" in found  # the desk's draft is found too, without the mark
