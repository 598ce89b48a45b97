"""One line that says where a thermal (ESC/POS) printer is: the same text in the CLI and the app.

The accepted forms (``kiosk receipt print --escpos DESC``, the settings' "thermal printers"):

- ``usb:VID:PID`` — a USB printer by vendor and product id, hexadecimal (``usb:04b8:0e15``,
  ``0x`` allowed);
- ``usb:`` — the first USB device of a known thermal-printer maker that is plugged in
  (:mod:`kiosk.receipts.escpos_usb`); resolved when parsed, so the saved or used configuration
  always names the ids it found;
- ``serial:PORT[:BAUD]`` — a serial port (``serial:/dev/ttyUSB0``, ``serial:COM3:19200``); the
  baud rate defaults to 9600, the usual factory setting;
- ``tcp:HOST[:PORT]`` — a network printer (``tcp:192.168.1.50``, ``tcp:[fe80::1]:9100``); port
  9100 (raw printing) by default.

:func:`parse` turns a description into an :class:`~kiosk.receipts.escpos_out.EscposConfig` (the
dictionary shape the settings store under ``receipts.escpos_printers``); :func:`describe` is its
inverse, so a configured printer can be shown and typed back. Anything else is refused with
``receipts.escpos.bad_description``, which names the accepted forms in both languages.
"""

from __future__ import annotations

import re

from kiosk.errors import UserFacingError
from kiosk.i18n import register
from kiosk.receipts.escpos_out import EscposConfig

FORMS = "usb:VID:PID, usb:, serial:PORT[:BAUD], tcp:HOST[:PORT]"
SCHEMES = ("usb:", "serial:", "tcp:")
DEFAULT_BAUD = 9600
DEFAULT_TCP_PORT = 9100
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)

register(
    {
        "receipts.escpos.bad_description": {
            "id": "Pencetak struk {text!r} tidak dikenal. Bentuk yang diterima: {forms} "
            "(contoh: usb:04b8:0e15, serial:/dev/ttyUSB0:9600, serial:COM3, "
            "tcp:192.168.1.50:9100), atau nama pencetak yang diatur di Pengaturan.",
            "en": "Unknown receipt printer {text!r}. Accepted forms: {forms} (for example "
            "usb:04b8:0e15, serial:/dev/ttyUSB0:9600, serial:COM3, tcp:192.168.1.50:9100), or "
            "the name of a printer set up in Settings.",
        },
        "receipts.escpos.no_usb_printer": {
            "id": "Tidak ada pencetak struk USB yang dikenal tersambung. Periksa kabel dan daya, "
            "atau sebutkan id-nya: usb:VID:PID (lihat daftar perangkat USB di Pengaturan).",
            "en": "No known USB receipt printer is plugged in. Check the cable and power, or "
            "name its ids: usb:VID:PID (see the USB device list in Settings).",
        },
    }
)

_HEX_ID = re.compile(r"^(?:0x)?([0-9a-f]{1,4})$", re.I)
_TCP = re.compile(r"^(?:\[(?P<v6>[0-9a-f:.%a-z]+)\]|(?P<host>[^:\[\]\s]+))(?::(?P<port>\d{1,5}))?$")


def _bad(text: str) -> UserFacingError:
    return UserFacingError("receipts.escpos.bad_description", text=text, forms=FORMS)


def is_description(text: str) -> bool:
    """Does ``text`` start like a description (rather than a configured printer's name)?"""
    return text.strip().lower().startswith(SCHEMES)


def parse(text: str, *, name: str = "", profile: str = "default") -> EscposConfig:
    """The printer configuration for description ``text``; ``name`` defaults to the text."""
    raw = text.strip()
    scheme, _, rest = raw.partition(":")
    scheme = scheme.lower()
    label = name or raw
    if scheme == "usb" and raw.lower().startswith("usb:"):
        return _usb(raw, rest, name, profile)
    if scheme == "serial" and rest:
        port, baud = rest, DEFAULT_BAUD
        head, sep, tail = rest.rpartition(":")
        if sep and tail.isdigit():
            port, baud = head, int(tail)
        elif sep and not tail:  # "serial:COM3:" - a baud rate was meant and left out
            raise _bad(raw)
        if not port or baud not in BAUD_RATES:
            raise _bad(raw)
        line = {"devfile": port, "baudrate": baud}
        return EscposConfig(name=label, connection="serial", profile=profile, options=line)
    if scheme == "tcp":
        match = _TCP.match(rest)
        if match is None:
            raise _bad(raw)
        tcp_port = int(match.group("port") or DEFAULT_TCP_PORT)
        if not 0 < tcp_port < 65536:
            raise _bad(raw)
        host = match.group("v6") or match.group("host")
        address = {"host": host, "port": tcp_port}
        return EscposConfig(name=label, connection="network", profile=profile, options=address)
    raise _bad(raw)


def _usb(raw: str, rest: str, name: str, profile: str) -> EscposConfig:
    if not rest.strip():
        from kiosk.receipts.escpos_usb import first_thermal_printer

        found = first_thermal_printer()
        if found is None:
            raise UserFacingError("receipts.escpos.no_usb_printer")
        vendor, product = found.vendor_id, found.product_id
    else:
        parts = rest.split(":")
        matches = [_HEX_ID.match(part.strip()) for part in parts]
        if len(parts) != 2 or not all(matches):
            raise _bad(raw)
        vendor, product = (int(m.group(1), 16) for m in matches if m is not None)
    options = {"idVendor": f"0x{vendor:04x}", "idProduct": f"0x{product:04x}"}
    label = name or (raw if rest.strip() else f"usb:{vendor:04x}:{product:04x}")
    return EscposConfig(name=label, connection="usb", profile=profile, options=options)


def describe(config: EscposConfig) -> str:
    """The description of a configured printer (``usb:04b8:0e15`` ...); ``""`` for a Dummy."""
    options = config.options
    if config.connection == "usb":
        vendor = int(str(options.get("idVendor", 0)), 0)
        product = int(str(options.get("idProduct", 0)), 0)
        return f"usb:{vendor:04x}:{product:04x}"
    if config.connection == "serial":
        return f"serial:{options.get('devfile', '')}:{options.get('baudrate', DEFAULT_BAUD)}"
    if config.connection == "network":
        host = str(options.get("host", ""))
        host = f"[{host}]" if ":" in host else host
        return f"tcp:{host}:{options.get('port', DEFAULT_TCP_PORT)}"
    return ""
