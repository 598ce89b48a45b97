"""``system.timezone``, ``system.versions``, ``logs.crashes``: the zone receipts and numbers use,
what runs, and whether the app stopped unexpectedly lately.

The time zone: receipts print times in ``receipts.timezone`` (default ``Asia/Jakarta``; WITA
desks set ``Asia/Makassar``) while registration numbers take the *computer's* local date
(:mod:`kiosk.store.numbering`). When the two zones differ right now, a number can carry another
day than its receipt: a warning. A zone that does not load means the time zone database is
missing (Windows needs the ``tzdata`` package): failed.

Crash reports: the app writes one for every unhandled exception
(:func:`kiosk.logs.write_crash_report`, ``<data dir>/logs/crash-YYYYMMDD-HHMMSS.txt``, UTC,
masked). Reports of the last :data:`RECENT_DAYS` days are a warning, so the supervisor sends the
help desk's ZIP (which carries them); older ones are only counted; none is deleted.

Versions are read without side effects: Qt's from the installed PySide6 distribution's metadata
(importing Qt is not allowed in the core and would cost start-up time), SANE's from
``scanimage --version`` when present (the sane-backends package's version), otherwise the version
libsane reports to the kiosk's own binding (:func:`kiosk.documents.sane_backend.sane_version`,
which initialises SANE once per process, under the lock every SANE call takes).
"""

from __future__ import annotations

import datetime as dt
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
from importlib import metadata
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.doctor.context import Context
from kiosk.doctor.report import CheckResult, failed, ok, warning, with_facts

DEFAULT_ZONE = "Asia/Jakarta"
RECENT_DAYS = 7
_STAMP = re.compile(r"crash-(\d{8}-\d{6})")


def _offset(delta: dt.timedelta | None) -> str:
    minutes = int((delta or dt.timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def check_timezone(ctx: Context) -> CheckResult:
    check = "system.timezone"
    zone = str(ctx.setting("receipts.timezone", DEFAULT_ZONE) or DEFAULT_ZONE)
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return failed(check, "doctor.tz.missing", zone=zone)
    now = dt.datetime.now(dt.UTC)
    theirs, local = now.astimezone(tz), now.astimezone()
    params = {"zone": zone, "offset": _offset(theirs.utcoffset())}
    if theirs.utcoffset() != local.utcoffset():
        return warning(check, "doctor.tz.mismatch", local=_offset(local.utcoffset()), **params)
    result = ok(check, "doctor.tz.ok", abbrev=theirs.tzname() or zone, **params)
    return with_facts(result, local_zone=local.tzname() or "")


def _distribution(*names: str) -> str | None:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def _sane_version() -> str:
    scanimage = shutil.which("scanimage")
    if scanimage is not None:
        try:
            out = subprocess.run(
                [scanimage, "--version"], capture_output=True, text=True, timeout=10, check=False
            ).stdout
        except (OSError, subprocess.TimeoutExpired):
            out = ""
        found = re.search(r"backend version (\S+)", out) or re.search(
            r"sane-backends\)\s*(\S+)", out
        )
        if found:
            return found.group(1).rstrip(";")
    from kiosk.documents.sane_backend import sane_version  # the process's one libsane

    loader = sane_version()
    return f"libsane {loader}" if loader else "-"


def check_versions(_ctx: Context) -> CheckResult:
    from kiosk import __version__

    qt = _distribution("PySide6-Essentials", "PySide6_Essentials", "PySide6") or "-"
    sane = "-" if sys.platform == "win32" else _sane_version()
    params = {
        "kiosk": __version__,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "qt": qt,
        "sane": sane,
    }
    result = ok("system.versions", "doctor.versions", **params)
    return with_facts(result, platform=platform.platform(), machine=platform.machine())


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
