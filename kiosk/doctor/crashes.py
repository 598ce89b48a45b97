"""``logs.crashes``: did the app stop unexpectedly lately?

The app writes a crash report for every unhandled exception (:func:`kiosk.logs.write_crash_report`,
``<data dir>/logs/crash-YYYYMMDD-HHMMSS.txt``, UTC, masked). Reports of the last
:data:`RECENT_DAYS` days are a warning, so the supervisor sends the help desk's ZIP (which carries
them); older ones are only counted. The doctor lists, it never deletes.
"""

from __future__ import annotations

import datetime as dt
import re

from kiosk.doctor.context import Context
from kiosk.doctor.report import CheckResult, ok, warning, with_facts

RECENT_DAYS = 7
_STAMP = re.compile(r"crash-(\d{8}-\d{6})")


def check_crashes(ctx: Context) -> CheckResult:
    from kiosk.logs import crash_reports

    check = "logs.crashes"
    stamps: list[dt.datetime] = []
    for path in crash_reports(ctx.paths.root):
        found = _STAMP.match(path.name)
        if found:
            moment = dt.datetime.strptime(found.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
            stamps.append(moment)
    if not stamps:
        return ok(check, "doctor.crashes.none")
    newest = max(stamps)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=RECENT_DAYS)
    recent = sum(stamp >= since for stamp in stamps)
    shown = newest.strftime("%Y-%m-%d %H:%M UTC")
    if recent:
        result = warning(check, "doctor.crashes.recent", count=recent, days=RECENT_DAYS,
                         newest=shown)  # fmt: skip
    else:
        result = ok(check, "doctor.crashes.old", count=len(stamps), newest=shown)
    return with_facts(result, total=len(stamps))
