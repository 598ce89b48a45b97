"""Thermal receipts on ESC/POS printers through python-escpos (USB, network, serial).

Each configured printer names a python-escpos *profile* (capabilities database: paper width,
columns, native QR support, code pages). The code page is always set explicitly — the configured one
if the profile has it, else the first of CP858, CP1252, CP850, CP437 that it has — and all text is
encoded in it, with ``?`` for what it lacks; python-escpos's automatic code-page switching is off so
the byte stream is predictable. The QR is sent as the printer's native QR command when the profile
supports it, else as a raster image. User text first goes through
:func:`kiosk.receipts.text.printable`
so an ESC or other control byte in a name can never reach the printer as a command.

Status: USB, serial and network printers answer real-time status requests; :func:`printer_status`
asks and callers treat ``unknown`` as "ask the staff".

Configurations are made from one-line descriptions (``usb:VID:PID``, ``serial:PORT[:BAUD]``,
``tcp:HOST[:PORT]``) by :mod:`kiosk.receipts.escpos_desc`, and saved and test-printed by
:mod:`kiosk.receipts.escpos_setup`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kiosk.i18n import register
from kiosk.receipts import labels
from kiosk.receipts.facts import ReceiptFacts
from kiosk.receipts.labels import pair
from kiosk.receipts.text import printable, wrap

if TYPE_CHECKING:
    from escpos.capabilities import BaseProfile
    from escpos.escpos import Escpos

register(
    {
        "receipts.escpos.offline": {
            "id": "Pencetak struk {printer} tidak tersambung atau mati.",
            "en": "Receipt printer {printer} is offline or switched off.",
        },
        "receipts.escpos.no_paper": {
            "id": "Kertas pencetak struk {printer} habis.",
            "en": "Receipt printer {printer} is out of paper.",
        },
    }
)

PREFERRED_CODEPAGES = ("CP858", "CP1252", "CP850", "CP437")
_ASCII_FALLBACKS = str.maketrans({"•": "*", "…": "...", "—": "-", "–": "-", "\ufffd": "?"})


@dataclass(frozen=True)
class EscposConfig:
    """One thermal printer as configured in the settings (``receipts.escpos_printers``)."""

    name: str
    connection: str  # usb | network | serial | dummy
    profile: str = "default"
    codepage: str = ""
    options: dict[str, Any] = field(default_factory=dict)  # idVendor/idProduct, host/port, devfile

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EscposConfig:
        return cls(
            name=str(data["name"]),
            connection=str(data.get("connection", "network")),
            profile=str(data.get("profile", "default")),
            codepage=str(data.get("codepage", "")),
            options=dict(data.get("options", {})),
        )


def open_printer(config: EscposConfig) -> Escpos:
    """A python-escpos printer object for ``config`` (not yet connected for real devices)."""
    from escpos import printer

    options = dict(config.options)
    if config.connection == "usb":
        return printer.Usb(
            int(str(options.pop("idVendor")), 0),
            int(str(options.pop("idProduct")), 0),
            profile=config.profile,
            **options,
        )
    if config.connection == "network":
        # a short timeout: a printer that does not answer status requests must not hang a desk
        timeout = int(options.pop("timeout", 10))
        return printer.Network(
            options.pop("host"), timeout=timeout, profile=config.profile, **options
        )
    if config.connection == "serial":
        return printer.Serial(profile=config.profile, **options)
    if config.connection == "dummy":
        return printer.Dummy(profile=config.profile)
    raise ValueError(f"unknown ESC/POS connection {config.connection!r}")


def reachable(config: EscposConfig) -> bool:
    """For a network printer: does its port accept a connection? (Others: True.)

    Checked with our own socket, closed properly: python-escpos leaks the socket of a failed
    connection, and a desk's printer that is off is an everyday case, not an error path.
    """
    import socket

    if config.connection != "network":
        return True
    host = str(config.options.get("host", ""))
    port = int(config.options.get("port", 9100))
    try:
        with socket.create_connection(
            (host, port), timeout=float(config.options.get("timeout", 10))
        ):
            return True
    except OSError:
        return False


def choose_codepage(profile: BaseProfile, wanted: str = "") -> str:
    available = profile.get_code_pages()
    for name in (wanted, *PREFERRED_CODEPAGES):
        if name and name in available:
            return name
    return next(iter(available))


def columns(profile: BaseProfile, paper: str) -> int:
    try:
        return int(profile.get_columns("a"))
    except Exception:  # profiles without font data: common widths
        return 32 if paper == "58mm" else 48


def write_receipt(
    p: Escpos,
    facts: ReceiptFacts,
    qr_text: str,
    *,
    copy_no: int,
    issued: str,
    codepage: str = "",
    paper: str = "80mm",
) -> str:
    """Send the receipt to printer ``p``; returns the code page used."""
    from escpos.constants import QR_ECLEVEL_M

    from kiosk.receipts import qr

    chosen = choose_codepage(p.profile, codepage)
    p.charcode(chosen)
    width = columns(p.profile, paper)

    def out(text: str, max_lines: int = 3, **style: Any) -> None:
        p.set(**({"align": "left", "bold": False, "double_height": False} | style))
        safe = printable(text).translate(_ASCII_FALLBACKS)
        for line in wrap(safe, width, len, max_lines):
            p.textln(line.translate(_ASCII_FALLBACKS))

    s = facts.settings
    out(s.mpp, 2, align="center", bold=True)
    out(labels.TITLE[0], 2, align="center", bold=True)
    out(labels.TITLE[1], 1, align="center")
    if copy_no:
        out(
            f"{labels.both(labels.COPY)} #{copy_no}",
            1,
            align="center",
            bold=True,
            double_height=True,
        )
    p.textln("-" * width)
    for key, value, lines in (
        ("reg_no", facts.reg_no, 1),
        ("submitted", issued, 1),
        ("business_name", facts.business_name, 3),
        ("owner_name", facts.owner_name, 2),
        ("nik", facts.nik_masked, 1),
        ("documents_count", f"{facts.documents_received}", 1),
    ):
        out(pair(key), 1)
        out(value or "-", lines, bold=key == "reg_no")
    p.set(align="center")
    if p.profile.supports("qrCode"):
        p.qr(qr_text, ec=QR_ECLEVEL_M, size=4 if paper == "58mm" else 5, native=True)
    else:
        p.image(qr.image(qr_text, 3 if paper == "58mm" else 4), center=True)
    out(pair("verify"), 2, align="center")
    p.textln("-" * width)
    out(s.next_steps[0], 8)
    out(f"{pair('kiosk')}: {facts.kiosk_name}", 1)
    out(f"{pair('staff')}: {facts.staff_name or '-'}", 1)
    p.cut()
    return chosen


def printer_status(p: Escpos) -> str:
    """``ok``, ``no_paper``, ``paper_low``, ``offline`` or ``unknown`` (cannot tell)."""
    from escpos.exceptions import DeviceNotFoundError
    from escpos.printer import Dummy

    if isinstance(p, Dummy):
        return "unknown"
    try:
        if not p.is_online():
            return "offline"
        return {0: "no_paper", 1: "paper_low"}.get(p.paper_status(), "ok")
    except DeviceNotFoundError:  # unplugged, switched off, wrong address
        return "offline"
    except Exception:  # many cheap printers do not answer status requests
        return "unknown"
