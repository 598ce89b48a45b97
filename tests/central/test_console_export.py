"""Exports under /console/export/: the queue's filtered list as XLSX and CSV opens with openpyxl
and the csv module, identifiers stay text, formulas stay inert; a supervisor's export holds only
their MPP; the kiosk and regency lists too. Against a real central (SQLite)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from kiosk.domain.model import Registration
from tests.central.helpers import Central, unique
from tests.central.ops_helpers import add_user
from tests.central.ops_helpers import login as open_client

FORMULA = '=HYPERLINK("http://evil.example","klik")'
NIK = "6571014501900001"
NPWP = "0012345678901000"  # a leading zero that a number cell would lose


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    folder = tmp_path_factory.mktemp("central-export")
    with Central.start(f"sqlite:///{folder / 'central.sqlite3'}", folder, backend="sqlite") as c:
        yield c


@pytest.fixture(scope="module")
def seeded(central):
    here, there = unique("MPP Tarakan"), unique("MPP Malinau")
    kiosk_here, kiosk_there = central.enroll(mpp=here), central.enroll(mpp=there)
    regs = []
    for n, kiosk in enumerate((kiosk_here, kiosk_here, kiosk_there)):
        reg = Registration(reg_no=f"{kiosk.kiosk_code}-20261201-{n + 1:04d}")
        reg.business.name = FORMULA if n == 0 else f"Toko Nomor {n}"
        reg.business.npwp = NPWP
        reg.owner.full_name = "@SUM(A1:A9)" if n == 0 else "Siti Aminah"
        reg.owner.nik = NIK if n == 0 else ""
        reg.owner.phone = "+6281234567890"
        reg.address.province_code, reg.address.regency_code = "65", "65.71"
        answer = kiosk.push(kiosk.item(reg))
        assert answer.status_code == 200, answer.text
        regs.append(reg)
    return {
        "regs": regs,
        "supervisor": add_user(central.db_url, "supervisor", here),
        "verifier": add_user(central.db_url, "verifier"),
    }


@pytest.fixture
def login():
    clients = []

    def make(base_url, username):
        clients.append(open_client(base_url, username))
        return clients[-1]

    yield make
    for client in clients:
        client.close()


def sheet_rows(data: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(data))
    return [list(row) for row in book.worksheets[0].iter_rows()]


def test_xlsx_keeps_identifiers_as_text_and_formulas_inert(central, seeded, login):
    client = login(central.url, seeded["supervisor"])
    answer = client.get("/console/export/registrations.xlsx", params={"status": ""})
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["content-disposition"].startswith('attachment; filename="pendaftaran-')
    rows = sheet_rows(answer.content)
    keys = [cell.value for cell in rows[1]] if rows[1][0].value != "id" else []
    header = keys or [cell.value for cell in rows[0]]
    data = [
        r for r in rows if r[header.index("reg_no")].value in {x.reg_no for x in seeded["regs"]}
    ]
    assert sorted(r[header.index("reg_no")].value for r in data) == sorted(
        x.reg_no for x in seeded["regs"][:2]
    )  # only the supervisor's MPP
    first = next(r for r in data if r[header.index("reg_no")].value == seeded["regs"][0].reg_no)
    for column, expected in (
        ("owner.nik", NIK),
        ("business.npwp", NPWP),
        ("business.name", FORMULA),
        ("owner.full_name", "@SUM(A1:A9)"),
        ("owner.phone", "+6281234567890"),
    ):
        cell = first[header.index(column)]
        assert cell.data_type == "s" and cell.value == expected, column
    assert first[header.index("status")].value == "submitted"


def test_csv_neutralises_formulas_and_keeps_every_digit(central, seeded, login):
    client = login(central.url, seeded["verifier"])  # the province: every MPP
    answer = client.get("/console/export/registrations.csv", params={"q": NIK})
    assert answer.status_code == 200 and answer.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    header = next(row for row in table if "reg_no" in row)
    data = [row for row in table[table.index(header) + 1 :] if row]
    assert [row[header.index("reg_no")] for row in data] == [seeded["regs"][0].reg_no]
    row = data[0]
    assert row[header.index("owner.nik")] == NIK
    assert row[header.index("business.npwp")] == NPWP
    assert row[header.index("business.name")] == "'" + FORMULA
    assert row[header.index("owner.full_name")] == "'@SUM(A1:A9)"


def test_lists_export_and_scope(central, seeded, login):
    supervisor = login(central.url, seeded["supervisor"])
    kiosks = sheet_rows(supervisor.get("/console/export/kiosks.xlsx").content)
    assert len(kiosks) == 2  # the header and the supervisor's one kiosk
    regencies = sheet_rows(supervisor.get("/console/export/regencies.xlsx").content)
    tarakan = next(r for r in regencies if r[0].value == "Kota Tarakan")
    assert tarakan[1].value == 2 and tarakan[1].data_type == "n"  # counts stay numbers
    verifier = login(central.url, seeded["verifier"])
    assert verifier.get("/console/export/kiosks.csv").status_code == 403
    assert verifier.get("/console/export/registrations.pdf").status_code == 404
    page = verifier.get("/console/export/")
    assert page.status_code == 200 and 'id="export-form"' in page.text
