"""Importing a district list in the app: the preview before anything is stored, a column mapped by
hand (and remembered), a refused row blocking the import until "keep the rows without problems"."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from PySide6.QtWidgets import QFileDialog

from kiosk.domain.examples import complete_registration
from kiosk.importexport.district import MAPPINGS_SETTING
from tests.ui.helpers import settle
from ui.widgets.intake_import import ImportListDialog


def _sheet(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["DAFTAR UMKM DESA SEBENGKOK"])
    sheet.merge_cells("A1:F1")
    sheet.append(["Nama Usaha", "Nama Pemilik", "NIK", "No HP", "Desa", "Surel Pemilik"])
    sheet.append(["Keripik Ani", "Ani", complete_registration(1).owner.nik, "+62 812 1111 2222",
                  "Sebengkog", "ani@contoh.id"])  # fmt: skip
    sheet.append([])
    sheet.append(["Kopi Budi", "Budi", int(complete_registration(2).owner.nik), 81233334444,
                  "Sebengkok", "budi@contoh.id"])  # fmt: skip
    book.save(path)


def test_preview_map_by_hand_and_partial(
    qtbot, make_window, store, supervisor, tmp_path, monkeypatch
):
    sheet = tmp_path / "umkm-sebengkok.xlsx"
    _sheet(sheet)
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    box = window.page("home").intake
    assert box.import_button.isVisibleTo(window)
    dialog = ImportListDialog(window.ctx, box)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sheet), ""))
    dialog.choose.click()
    settle(qtbot)
    assert store.count_registrations() == 0  # only a preview so far
    assert dialog.list_name.text() == "umkm-sebengkok"
    assert dialog.columns.item(5, 0).text() == "Surel Pemilik (tidak dikenali)"
    assert dialog.rows.rowCount() == 2
    assert dialog.rows.item(0, 1).text() == "draf" and dialog.rows.item(1, 1).text() == "ditolak"
    assert "15 digit" in dialog.rows.item(1, 3).text()  # the NIK Excel stored as a number
    assert not dialog.store_button.isEnabled()  # all or nothing: a refused row blocks

    combo = dialog.columns.cellWidget(5, 1)
    combo.setCurrentIndex(combo.findData("owner.email"))  # map by hand: the file is read again
    settle(qtbot)
    assert dialog.columns.item(5, 0).text() == "Surel Pemilik"
    dialog.partial.setChecked(True)
    assert dialog.store_button.isEnabled()
    dialog.store_button.click()
    settle(qtbot)
    assert dialog.result() == dialog.DialogCode.Accepted and len(dialog.stored) == 1
    [draft] = store.list_drafts()
    stored = store.get(draft.id)
    assert (stored.business.name, stored.owner.email) == ("Keripik Ani", "ani@contoh.id")
    assert stored.owner.phone == "+6281211112222"
    assert list(store.get_setting(MAPPINGS_SETTING).values()) == [{"surelpemilik": "owner.email"}]


def test_a_draft_whose_village_was_ambiguous_asks_on_the_address_step(
    qtbot, make_window, store, supervisor, tmp_path
):
    from kiosk.importexport.district import preview_list, store_list
    from ui.wizard.steps.address import AddressPage

    listing = tmp_path / "list.csv"
    listing.write_text("Nama Usaha;Nama Pemilik;Desa\nAmplang Kepiting;Rudi;Karang Anyar\n")
    store_list(store, preview_list(store, listing, lang="id"), staff_id=supervisor.id)
    [draft] = store.list_drafts()
    window = make_window()
    window.logged_in(supervisor)
    settle(qtbot)
    window.open_draft(draft.id)
    settle(qtbot)
    wizard = window.page("wizard")
    wizard.go_to(next(s for s in wizard.flow.steps if s.value == "address"))
    settle(qtbot)
    page = wizard._current_page()
    assert isinstance(page, AddressPage)
    assert "Karang Anyar" in page.hint.text() and "beberapa desa" in page.hint.text()
    assert page.region.search.line.text() == "Karang Anyar"  # staff see the candidates
