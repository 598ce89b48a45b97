"""Thermal printers as staff set them up: saved, looked up by name or description, test-printed.

The configured printers live in the store's setting ``receipts.escpos_printers`` (a list of
:meth:`EscposConfig.from_dict` dictionaries), which :func:`kiosk.receipts.service.escpos_printers`
reads when a receipt is printed: the settings tab and ``kiosk receipt print --escpos`` write and
read that one list, nothing else. Names are unique (saving a name again replaces that printer).

:func:`resolve` is what ``--escpos`` accepts: the name of a configured printer, else a description
(:mod:`kiosk.receipts.escpos_desc`); a configured name wins, so a printer called ``tcp:kasir`` is
still found. :func:`test_print` sends a short page (code page, characters the receipts use, a QR
and a cut) and answers the printer's status, as the receipt printing does; it records nothing,
since no receipt was issued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.errors import UserFacingError
from kiosk.i18n import register
from kiosk.receipts import escpos_desc, escpos_out
from kiosk.receipts.escpos_out import EscposConfig
from kiosk.receipts.text import printable

if TYPE_CHECKING:
    from escpos.escpos import Escpos

    from kiosk.store import Store

SETTING = "receipts.escpos_printers"
TEST_QR = "KIOSK-ESCPOS-TEST"

register(
    {
        "receipts.escpos.no_name": {
            "id": "Beri nama pencetak struk ini (misalnya Meja 1).",
            "en": "Give this receipt printer a name (for example Desk 1).",
        },
        "receipts.escpos.test_title": {
            "id": "Tes pencetak struk",
            "en": "Receipt printer test",
        },
        "receipts.escpos.failed": {
            "id": "Pencetak struk {printer} tidak dapat mencetak ({reason}). Periksa kabel, daya "
            "dan alamatnya, lalu coba lagi.",
            "en": "Receipt printer {printer} could not print ({reason}). Check its cable, power "
            "and address, then try again.",
        },
    }
)


def as_dict(config: EscposConfig) -> dict[str, Any]:
    return {
        "name": config.name,
        "connection": config.connection,
        "profile": config.profile,
        "codepage": config.codepage,
        "options": dict(config.options),
    }


def configured(store: Store) -> list[EscposConfig]:
    return [EscposConfig.from_dict(d) for d in store.get_setting(SETTING, []) or []]


def save_printer(store: Store, config: EscposConfig) -> None:
    """Add ``config``, or replace the printer of the same name (names compare without case)."""
    if not config.name.strip():
        raise UserFacingError("receipts.escpos.no_name")
    kept = [c for c in configured(store) if c.name.casefold() != config.name.casefold()]
    store.set_setting(SETTING, [as_dict(c) for c in [*kept, config]])


def remove_printer(store: Store, name: str) -> None:
    kept = [c for c in configured(store) if c.name != name]
    store.set_setting(SETTING, [as_dict(c) for c in kept])


def resolve(store: Store, text: str, *, profile: str = "default") -> EscposConfig:
    """A configured printer named ``text``, else the printer that description ``text`` names."""
    wanted = text.strip()
    for config in configured(store):
        if config.name == wanted:
            return config
    return escpos_desc.parse(wanted, profile=profile)


def test_print(config: EscposConfig, *, device: Escpos | None = None, lang: str = "id") -> str:
    """Print a test page on ``config`` (or the opened ``device``); returns the printer's status
    afterwards (``ok``, ``paper_low``, ``unknown``). Offline or out of paper: UserFacingError."""
    from escpos.exceptions import Error as EscposError

    from kiosk.i18n import as_lang, tr
    from kiosk.receipts import qr

    if device is None and not escpos_out.reachable(config):
        raise UserFacingError("receipts.escpos.offline", printer=config.name)
    p = device or escpos_out.open_printer(config)
    try:
        before = escpos_out.printer_status(p)
        if before in ("offline", "no_paper"):
            raise UserFacingError(f"receipts.escpos.{before}", printer=config.name)
        codepage = escpos_out.choose_codepage(p.profile, config.codepage)
        p.charcode(codepage)
        p.set(align="center", bold=True, double_height=True)
        p.textln(tr("receipts.escpos.test_title", as_lang(lang)))
        p.set(align="left", bold=False, double_height=False)
        for line in (
            printable(config.name),
            escpos_desc.describe(config) or config.connection,
            f"{p.profile.profile_data.get('name', config.profile)} / {codepage}",
            "Rp 1.250.000 - 25 November 2026",
            "ÀÉÍÓÚ àéíóú ÑÇ ñç äöü",
        ):
            p.textln(line)
        p.set(align="center")
        if p.profile.supports("qrCode"):
            p.qr(TEST_QR, size=4, native=True)
        else:
            p.image(qr.image(TEST_QR, 3), center=True)
        p.cut()
        return escpos_out.printer_status(p)
    except (EscposError, OSError) as exc:
        raise UserFacingError(
            "receipts.escpos.failed", printer=config.name, reason=type(exc).__name__
        ) from exc
    finally:
        if device is None:
            p.close()  # release the USB interface / socket / port
