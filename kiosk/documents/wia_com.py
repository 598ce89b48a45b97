"""The thin layer over Windows Image Acquisition (WIA 2.0 automation via pywin32's COM client).

Only platform calls live here, so that everything around them (:mod:`.wia_backend`) is tested on
Linux with a fake of this module. Each function maps 1:1 to WIA automation objects; errors come out
as :class:`WiaComError` carrying the HRESULT. Not importable off Windows (pywin32 is Windows-only).
"""

from __future__ import annotations

from typing import Any

import win32com.client  # type: ignore[import-not-found]  # pywin32, Windows only

FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"
DEVICE_TYPE_SCANNER = 1
PROP_HANDLING_CAPABILITIES = 3086  # WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES
PROP_HANDLING_SELECT = 3088  # WIA_DPS_DOCUMENT_HANDLING_SELECT
PROP_PAGES = 3096  # WIA_DPS_PAGES
PROP_DATATYPE = 4103  # WIA_IPA_DATATYPE: 0 black/white, 2 grey, 3 colour
PROP_XRES = 6147  # WIA_IPS_XRES
PROP_YRES = 6148  # WIA_IPS_YRES


class WiaComError(Exception):
    def __init__(self, hresult: int, text: str = "") -> None:
        self.hresult = hresult & 0xFFFFFFFF
        super().__init__(f"WIA error 0x{self.hresult:08X} {text}".strip())


def _hresult(exc: Any) -> int:
    info = getattr(exc, "excepinfo", None)
    if info and len(info) > 5 and info[5]:
        return int(info[5])
    return int(getattr(exc, "hresult", 0x80004005))


def _set(properties: Any, prop_id: int, value: int) -> None:
    for prop in properties:
        if prop.PropertyID == prop_id:
            prop.Value = value
            return


def _get(properties: Any, prop_id: int, default: int = 0) -> int:
    for prop in properties:
        if prop.PropertyID == prop_id:
            return int(prop.Value)
    return default


def device_infos() -> list[dict[str, Any]]:
    try:
        manager = win32com.client.Dispatch("WIA.DeviceManager")
        found = []
        for info in manager.DeviceInfos:
            if info.Type != DEVICE_TYPE_SCANNER:
                continue
            found.append({"id": info.DeviceID, "name": info.Properties("Name").Value})
        return found
    except Exception as exc:
        raise WiaComError(_hresult(exc), str(exc)) from exc


def connect(device_id: str) -> Any:
    try:
        manager = win32com.client.Dispatch("WIA.DeviceManager")
        for info in manager.DeviceInfos:
            if info.DeviceID == device_id:
                return info.Connect()
    except Exception as exc:
        raise WiaComError(_hresult(exc), str(exc)) from exc
    raise WiaComError(0x80210009, "device not found")  # WIA_ERROR_ITEM_DELETED


def capabilities(device: Any) -> int:
    return _get(device.Properties, PROP_HANDLING_CAPABILITIES)


def configure(device: Any, *, dpi: int, datatype: int, handling: int) -> None:
    try:
        _set(device.Properties, PROP_HANDLING_SELECT, handling)
        _set(device.Properties, PROP_PAGES, 1)
        item = device.Items(1)
        _set(item.Properties, PROP_DATATYPE, datatype)
        _set(item.Properties, PROP_XRES, dpi)
        _set(item.Properties, PROP_YRES, dpi)
    except Exception as exc:
        raise WiaComError(_hresult(exc), str(exc)) from exc


def transfer(device: Any) -> bytes:
    """One page as PNG file bytes (the next sheet when the feeder is selected)."""
    try:
        image = device.Items(1).Transfer(FORMAT_PNG)
        return bytes(image.FileData.BinaryData)
    except Exception as exc:
        raise WiaComError(_hresult(exc), str(exc)) from exc
