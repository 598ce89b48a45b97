"""The console's dashboard figures, read from the central's tables (PostgreSQL and SQLite alike).

Three grouped queries read the verifier's work list (``central_queue``,
:mod:`kiosk.central.console.queue_facts`), each one pass over it: the few fields a dashboard
groups by (regency, status, scale, legal form, province, a waiting registration's age bucket,
with the earliest ``queued_at``: a thousand groups or so, folded into every figure but the charts
by day and the KBLI mix in Python), per MPP and day since the charts' first day,
and per set of KBLI codes; the audit trail is read once, and the MPPs present are one index
probe each. At 100,000 registrations the eight
scans of one query per figure were most of ~1 s (``bench/bench_dashboard.py``). The work list is
brought up to date as the queue does it
(:func:`~kiosk.central.console.queue_facts.keep_fresh`: the versions that arrived since the last
look, plus a full catch-up at most once a minute; verdicts update their row themselves; the
caller commits), so the dashboard, the queue and the exports count the same registrations, and a
dashboard over 100,000 registrations never parses their JSON.

Why these definitions:

- A registration's *day* is the date in its number (``KODE-YYYYMMDD-NNNN``): the date the desk gave
  it, in the kiosk's own zone. The central's receipt time would move a week of offline work to the
  day the laptop came back online (a number without a readable date: the day the central first
  received it, in WIB, as the queue has it).
- Weeks are ISO weeks (Monday first), labelled by their Monday.
- The queue is what waits for a decision (status ``submitted``: new, or corrected after "needs
  fix"); its age counts from the moment its current version arrived.
- Decisions per verifier come from the central's audit trail (who decided), so a decision made
  with ``kiosk central verdict`` counts under the operator name the audit gives it.
- A supervisor's dashboard is scoped to their MPP by ``mpp_id``; nothing outside it is read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, case, exists, func, literal, null, select, text
from sqlalchemy.orm import Session

from kiosk.central.models import (
    AuditRecord,
    CentralRegistration,
    Kiosk,
    Mpp,
    QueueFacts,
    aware,
    utcnow,
)

QUEUE_STATUS = "submitted"
DECISIONS = ("verified", "needs_fix", "rejected")
AGE_BUCKETS: tuple[tuple[str, float], ...] = (  # (label key, upper bound in days)
    ("lt1", 1),
    ("d1_3", 3),
    ("d3_7", 7),
    ("d7_14", 14),
    ("gt14", float("inf")),
)
_FIELDS = {
    "legal_form": ("business", "legal_form"),
    "scale": ("business", "scale"),
    "kbli": ("business", "kbli"),
    "province": ("address", "province_code"),
    "regency": ("address", "regency_code"),
}


@dataclass(frozen=True)
class DashboardScope:
    """What the viewer may see and the periods they look at."""

    zone: dt.tzinfo  # the viewer's province's zone (WIB/WITA/WIT)
    mpp_id: int | None = None  # a supervisor's MPP; None: the whole province
    days: int = 30  # the per-day chart: this many days up to today
    weeks: int = 12  # the per-week chart: this many ISO weeks up to this one


@dataclass
class RegencyRow:
    code: str
    registrations: int = 0
    waiting: int = 0
    decided: Counter[str] = field(default_factory=Counter)


@dataclass
class Dashboard:
    today: dt.date
    days: list[dt.date]
    weeks: list[dt.date]  # the Monday of each week
    mpps: list[str]  # every MPP with a registration in scope (chart series order)
    per_day: dict[str, list[int]]  # MPP name -> a count per day in ``days``
    per_week: dict[str, list[int]]
    total: int
    queue_size: int
    queue_ages: list[tuple[str, int]]  # (bucket key, registrations waiting that long)
    oldest_waiting_days: float | None
    decisions: list[tuple[str, Counter[str]]]  # (verifier, count per decision), most first
    statuses: Counter[str]
    scales: Counter[str]
    legal_forms: Counter[str]
    kbli_sections: Counter[str]  # KBLI 2020 section letter -> registrations naming it
    kbli_titles: dict[str, str]  # section letter -> its title (BPS, Indonesian)
    regencies: dict[str, RegencyRow]  # regency code -> row
    provinces: Counter[str]

    @property
    def main_province(self) -> str:
        """The province most registrations are in (a central serves one province)."""
        return self.provinces.most_common(1)[0][0] if self.provinces else ""


def kbli_section(code: str) -> tuple[str, str]:
    """The KBLI 2020 section (letter, title) of a five-digit code (``("", "")`` when unknown)."""
    from kiosk.reference import Reference

    entry = Reference.load().kbli(code) if code else None
    return (entry.category, entry.category_title) if entry is not None else ("", "")


def build_dashboard(
    session: Session, scope: DashboardScope, now: dt.datetime | None = None
) -> Dashboard:
    """The figures, counted by the database: three grouped queries over the work list (and one
    over the audit trail), each answering a few thousand rows at most, whatever the number of
    registrations."""
    from kiosk.central.console.queue_facts import keep_fresh

    now = now or utcnow()
    today = now.astimezone(scope.zone).date()
    days = [today - dt.timedelta(days=n) for n in range(scope.days - 1, -1, -1)]
    this_monday = today - dt.timedelta(days=today.weekday())
    weeks = [this_monday - dt.timedelta(weeks=n) for n in range(scope.weeks - 1, -1, -1)]
    keep_fresh(session)
    if session.get_bind().dialect.name == "postgresql":
        # the facts query's groups are estimated as one per row (the columns' product), so the
        # default 4 MB would sort 100,000 rows on disk; hashed, its few thousand take ~5 MB
        session.execute(text("SET LOCAL work_mem = '32MB'"))
    Q = QueueFacts
    scoped = [Q.mpp_id == scope.mpp_id] if scope.mpp_id is not None else []
    names: dict[int, str] = {i: n for i, n in session.execute(select(Mpp.id, Mpp.name))}
    first = min(days[0], weeks[0])
    per_day: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    per_week: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    day_index = {day: i for i, day in enumerate(days)}
    week_index = {week: i for i, week in enumerate(weeks)}
    days_query = (
        select(Q.mpp_id, Q.reg_date, func.count())
        .where(*scoped, Q.reg_date >= first)
        .group_by(Q.mpp_id, Q.reg_date)
    )
    db = session.connection()  # Core rows: the ORM's row handling cost more than the counting
    for mpp_id, day, count in db.execute(days_query):
        mpp = names.get(mpp_id, "")
        if day in day_index:
            per_day[mpp][day_index[day]] += count
        monday = day - dt.timedelta(days=day.weekday())
        if monday in week_index:
            per_week[mpp][week_index[monday]] += count
    present = select(Mpp.id).where(exists().where(Q.mpp_id == Mpp.id))  # an index probe each
    if scope.mpp_id is not None:
        present = present.where(Mpp.id == scope.mpp_id)
    mpps = {names.get(mpp_id, "") for mpp_id in db.scalars(present)}
    regencies: dict[str, RegencyRow] = {}
    statuses: Counter[str] = Counter()
    scales: Counter[str] = Counter()
    legal_forms: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    age_counts: Counter[str] = Counter()
    first_waiting: dt.datetime | None = None
    bucket = _age_bucket(now)
    columns = (Q.regency, Q.status, Q.scale, Q.legal_form, Q.province, bucket)
    facts = select(*columns, func.count(), func.min(Q.queued_at)).where(*scoped).group_by(*columns)
    for regency, status, scale, form, province, age, count, since in db.execute(facts):
        row = regencies.get(regency or "")
        if row is None:
            row = regencies[regency or ""] = RegencyRow(regency or "")
        row.registrations += count
        statuses[status] += count
        scales[scale or ""] += count
        legal_forms[form or ""] += count
        provinces[province or ""] += count
        if status == QUEUE_STATUS:
            row.waiting += count
            age_counts[age or ""] += count
            since = aware(since)
            first_waiting = since if first_waiting is None else min(first_waiting, since)
        elif status in DECISIONS:
            row.decided[status] += count
    section_of: dict[str, tuple[str, str]] = {}
    sections: Counter[str] = Counter()
    kbli_query = select(Q.kbli, func.count()).where(*scoped).group_by(Q.kbli)
    for kbli, count in db.execute(kbli_query):  # distinct code sets: a few hundred at most
        codes = (kbli or "").split()
        for letter in {section_of.setdefault(c, kbli_section(c))[0] for c in codes}:
            if letter:
                sections[letter] += count
    ages = [(key, age_counts[key]) for key, _bound in AGE_BUCKETS]
    oldest = (now - first_waiting).total_seconds() / 86400 if first_waiting is not None else None
    names_sorted = sorted(mpps)
    return Dashboard(
        today=today,
        days=days,
        weeks=weeks,
        mpps=names_sorted,
        per_day={name: per_day[name] for name in names_sorted},
        per_week={name: per_week[name] for name in names_sorted},
        total=statuses.total(),
        queue_size=statuses[QUEUE_STATUS],
        queue_ages=ages,
        oldest_waiting_days=oldest,
        decisions=decisions_per_verifier(session, scope),
        statuses=statuses,
        scales=scales,
        legal_forms=legal_forms,
        kbli_sections=sections,
        kbli_titles={letter: title for letter, title in section_of.values() if letter},
        regencies=regencies,
        provinces=provinces,
    )


def _age_bucket(now: dt.datetime) -> ColumnElement[str | None]:
    """A waiting registration's age bucket (:data:`AGE_BUCKETS`, from its ``queued_at``); NULL
    for any other status, so grouping by it adds no groups outside the queue."""
    Q = QueueFacts
    limits = [(key, now - dt.timedelta(days=bound)) for key, bound in AGE_BUCKETS[:-1]]
    return case(
        (Q.status != QUEUE_STATUS, null()),
        *[(Q.queued_at > since, literal(key)) for key, since in limits],
        else_=literal(AGE_BUCKETS[-1][0]),
    )


VERDICT_ACTION = "verdict"  # kiosk.central.audit: one entry per decision, details["status"]


def decisions_per_verifier(
    session: Session, scope: DashboardScope
) -> list[tuple[str, Counter[str]]]:
    """Decisions in the audit trail per actor, most first (a supervisor: on their MPP's kiosks)."""
    A = AuditRecord
    query = select(A.actor, A.details, func.count()).where(A.action == VERDICT_ACTION)
    if scope.mpp_id is not None:
        R = CentralRegistration
        query = (
            query.join(R, R.id == A.registration_id)
            .join(Kiosk, Kiosk.id == R.kiosk_id)
            .where(Kiosk.mpp_id == scope.mpp_id)
        )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    # grouped by the details' text (a verdict's status and version): a few groups per verifier
    for actor, details, count in session.execute(query.group_by(A.actor, A.details)):
        try:
            status = json.loads(details or "{}").get("status", "")
        except (ValueError, AttributeError):
            status = ""
        counts[actor][status if status in DECISIONS else "other"] += count
    return sorted(counts.items(), key=lambda item: (-item[1].total(), item[0]))
