"""One scanner interface for every platform: list devices, scan pages as they arrive, cancel.

A backend (:mod:`.sane_backend` on Linux, :mod:`.wia_backend` on Windows) implements
:class:`ScannerBackend`. Device ids are ``"<backend>:<native id>"`` (``"sane:test:0"``), so the UI
and the CLI can remember the last device as a string and find its backend again.

Driverless network scanners (eSCL/AirScan, WSD) need no backend of their own: on Linux SANE's
``escl`` backend (in ``libsane1`` since 1.0.29) serves them once network discovery is allowed
(``KIOSK_SANE_NETWORK=1``, see :mod:`.sane_backend`); on Windows 10+ the built-in WSD/eSCL driver
makes them WIA devices.

Errors and what happens to pages: :meth:`ScannerBackend.scan` is a generator that yields each page
as soon as the device delivers it; callers store each page before asking for the next one. When
the device fails part-way (unplugged, jammed), the generator raises a :class:`ScanError` (a
UserFacingError) that says how many pages had already arrived: those are kept. An empty feeder after
at least one page is the normal end of a batch; an empty feeder before any page is an error
("put the paper in").
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, Protocol

from kiosk.errors import UserFacingError


@dataclass(frozen=True)
class ScannerInfo:
    id: str  # "sane:test:0"
    name: str  # what staff see: vendor + model
    backend: str
    sources: tuple[str, ...] = ("flatbed",)  # "flatbed", "feeder", "duplex"


@dataclass(frozen=True)
class ScanSettings:
    dpi: int = 300
    mode: str = "color"  # "color" | "gray"
    source: str = "flatbed"  # "flatbed" | "feeder"
    duplex: bool = False
    max_pages: int = 100


@dataclass
class ScannedImage:
    image: Any  # PIL.Image.Image
    dpi: int
    index: int  # 0-based, in the order the device delivered


class ScanError(UserFacingError):
    """A scan stopped by the device; ``pages_received`` were delivered before it."""

    def __init__(self, code: str, pages_received: int = 0, **params: Any) -> None:
        self.pages_received = pages_received
        super().__init__(code, pages=pages_received, **params)


class CancelToken:
    """Set from the GUI thread, checked by the scanning thread (between pages and during reads)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._callbacks: list[Any] = []

    def cancel(self) -> None:
        self._event.set()
        for callback in list(self._callbacks):
            try:
                callback()
            except Exception:  # noqa: S112  (a device already gone cannot be cancelled twice)
                continue

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def on_cancel(self, callback: Any) -> None:
        """Run ``callback`` (e.g. the device's own cancel) when :meth:`cancel` is called."""
        self._callbacks.append(callback)


class ScannerBackend(Protocol):
    name: str

    def available(self) -> bool: ...

    def list_devices(self) -> list[ScannerInfo]: ...

    def scan(
        self, device: str, settings: ScanSettings, cancel: CancelToken | None = None
    ) -> Generator[ScannedImage, None, None]: ...


def _backends() -> list[ScannerBackend]:
    import sys

    found: list[ScannerBackend] = []
    if sys.platform == "win32":
        from kiosk.documents.wia_backend import WiaBackend

        found.append(WiaBackend())
    else:
        from kiosk.documents.sane_backend import SaneBackend

        found.append(SaneBackend())
    return [b for b in found if b.available()]


def list_scanners() -> list[ScannerInfo]:
    devices: list[ScannerInfo] = []
    for backend in _backends():
        devices.extend(backend.list_devices())
    return devices


def backend_for(device: str) -> ScannerBackend:
    prefix = device.split(":", 1)[0]
    for backend in _backends():
        if backend.name == prefix:
            return backend
    raise UserFacingError("documents.scanner.not_found", device=device)


def scan(
    device: str | None, settings: ScanSettings, cancel: CancelToken | None = None
) -> Generator[ScannedImage, None, None]:
    """Scan on ``device`` (the first scanner found when None)."""
    if not device:
        devices = list_scanners()
        if not devices:
            raise UserFacingError("documents.scanner.none")
        device = devices[0].id
    return backend_for(device).scan(device, settings, cancel)
