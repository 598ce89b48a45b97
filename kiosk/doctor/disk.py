"""``disk.space``: is there room for a week offline?

A laptop at an outreach event or a desk whose network is down keeps every registration and every
page image until the central confirms them, so the free space must hold a week of work. The
budget comes from what this kiosk measures of itself, falling back to the figures below while it
has too little history to measure::

    budget = registrations/day × 7 days × (pages/registration × bytes/page + database bytes/reg)
             × 2 (headroom: WAL, the pre-upgrade backup, exports, temporary files) + 200 MB floor

Defaults (no history): 60 registrations/day (a busy MPP desk runs 20–40; 60 leaves room for an
outreach day), 6 pages per registration (KTP, NPWP, NIB and a three-page deed), 131 KB per page
(the document pipeline's measured A4 page at 300 dpi, README "Measurements", plus the envelope),
16 KB of database per registration (row, version, outbox, search index, audit: 3,000 demo
registrations made a 33.9 MB file, 11.9 KB each, rounded up). With them the budget is
60 × 7 × (6 × 131 KB + 16 KB) × 2 + 200 MB ≈ 0.86 GiB.

Measured when there is enough data: the busiest day of the last 30 (at least the default rate
until a week of history exists, at most :data:`MAX_PER_DAY`: a CSV import or demo data can add
thousands in a day, which no desk types), pages per registration from ``document_pages`` (from 20
registrations with pages), the mean size of up to 200 page files (from 10 files), the database's
size per registration (from 50 registrations). Free space below the budget fails; below twice the
budget warns.

The free space comes from :func:`shutil.disk_usage` (statvfs on Linux, GetDiskFreeSpaceEx on
Windows); the tests replace that one function to simulate a full disk.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import asdict, dataclass
from itertools import islice

from kiosk.doctor.context import Context
from kiosk.doctor.report import CheckResult, failed, ok, warning, with_facts

DAYS_OFFLINE = 7
HEADROOM = 2
FLOOR_BYTES = 200 * 1024 * 1024
DEFAULT_PER_DAY = 60
DEFAULT_PAGES = 6.0
DEFAULT_PAGE_BYTES = 131 * 1024
DEFAULT_DB_BYTES = 16 * 1024
MAX_PER_DAY = 400  # what one desk can enter in a long day; an import or demo data can add more
SAMPLE_FILES = 200
MIN_FILES = 10  # page files before their mean size replaces the default
MIN_WITH_PAGES = 20  # registrations with pages before pages/registration is measured
MIN_FOR_DB = 50  # registrations before the database's size per registration is measured


@dataclass(frozen=True)
class Usage:
    """The rates the budget is made of (measured or default) and what each came from."""

    per_day: int = DEFAULT_PER_DAY
    pages: float = DEFAULT_PAGES
    page_bytes: int = DEFAULT_PAGE_BYTES
    db_bytes: int = DEFAULT_DB_BYTES
    measured: str = ""  # which of the four were measured, e.g. "per_day,page_bytes"

    @property
    def budget(self) -> int:
        per_registration = self.pages * self.page_bytes + self.db_bytes
        return int(self.per_day * DAYS_OFFLINE * per_registration * HEADROOM) + FLOOR_BYTES


def _page_bytes(ctx: Context) -> int | None:
    folder = ctx.paths.documents
    if not folder.is_dir():
        return None
    files = (f for sub in folder.iterdir() if sub.is_dir() for f in sub.iterdir())
    sizes = [f.stat().st_size for f in islice(files, SAMPLE_FILES) if not f.name.endswith(".tmp")]
    return int(sum(sizes) / len(sizes)) if len(sizes) >= MIN_FILES else None


def measure(ctx: Context) -> Usage:
    usage, measured = Usage(), []
    values = asdict(usage)
    size = _page_bytes(ctx)
    if size is not None:
        values["page_bytes"] = size
        measured.append("page_bytes")
    if ctx.paths.database.exists():
        try:
            values.update(_from_database(ctx, measured))
        except sqlite3.Error:
            pass  # the database checks report it; the budget keeps its defaults
    values["measured"] = ",".join(measured)
    return Usage(**values)


def _from_database(ctx: Context, measured: list[str]) -> dict[str, float | int]:
    found: dict[str, float | int] = {}
    with ctx.connect(10.0) as conn:
        if not ctx.has_table(conn, "registrations"):
            return found
        since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=30)).strftime("%Y-%m-%d")
        days = conn.execute(
            "SELECT substr(created_at, 1, 10) AS day, count(*) FROM registrations"
            " WHERE created_at >= ? GROUP BY day ORDER BY 2 DESC",
            (since,),
        ).fetchall()
        total = int(conn.execute("SELECT count(*) FROM registrations").fetchone()[0])
        if days:
            busiest = int(days[0][1])
            busiest = busiest if len(days) >= 7 else max(busiest, DEFAULT_PER_DAY)
            found["per_day"] = min(busiest, MAX_PER_DAY)
            measured.append("per_day")
        if ctx.has_table(conn, "document_pages"):
            regs, pages = conn.execute(
                "SELECT count(DISTINCT registration_id), count(*) FROM document_pages"
            ).fetchone()
            if regs >= MIN_WITH_PAGES:
                found["pages"] = round(pages / regs, 2)
                measured.append("pages")
    if total >= MIN_FOR_DB:
        wal = ctx.paths.database.with_name(ctx.paths.database.name + "-wal")
        size = ctx.paths.database.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        found["db_bytes"] = size // total
        measured.append("db_bytes")
    return found


def check_disk(ctx: Context) -> CheckResult:
    check = "disk.space"
    usage = measure(ctx)
    free = shutil.disk_usage(ctx.paths.root).free
    params = {"free_mb": free // 1_048_576, "budget_mb": usage.budget // 1_048_576}
    if free < usage.budget:
        result = failed(check, "doctor.disk.full", **params)
    elif free < HEADROOM * usage.budget:
        result = warning(check, "doctor.disk.low", **params)
    else:
        result = ok(check, "doctor.disk.ok", **params)
    return with_facts(result, **asdict(usage))
