"""Intake sessions: registrations carry the open session, progress counts, the report (PDF checked
with pdftotext, XLSX with openpyxl), the command, and an older database upgraded in place."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kiosk.cli import main
from kiosk.demo import DemoFactory, DemoPages
from kiosk.domain.examples import complete_registration
from kiosk.errors import UserFacingError
from kiosk.intake.report import build_report
from kiosk.intake.report_pdf import render_pdf, write_report
from kiosk.intake.sessions import close_session, current_session, open_session, progress
from kiosk.receipts.prints import begin_print, finish_print
from kiosk.store import Store

DAY = dt.date(2026, 12, 3)


def _session_of(store: Store, reg_id: str) -> str:
    with store.session(write=False) as session:
        return str(
            session.connection()
            .exec_driver_sql("SELECT session_id FROM registrations WHERE id = ?", (reg_id,))
            .scalar_one()
        )


def test_registrations_carry_the_open_session_and_progress_counts(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        before = store.submit(complete_registration(1), staff_id="s")
        intake = open_session(
            store, place="Balai Desa Sebengkok", day=DAY, team=["Ani", "Budi"], staff_id="sup",
            target_count=40,
        )  # fmt: skip
        with pytest.raises(UserFacingError) as refused:
            open_session(store, place="Pasar", day=DAY, team=[], staff_id="sup")
        assert refused.value.code == "intake.session.already_open"
        done = store.submit(complete_registration(2), staff_id="s")
        draft = store.save_draft(complete_registration(3), staff_id="s")
        bare = complete_registration(4)
        bare.documents = []  # no documents yet
        lacking_draft = store.save_draft(bare, staff_id="s")
        record = begin_print(store, done, layout="80mm", channel="escpos", staff_id="s")
        finish_print(store, record.id, "reported_ok")
        assert _session_of(store, before.id) == ""  # made before the session
        assert _session_of(store, done.id) == intake.id
        assert _session_of(store, draft.id) == intake.id
        now = progress(store, intake)
        assert (now.registered, now.drafts, now.receipts_printed, now.target) == (1, 2, 1, 40)
        assert now.documents_missing >= 1  # the draft without documents
        closed = close_session(store, staff_id="sup")
        assert not closed.is_open and current_session(store) is None
        after = store.save_draft(complete_registration(5), staff_id="s")
        assert _session_of(store, after.id) == ""  # no session open any more
        store.submit(store.get(draft.id), staff_id="s")
        assert _session_of(store, draft.id) == intake.id  # never moves to another session
        assert lacking_draft.id


def _demo_session(store: Store, count: int = 8) -> tuple[int, int, int]:
    """Demo registrations made during a session; (submitted, drafts, receipts) made."""
    intake = open_session(
        store, place="Balai Desa Sebengkok", day=DAY, team=["Ani Suryani", "Budi <b>&"],
        staff_id="sup", target_count=20,
    )  # fmt: skip
    factory, pages = DemoFactory(7, kiosk_id=store.kiosk_id), DemoPages(store)
    made = [0, 0, 0]
    for n in range(count):
        reg = factory.make(n)
        if n % 3 != 2:
            pages.attach(reg)
        if n % 4 == 3:
            store.save_draft(reg, staff_id="s", step="products")
            made[1] += 1
            continue
        stored = store.submit(reg, staff_id="s")
        made[0] += 1
        if n % 2 == 0:
            record = begin_print(store, stored, layout="a4", channel="pdf", staff_id="s")
            finish_print(store, record.id, "saved_pdf")
            made[2] += 1
    assert intake.is_open
    return made[0], made[1], made[2]


def test_session_report_pdf_and_xlsx(data_dir: Path, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils (pdftotext)")
    with Store.open(data_dir) as store:
        made = _demo_session(store)
        intake = current_session(store)
        assert intake is not None
        report = build_report(store, intake, "id")
        regs = [store.get_by_reg_no(line.reg_no) for line in report.lines]
    assert len(report.lines) == 8
    pdf = tmp_path / "laporan.pdf"
    write_report(report, pdf, "id")
    assert pdf.stat().st_mode & 0o777 == 0o600
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Laporan sesi pendataan" in text and "Balai Desa Sebengkok" in text
    assert "Budi <b>&" in text  # escaped for reportlab, shown as typed
    for reg in regs:
        assert reg.reg_no in text and reg.business.name[:20] in text
    assert "belum diajukan (draf)" in text  # the drafts' lack
    assert "Pengesahan ketua tim" in text and "Tanda tangan" in text
    assert "Per desa/kelurahan" in text and "Per kategori KBLI" in text
    p = report.progress
    assert (p.registered, p.drafts, p.receipts_printed) == made
    assert f"Terdaftar {p.registered}, draf {p.drafts}" in text
    assert sum(done + drafts for _, done, drafts in report.per_village) == 8
    sections = {letter for reg in regs for letter in _sections(reg.business.kbli)}
    assert {letter for letter, _, _ in report.per_section} == sections

    write_report(report, tmp_path / "id.xlsx", "id")  # "desa/kelurahan": no "/" in sheet names
    xlsx = tmp_path / "laporan.xlsx"
    write_report(report, xlsx, "en")
    book = load_workbook(xlsx, read_only=True)
    try:
        people = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        villages = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    finally:
        book.close()
    numbers = {row[0] for row in people if row}
    assert {reg.reg_no for reg in regs} <= numbers
    assert ["Sign-off by the team leader"] in [r[:1] for r in people]
    assert villages[0] == ["Village", "Registered", "Drafts"]
    assert sum(int(r[1]) + int(r[2]) for r in villages[1:]) == 8


def _sections(codes: list[str]) -> set[str]:
    from kiosk.reference import Reference

    refs = Reference.load()
    return {entry.category for code in codes if (entry := refs.kbli(code)) is not None}


def test_session_command(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(data_dir)]
    assert main(["session", "status", *base]) == 1
    opened = ["session", "open", "--place", "Pasar Gusher", "--team", "Ani", "--target", "5"]
    assert main([*opened, "--date", "2026-12-03", *base]) == 0
    assert "Pasar Gusher, 2026-12-03" in capsys.readouterr().out
    assert main([*opened, *base]) == 2  # one open at a time: a clear message
    assert "Pasar Gusher" in capsys.readouterr().err
    with Store.open(data_dir) as store:
        store.submit(complete_registration(1), staff_id="s")
    assert main(["session", "status", *base]) == 0
    assert "registered 1, drafts 0" in capsys.readouterr().out
    assert main(["session", "close", *base]) == 0
    out = tmp_path / "r.pdf"
    assert main(["session", "report", "-o", str(out), *base]) == 0  # the last session
    assert out.read_bytes().startswith(b"%PDF")


def test_an_older_database_upgrades_with_empty_session_columns(data_dir: Path) -> None:
    with Store.open(data_dir, migrate_to="0006_sync_ledger_identity") as old:
        reg = old.submit(complete_registration(1), staff_id="s")
        database = old.paths.database
    with Store.open(data_dir) as store:
        assert _session_of(store, reg.id) == ""
        assert current_session(store) is None
        assert store.get(reg.id).reg_no == reg.reg_no
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("SELECT origin, origin_list FROM registrations").fetchall() == [
            ("", "")
        ]
    finally:
        conn.close()


def test_report_of_an_empty_session_renders(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        intake = open_session(store, place="Kantor Desa", day=DAY, team=[], staff_id="sup")
        report = build_report(store, intake, "en")
    assert report.lines == [] and render_pdf(report, "en").startswith(b"%PDF")


def test_report_cells_are_text_never_formulas(data_dir: Path, tmp_path: Path) -> None:
    with Store.open(data_dir) as store:
        intake = open_session(store, place="=cmd|' /C calc'!A0", day=DAY, team=[], staff_id="s")
        reg = complete_registration(1)
        reg.business.name = '=HYPERLINK("http://x";"klik")'
        store.submit(reg, staff_id="s")
        report = build_report(store, intake, "id")
    path = tmp_path / "r.xlsx"
    write_report(report, path, "id")
    book = load_workbook(path)
    try:
        cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value]
    finally:
        book.close()
    texts = {c.value: c.data_type for c in cells if isinstance(c.value, str)}
    assert texts[reg.business.name] == "s"  # a typed string: Excel shows it, never runs it
    assert "=cmd|' /C calc'!A0" in texts and texts["=cmd|' /C calc'!A0"] == "s"


def test_report_names_what_a_draft_still_lacks(data_dir: Path) -> None:
    from kiosk.domain.model import Registration

    with Store.open(data_dir) as store:
        intake = open_session(store, place="Pasar", day=DAY, team=[], staff_id="s")
        started = Registration()
        started.business.name = "Amplang Kepiting"  # all the list gave: a name
        store.save_draft(started, staff_id="s")
        [line] = build_report(store, intake, "id").lines
    assert line.lacks[0] == "belum diajukan (draf)"
    [fields] = [x for x in line.lacks if x.startswith("belum lengkap: ")]
    assert "NIK" in fields and "Nama lengkap sesuai KTP" in fields
    assert "desa/kelurahan belum dipilih" in line.lacks and "nomor HP kosong" in line.lacks
    assert "Nomor HP" not in fields  # named once, on its own


def test_the_widest_registration_number_fits_its_column_on_one_line() -> None:
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kiosk.intake.report_pdf import NUMBER_COLUMN_MM
    from kiosk.receipts.fonts import REGULAR, ensure_fonts

    ensure_fonts()
    padding = 2 * 6  # reportlab's default cell padding, left and right
    widest = stringWidth("WWWWWW-20261231-9999", REGULAR, 8.5)
    assert widest <= NUMBER_COLUMN_MM * mm - padding


def test_demo_data_made_during_a_session_carries_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``kiosk demo-data`` while a session is open stamps its registrations (submitted ones are
    written in bulk, drafts one by one), as the wizard's are; none once it is closed."""
    base = ["--data-dir", str(data_dir)]
    assert main(["session", "open", "--place", "Pasar Gusher", "--date", "2026-12-03", *base]) == 0
    assert main(["demo-data", "--count", "12", "--seed", "3", *base]) == 0
    with Store.open(data_dir) as store:
        intake = current_session(store)
        assert intake is not None
        with store.session(write=False) as session:
            rows = (
                session.connection()
                .exec_driver_sql("SELECT status, session_id FROM registrations")
                .all()
            )
        assert len(rows) == 12 and {r[1] for r in rows} == {intake.id}
        assert {r[0] for r in rows} >= {"submitted"}
        now = progress(store, intake)
        assert now.registered + now.drafts == 12 and now.registered > 0
        close_session(store, staff_id="sup")
    assert main(["demo-data", "--count", "3", "--seed", "4", *base]) == 0
    with Store.open(data_dir) as store, store.session(write=False) as session:
        later = (
            session.connection()
            .exec_driver_sql("SELECT count(*) FROM registrations WHERE session_id = ''")
            .scalar_one()
        )
    assert later == 3
    capsys.readouterr()


