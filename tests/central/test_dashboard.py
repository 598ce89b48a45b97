"""The dashboard's figures match what was pushed, on SQLite and PostgreSQL: per day and week by MPP,
the queue and its age, decisions per verifier, scale and legal-form mix, KBLI sections, regencies;
a supervisor's scope holds only their MPP.

The expected figures are counted here from the seed list itself, not from the central's tables.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from kiosk.central import audit
from kiosk.central.dashboard import DashboardScope, build_dashboard
from kiosk.central.db import make_engine, session_factory, session_scope
from kiosk.central.models import CentralRegistration, Mpp
from kiosk.domain.model import Registration
from tests.central.helpers import unique

WITA = ZoneInfo("Asia/Makassar")
REGENCIES = ("65.71", "65.01", "65.04")
KBLI = (("10710",), ("47111",), ("10710", "10792"), ("56101", "47111"), ())
SCALES = ("mikro", "kecil", "menengah")
FORMS = ("perorangan", "cv", "koperasi")


@pytest.fixture(scope="module")
def seeded(central):
    rng = random.Random(7)
    today = dt.datetime.now(WITA).date()
    seeds = []
    kiosks = [central.enroll(mpp=unique("MPP Tarakan")), central.enroll(mpp=unique("MPP Malinau"))]
    for kiosk in kiosks:
        items = []
        for n in range(14 if kiosk is kiosks[0] else 9):
            day = today - dt.timedelta(days=rng.randrange(0, 40))
            reg = Registration(reg_no=f"{kiosk.kiosk_code}-{day:%Y%m%d}-{n + 1:04d}")
            reg.business.name = f"Usaha {n}"
            reg.business.legal_form = rng.choice(FORMS)
            reg.business.scale = rng.choice(SCALES)
            reg.business.kbli = list(rng.choice(KBLI))
            reg.address.province_code = "65"
            reg.address.regency_code = rng.choice(REGENCIES)
            items.append(kiosk.item(reg))
            seeds.append({"reg": reg, "mpp": kiosk.mpp, "day": day, "status": "submitted"})
        response = kiosk.push(*items)
        assert response.status_code == 200, response.text
    engine = make_engine(central.db_url)
    decided = [("verifikator.a", "verified"), ("verifikator.a", "needs_fix"),
               ("verifikator.b", "rejected"), ("verifikator.a", "verified")]  # fmt: skip
    with session_scope(session_factory(engine)) as session:
        for seed, (actor, status) in zip(seeds[::5], decided, strict=False):
            row = session.get(CentralRegistration, seed["reg"].id)
            row.status = seed["status"] = status
            audit.record(session, actor, "verdict", registration_id=row.id,
                         details={"status": status})  # fmt: skip
        mpp_ids = {m.name: m.id for m in session.query(Mpp)}
    yield engine, seeds, mpp_ids
    engine.dispose()


def expected_per_day(seeds, mpp, days):
    counts = Counter(s["day"] for s in seeds if s["mpp"] == mpp)
    return [counts[day] for day in days]


def test_figures_match_the_seeded_registrations(seeded):
    engine, seeds, _ids = seeded
    with session_factory(engine)() as session:
        board = build_dashboard(session, DashboardScope(zone=WITA))
    mine = {s["mpp"] for s in seeds}
    assert set(board.mpps) == mine and board.total == len(seeds)
    assert board.days[-1] == dt.datetime.now(WITA).date() and len(board.days) == 30
    for mpp in mine:
        assert board.per_day[mpp] == expected_per_day(seeds, mpp, board.days)
        weekly = Counter(s["day"] - dt.timedelta(days=s["day"].weekday()) for s in seeds
                         if s["mpp"] == mpp)  # fmt: skip
        assert board.per_week[mpp] == [weekly[monday] for monday in board.weeks]
    waiting = [s for s in seeds if s["status"] == "submitted"]
    assert board.queue_size == len(waiting) == sum(n for _k, n in board.queue_ages)
    assert board.queue_ages[0] == ("lt1", len(waiting))  # all pushed moments ago
    assert dict(board.decisions) == {
        "verifikator.a": Counter({"verified": 2, "needs_fix": 1}),
        "verifikator.b": Counter({"rejected": 1}),
    }
    assert board.decisions[0][0] == "verifikator.a"
    assert board.scales == Counter(s["reg"].business.scale for s in seeds)
    assert board.legal_forms == Counter(s["reg"].business.legal_form for s in seeds)
    sections = Counter()
    letters = {"10710": "C", "10792": "C", "47111": "G", "56101": "I"}
    for s in seeds:
        sections.update({letters[c] for c in s["reg"].business.kbli})
    assert board.kbli_sections == sections
    assert board.main_province == "65"
    for code in REGENCIES:
        row = board.regencies[code]
        here = [s for s in seeds if s["reg"].address.regency_code == code]
        assert row.registrations == len(here)
        assert row.waiting == sum(s["status"] == "submitted" for s in here)
        assert row.decided == Counter(s["status"] for s in here if s["status"] != "submitted")


def test_a_supervisor_sees_only_their_mpp(seeded):
    engine, seeds, ids = seeded
    tarakan = next(s["mpp"] for s in seeds if "Tarakan" in s["mpp"])
    with session_factory(engine)() as session:
        board = build_dashboard(session, DashboardScope(zone=WITA, mpp_id=ids[tarakan], days=7))
    here = [s for s in seeds if s["mpp"] == tarakan]
    assert board.mpps == [tarakan] and board.total == len(here)
    assert board.per_day[tarakan] == expected_per_day(seeds, tarakan, board.days)
    decided_here = Counter(s["status"] for s in here if s["status"] != "submitted")
    assert sum((c for _a, c in board.decisions), Counter()) == decided_here
