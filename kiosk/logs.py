"""One logging set-up for the app, the ``kiosk`` command and the central, and crash reports.

Where: ``<data dir>/logs/`` (:func:`log_folder`): ``kiosk.log`` (the app), ``cli.log`` (commands),
``central.log`` (the central, in its own data folder); each rotates at 1 MB and keeps
:data:`BACKUPS` old files (``kiosk.log.1`` …), so a kiosk that runs for years never fills its disk
with logs. Crash reports are ``crash-YYYYMMDD-HHMMSS.txt`` (UTC) in the same folder, the newest
:data:`KEEP_CRASH_REPORTS` kept; :func:`crash_reports` lists them (``kiosk doctor`` does).

Level: ``KIOSK_LOG_LEVEL`` (``DEBUG``, ``INFO``, ``WARNING``, ``ERROR``) wins; otherwise the
setting :data:`LEVEL_SETTING` (a supervisor raises it to ``DEBUG`` while the help desk looks at a
fault; :func:`apply_setting` is called once the store is open); otherwise ``INFO``.

Each line: UTC time with ``Z``, the local time with its offset (the desk's clock, what staff
remember), level, logger, message. No personal data (:mod:`kiosk.redact`): the formatter masks
identifying numbers and e-mail addresses in the message, an exception passed as an argument
(``log.warning("… %s", exc)``) is shown with its quoted text masked, and tracebacks carry no
locals and redacted exception messages; a filter on the handlers rewrites the record itself,
so any handler after ours sees the masked text too. Set-up is idempotent (the handlers are
replaced, not added).

Several processes, one file (``kiosk central serve --workers N``, ``shared=``): the parent and
each worker set up their own handler on ``central.log`` (uvicorn's workers are fresh
interpreters), with the same filter, level and format plus the process id after the level (an
operator tells the workers apart). Only the parent rotates, from a timer; the workers append a
record per write and reopen a rotated file (:mod:`kiosk.log_shared`, which says why that is safe
on Linux and what Windows lacks).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import logging.handlers
import os
import platform
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from kiosk.fsutil import atomic_write_bytes
from kiosk.log_shared import SharedFileHandler
from kiosk.redact import exception_line, redact, safe_traceback

LEVEL_ENV = "KIOSK_LOG_LEVEL"
LEVEL_SETTING = "log.level"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MAX_BYTES = 1_000_000
BACKUPS = 5
KEEP_CRASH_REPORTS = 50
_HANDLER_NAME = "kiosk.logs"
# Chatty at DEBUG and of no use to the help desk (PIL's chunk-by-chunk decoding, HTTP/2 frames).
_QUIET = ("PIL", "httpcore", "hpack", "multipart", "asyncio", "urllib3")
# INFO lines of no use at all: Alembic lists its autogenerate plug-ins (7 lines) on first import,
# before the store's upgrade quiets Alembic; shown at DEBUG only.
_NOISE = ("alembic.runtime.plugins",)

log = logging.getLogger(__name__)


def log_folder(data_dir: Path) -> Path:
    return Path(data_dir) / "logs"


def parse_level(value: object) -> int | None:
    """``"debug"``/``"DEBUG"``/``10`` → ``logging.DEBUG``; anything else → None."""
    if isinstance(value, int) and value in (10, 20, 30, 40):
        return value
    text = str(value or "").strip().upper()
    return getattr(logging, text) if text in LEVELS else None


def effective_level(setting: object = None) -> int:
    """``KIOSK_LOG_LEVEL`` > the setting > INFO."""
    return parse_level(os.environ.get(LEVEL_ENV)) or parse_level(setting) or logging.INFO


class _Shown:
    """An exception argument of a log call, shown as :func:`exception_line` renders it (an
    exception's message is untrusted text: it often quotes the value that failed)."""

    def __init__(self, exc: BaseException) -> None:
        self.text = exception_line(exc)

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


def safe_message(record: logging.LogRecord) -> str:
    """The record's message, exception arguments shown safely, identifying numbers masked."""
    if isinstance(record.args, tuple) and any(isinstance(a, BaseException) for a in record.args):
        record.args = tuple(_Shown(a) if isinstance(a, BaseException) else a for a in record.args)
    return redact(record.getMessage())


class RedactingFilter(logging.Filter):
    """Replaces the record's message by its masked rendering (and drops its arguments)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = safe_message(record)
        record.args = None
        return True


class RedactingFormatter(logging.Formatter):
    """``2026-12-03T02:23:26.123Z 10:23:26+0800 INFO name: message`` with no personal data;
    with ``show_pid``, ``… INFO [4242] name: message``."""

    def __init__(self, *, show_pid: bool = False) -> None:
        super().__init__()
        self.show_pid = show_pid

    def format(self, record: logging.LogRecord) -> str:
        utc = dt.datetime.fromtimestamp(record.created, dt.UTC)
        local = utc.astimezone()
        stamp = f"{utc:%Y-%m-%dT%H:%M:%S}.{int(record.msecs):03d}Z {local:%H:%M:%S%z}"
        level = f"{record.levelname} [{record.process}]" if self.show_pid else record.levelname
        text = f"{stamp} {level} {record.name}: {safe_message(record)}"
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + safe_traceback(record.exc_info[1]).rstrip()
        if record.stack_info:
            text += "\n" + redact(record.stack_info)
        return text


class _OwnerOnlyFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file (the first and every one after a rollover) is 0600 on POSIX."""

    def _open(self) -> io.TextIOWrapper:
        stream = super()._open()
        if os.name != "nt":
            os.chmod(self.baseFilename, 0o600)
        return stream


def setup(
    data_dir: Path,
    program: str,
    *,
    level: int | str | None = None,
    console: bool = False,
    shared: Literal["owner", "writer"] | None = None,
) -> Path:
    """Log ``program``'s records to ``<data dir>/logs/<program>.log``; returns that path.

    ``level`` overrides :func:`effective_level`; ``console`` also writes to stderr (the central
    in the foreground). ``shared``: other processes write the same file; ``"owner"`` rotates it
    (one process only), ``"writer"`` never does; lines then carry the process id. Raises
    ``OSError`` when the folder or file cannot be made.
    """
    folder = log_folder(data_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{program}.log"
    file_handler: logging.Handler
    if shared is None:
        file_handler = _OwnerOnlyFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    else:
        owner = shared == "owner"
        file_handler = SharedFileHandler(
            path, max_bytes=MAX_BYTES if owner else 0, backups=BACKUPS if owner else 0
        )
    handlers: list[logging.Handler] = [file_handler]
    if console:
        handlers.append(logging.StreamHandler(sys.stderr))
    root = logging.getLogger()
    shutdown()
    for handler in handlers:
        handler.set_name(_HANDLER_NAME)
        handler.addFilter(RedactingFilter())
        handler.setFormatter(RedactingFormatter(show_pid=shared is not None))
        root.addHandler(handler)
    set_level(parse_level(level) or effective_level())
    return path


def set_level(level: int) -> None:
    logging.getLogger().setLevel(level)
    for name in _QUIET:
        logging.getLogger(name).setLevel(max(level, logging.INFO))
    noise = logging.DEBUG if level <= logging.DEBUG else logging.WARNING
    for name in _NOISE:
        logging.getLogger(name).setLevel(noise)


def apply_setting(value: object) -> None:
    """The store is open: its :data:`LEVEL_SETTING` applies unless ``KIOSK_LOG_LEVEL`` is set."""
    level = effective_level(value)
    if level != logging.getLogger().level:
        set_level(level)
        log.info("log level %s", logging.getLevelName(level))


def shutdown() -> None:
    """Remove (and close) the handlers :func:`setup` added."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(handler)
        handler.close()


# -- crash reports ---------------------------------------------------------------------------------
def crash_reports(data_dir: Path) -> list[Path]:
    """The crash reports in ``<data dir>/logs``, newest first."""
    folder = log_folder(data_dir)
    return sorted(folder.glob("crash-*.txt"), reverse=True) if folder.is_dir() else []


def write_crash_report(
    data_dir: Path,
    exc: BaseException,
    *,
    program: str,
    context: Mapping[str, str] | None = None,
    versions: Mapping[str, str] | None = None,
) -> Path:
    """Write a crash report for ``exc`` durably; returns its path.

    ``context`` (what was open: page, step, thread) and ``versions`` must hold no personal data;
    they are masked like log lines all the same. The traceback is :func:`safe_traceback`'s.
    """
    from kiosk import __version__

    now = dt.datetime.now(dt.UTC)
    folder = log_folder(data_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stem = f"crash-{now:%Y%m%d-%H%M%S}"
    path = folder / f"{stem}.txt"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.txt"
    facts = {
        "time": f"{now:%Y-%m-%dT%H:%M:%SZ} (local {now.astimezone():%Y-%m-%d %H:%M:%S%z})",
        "program": program,
        "kiosk": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        **(versions or {}),
        **(context or {}),
        "exception": type(exc).__qualname__,
    }
    lines = ["Kiosk crash report (no personal data: numbers and quoted text are masked)", ""]
    lines += [f"{key}: {redact(str(value))}" for key, value in facts.items()]
    lines += ["", safe_traceback(exc)]
    atomic_write_bytes(path, "\n".join(lines).encode("utf-8"), mode=0o600)
    for old in crash_reports(data_dir)[KEEP_CRASH_REPORTS:]:
        old.unlink(missing_ok=True)
    return path