def test_session_records_fit_the_protocol_and_wait_for_a_central_that_takes_them(
    data_dir: Path,
) -> None:
    """What the desk typed is clipped to the protocol's bounds (a long place, many members,
    control characters) and signed; a central too old for the endpoint (404) leaves the record
    pending for the next round."""
    import base64
    from typing import cast

    from kiosk import protocol as p
    from kiosk.sync import intake_sessions as sync_sessions
    from kiosk.sync.client import CentralClient
    from kiosk.sync.messages import CentralRefused

    class OlderCentral:
        calls = 0

        def call(self, method: str, path: str, **_kw: object) -> object:
            self.calls += 1
            raise CentralRefused(404, "not_found", "Not Found")

    with Store.open(data_dir) as store:
        team = [f"Anggota\tke-{n}\x07" for n in range(30)]
        open_session(store, place="Balai " * 60, day=DAY, team=team, staff_id="sup")
        store.submit(complete_registration(1), staff_id="s")
        [record] = sync_sessions.pending(store)
        assert len(record.place) <= 200 and len(record.team) == p.MAX_SESSION_TEAM
        assert record.team[0] == "Anggota ke-0"  # tab made a space, the bell dropped
        assert len(record.registration_ids) == 1
        p.IntakeSessionRecord.model_validate(record.model_dump())  # within every bound
        signature = base64.b64decode(record.signature)
        store.keys.signing_key.public_key().verify(
            signature, p.intake_session_signing_bytes(record)
        )
        older = OlderCentral()
        assert sync_sessions.report(store, cast("CentralClient", older)) == 0
        assert older.calls == 1
        assert len(sync_sessions.pending(store)) == 1  # still to send
