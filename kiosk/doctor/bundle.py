"""The "send to the help desk" ZIP: the report and the newest logs, without personal data.

Contents:

- ``report.json`` — :meth:`Report.to_dict` (ids, statuses, both languages' sentences, facts);
- ``report.txt`` — the same for people, Indonesian then English;
- ``logs/…`` — the newest :data:`MAX_LOG_FILES` log files of ``<data dir>/logs`` (app, command
  line, central) and the newest :data:`MAX_CRASH_REPORTS` crash reports (``crash-*.txt``,
  :mod:`kiosk.logs`), each cut to its last :data:`MAX_LOG_BYTES`, masked by
  :class:`~kiosk.doctor.scrub.Scrubber` with the names stored on this kiosk;
- ``manifest.json`` — which logs went in, which were cut or left out, and how much was masked.

The report holds no personal data by construction (see :mod:`kiosk.doctor.report`). Logs are
masked; if the stored names cannot be read to mask them (a damaged database), the logs are left
out and the manifest says so: a half-masked log is worse than none. The ZIP is built in memory
and written atomically with mode 0600 (:func:`kiosk.fsutil.atomic_write_bytes`).
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from kiosk.config import Paths
from kiosk.doctor.context import Context
from kiosk.doctor.report import Report
from kiosk.doctor.scrub import Scrubber, names_from
from kiosk.fsutil import atomic_write_bytes

MAX_LOG_FILES = 8
MAX_CRASH_REPORTS = 5
MAX_LOG_BYTES = 512 * 1024


def newest_logs(folder: Path) -> list[Path]:
    """The newest log files and, besides them, the newest crash reports (``crash-*.txt``)."""
    if not folder.is_dir():
        return []
    files = [p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".tmp")]
    files.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    crashes = [p for p in files if p.name.startswith("crash-")][:MAX_CRASH_REPORTS]
    return [p for p in files if not p.name.startswith("crash-")][:MAX_LOG_FILES] + crashes


def _tail(path: Path) -> tuple[str, bool]:
    """The last :data:`MAX_LOG_BYTES` of ``path`` as text, from a line start; and whether cut."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        if size > MAX_LOG_BYTES:
            fh.seek(size - MAX_LOG_BYTES)
            data = fh.read()
            data = data[data.find(b"\n") + 1 :]
        else:
            data = fh.read()
    return data.decode("utf-8", errors="replace"), size > MAX_LOG_BYTES


def _scrubber(paths: Paths) -> Scrubber | None:
    """A scrubber knowing this kiosk's stored names; None when they cannot be read."""
    if not paths.database.exists():
        return Scrubber()
    try:
        with Context(paths).connect(30.0) as conn:
            return Scrubber(names_from(conn))
    except sqlite3.Error:
        return None


def build_bundle(report: Report) -> bytes:
    """The ZIP's bytes (see the module docstring) for the data folder ``report`` examined."""
    paths = Paths(Path(report.data_dir))
    manifest: dict[str, Any] = {"logs": [], "logs_left_out": "", "masked": {}}
    members: dict[str, str] = {
        "report.json": report.to_json(),
        "report.txt": report.to_text("id") + "\n\n" + report.to_text("en") + "\n",
    }
    logs = newest_logs(paths.logs)
    scrubber = _scrubber(paths) if logs else Scrubber()
    if scrubber is None:
        manifest["logs_left_out"] = "stored names unreadable: logs cannot be masked"
    else:
        for path in logs:
            text, cut = _tail(path)
            name = "logs/" + path.relative_to(paths.logs).as_posix()
            members[name] = scrubber.scrub(text)
            manifest["logs"].append({"name": name, "bytes": path.stat().st_size, "cut": cut})
        manifest["masked"] = dict(scrubber.counts)
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def write_bundle(report: Report, target: str | Path) -> Path:
    """Write the help desk's ZIP to ``target`` (atomically, 0600); returns its path."""
    atomic_write_bytes(Path(target), build_bundle(report), mode=0o600)
    return Path(target)
