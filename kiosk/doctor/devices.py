"""Scanners and printers: what the kiosk can see, one test scan, an optional test page.

- ``scanner.list`` through :func:`kiosk.documents.scanner.list_scanners` (SANE on Linux, WIA on
  Windows): none found is a warning (documents can still come from a file or the camera).
- ``scanner.test_scan``: one flatbed page (the feeder on a feeder-only device) at 75 dpi grey on
  the chosen device, or the first one listed; the image is looked at and dropped, never stored.
- ``printer.list``: the CUPS queues (:mod:`kiosk.receipts.cups`) and whether any is disabled.
- ``printer.thermal`` (only when ESC/POS printers are configured, ``receipts.escpos_printers``):
  a network printer's port accepts a connection (:func:`kiosk.receipts.escpos_out.reachable`,
  at most :data:`THERMAL_TIMEOUT_S` each), a serial printer's device file exists; USB printers
  are listed by the ``escpos`` set-up, not probed here (claiming the device would disturb a print);
- ``printer.test_page`` (only when asked, ``--print-test``): a one-page PDF through CUPS, waited
  for up to :data:`PRINT_WAIT_S` seconds. Paper comes out: it is never done unasked.

Each call to a device may hang (a scanner half-asleep, a stuck queue); the runner bounds every
check in time (:mod:`kiosk.doctor.runner`), and the CUPS clients carry their own timeouts.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys

from kiosk.doctor.context import Context
from kiosk.doctor.report import CheckResult, Said, failed, ok, warning, with_facts
from kiosk.errors import UserFacingError

TEST_DPI = 75
PRINT_WAIT_S = 20.0
THERMAL_TIMEOUT_S = 5.0


def check_scanners(ctx: Context) -> list[CheckResult]:
    from kiosk.documents.scanner import ScanError, ScanSettings, list_scanners, scan

    devices = list_scanners()
    if not devices:
        return [warning("scanner.list", "doctor.scanner.none")]
    names = ", ".join(d.name for d in devices)
    results = [ok("scanner.list", "doctor.scanner.found", count=len(devices), names=names)]
    wanted = ctx.options.scan_device
    device = next((d for d in devices if d.id == wanted), None) if wanted else devices[0]
    device_id = wanted or devices[0].id
    source = "flatbed" if device is None or "flatbed" in device.sources else "feeder"
    settings = ScanSettings(dpi=TEST_DPI, mode="gray", source=source, max_pages=1)
    try:
        pages = scan(device_id, settings)
        try:
            page = next(iter(pages), None)
        finally:
            pages.close()
    except (ScanError, UserFacingError) as exc:
        results.append(failed("scanner.test_scan", "doctor.scan.failed", device=device_id,
                              reason=Said.of(exc)))  # fmt: skip
        return results
    if page is None:
        reason = Said("documents.scanner.feeder_empty")
        results.append(failed("scanner.test_scan", "doctor.scan.failed", device=device_id,
                              reason=reason))  # fmt: skip
        return results
    width, height = page.image.size
    results.append(ok("scanner.test_scan", "doctor.scan.ok", device=device_id, width=width,
                      height=height, dpi=page.dpi))  # fmt: skip
    return results


def check_printers(ctx: Context) -> list[CheckResult]:
    from kiosk.receipts import cups

    if sys.platform == "win32":
        return [ok("printer.list", "doctor.printer.windows"), *check_thermal(ctx)]
    if shutil.which("lpstat") is None:
        return [warning("printer.list", "doctor.printer.no_cups"), *check_thermal(ctx)]
    queues = cups.printers()
    if not queues:
        results = [warning("printer.list", "doctor.printer.none")]
    else:
        disabled = [q for q in queues if " disabled since" in _state(q)]
        if disabled:
            results = [warning("printer.list", "doctor.printer.disabled",
                               names=", ".join(disabled))]  # fmt: skip
        else:
            results = [ok("printer.list", "doctor.printer.found", count=len(queues),
                          names=", ".join(queues))]  # fmt: skip
    results.extend(check_thermal(ctx))
    if ctx.options.print_test is not None:
        results.append(print_test_page(ctx.options.print_test or None))
    return results


def check_thermal(ctx: Context) -> list[CheckResult]:
    """``printer.thermal`` for the configured ESC/POS printers (none configured: no result)."""
    import dataclasses
    from pathlib import Path

    from kiosk.receipts.escpos_out import EscposConfig, reachable

    configured = ctx.setting("receipts.escpos_printers", []) or []
    if not isinstance(configured, list) or not configured:
        return []
    names: list[str] = []
    lost: list[str] = []
    for raw in configured:
        try:
            config = EscposConfig.from_dict(raw)
        except (KeyError, TypeError, ValueError, AttributeError):
            lost.append("?")
            continue
        timeout = min(float(config.options.get("timeout", THERMAL_TIMEOUT_S)), THERMAL_TIMEOUT_S)
        config = dataclasses.replace(config, options={**config.options, "timeout": timeout})
        if config.connection == "serial":
            there = Path(str(config.options.get("devfile", ""))).exists()
        else:
            there = reachable(config)
        (names if there else lost).append(config.name)
    if lost:
        return [warning("printer.thermal", "doctor.thermal.lost", names=", ".join(lost))]
    return [ok("printer.thermal", "doctor.thermal.ok", count=len(names), names=", ".join(names))]


def _state(queue: str) -> str:
    from kiosk.receipts import cups

    try:
        return cups.printer_state(queue)
    except UserFacingError:
        return ""


def test_page_pdf(printer: str) -> bytes:
    """A one-page A4 PDF that says what it is, when and from which kiosk version."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from kiosk import __version__

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = ["Halaman uji kios / Kiosk test page", f"{printer} - {now}", f"kiosk {__version__}"]
    for n, line in enumerate(lines):
        page.setFont("Helvetica-Bold" if n == 0 else "Helvetica", 16 if n == 0 else 11)
        page.drawString(72, A4[1] - 96 - 22 * n, line)
    page.rect(60, A4[1] - 160, A4[0] - 120, 100)
    page.showPage()
    page.save()
    return buffer.getvalue()


def print_test_page(printer: str | None) -> CheckResult:
    from kiosk.receipts import cups

    check = "printer.test_page"
    name = printer or "-"
    try:
        name = printer or cups.default_printer()
        cups.check_enabled(name)
        job = cups.submit(test_page_pdf(name), title="kiosk-doctor-test", printer=name)
        done = cups.wait_for_job(job, timeout_s=PRINT_WAIT_S)
    except UserFacingError as exc:
        return failed(check, "doctor.print_test.failed", printer=name, reason=Said.of(exc))
    if not done:
        result = warning(check, "doctor.print_test.queued", printer=name,
                         seconds=int(PRINT_WAIT_S))  # fmt: skip
    else:
        result = ok(check, "doctor.print_test.ok", printer=name, job=job.job_id)
    return with_facts(result, job=job.job_id)
