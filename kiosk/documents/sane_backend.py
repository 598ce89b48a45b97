"""SANE scanners on Linux through python-sane (imported lazily; absent → backend unavailable).

SANE is process-global and not thread-safe, so one lock serialises every call, and every call on
an open device — cancel included — is made from the thread that scans: a cancel request is seen
in the read loop's progress callback (each chunk) or between sheets.

Device discovery asks only local backends by default: network backends wait seconds for replies
that never come on a kiosk without network scanners; set ``KIOSK_SANE_NETWORK=1`` to include them
(SANE's ``escl`` backend then finds driverless network scanners).

Option names differ between drivers, so sources and modes are matched by meaning
(``"Automatic Document Feeder"``, ``"ADF Front"`` → feeder; ``"ADF Duplex"`` → duplex;
``"Color"``/``"Colour"``; ``"Gray"``/``"Grey"``) and the resolution is set to the nearest allowed.
SANE reports failures as status texts (``sane_strstatus``); :data:`_STATUS` maps them to messages.

libsane leaves SIGPIPE at its default ("kill the process") after a read; :func:`_sane_calls` (the
lock every SANE call is made under) puts it back to "ignored" whenever SANE has run.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from kiosk.documents.scanner import CancelToken, ScanError, ScannedImage, ScannerInfo, ScanSettings
from kiosk.errors import UserFacingError

_LOCK = threading.RLock()
_INITIALISED = False
FEEDER_EMPTY = "Document feeder out of documents"
CANCELLED = "Operation was canceled"
_STATUS = {
    "Document feeder jammed": "documents.scanner.jammed",
    "Device busy": "documents.scanner.busy",
    "Scanner cover is open": "documents.scanner.cover_open",
    "Error during device I/O": "documents.scanner.lost",
    "SaneDev object is closed": "documents.scanner.lost",
    "Invalid argument": "documents.scanner.lost",
}


def _sane() -> Any:
    global _INITIALISED
    import sane

    with _sane_calls():
        if not _INITIALISED:
            sane.init()
            _INITIALISED = True
    return sane


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


def _choices(device: Any, name: str) -> Any:
    for option in device.get_options():
        if option[1] == name:
            return option[8]
    return None


def _sources(device: Any) -> tuple[str, ...]:
    values = _choices(device, "source")
    if not isinstance(values, list):
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
        self.current: Any = None  # the open device during a scan (tests close it: "unplugged")

    def available(self) -> bool:
        try:
            _sane()
        except Exception:  # ImportError, or libsane failing to initialise
            return False
        return True

    def list_devices(self) -> list[ScannerInfo]:
        sane = _sane()
        with _sane_calls():
            devices = sane.get_devices(localOnly=self.local_only)
            found = []
            for native, vendor, model, _kind in devices:
                sources: tuple[str, ...] = ("flatbed",)
                try:
                    with sane.open(native) as dev:
                        sources = _sources(dev)
                except Exception:  # noqa: S110  (listed but busy: still show it)
                    pass
                found.append(
                    ScannerInfo(f"sane:{native}", f"{vendor} {model} ({native})", "sane", sources)
                )
        return found

    def _configure(self, dev: Any, settings: ScanSettings) -> int:
        sources = _choices(dev, "source")
        if isinstance(sources, list):
            if settings.source == "feeder":
                want = _pick(sources, "duplex") if settings.duplex else None
                want = want or _pick(sources, "feeder", "adf", avoid=("duplex",))
            else:
                want = _pick(sources, "flatbed", "glass")
            if want is None:
                raise UserFacingError("documents.scanner.feeder_empty")
            dev.source = want
        modes = _choices(dev, "mode")
        if isinstance(modes, list):
            want = (
                _pick(modes, "colo") if settings.mode == "color" else _pick(modes, "gray", "grey")
            )
            if want:
                dev.mode = want
        allowed = _choices(dev, "resolution")
        dpi = settings.dpi
        if isinstance(allowed, list) and allowed:
            dpi = min(allowed, key=lambda v: abs(v - settings.dpi))
        elif isinstance(allowed, tuple):
            dpi = max(allowed[0], min(allowed[1], settings.dpi))
        try:
            dev.resolution = dpi
            dpi = round(dev.resolution)
        except Exception:  # a driver without a settable resolution scans at its own
            dpi = settings.dpi
        for name, value in self.options.items():  # explicit driver options come last and win
            setattr(dev, name, value)
        return dpi

    def scan(
        self, device: str, settings: ScanSettings, cancel: CancelToken | None = None
    ) -> Generator[ScannedImage, None, None]:
        sane = _sane()
        cancel = cancel or CancelToken()
        native = device.split(":", 1)[1] if device.startswith("sane:") else device
        with _sane_calls():  # held across the pages: SIGPIPE is restored after each read too
            try:
                dev = sane.open(native)
            except Exception as exc:
                raise UserFacingError("documents.scanner.not_found", device=native) from exc
            self.current = dev
            feeder = settings.source == "feeder"
            index = 0
            try:
                dpi = self._configure(dev, settings)

                def progress(_read: int, _total: int) -> None:
                    # Cancel from the scanning thread itself: sane_cancel racing sane_start from
                    # another thread crashed the test driver; the read loop reports every chunk.
                    if cancel.cancelled:
                        dev.cancel()

                while index < settings.max_pages and not cancel.cancelled:
                    try:
                        dev.start()
                        image = dev.snap(no_cancel=feeder, progress=progress)
                    except Exception as exc:
                        status = str(exc)
                        if cancel.cancelled or status == CANCELLED:
                            return
                        if status == FEEDER_EMPTY:
                            if index:
                                return  # the normal end of a feeder batch
                            raise ScanError("documents.scanner.feeder_empty", 0) from exc
                        code = _STATUS.get(status, "documents.scanner.failed")
                        raise ScanError(code, index, reason=status) from exc
                    finally:  # before the page goes out: a sync may write while it is handled
                        _restore_sigpipe()
                    if cancel.cancelled:  # a read cut short by cancel returns a partial image
                        return
                    yield ScannedImage(image, dpi, index)
                    index += 1
                    if not feeder:
                        return
            finally:
                self.current = None
                for step in (dev.cancel, dev.close):
                    try:
                        step()
                    except Exception:  # noqa: S112  (already closed: the device went away)
                        continue
