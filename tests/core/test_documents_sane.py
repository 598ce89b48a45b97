"""Scanning for real against SANE's ``test`` device: flatbed, feeder, faults, cancel, CLI."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import io
import signal
from pathlib import Path

import pytest

from kiosk.documents import scanner
from kiosk.documents.capture import CaptureSession, scan_into
from kiosk.documents.presets import DEFAULT_PRESETS
from kiosk.documents.sane_backend import SaneBackend
from kiosk.documents.scanner import CancelToken, ScanError, ScanSettings
from kiosk.errors import UserFacingError
from tests.core.test_documents_support import keyring, require_sane, vault  # noqa: F401

pytestmark = pytest.mark.sane
PRESETS = {p.name: p for p in DEFAULT_PRESETS}
DEVICE = "sane:test:0"
FEEDER = ScanSettings(dpi=100, mode="gray", source="feeder")


@pytest.fixture
def backend() -> SaneBackend:
    require_sane()
    # the test driver keeps option values between opens: reset the fault injection every time
    return SaneBackend(
        options={"test_picture": "Grid", "read_return_value": "Default", "read_delay": False}
    )


def test_devices_are_listed_with_their_sources(backend: SaneBackend) -> None:
    devices = {d.id: d for d in backend.list_devices()}
    assert DEVICE in devices
    assert set(devices[DEVICE].sources) >= {"flatbed", "feeder"}
    assert DEVICE in [d.id for d in scanner.list_scanners()]


def test_flatbed_scan_goes_through_the_pipeline_into_the_vault(backend, vault, monkeypatch) -> None:
    monkeypatch.setattr(scanner, "_backends", lambda: [backend])
    session = CaptureSession(vault, PRESETS["Dokumen"])
    refs = scan_into(session, DEVICE, ScanSettings(dpi=150, mode="gray"))
    assert len(refs) == 1 and refs[0].dpi == 150
    from PIL import Image

    img = Image.open(io.BytesIO(vault.get(refs[0].sha256)))
    assert img.size == (refs[0].width, refs[0].height) and img.width > 300


def _sigpipe_ignored() -> bool:
    """What the kernel says (``signal.getsignal`` only knows what Python itself set)."""
    status = Path("/proc/self/status").read_text().splitlines()
    (mask,) = [line.split()[1] for line in status if line.startswith("SigIgn:")]
    return bool(int(mask, 16) & (1 << (signal.SIGPIPE - 1)))


def test_a_scan_leaves_sigpipe_ignored(backend) -> None:
    # libsane resets SIGPIPE to SIG_DFL after a read; a later write to a dropped sync connection
    # would then kill the kiosk (exit 141) instead of raising BrokenPipeError
    assert _sigpipe_ignored()
    scan = backend.scan(DEVICE, ScanSettings(dpi=75, mode="gray"))
    next(scan)  # a page handed out while the device is still open: already ignored again
    assert _sigpipe_ignored()
    assert list(scan) == [] and _sigpipe_ignored()
    backend.list_devices()
    assert _sigpipe_ignored()


def test_feeder_delivers_every_page_and_empty_feeder_ends_the_batch(backend) -> None:
    pages = list(backend.scan(DEVICE, FEEDER))
    assert [p.index for p in pages] == list(range(10))  # the test feeder holds 10 sheets
    assert all(p.image.mode == "L" and p.dpi == 100 for p in pages)


def test_colour_mode_and_resolution_are_applied(backend) -> None:
    (page,) = backend.scan(DEVICE, ScanSettings(dpi=75, mode="color"))
    assert page.image.mode == "RGB" and page.dpi == 75


def test_unplugged_mid_batch_keeps_the_pages_already_scanned(backend, vault, monkeypatch) -> None:
    monkeypatch.setattr(scanner, "_backends", lambda: [backend])
    session = CaptureSession(vault, PRESETS["Dokumen"])
    real_add = session.add_image

    def add_then_unplug(image, **kw):
        refs = real_add(image, **kw)
        if len(session.stored) == 3:
            backend.current.close()  # the cable is pulled after the third sheet
        return refs

    session.add_image = add_then_unplug  # type: ignore[method-assign]
    with pytest.raises(ScanError) as info:
        scan_into(session, DEVICE, FEEDER)
    assert info.value.code == "documents.scanner.lost" and info.value.pages_received == 3
    assert "3 halaman" in info.value.text("id") and "3 page(s)" in info.value.text("en")
    assert len(session.stored) == 3 and all(vault.get(r.sha256) for r in session.stored)


def test_paper_jam_reports_pages_received(backend) -> None:
    received = []
    with pytest.raises(ScanError) as info:
        for page in backend.scan(DEVICE, FEEDER):
            received.append(page)
            if len(received) == 2:
                backend.current.read_return_value = "SANE_STATUS_JAMMED"
    assert info.value.code == "documents.scanner.jammed" and info.value.pages_received == 2
    assert len(received) == 2


def test_cancel_between_pages_ends_cleanly(backend) -> None:
    cancel = CancelToken()
    received = []
    for page in backend.scan(DEVICE, FEEDER, cancel):
        received.append(page)
        if len(received) == 4:
            cancel.cancel()
    assert len(received) == 4
    assert len(list(backend.scan(DEVICE, ScanSettings(dpi=75)))) == 1  # the device is free again


def test_unknown_device_has_a_message(backend) -> None:
    with pytest.raises(UserFacingError) as info:
        list(backend.scan("sane:nosuch:7", ScanSettings()))
    assert info.value.code == "documents.scanner.not_found"


def test_cli_lists_scanners_and_scans_a_feeder_batch_to_pdf(
    backend, data_dir: Path, capsys
) -> None:
    from kiosk.cli import main

    list(backend.scan(DEVICE, ScanSettings(dpi=50)))  # undo fault injection left by other tests

    assert main(["scanners", "--data-dir", str(data_dir)]) == 0
    assert DEVICE in capsys.readouterr().out
    out = data_dir / "akta.pdf"
    argv = [
        "scan",
        "--data-dir",
        str(data_dir),
        "--device",
        DEVICE,
        "--preset",
        "Akta",
        "--source",
        "feeder",
        "-o",
        str(out),
    ]
    assert main(argv) == 0
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(out.read_bytes())
    assert len(pdf) == 10
    pdf.close()
    assert main(argv) == 2  # refuses to overwrite without --force
    assert "sudah ada" in capsys.readouterr().err


def test_cancel_during_a_slow_read_drops_the_partial_page() -> None:
    require_sane()
    import threading

    slow = SaneBackend(
        options={
            "test_picture": "Solid black",  # (the grid picture ignores the read delay)
            "read_delay": True,
            "read_delay_duration": 20000,
            "read_return_value": "Default",
        }
    )
    cancel = CancelToken()
    timer = threading.Timer(0.3, cancel.cancel)
    timer.start()
    try:
        pages = list(slow.scan(DEVICE, ScanSettings(dpi=300, mode="color"), cancel))
    finally:
        timer.cancel()
        list(SaneBackend(options={"read_delay": False}).scan(DEVICE, ScanSettings(dpi=50)))
    assert pages == []  # the sheet half-read when staff pressed cancel is not kept as a page
    assert (
        len(list(SaneBackend(options={"read_delay": False}).scan(DEVICE, ScanSettings(dpi=50))))
        == 1
    )


def test_cli_reports_a_missing_scanner(data_dir: Path, capsys) -> None:
    require_sane()
    from kiosk.cli import main

    code = main(
        [
            "scan",
            "--data-dir",
            str(data_dir),
            "--device",
            "sane:nosuch:1",
            "-o",
            str(data_dir / "x.pdf"),
        ]
    )
    assert code == 2 and "nosuch:1" in capsys.readouterr().err
    assert not (data_dir / "x.pdf").exists()
