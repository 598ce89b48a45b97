"""The ctypes binding to libsane against SANE's real ``test`` device, with no compiled binding.

The scanning behaviour itself (flatbed, feeder, faults, cancel, CLI) is covered by
``test_documents_sane.py``; here: scanning with ``sane``/``_sane`` unimportable, a machine without
libsane, and the page formats the binding converts (16-bit, line art, three-pass, unknown length).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import kiosk.cli.documents  # noqa: F401  (registers the CLI messages checked below)
from kiosk.documents import scanner
from kiosk.documents.sane_backend import SaneBackend, _sane, _sane_calls, sane_version
from kiosk.documents.sane_ctypes import SaneError, Status
from kiosk.documents.sane_device import Device
from kiosk.documents.sane_image import read_frame
from kiosk.documents.scanner import ScanSettings
from kiosk.i18n import tr
from tests.core.test_documents_support import require_sane

pytestmark = pytest.mark.sane
DEVICE = "sane:test:0"
ROOT = Path(__file__).resolve().parents[2]
# the test driver keeps option values between opens: every scan here sets all of these, and the
# options the other SANE tests rely on (the page's size and picture, the mode) are put back after
SAVED = ("tl-x", "tl-y", "br-x", "br-y", "mode", "test-picture", "depth")
PLAIN = {
    "test_picture": "Color pattern",
    "read_return_value": "Default",
    "read_delay": False,
    "depth": 8,
    "hand_scanner": False,
    "tl_x": 0.0,
    "tl_y": 0.0,
    "br_x": 40.0,
    "br_y": 30.0,
}


@pytest.fixture
def plain() -> Iterator[None]:
    require_sane()
    _sane()
    with _sane_calls(), Device("test:0") as dev:
        saved = {name: dev.get_option(name) for name in SAVED}
    yield
    with _sane_calls(), Device("test:0") as dev:
        dev.set_option("hand-scanner", False)  # (it makes the page size inactive)
        dev.set_option("mode", "Color")  # (three-pass is an option of colour mode only)
        dev.set_option("three-pass", False)
        dev.set_option("read-return-value", "Default")
        for name, value in saved.items():
            dev.set_option(name, value)


def _page(settings: ScanSettings, **options: object) -> object:
    (page,) = SaneBackend(options={**PLAIN, **options}).scan(DEVICE, settings)
    return page.image


def test_scanning_works_with_the_compiled_binding_unimportable(plain, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sane", None)  # `import sane` now raises ImportError
    monkeypatch.setitem(sys.modules, "_sane", None)
    backend = SaneBackend(options=PLAIN)
    monkeypatch.setattr(scanner, "_backends", lambda: [backend])
    assert DEVICE in [d.id for d in scanner.list_scanners()]
    (page,) = scanner.scan(DEVICE, ScanSettings(dpi=100, mode="gray"))
    assert page.image.mode == "L" and page.image.size == (157, 118)  # 40 x 30 mm at 100 dpi
    feeder = list(backend.scan(DEVICE, ScanSettings(dpi=50, source="feeder")))
    assert [p.index for p in feeder] == list(range(10))


def test_a_fresh_process_scans_without_ever_importing_sane(plain) -> None:
    # the whole path as the app takes it, in an interpreter where python-sane cannot be imported
    code = textwrap.dedent(
        """
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name in ("sane", "_sane"):
                    raise ImportError("python-sane must not be needed")
        sys.meta_path.insert(0, Block())
        from kiosk.documents import scanner
        from kiosk.documents.scanner import ScanSettings
        (page,) = scanner.scan("sane:test:0", ScanSettings(dpi=50, mode="color"))
        assert "sane" not in sys.modules and "_sane" not in sys.modules
        print(page.image.mode, page.dpi)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["RGB", "50"]


