"""SANE scanners on Linux through the system's libsane (:mod:`.sane_ctypes`; absent → unavailable).

No compiled binding: libsane is loaded at run time with ctypes, so installing the app needs no
compiler or SANE headers, only the ``libsane1`` runtime; a machine without it simply has no SANE
backend (:meth:`SaneBackend.available` is False, and the app says "no scanner found").

SANE is process-global and not thread-safe, so one lock serialises every call, and every call on
an open device — cancel included — is made from the thread that scans: a cancel request is seen
in the read loop (each chunk, :mod:`.sane_image`) or between sheets.

Device discovery asks only local backends by default: network backends wait seconds for replies
that never come on a kiosk without network scanners; set ``KIOSK_SANE_NETWORK=1`` to include them
(SANE's ``escl`` backend then finds driverless network scanners).

Option names differ between drivers, so sources and modes are matched by meaning
(``"Automatic Document Feeder"``, ``"ADF Front"`` → feeder; ``"ADF Duplex"`` → duplex;
``"Color"``/``"Colour"``; ``"Gray"``/``"Grey"``) and the resolution is set to the nearest allowed.
SANE reports failures as status codes; :data:`_STATUS` maps them to messages. An empty feeder
(``NO_DOCS``) after at least one sheet is the normal end of a batch.

libsane leaves SIGPIPE at its default ("kill the process") after a read; :func:`_sane_calls` (the
lock every SANE call is made under) puts it back to "ignored" whenever SANE has run.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from kiosk.documents import sane_ctypes
from kiosk.documents.sane_ctypes import SaneError, Status
from kiosk.documents.sane_device import Constraint, Device
from kiosk.documents.scanner import CancelToken, ScanError, ScannedImage, ScannerInfo, ScanSettings
from kiosk.errors import UserFacingError

_LOCK = threading.RLock()
_VERSION: int | None = None  # sane_init's version code once SANE is initialised
_STATUS: dict[int, str] = {
    Status.JAMMED: "documents.scanner.jammed",
    Status.DEVICE_BUSY: "documents.scanner.busy",
    Status.COVER_OPEN: "documents.scanner.cover_open",
    Status.IO_ERROR: "documents.scanner.lost",  # also a device closed under the scan (unplugged)
    Status.INVAL: "documents.scanner.lost",
}


def _sane() -> None:
    """Initialise SANE once per process; OSError (no libsane) or SaneError when it cannot be."""
    global _VERSION
    with _sane_calls():
        if _VERSION is None:
            _VERSION = sane_ctypes.init()


def sane_version() -> str | None:
    """The version ``sane_init`` reports ("1.1.1": the dll meta-backend's, not the package's), or
    None when SANE is not installed or does not start (for diagnostics)."""
    try:
        _sane()
    except (OSError, SaneError):
        return None
    code = _VERSION or 0
    return f"{code >> 24 & 0xFF}.{code >> 16 & 0xFF}.{code & 0xFFFF}"


# What SANE backends put in the vendor field when they do not know it (the test backend says
# "Noname"): shown to staff it reads like a brand.
_NO_VENDOR = frozenset({"", "noname", "unknown", "generic"})


def shown_name(vendor: str, model: str, native: str) -> str:
    """What staff see: ``Canon LiDE 300 (pixma:04A91913)``; a placeholder vendor is left out."""
    words = [w for w in (vendor.strip(), model.strip()) if w]
    if words and words[0].lower() in _NO_VENDOR:
        words = words[1:]
    return f"{' '.join(words) or native} ({native})"


@contextmanager
def _sane_calls() -> Iterator[None]:
    """Hold the SANE lock; on leaving, SIGPIPE is "ignored" again whatever SANE did to it."""
    with _LOCK:
        try:
            yield
        finally:
            _restore_sigpipe()


@cache
def _libc_signal() -> Any:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.signal.restype = ctypes.c_void_p
    libc.signal.argtypes = (ctypes.c_int, ctypes.c_void_p)
    return libc.signal


def _restore_sigpipe() -> None:
    """Put SIGPIPE back to "ignored" after libsane has touched it.

    libsane's reader thread (sanei_thread) sets SIGPIPE to SIG_IGN for the scan and, when the
    reader ends, restores a disposition it never saved: SIG_DFL. From then on a write to a socket
    whose peer has gone (a sync upload over a dropped connection) kills the whole kiosk instead of
    raising ``BrokenPipeError``. Python ignores SIGPIPE at start-up and expects it to stay so;
    ``signal.signal`` only works on the main thread, scans run on a worker, hence libc directly.
    """
    if os.name != "posix" or signal.getsignal(signal.SIGPIPE) != signal.SIG_IGN:
        return
    _libc_signal()(int(signal.SIGPIPE), ctypes.c_void_p(1))  # 1 == SIG_IGN


def _pick(options: list[str], *words: str, avoid: tuple[str, ...] = ()) -> str | None:
    for option in options:
        low = option.lower()
        if any(w in low for w in words) and not any(a in low for a in avoid):
            return option
    return None


def _choices(device: Device, name: str) -> Constraint:
    option = device.options().get(name)
    return option.constraint if option is not None and option.active else None


def _strings(device: Device, name: str) -> list[str] | None:
    values = _choices(device, name)
    return [str(v) for v in values] if isinstance(values, list) else None


def _sources(device: Device) -> tuple[str, ...]:
    values = _strings(device, "source")
    if values is None:
        return ("flatbed",)
    found = []
    if _pick(values, "flatbed", "glass") or not values:
        found.append("flatbed")
    if _pick(values, "feeder", "adf", avoid=("duplex",)):
        found.append("feeder")
    if _pick(values, "duplex"):
        found.append("duplex")
    return tuple(found) or ("flatbed",)


class SaneBackend:
    name = "sane"

    def __init__(
        self, *, local_only: bool | None = None, options: dict[str, Any] | None = None
    ) -> None:
        self.options = dict(options or {})  # extra driver options, e.g. {"test_picture": "Grid"}
        if local_only is None:
            local_only = os.environ.get("KIOSK_SANE_NETWORK", "") != "1"
        self.local_only = local_only
        self.current: Device | None = None  # the open device during a scan (tests: "unplugged")

    def available(self) -> bool:
        try:
            _sane()
        except (OSError, SaneError):  # no libsane on this machine, or it fails to initialise
            return False
        return True

    def list_devices(self) -> list[ScannerInfo]:
        _sane()
        with _sane_calls():
            found = []
            for native, vendor, model, _kind in sane_ctypes.get_devices(self.local_only):
                sources: tuple[str, ...] = ("flatbed",)
                try:
                    with Device(native) as dev:
                        sources = _sources(dev)
                except SaneError:  # listed but busy: still show it
                    pass
                name = shown_name(vendor, model, native)
                found.append(ScannerInfo(f"sane:{native}", name, "sane", sources))
        return found

    def _configure(self, dev: Device, settings: ScanSettings) -> int:
        sources = _strings(dev, "source")
        if sources is not None:
            if settings.source == "feeder":
                want = _pick(sources, "duplex") if settings.duplex else None
                want = want or _pick(sources, "feeder", "adf", avoid=("duplex",))
            else:
                want = _pick(sources, "flatbed", "glass")
            if want is None:
                raise UserFacingError("documents.scanner.feeder_empty")
            dev.set_option("source", want)
        modes = _strings(dev, "mode")
        if modes is not None:
            colour = settings.mode == "color"
            want = _pick(modes, "colo") if colour else _pick(modes, "gray", "grey")
            if want:
                dev.set_option("mode", want)
        allowed = _choices(dev, "resolution")
        dpi = settings.dpi
        if isinstance(allowed, list) and allowed:
            numbers = [float(v) for v in allowed if isinstance(v, int | float)]
            dpi = round(min(numbers, key=lambda v: abs(v - settings.dpi), default=dpi))
        elif isinstance(allowed, tuple):
            dpi = round(max(float(allowed[0]), min(float(allowed[1]), settings.dpi)))
        try:
            kept = dev.set_option("resolution", dpi)
            dpi = round(kept) if isinstance(kept, int | float) else dpi
        except SaneError:  # a driver without a settable resolution scans at its own
            dpi = settings.dpi
        for name, value in self.options.items():  # explicit driver options come last and win
            if name.replace("_", "-") in dev.options():  # another driver's options do not apply
                dev.set_option(name, value)
        return dpi

    def scan(
        self, device: str, settings: ScanSettings, cancel: CancelToken | None = None
    ) -> Generator[ScannedImage, None, None]:
        _sane()
        token = cancel or CancelToken()
        native = device.split(":", 1)[1] if device.startswith("sane:") else device
        with _sane_calls():  # held across the pages: SIGPIPE is restored after each read too
            try:
                dev = Device(native)
            except SaneError as exc:
                raise UserFacingError("documents.scanner.not_found", device=native) from exc
            self.current = dev
            try:
                try:
                    dpi = self._configure(dev, settings)
                except SaneError as exc:
                    raise ScanError("documents.scanner.failed", 0, reason=str(exc)) from exc
                yield from self._pages(dev, settings, dpi, lambda: token.cancelled)
            finally:
                self.current = None
                dev.cancel()  # both are no-ops on a device already closed (unplugged)
                dev.close()

    def _pages(
        self, dev: Device, settings: ScanSettings, dpi: int, cancelled: Callable[[], bool]
    ) -> Generator[ScannedImage, None, None]:
        from kiosk.documents.sane_image import read_image

        feeder = settings.source == "feeder"
        index = 0
        while index < settings.max_pages and not cancelled():
            try:
                dev.start()
                image = read_image(dev, cancelled, finish=not feeder)
            except SaneError as exc:
                if cancelled() or exc.status == Status.CANCELLED:
                    return
                if exc.status == Status.NO_DOCS:
                    if index:
                        return  # the normal end of a feeder batch
                    raise ScanError("documents.scanner.feeder_empty", 0) from exc
                code = _STATUS.get(exc.status, "documents.scanner.failed")
                raise ScanError(code, index, reason=str(exc)) from exc
            finally:  # before the page goes out: a sync may write while it is handled
                _restore_sigpipe()
            yield ScannedImage(image, dpi, index)
            index += 1
            if not feeder:
                return
