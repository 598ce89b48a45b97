"""Run the checks, each bounded in time, and gather a :class:`~kiosk.doctor.report.Report`.

Plain functions, no Qt: the app's settings page calls :func:`run_checks` from its worker thread
(``run_op``) and shows ``report.results``; ``kiosk doctor`` prints them.

Bounded: every check runs in its own daemon thread and is waited for at most its
``timeout_s``. A check still running then (a scanner that never answers) is reported as failed
with "did not finish" and left behind: a device call cannot be interrupted from outside, and the
daemon thread ends with the process. SQLite and HTTP calls also carry their own timeouts, so they
end by themselves. A check that raises is reported as failed with the exception's type only (its
message could quote data).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Paths, resolve_data_dir
from kiosk.doctor import audit_log, backups, central, database, devices, disk, system, vault
from kiosk.doctor.context import Context, Options
from kiosk.doctor.report import CheckResult, Report, failed

if TYPE_CHECKING:
    from kiosk.security.keys import KeyRing

log = logging.getLogger(__name__)

CheckFn = Callable[[Context], CheckResult | list[CheckResult]]


@dataclass(frozen=True)
class CheckSpec:
    """One check: the result ids it produces (in order), its function, its time limit."""

    ids: tuple[str, ...]
    run: CheckFn
    timeout_s: float = 60.0
    device: bool = False


USE_KEYRING = ("keys.ring", "documents.vault")  # the checks that call Context.keyring()
CHECKS: tuple[CheckSpec, ...] = (
    CheckSpec(("database.integrity",), database.check_integrity, 60.0),
    CheckSpec(("database.migration",), database.check_migration, 20.0),
    CheckSpec(("keys.ring",), database.check_keys, 20.0),
    CheckSpec(("audit.chain",), audit_log.check_audit_chain, 45.0),
    CheckSpec(("disk.space",), disk.check_disk, 20.0),
    CheckSpec(("documents.vault",), vault.check_vault, 60.0),
    CheckSpec(("scanner.list", "scanner.test_scan"), devices.check_scanners, 60.0, device=True),
    CheckSpec(
        ("printer.list", "printer.thermal", "printer.test_page"),
        devices.check_printers,
        60.0,
        device=True,
    ),
    CheckSpec(("central.reach", "central.clock"), central.check_central, 30.0),
    CheckSpec(("system.timezone",), system.check_timezone, 10.0),
    CheckSpec(("system.versions",), system.check_versions, 15.0),
    CheckSpec(("logs.crashes",), system.check_crashes, 10.0),
    CheckSpec(("backup.recent",), backups.check_backups, 10.0),
)


def run_bounded(spec: CheckSpec, ctx: Context) -> list[CheckResult]:
    """``spec.run(ctx)`` within ``spec.timeout_s`` seconds; failures become failed results."""
    box: list[CheckResult] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            found = spec.run(ctx)
            box.extend(found if isinstance(found, list) else [found])
        except Exception as exc:  # reported as a failed check, never raised to the caller
            error.append(exc)

    thread = threading.Thread(target=target, name=f"doctor-{spec.ids[0]}", daemon=True)
    thread.start()
    thread.join(spec.timeout_s)
    if thread.is_alive():
        log.warning("doctor: %s did not finish within %.0f s", spec.ids[0], spec.timeout_s)
        return [failed(spec.ids[0], "doctor.timeout", seconds=int(spec.timeout_s))]
    if error:
        name = type(error[0]).__name__
        log.warning("doctor: %s raised %s", spec.ids[0], name)  # the type only: no data
        return [failed(spec.ids[0], "doctor.crashed", error=name)]
    return box


def run_checks(
    data_dir: str | Path | None = None,
    options: Options | None = None,
    *,
    only: Iterable[str] | None = None,
    keyring: KeyRing | None = None,
) -> Report:
    """Run every check (or those whose first id is in ``only``) on ``data_dir``. ``keyring``:
    the key ring an open store already holds (the app, unlocked at its start: a passphrase-kept
    key is then checked too, without asking anyone again)."""
    options = options or Options()
    paths = Paths(resolve_data_dir(data_dir))
    ctx = Context(paths, options, _keyring=keyring, _keyring_tried=keyring is not None)
    wanted = set(only) if only is not None else None
    if wanted is None or wanted & set(USE_KEYRING):
        # Loaded here, on the caller's thread, not in a check's bounded thread: a data key kept
        # under a passphrase may ask a person on the terminal (kiosk.cli.passphrase), and a
        # check's time limit must neither cut that short nor leave a prompt waiting behind it.
        ctx.keyring()
    results: list[CheckResult] = []
    skipped: list[str] = []
    for spec in CHECKS:
        if wanted is not None and spec.ids[0] not in wanted:
            continue
        if spec.device and options.skip_devices:
            skipped.extend(i for i in spec.ids if i not in ("printer.thermal", "printer.test_page"))
            continue
        limit = min(spec.timeout_s, options.check_timeout_s)
        bounded = CheckSpec(spec.ids, spec.run, limit, spec.device)
        results.extend(run_bounded(bounded, ctx))
    return Report(results, str(paths.root), skipped=skipped)
