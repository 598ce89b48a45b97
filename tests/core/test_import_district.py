"""District offices' lists as drafts: sheets written the way people write them (generated here with
openpyxl: title rows, merged two-row headers, empty rows, numbers stored as numbers, +62 phones
with spaces, misspelt villages), the hand mapping, linking, and the all-or-nothing rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from kiosk.cli import main
from kiosk.domain.examples import complete_registration
from kiosk.errors import UserFacingError
from kiosk.importexport.district import ORIGIN, preview_list, store_list
from kiosk.reference import Reference
from kiosk.store import Store

NIK_A = complete_registration(1).owner.nik  # valid NIKs of the Kalimantan Utara examples
NIK_B = complete_registration(2).owner.nik
[_HIT] = [h for h in Reference.load().search_villages("Sebengkok") if h.name == "Sebengkok"]
SEBENGKOK = _HIT.code  # the one village of that name (Kec. Tarakan Tengah, Kota Tarakan)


def _district_sheet(path: Path, rows: list[list[object]], *, extra: str = "Keterangan") -> None:
    """Title row, empty row, a two-row header with merged cells, a column-number row, data."""
    book = Workbook()
    sheet = book.active
    sheet.append(["DAFTAR UMKM BINAAN KECAMATAN TARAKAN TENGAH TAHUN 2026"])
    sheet.merge_cells("A1:J1")
    sheet.append([])
    sheet.append(
        [
            "No",
            "Nama UMKM",
            " NAMA PEMILIK ",
            "NIK",
            "Alamat",
            None,
            None,
            "No. Telp / WA",
            "Jenis Usaha",
            extra,
        ]
    )
    sheet.merge_cells("E3:G3")
    for column in "ABCDHIJ":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.append([None, None, None, None, "Jalan", "Desa/Kelurahan", "Kecamatan"])
    sheet.append([f"({i})" for i in range(1, 11)])
    for row in rows:
        sheet.append(row)
    book.save(path)


def _rows() -> list[list[object]]:
    return [
        [
            1,
            "Keripik Pisang Bu Ani",
            "Ani Suryani",
            NIK_A,
            "Jl. Yos Sudarso 12",
            "Sebengkog",
            "Tarakan Tengah",
            81234567890,
            "Keripik, Amplang",
            "binaan 2025",
        ],
        [],
        [
            2,
            "Amplang Kepiting",
            "Rudi Hartono",
            "",
            "Jl. Mulawarman 3",
            "karang anyar",
            "",
            "+62 812 3456 7891",
            "Amplang",
            "",
        ],
        [None, None, None, None, None, None, None, None, None, None],
        [
            3,
            "Warung Nasi Kuning",
            "Siti Aminah",
            NIK_B,
            "Gg. Damai 1",
            "Sebengkok",
            "Tarakan Tengah",
            "0812-5555-0101",
            "Kuliner",
            "",
        ],
    ]


def test_district_sheet_becomes_drafts_after_a_preview(data_dir: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "umkm-tarakan-tengah.xlsx"
    _district_sheet(sheet, _rows())
    with Store.open(data_dir) as store:
        preview = preview_list(store, sheet, lang="en")
        assert store.count_registrations() == 0  # a preview stores nothing
        assert preview.unknown_columns == ["Keterangan"]
        assert preview.mapping[5] == "list.village" and preview.mapping[7] == "owner.phone"
        assert [r.row for r in preview.rows] == [6, 8, 10]  # sheet rows, empty ones skipped
        assert [r.action for r in preview.rows] == ["draft", "draft", "draft"]
        assert preview.problems == []
        first, second, third = preview.rows
        assert first.reg is not None and first.reg.address.village_code == SEBENGKOK
        assert any("Sebengkog" in n.message for n in first.notes)  # told how it was read
        assert any("several villages" in n.message for n in second.notes)  # asks, keeps text
        assert second.note["place"]["village"] == "karang anyar"
        assert third.reg is not None and third.reg.address.village_code == SEBENGKOK

        numbers = store_list(store, preview, staff_id="s")
        assert len(numbers) == 3
        drafts = {store.get_by_reg_no(n).business.name: store.get_by_reg_no(n) for n in numbers}
        ani = drafts["Keripik Pisang Bu Ani"]
        assert ani.status == "draft" and ani.owner.nik == NIK_A
        assert ani.owner.phone == "+6281234567890"  # a number without its 0, made whole
        assert [p.name for p in ani.products] == ["Keripik", "Amplang"]
        assert drafts["Amplang Kepiting"].owner.phone == "+6281234567891"
        assert drafts["Amplang Kepiting"].address.village_code == ""  # staff choose with the owner
        assert store.outbox_counts()["pending"] == 0  # drafts never travel
        with store.session(write=False) as session:
            origins = (
                session.connection()
                .exec_driver_sql(
                    "SELECT origin, origin_list, origin_detail FROM registrations ORDER BY num"
                )
                .all()
            )
        assert {(o, lst) for o, lst, _ in origins} == {(ORIGIN, "umkm-tarakan-tengah")}
        assert json.loads(origins[1][2])["place"]["village"] == "karang anyar"
        # At the event staff find the person by name or by the phone as people say it.
        assert store.search("Rudi")[0].business_name == "Amplang Kepiting"
        assert store.search("0812 3456 7891")[0].business_name == "Amplang Kepiting"


def test_rows_matching_a_registration_are_linked_and_a_second_import_adds_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "list.xlsx"
    _district_sheet(sheet, _rows())
    with Store.open(data_dir) as store:
        existing = store.submit(complete_registration(1), staff_id="s")  # NIK_A, registered
        preview = preview_list(store, sheet, lang="en")
        assert [r.action for r in preview.rows] == ["link", "draft", "draft"]
        assert preview.rows[0].linked_reg_no == existing.reg_no
        store_list(store, preview, staff_id="s")
        assert store.count_registrations() == 3
        again = preview_list(store, sheet, lang="en")
        assert [r.action for r in again.rows] == ["link", "link", "link"]
        store_list(store, again, staff_id="s")
        assert store.count_registrations() == 3  # nothing duplicated
        assert store.get(existing.id).status == "submitted"


def test_nik_stored_as_a_number_is_refused_and_nothing_is_stored(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows()
    rows[4][3] = int(NIK_B)  # typed into Excel without formatting the column as text
    sheet = tmp_path / "list.xlsx"
    _district_sheet(sheet, rows)
    args = ["import", str(sheet), "--drafts", "--data-dir", str(data_dir)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "row 10: PROBLEM owner.nik" in err and "15" in err
    assert "nothing stored" in err
    with Store.open(data_dir) as store:
        assert store.count_registrations() == 0  # all or nothing
    assert main([*args, "--partial"]) == 1
    with Store.open(data_dir) as store:
        names = sorted(s.business_name for s in store.list_drafts())
    assert names == ["Amplang Kepiting", "Keripik Pisang Bu Ani"]  # the refused row left out


def test_hand_mapping_is_used_and_remembered_for_the_same_headers(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows()
    for row in (rows[0], rows[2], rows[4]):
        row[9] = f"{str(row[1]).split()[0].lower()}@contoh.id"
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    _district_sheet(first, rows[:1], extra="Surat Elektronik Pemilik")
    _district_sheet(second, rows[2:], extra="surat elektronik  pemilik")  # case and spacing
    base = ["--drafts", "--data-dir", str(data_dir)]
    assert main(["import", str(first), "--dry-run", *base]) == 0
    assert "column 'Surat Elektronik Pemilik': ? (unknown" in capsys.readouterr().err
    assert main(["import", str(first), "--map", "Surat Elektronik Pemilik=owner.email", *base]) == 0
    assert main(["import", str(second), *base]) == 0  # no --map: remembered
    with Store.open(data_dir) as store:
        emails = sorted(store.get(s.id).owner.email for s in store.list_drafts())
    assert emails == ["amplang@contoh.id", "keripik@contoh.id", "warung@contoh.id"]


def test_csv_with_semicolons_and_the_kiosks_own_export_read_as_drafts(
    data_dir: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text(
        "NAMA USAHA;Nama Pemilik;No HP;Desa;Kecamatan;NIB\n"
        ";;;;;\n"
        "Kopi Tepian;Budi;0812 7777 0001;Sebengkok;Tarakan Tengah;1234567890123\n",
        encoding="utf-8-sig",
    )
    source = tmp_path / "source"
    with Store.open(source) as store:
        store.submit(complete_registration(2), staff_id="s")
    export = tmp_path / "export.xlsx"
    assert main(["export", "-o", str(export), "--lang", "en", "--data-dir", str(source)]) == 0
    with Store.open(data_dir) as store:
        csv_preview = preview_list(store, listing, lang="en")
        [row] = csv_preview.rows
        assert row.reg is not None and row.reg.business.nib == "1234567890123"
        export_preview = preview_list(store, export, lang="en")
        [copy] = export_preview.rows
        assert copy.reg is not None
        assert copy.reg.owner.nik == complete_registration(2).owner.nik
        assert copy.reg.address.village_code == complete_registration(2).address.village_code


def test_a_failure_while_storing_leaves_nothing(data_dir: Path) -> None:
    """All or nothing also when the store refuses midway (here: a draft's id taken meanwhile)."""
    from kiosk.store.imports import ImportedDraft, ListLink

    with Store.open(data_dir) as store:
        existing = store.submit(complete_registration(1), staff_id="s")
        first, second = complete_registration(2), complete_registration(3)
        second.id = existing.id  # collides with a registration already here
        with pytest.raises(UserFacingError):
            store.import_rows(
                submitted=[],
                drafts=[ImportedDraft(first, ORIGIN, "daftar"), ImportedDraft(second, ORIGIN)],
                links=[ListLink(existing.id, "daftar", 4)],
                staff_id="s",
            )
        assert store.count_registrations() == 1  # the first draft is not there either
        with store.session(write=False) as session:
            origin_list = (
                session.connection()
                .exec_driver_sql("SELECT origin_list FROM registrations")
                .scalar_one()
            )
        assert origin_list == ""  # the link was rolled back too


def test_a_district_list_without_drafts_is_refused_with_the_way_to_import_it(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "list.xlsx"
    _district_sheet(sheet, _rows())
    assert main(["import", str(sheet), "--data-dir", str(data_dir)]) == 1
    assert "--drafts" in capsys.readouterr().err
    with Store.open(data_dir) as store:
        assert store.count_registrations() == 0


def test_search_names_the_district_list_a_row_is_in(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``kiosk search`` ends each line with the district list the registration is in (a draft
    made from it, or one linked to it by NIK); empty for one typed at the desk."""
    from kiosk.importexport.origin import list_names

    sheet = tmp_path / "list.xlsx"
    _district_sheet(sheet, _rows())
    base = ["--data-dir", str(data_dir)]
    with Store.open(data_dir) as store:
        linked = store.submit(complete_registration(1), staff_id="s")  # NIK_A: linked, not new
        desk = complete_registration(5)
        desk.business.name = "Toko Rudi Sejahtera"
        own = store.submit(desk, staff_id="s")
    name = "UMKM Tarakan 2026"
    assert main(["import", str(sheet), "--drafts", "--list-name", name, *base]) == 0
    capsys.readouterr()
    assert main(["search", "Rudi", *base]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    by_business = {fields[1]: fields for fields in lines}
    assert all(len(fields) == 6 for fields in lines)
    assert by_business["Amplang Kepiting"][5] == name
    assert by_business[own.business.name][5] == ""
    with Store.open(data_dir) as store:
        names = list_names(store, [linked.id, own.id, "no-such-id"])
    assert names == {linked.id: name}