def _without_libsane(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_LIBSANE": str(data_dir / "no-such-libsane.so.1")}
    command = [sys.executable, "-m", "kiosk", *args, "--data-dir", str(data_dir)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_machine_without_libsane_has_no_scanner_and_says_so(data_dir: Path) -> None:
    listed = _without_libsane(["scanners"], data_dir)
    assert listed.returncode == 1 and "Traceback" not in listed.stderr
    assert any(tr("documents.cli.no_scanners", lang) in listed.stderr for lang in ("id", "en"))
    scanned = _without_libsane(["scan", "-o", str(data_dir / "x.pdf")], data_dir)
    assert scanned.returncode == 2 and "Traceback" not in scanned.stderr
    assert any(tr("documents.scanner.none", lang) in scanned.stderr for lang in ("id", "en"))
    assert not (data_dir / "x.pdf").exists()


def test_sixteen_bit_pages_keep_their_size_and_high_byte(plain) -> None:
    import numpy as np

    settings = ScanSettings(dpi=100, mode="color")
    eight, sixteen = _page(settings), _page(settings, depth=16)
    assert sixteen.mode == "RGB" and sixteen.size == eight.size
    # the driver's 16-bit pattern is a red ramp of one high-byte step per pixel from x = 4 on:
    # read in the wrong byte order (or as 8-bit samples) it would be flat or twice as wide
    red = np.asarray(sixteen)[50, 4:100, 0].astype(int)
    assert red.tolist() == list(range(96))


def test_three_pass_frames_make_the_same_picture_as_one_pass(plain) -> None:
    settings = ScanSettings(dpi=100, mode="color")
    assert _page(settings, three_pass=True).tobytes() == _page(settings).tobytes()


def test_line_art_becomes_black_and_white_grey(plain) -> None:
    page = _page(ScanSettings(dpi=100, mode="gray"), depth=1)
    assert page.mode == "L" and page.size == (157, 118)
    assert [tone for tone, count in enumerate(page.histogram()) if count] == [0, 255]


def test_a_page_of_unknown_length_is_read_to_its_end(plain) -> None:
    # a hand scanner reports lines = -1: the height is whatever arrives before SANE_STATUS_EOF
    with _sane_calls(), Device("test:0") as dev:
        dev.set_option("hand_scanner", True)
        dev.set_option("mode", "Gray")
        dev.start()
        params = dev.parameters()
        assert params.lines == -1
        # read to the end before sane_cancel: the test driver's cancel of a reader thread still
        # writing (pthread_cancel) can leave a malloc lock held and hang the process
        data = read_frame(dev, params, lambda: False)
        dev.cancel()
    assert len(data) > 0 and len(data) % params.bytes_per_line == 0
    options = {**PLAIN, "hand_scanner": True}
    for name in ("tl_x", "tl_y", "br_x", "br_y"):  # inactive on a hand scanner: no fixed size
        del options[name]
    (scanned,) = SaneBackend(options=options).scan(DEVICE, ScanSettings(dpi=100, mode="gray"))
    page = scanned.image
    assert page.mode == "L" and page.width == params.pixels_per_line and page.height > 0


def test_options_by_either_spelling_and_the_value_the_driver_kept(plain) -> None:
    _sane()
    with _sane_calls(), Device("test:0") as dev:
        assert dev.set_option("br_x", 33.3) == dev.get_option("br-x") == pytest.approx(33.3, 0.01)
        dev.tl_y = 2  # python-sane's attribute spelling; an int for a fixed-point option
        assert dev.get_option("tl-y") == 2.0
        assert "Gray" in (dev.options()["mode"].constraint or [])
        with pytest.raises(SaneError) as info:
            dev.set_option("no-such-option", 1)
        assert info.value.status == Status.INVAL


def test_a_closed_device_fails_cleanly_and_closing_twice_is_harmless(plain) -> None:
    _sane()
    with _sane_calls():
        dev = Device("test:0")
        dev.close()
        dev.cancel()
        dev.close()  # a second sane_close of a freed handle would crash the process
        with pytest.raises(SaneError) as info:
            dev.start()
    assert info.value.status == Status.IO_ERROR


def test_statuses_carry_libsanes_own_text(plain) -> None:
    assert str(SaneError(Status.NO_DOCS)) == "Document feeder out of documents"
    version = sane_version()
    assert version is not None and version.count(".") == 2


def test_staff_see_the_model_not_a_placeholder_vendor() -> None:
    from kiosk.documents.sane_backend import shown_name

    require_sane()
    assert shown_name("Noname", "frontend-tester", "test:0") == "frontend-tester (test:0)"
    assert shown_name("Canon", "LiDE 300", "pixma:04A9") == "Canon LiDE 300 (pixma:04A9)"
    assert shown_name("", "", "escl:1") == "escl:1 (escl:1)"
    names = [s.name for s in SaneBackend().list_devices()]  # the real test device
    assert "frontend-tester (test:0)" in names and not any("Noname" in n for n in names)
