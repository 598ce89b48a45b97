"""USB devices that may be receipt printers, as pyusb sees them (for ``usb:`` and the settings).

What ``usb:`` picks is a device that both has a USB printer-class (7) interface and comes from a
maker of ESC/POS receipt printers (:data:`THERMAL_VENDORS`). Either alone is not enough: an office
laser printer on the same desk has the printer class, and Epson also makes the document scanners
a kiosk may have (same vendor id, no printer interface); ESC/POS bytes sent to either do harm.
The settings list every device that has one of the two, so a printer in a vendor-specific USB
mode can still be chosen there, by its ids.

Listing never fails: without a libusb backend (``NoBackendError``, e.g. Windows without the
libusb DLL), or without permission to read a device, the list is shorter or empty and
:func:`usb_listing_problem` says why. Product and maker names are read only when the device
allows it (on Linux they need access to the device node); the ids always come from the
descriptor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Vendor ids of makers of ESC/POS receipt printers (USB-IF assignments).
THERMAL_VENDORS: dict[int, str] = {
    0x04B8: "Epson",
    0x0519: "Star Micronics",
    0x1D90: "Citizen",
    0x2730: "Citizen",
    0x1504: "Bixolon",
    0x0DD4: "Custom Engineering",
    0x154F: "SNBC",
    0x0FE6: "ICS Advent (generic POS)",
    0x0416: "Winbond (generic POS, Xprinter)",
    0x28E9: "GigaDevice (generic POS, Xprinter)",
    0x1FC9: "NXP (generic POS)",
}
PRINTER_CLASS = 7


@dataclass(frozen=True)
class UsbDevice:
    vendor_id: int
    product_id: int
    maker: str  # from THERMAL_VENDORS or the device's own string; may be empty
    product: str  # the device's product string when readable; may be empty
    thermal: bool  # a known receipt-printer maker
    printer_class: bool  # has an interface of the USB printer class

    @property
    def description(self) -> str:
        return f"usb:{self.vendor_id:04x}:{self.product_id:04x}"

    @property
    def label(self) -> str:
        words = " ".join(w for w in (self.maker, self.product) if w)
        return f"{self.description} {words}".strip()


def _string(device: Any, attribute: str) -> str:
    try:
        return str(getattr(device, attribute) or "").strip()
    except Exception:  # no permission, or the device does not answer string requests
        return ""


def _has_printer_interface(device: Any) -> bool:
    try:
        return any(
            interface.bInterfaceClass == PRINTER_CLASS
            for configuration in device
            for interface in configuration
        )
    except Exception:  # descriptor not readable: decide by the vendor alone
        return False


def usb_listing_problem() -> str:
    """``""`` when pyusb can list devices, else the exception's class name (for the settings)."""
    try:
        import usb.core

        usb.core.find(find_all=True)
    except Exception as exc:  # NoBackendError, ImportError, permission
        return type(exc).__name__
    return ""


def usb_printers() -> list[UsbDevice]:
    """Plugged-in USB devices that are printers or come from a thermal-printer maker; likely
    receipt printers (both) first."""
    try:
        import usb.core

        devices = list(usb.core.find(find_all=True))
    except Exception:  # see usb_listing_problem()
        return []
    found = []
    for device in devices:
        vendor, product_id = int(device.idVendor), int(device.idProduct)
        thermal = vendor in THERMAL_VENDORS
        printer_class = _has_printer_interface(device)
        if not thermal and not printer_class:
            continue
        maker = THERMAL_VENDORS.get(vendor) or _string(device, "manufacturer")
        found.append(
            UsbDevice(vendor, product_id, maker, _string(device, "product"), thermal, printer_class)
        )
    found.sort(key=lambda d: (not d.thermal, not d.printer_class, d.vendor_id, d.product_id))
    return found


def first_thermal_printer() -> UsbDevice | None:
    """The device ``usb:`` means: the first known maker's device with a printer interface."""
    return next((d for d in usb_printers() if d.thermal and d.printer_class), None)
