"""Export then import: the same registrations; formula injection neutralised; bad rows reported."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.domain.examples import complete_registration
from kiosk.domain.model import Registration, Status
from kiosk.importexport.columns import COLUMN_NAMES, neutralize, restore, row_of
from kiosk.store import Store


def _tricky(seed: int):  # type: ignore[no-untyped-def]
    reg = complete_registration(seed)
    reg.business.name = '=HYPERLINK("http://x";"klik")'
    reg.products[0].name = "-Roti diskon-"
    reg.products[0].description = "+62 kualitas @terbaik"
    reg.address.street = "@SUM(A1:A9)"
    reg.bank.holder_name = "'=Pemilik"
    return reg


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    with Store.open(source) as store:
        store.submit(_tricky(1), staff_id="s")
        for seed in range(2, 6):
            store.submit(complete_registration(seed), staff_id="s")
        fix = store.get(store.search("Roti Sebengkok 3")[0].id)
        fix.owner.position = "Pemilik"
        store.correct(fix, reason="jabatan", staff_id="s")
        store.save_draft(complete_registration(7))  # drafts stay out of a default export
    return source


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_reproduces_registrations(
    filled: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"umkm.{fmt}"
    assert main(["export", "--format", fmt, "-o", str(out), "--data-dir", str(filled)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    target = tmp_path / "target"
    assert main(["import", str(out), "--data-dir", str(target)]) == 0
    with Store.open(filled) as a, Store.open(target) as b:
        originals = [r for r in a.iter_registrations() if r.status != "draft"]
        assert len(originals) == 5 and b.count_registrations() == 5
        for reg in originals:
            copy = b.get(reg.id)
            assert copy.content() == reg.content()  # same id, number, version and every field
            assert copy.content_hash() == reg.content_hash()
            assert copy.status == "submitted"
        assert b.outbox_counts()["pending"] == 5  # each imported version queued for the central
    # Importing the same file again adds nothing and says why.
    assert main(["import", str(out), "--data-dir", str(target)]) == 1


def test_formula_cells_are_neutralised_in_csv(filled: Path, tmp_path: Path) -> None:
    """CSV has no cell types: the apostrophe. (XLSX's typed string cells need none:
    tests/core/test_export_xlsx_text.py.)"""
    csv_file = tmp_path / "a.csv"
    main(["export", "-o", str(csv_file), "--data-dir", str(filled)])
    cells = [c for row in csv.reader(csv_file.read_text("utf-8-sig").splitlines()) for c in row]
    assert '\'=HYPERLINK("http://x";"klik")' in cells and "'@SUM(A1:A9)" in cells
    assert "''=Pemilik" in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        products = cell if cell.startswith("[{") else None
        if products:
            assert json.loads(products)  # JSON cells start with '[' and stay parseable


@pytest.mark.parametrize("text", ["=1+1", "+62", "-", "@x", "\tx", "\rx", "'", "''=", "plain", ""])
def test_neutralize_restore_round_trip(text: str) -> None:
    assert restore(neutralize(text)) == text
    assert not neutralize(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def _submitted(seed: int) -> Registration:
    """A registration as a submitted one appears in an export."""
    reg = complete_registration(seed)
    reg.status = Status.SUBMITTED
    return reg


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMN_NAMES)
        writer.writerows(rows)


def test_rejected_rows_are_reported_and_the_rest_stored(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = row_of(_submitted(1))
    bad_nik = _submitted(2)
    bad_nik.owner.nik = "12345"
    bad_price = row_of(_submitted(3))
    bad_price[COLUMN_NAMES.index("business.capital_idr")] = "banyak"
    bad_choice = row_of(_submitted(4))
    bad_choice[COLUMN_NAMES.index("business.legal_form")] = "kongsi"
    no_products = row_of(_submitted(5))
    no_products[COLUMN_NAMES.index("products")] = ""
    file = tmp_path / "in.csv"
    _write_csv(file, [good, row_of(bad_nik), bad_price, [], bad_choice, no_products])

    assert main(["import", str(file), "--dry-run", "--data-dir", str(data_dir)]) == 1
    with Store.open(data_dir) as store:
        assert store.count_registrations() == 0  # a dry run stores nothing
    capsys.readouterr()

    # All or nothing by default: the good row is not stored either.
    assert main(["import", str(file), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "nothing stored" in err and "4 rows rejected" in err
    with Store.open(data_dir) as store:
        assert store.count_registrations() == 0
        assert store.outbox_counts()["pending"] == 0

    assert main(["import", str(file), "--partial", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "row 3, column owner.nik:" in err
    assert "row 4, column business.capital_idr: must be a whole number" in err
    assert "row 6, column business.legal_form: unknown choice" in err
    assert "row 7, column products:" in err
    assert "row 2," not in err
    assert "1 rows stored, 4 rows rejected" in err
    with Store.open(data_dir) as store:
        [stored] = list(store.iter_registrations())
        assert stored.business.name == complete_registration(1).business.name
        assert stored.owner.nik == complete_registration(1).owner.nik


def test_import_of_missing_or_garbage_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(tmp_path / "nope.csv"), "--data-dir", str(data_dir)]) == 2
    assert "nope.csv" in capsys.readouterr().err
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["import", str(junk), "--data-dir", str(data_dir)]) == 2
    assert "junk.xlsx" in capsys.readouterr().err
