"""XLSX text cells carry no apostrophe (typed strings are never formulas); CSV keeps it.

Read back twice: with openpyxl (what a spreadsheet shows) and as the sheet's raw XML (no ``<f>``
formula element anywhere, every text cell ``t="inlineStr"``), and imported again unchanged.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from kiosk.cli import main
from kiosk.domain.examples import complete_registration
from kiosk.importexport.columns import COLUMN_NAMES
from kiosk.importexport.headers import export_header, key_row
from kiosk.store import Store

TRICKY = {
    "business.name": '=HYPERLINK("http://x";"klik")',
    "address.street": "@SUM(A1:A9)",
    "bank.holder_name": "'=Pemilik",
}


def _filled(root: Path) -> str:
    reg = complete_registration(3)
    reg.business.name = TRICKY["business.name"]
    reg.address.street = TRICKY["address.street"]
    reg.bank.holder_name = TRICKY["bank.holder_name"]
    with Store.open(root) as store:
        store.submit(reg, staff_id="s")
    assert reg.owner.phone.startswith("+62")
    return reg.owner.phone


def _xlsx_row(path: Path) -> dict[str, object]:
    book = load_workbook(path, read_only=True)
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()  # read-only workbooks keep the file open until closed
    assert list(rows[0]) == export_header("id")  # labels people read
    assert list(rows[1]) == key_row()  # the field keys for the round trip
    return dict(zip(COLUMN_NAMES, rows[2], strict=True))


def test_xlsx_phone_has_no_apostrophe_csv_keeps_neutralisation(tmp_path: Path) -> None:
    source = tmp_path / "source"
    phone = _filled(source)
    xlsx_file, csv_file = tmp_path / "r.xlsx", tmp_path / "r.csv"
    assert main(["export", "-o", str(xlsx_file), "--data-dir", str(source)]) == 0
    assert main(["export", "-o", str(csv_file), "--data-dir", str(source)]) == 0

    cells = _xlsx_row(xlsx_file)
    assert cells["owner.phone"] == phone  # +62..., as typed, no leading apostrophe
    assert cells["business.name"] == TRICKY["business.name"]
    assert cells["address.street"] == TRICKY["address.street"]
    assert cells["bank.holder_name"] == "'" + TRICKY["bank.holder_name"]  # its own one, kept
    with zipfile.ZipFile(xlsx_file) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # nothing Excel would evaluate
    assert re.search(r't="inlineStr"><is><t>=HYPERLINK', sheet)

    rows = list(csv.reader(csv_file.read_text("utf-8-sig").splitlines()))
    assert rows[0] == export_header("id") and rows[1] == key_row()
    csv_cells = dict(zip(COLUMN_NAMES, rows[2], strict=True))
    assert csv_cells["owner.phone"] == "'" + phone
    assert csv_cells["business.name"] == "'" + TRICKY["business.name"]


def test_xlsx_without_apostrophes_imports_unchanged(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    _filled(source)
    xlsx_file = tmp_path / "r.xlsx"
    assert main(["export", "-o", str(xlsx_file), "--data-dir", str(source)]) == 0
    assert main(["import", str(xlsx_file), "--data-dir", str(target)]) == 0
    with Store.open(source) as a, Store.open(target) as b:
        (original,) = [r for r in a.iter_registrations()]
        copy = b.get(original.id)
        assert copy.content() == original.content()
        assert copy.bank.holder_name == TRICKY["bank.holder_name"]
