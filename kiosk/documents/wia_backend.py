"""Windows scanners through WIA, behind the same interface as SANE.

The COM calls live in :mod:`.wia_com` (imported only on Windows, guarded: without pywin32 the
backend reports itself unavailable and the app runs without scanning). This module holds the logic
— settings → WIA properties, feeder loop, "paper empty" as the end of a batch, HRESULT → message —
and takes the thin module as a parameter so tests drive it with a fake.
"""

from __future__ import annotations

import io
from collections.abc import Generator
from typing import Any

from kiosk.documents.scanner import CancelToken, ScanError, ScannedImage, ScannerInfo, ScanSettings
from kiosk.errors import UserFacingError

FEEDER, FLATBED, DUPLEX = 0x1, 0x2, 0x4
DATATYPE = {"color": 3, "gray": 2}
PAPER_EMPTY = 0x80210003
HRESULTS = {
    0x80210002: "documents.scanner.jammed",  # WIA_ERROR_PAPER_JAM
    0x80210005: "documents.scanner.lost",  # WIA_ERROR_OFFLINE
    0x80210006: "documents.scanner.busy",  # WIA_ERROR_BUSY
    0x80210009: "documents.scanner.lost",  # WIA_ERROR_ITEM_DELETED (unplugged)
    0x8021000A: "documents.scanner.lost",  # WIA_ERROR_DEVICE_COMMUNICATION
    0x8021000D: "documents.scanner.busy",  # WIA_ERROR_DEVICE_LOCKED
    0x80210016: "documents.scanner.cover_open",  # WIA_ERROR_COVER_OPEN
}


def _load_api() -> Any:
    import sys

    if sys.platform != "win32":
        return None
    try:
        from kiosk.documents import wia_com
    except ImportError:
        return None
    return wia_com


class WiaBackend:
    name = "wia"

    def __init__(self, api: Any = None) -> None:
        self.api = api if api is not None else _load_api()

    def available(self) -> bool:
        return self.api is not None

    def _require(self) -> Any:
        if self.api is None:
            raise UserFacingError("documents.scanner.unavailable", backend="WIA")
        return self.api

    def list_devices(self) -> list[ScannerInfo]:
        api = self._require()
        try:
            infos = api.device_infos()
        except api.WiaComError:
            return []
        found = []
        for info in infos:
            sources = ["flatbed"]
            try:
                caps = api.capabilities(api.connect(info["id"]))
            except api.WiaComError:
                caps = FLATBED
            if caps & FEEDER:
                sources.append("feeder")
            if caps & DUPLEX:
                sources.append("duplex")
            if not caps & FLATBED and "feeder" in sources:
                sources.remove("flatbed")
            found.append(ScannerInfo(f"wia:{info['id']}", info["name"], "wia", tuple(sources)))
        return found

    def _error(self, exc: Any, pages: int) -> ScanError:
        code = HRESULTS.get(exc.hresult, "documents.scanner.failed")
        return ScanError(code, pages, reason=f"0x{exc.hresult:08X}")

    def scan(
        self, device: str, settings: ScanSettings, cancel: CancelToken | None = None
    ) -> Generator[ScannedImage, None, None]:
        from PIL import Image

        api = self._require()
        cancel = cancel or CancelToken()
        native = device.split(":", 1)[1] if device.startswith("wia:") else device
        try:
            handle = api.connect(native)
        except api.WiaComError as exc:
            raise UserFacingError("documents.scanner.not_found", device=native) from exc
        feeder = settings.source == "feeder"
        handling = (FEEDER | (DUPLEX if settings.duplex else 0)) if feeder else FLATBED
        try:
            api.configure(
                handle, dpi=settings.dpi, datatype=DATATYPE.get(settings.mode, 3), handling=handling
            )
        except api.WiaComError as exc:
            raise self._error(exc, 0) from exc
        index = 0
        while index < settings.max_pages and not cancel.cancelled:
            try:
                data = api.transfer(handle)
            except api.WiaComError as exc:
                if exc.hresult == PAPER_EMPTY:
                    if index:
                        return  # the feeder ran empty: the batch is complete
                    raise ScanError("documents.scanner.feeder_empty", 0) from exc
                raise self._error(exc, index) from exc
            image = Image.open(io.BytesIO(data))
            image.load()
            dpi = image.info.get("dpi", (settings.dpi, settings.dpi))[0]
            yield ScannedImage(image, round(dpi) or settings.dpi, index)
            index += 1
            if not feeder:
                return
