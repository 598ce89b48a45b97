"""The console at provincial scale, on SQLite and PostgreSQL: the name search served by a trigram
index (PostgreSQL), the dashboard's figures equal to a naive count of the work list, and the
registrations export streamed in pieces with the bytes of the in-memory export.

Speed is not asserted here (``bench/bench_dashboard.py`` and ``bench/bench_console.py`` measure
it); these tests fail when the index is gone, a figure is miscounted, or the export is built
whole before its first piece.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import closing
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import and_, select, text, true

from kiosk.central.console import exports
from kiosk.central.console.formatting import Formatter
from kiosk.central.console.queue import QueueFilter, conditions, find
from kiosk.central.dashboard import AGE_BUCKETS, QUEUE_STATUS, DashboardScope, build_dashboard
from kiosk.central.db import make_engine, session_factory, session_scope
from kiosk.central.models import CentralRegistration, Mpp, QueueFacts, aware
from kiosk.domain.model import Registration
from kiosk.importexport import export as file_export
from kiosk.importexport.export import registrations_file
from tests.central.helpers import unique

WITA = ZoneInfo("Asia/Makassar")
ROWS = 37
NAMES = ("Amplang Sari", "Kopi Mahakam", "=Tenun Ulap", "Batik Doyo")
OWNERS = ("Siti Aminah", "Budi Santoso", "+62 Ratna", "Yohanes Lete")


@pytest.fixture(scope="module")
def seeded(central):
    kiosk = central.enroll(mpp=unique("MPP Samarinda"))
    regs = []
    for n in range(ROWS):
        reg = Registration(reg_no=f"{kiosk.kiosk_code}-20261201-{n + 1:04d}")
        reg.business.name = f"{NAMES[n % 4]} {n}"
        reg.owner.full_name = OWNERS[n % 4]
        reg.business.npwp = "0012345678901000"
        reg.business.scale = ("mikro", "kecil", "menengah")[n % 3]
        reg.business.legal_form = ("perorangan", "cv")[n % 2]
        reg.business.kbli = [("10710", "47111", "56101")[n % 3]]
        reg.address.province_code, reg.address.regency_code = "64", ("64.72", "64.01")[n % 2]
        regs.append(reg)
    answer = kiosk.push(*[kiosk.item(reg) for reg in regs])
    assert answer.status_code == 200, answer.text
    engine = make_engine(central.db_url)
    factory = session_factory(engine)
    with session_scope(factory) as session:
        mpp_id = session.query(Mpp.id).filter(Mpp.name == kiosk.mpp).scalar()
        find(session, QueueFilter(status=""), None)  # the work list is built on first read
        from kiosk.central.console.queue_facts import catch_up

        catch_up(session)
    # some registrations waited longer: spread the queue's ages over every bucket; one decided
    with session_scope(factory) as session:
        for n, days in enumerate((0.5, 2, 5, 10, 20, 40)):
            row = session.get(QueueFacts, regs[n].id)
            row.queued_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        session.get(QueueFacts, regs[7].id).status = "verified"
        session.get(CentralRegistration, regs[7].id).status = "verified"
    yield factory, mpp_id, regs
    engine.dispose()


def names_found(factory, q: str, mpp_id: int) -> set[str]:
    with factory() as session:
        page = find(session, QueueFilter(q=q, status="", mpp=mpp_id), None)
    return {row.business_name for row in page.rows}


def test_name_search_finds_parts_of_words_in_any_order(seeded) -> None:
    factory, mpp_id, _regs = seeded
    amplang = {f"Amplang Sari {n}" for n in range(0, ROWS, 4)}
    assert names_found(factory, "mplan", mpp_id) == amplang  # infix, case folded
    assert names_found(factory, "sit AMPL", mpp_id) == amplang  # both names, any order
    assert names_found(factory, "tenun", mpp_id) == {f"=Tenun Ulap {n}" for n in range(2, ROWS, 4)}
    assert names_found(factory, "mahakam amin", mpp_id) == set()  # every word must match


def test_the_trigram_index_serves_the_name_search(central, seeded) -> None:
    (definition,) = central.sql(
        "SELECT sql FROM sqlite_master WHERE name = 'ix_central_queue_names_trgm'"
        if central.backend == "sqlite"
        else "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_central_queue_names_trgm'"
    )
    assert "names_folded" in definition[0]
    if central.backend != "postgres":
        return
    assert "gin_trgm_ops" in definition[0] and "USING gin" in definition[0]
    factory, _mpp_id, _regs = seeded
    with factory() as session:
        # the queue's own statement, as compiled for PostgreSQL, planned with sequential scans
        # priced out (a few dozen rows would be read whole otherwise): the index must serve it
        statement = select(QueueFacts.registration_id).where(
            and_(true(), *conditions(QueueFilter(q="mplan sit", status=""), None))
        )
        compiled = statement.compile(
            dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
        )
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")))
        session.rollback()
    assert "ix_central_queue_names_trgm" in plan, plan


def test_dashboard_figures_equal_a_naive_count_of_the_work_list(seeded) -> None:
    factory, mpp_id, _regs = seeded
    now = dt.datetime.now(dt.UTC)
    with factory() as session:
        board = build_dashboard(session, DashboardScope(zone=WITA, mpp_id=mpp_id), now=now)
        session.commit()
        rows = session.query(QueueFacts).filter(QueueFacts.mpp_id == mpp_id).all()
    assert board.total == len(rows) == ROWS
    assert board.statuses == Counter(r.status for r in rows)
    assert board.scales == Counter(r.scale for r in rows)
    assert board.legal_forms == Counter(r.legal_form for r in rows)
    assert board.provinces == Counter(r.province for r in rows)
    waiting = [r for r in rows if r.status == QUEUE_STATUS]
    assert board.queue_size == len(waiting)

    def bucket(row: QueueFacts) -> str:
        age = (now - aware(row.queued_at)).total_seconds() / 86400
        return next(key for key, bound in AGE_BUCKETS if age < bound)

    naive_ages = Counter(bucket(r) for r in waiting)
    assert board.queue_ages == [(key, naive_ages[key]) for key, _b in AGE_BUCKETS]
    assert all(n > 0 for _key, n in board.queue_ages)  # the seed reaches every bucket
    oldest = max((now - aware(r.queued_at)).total_seconds() / 86400 for r in waiting)
    assert board.oldest_waiting_days == pytest.approx(oldest, abs=1e-6)
    for code in ("64.72", "64.01"):
        here = [r for r in rows if r.regency == code]
        row = board.regencies[code]
        assert row.registrations == len(here)
        assert row.waiting == sum(r.status == QUEUE_STATUS for r in here)
        assert row.decided == Counter(r.status for r in here if r.status != QUEUE_STATUS)
    assert sum(board.kbli_sections.values()) == ROWS  # one code each: C, G or I


class Watched:
    """The rows the export has taken so far (wraps :func:`zoned_rows`, which it calls)."""

    def __init__(self) -> None:
        self.taken = 0
        self.original = file_export.zoned_rows

    def __call__(self, regs: Iterable[Registration], zone: dt.tzinfo) -> Iterator[list[str]]:
        for row in self.original(regs, zone):
            self.taken += 1
            yield row


def everything(factory, mpp_id: int) -> list[Registration]:
    """The registrations the export holds, read the way the in-memory export read them."""
    with factory() as session:
        return list(exports._registrations(session, QueueFilter(status="", mpp=mpp_id), None))


def test_csv_export_streams_and_keeps_the_in_memory_bytes(seeded, monkeypatch) -> None:
    factory, mpp_id, _regs = seeded
    watched = Watched()
    monkeypatch.setattr(file_export, "zoned_rows", watched)
    monkeypatch.setattr(exports, "CSV_ROWS_PER_CHUNK", 5)
    f = QueueFilter(status="", mpp=mpp_id)
    with factory() as session:
        assert exports.count(session, f, None) == ROWS
        session.commit()
    chunks = exports.registration_chunks(factory, f, None, "csv", WITA, "id")
    header = next(chunks)
    assert header.startswith(b"\xef\xbb\xbf") and header.count(b"\r\n") == 2
    assert watched.taken == 0  # the header left before a single row was read
    first_rows = next(chunks)
    assert first_rows.count(b"\r\n") == 5 and watched.taken == 5  # then 5 rows, not all 37
    rest = list(chunks)
    assert watched.taken == ROWS and len(rest) == -(-(ROWS - 5) // 5)
    streamed = header + first_rows + b"".join(rest)
    expected = registrations_file(everything(factory, mpp_id), "csv", WITA, "id")
    assert streamed == expected
    text = streamed.decode("utf-8-sig")
    assert "'=Tenun Ulap 2" in text and "'+62 Ratna" in text  # formulas still neutralised


def test_xlsx_export_is_sent_in_pieces_with_the_same_sheet(seeded, monkeypatch) -> None:
    factory, mpp_id, _regs = seeded
    monkeypatch.setattr(exports, "FILE_CHUNK", 1024)
    f = QueueFilter(status="", mpp=mpp_id)
    pieces = list(exports.registration_chunks(factory, f, None, "xlsx", WITA, "en"))
    assert len(pieces) > 1 and all(len(p) == 1024 for p in pieces[:-1])
    expected = registrations_file(everything(factory, mpp_id), "xlsx", WITA, "en")
    with (
        zipfile.ZipFile(io.BytesIO(b"".join(pieces))) as got,
        zipfile.ZipFile(io.BytesIO(expected)) as want,
    ):
        sheet = "xl/worksheets/sheet1.xml"
        assert got.read(sheet) == want.read(sheet)
        assert b"<f>" not in got.read(sheet)  # no formula cell, "=Tenun" is a typed string


def test_export_route_streams_the_same_file(central, seeded) -> None:
    from tests.central.ops_helpers import add_user, login

    factory, mpp_id, _regs = seeded
    username = add_user(central.db_url, "verifier")
    with closing(login(central.url, username)) as client:
        with client.stream(
            "GET", "/console/export/registrations.csv", params={"status": "", "mpp": mpp_id}
        ) as answer:
            assert answer.status_code == 200
            assert "content-length" not in answer.headers  # sent as it is written
            body = b"".join(answer.iter_bytes())
    ((language, zone_name),) = central.sql(
        "SELECT language, time_zone FROM console_users WHERE username = :u", u=username
    )
    viewer = Formatter(language, zone_name)
    expected = registrations_file(everything(factory, mpp_id), "csv", viewer.tz, viewer.lang)
    assert body == expected
