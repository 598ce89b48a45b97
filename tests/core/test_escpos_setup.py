"""Thermal printers by description (usb:/serial:/tcp:), set up in the settings, test-printed, and
``kiosk receipt print --escpos DESC`` on a real loopback socket and a real pseudo-terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from escpos.printer import Dummy
from hypothesis import given
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.domain.examples import complete_registration
from kiosk.errors import UserFacingError
from kiosk.i18n import tr
from kiosk.receipts import escpos_desc, escpos_setup, service
from kiosk.receipts.escpos_desc import FORMS, describe, parse
from kiosk.receipts.escpos_out import EscposConfig
from kiosk.receipts.escpos_usb import first_thermal_printer
from kiosk.receipts.prints import print_history
from kiosk.store import Store
from tests.core.escpos_fakes import serial_printer, tcp_printer

CUT = b"\x1dV"  # GS V: python-escpos's cut


@pytest.mark.parametrize(
    ("text", "connection", "options"),
    [
        ("usb:04b8:0e15", "usb", {"idVendor": "0x04b8", "idProduct": "0x0e15"}),
        ("USB:0x04B8:0x0E15", "usb", {"idVendor": "0x04b8", "idProduct": "0x0e15"}),
        ("serial:/dev/ttyUSB0", "serial", {"devfile": "/dev/ttyUSB0", "baudrate": 9600}),
        ("serial:COM3:19200", "serial", {"devfile": "COM3", "baudrate": 19200}),
        ("tcp:192.168.1.50", "network", {"host": "192.168.1.50", "port": 9100}),
        ("tcp:printer.local:9101", "network", {"host": "printer.local", "port": 9101}),
        ("tcp:[fe80::1]:9100", "network", {"host": "fe80::1", "port": 9100}),
    ],
)
def test_descriptions_parse_and_describe_back(
    text: str, connection: str, options: dict[str, object]
) -> None:
    config = parse(text, profile="TM-T20II")
    assert (config.connection, config.options, config.profile) == (connection, options, "TM-T20II")
    assert config.name == text
    again = parse(describe(config))
    assert (again.connection, again.options) == (config.connection, config.options)


@pytest.mark.parametrize(
    "text",
    ["usb:xyz", "usb:04b8", "usb:04b8:0e15:7", "serial:", "serial:/dev/ttyS0:1234",
     "serial:COM3:", "tcp:", "tcp:host:99999", "tcp:a b", "lpt1", "Meja 1", ""],
)  # fmt: skip
def test_a_bad_description_names_the_accepted_forms_in_both_languages(text: str) -> None:
    with pytest.raises(UserFacingError) as err:
        parse(text)
    assert err.value.code == "receipts.escpos.bad_description"
    for lang in ("id", "en"):
        message = err.value.text(lang)
        assert FORMS in message and "usb:04b8:0e15" in message
    assert err.value.text("id") != err.value.text("en")


@given(st.text(max_size=40))
def test_any_text_is_a_printer_or_a_clear_message(text: str) -> None:
    try:
        config = escpos_desc.parse(text)
    except UserFacingError as exc:
        assert exc.code in ("receipts.escpos.bad_description", "receipts.escpos.no_usb_printer")
    else:
        assert config.connection in ("usb", "serial", "network")


def test_usb_colon_names_the_first_known_printer_or_says_none_is_plugged_in() -> None:
    found = first_thermal_printer()  # real pyusb, this machine's USB bus
    if found is None:
        with pytest.raises(UserFacingError) as err:
            parse("usb:")
        assert err.value.code == "receipts.escpos.no_usb_printer"
    else:
        assert parse("usb:").name == found.description


def test_saved_printers_are_what_receipt_printing_reads(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        escpos_setup.save_printer(store, parse("tcp:10.0.0.9", name="Meja 1"))
        escpos_setup.save_printer(store, parse("serial:COM4", name="Meja 2"))
        escpos_setup.save_printer(store, parse("tcp:10.0.0.7:9100", name="meja 1"))  # replaces
        names = [(c.name, describe(c)) for c in service.escpos_printers(store)]
        assert names == [("Meja 2", "serial:COM4:9600"), ("meja 1", "tcp:10.0.0.7:9100")]
        assert escpos_setup.resolve(store, "Meja 2").options["devfile"] == "COM4"
        assert escpos_setup.resolve(store, "tcp:10.0.0.8").options["host"] == "10.0.0.8"
        escpos_setup.remove_printer(store, "Meja 2")
        assert [c.name for c in escpos_setup.configured(store)] == ["meja 1"]
        with pytest.raises(UserFacingError) as err:
            escpos_setup.save_printer(store, parse("tcp:10.0.0.9", name=" "))
        assert err.value.code == "receipts.escpos.no_name"


@pytest.mark.parametrize("profile", ["TM-T20II", "default", "POS-5890"])
def test_test_page_sets_the_code_page_prints_a_qr_and_cuts(profile: str) -> None:
    device = Dummy(profile=profile)
    config = EscposConfig(name="Meja\x1b@ 1", connection="dummy", profile=profile)
    assert escpos_setup.test_print(config, device=device, lang="en") == "unknown"
    out = device.output
    assert b"Receipt printer test" in out and b"Meja?@ 1" in out  # the name's ESC is neutered
    assert b"\x1b@" not in out
    assert b"\x1bt" in out  # ESC t: the code page is set explicitly
    assert b"Rp 1.250.000" in out
    has_cutter = device.profile.supports("paperFullCut") or device.profile.supports("paperPartCut")
    end = CUT if has_cutter else b"\x1bd\x06"  # without a cutter: feed to the tear bar
    assert out.rindex(end) > out.index(b"Rp 1.250.000")  # the page ends with it


def test_test_print_over_tcp_reports_ok() -> None:
    with tcp_printer() as (printer, port):
        config = parse(f"tcp:127.0.0.1:{port}", name="Meja 1", profile="TM-T20II")
        assert escpos_setup.test_print(config) == "ok"
    assert b"Tes pencetak struk" in printer.printed and CUT in printer.printed


def test_cli_prints_on_a_network_printer_by_description(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(data_dir) as store:
        reg = store.submit(complete_registration(5), staff_id="staff-1")
    with tcp_printer() as (printer, port):
        desc = f"tcp:127.0.0.1:{port}"
        assert main(["receipt", "print", reg.reg_no, "--escpos", desc, "--layout", "58mm"]) == 0
    assert reg.reg_no.encode() in printer.printed and CUT in printer.printed
    assert reg.owner.nik.encode() not in printer.printed  # masked on paper
    assert "confirm" in capsys.readouterr().out
    with Store.open(data_dir) as store:
        (record,) = print_history(store, reg.id)
    assert (record.channel, record.printer, record.layout) == ("escpos", desc, "58mm")
    assert record.outcome == "reported_ok"  # the printer answered: online, paper adequate


def test_cli_stops_before_printing_when_the_printer_has_no_paper(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_LANG", "en")
    with Store.open(data_dir) as store:
        reg = store.submit(complete_registration(6), staff_id="staff-1")
    with tcp_printer(paper=False) as (printer, port):
        desc = f"tcp:127.0.0.1:{port}"
        assert main(["receipt", "print", reg.reg_no, "--escpos", desc]) == 2
    assert capsys.readouterr().err.strip() == tr("receipts.escpos.no_paper", "en", printer=desc)
    assert reg.reg_no.encode() not in printer.printed
    with Store.open(data_dir) as store:
        assert [r.outcome for r in print_history(store, reg.id)] == ["failed"]


def test_cli_refuses_a_bad_description_naming_the_forms(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_LANG", "en")
    with Store.open(data_dir) as store:
        reg = store.submit(complete_registration(4), staff_id="staff-1")
    assert main(["receipt", "print", reg.reg_no, "--escpos", "usb:nope"]) == 2
    err = capsys.readouterr().err
    assert "Unknown receipt printer 'usb:nope'" in err and FORMS in err
    with Store.open(data_dir) as store:
        assert print_history(store, reg.id) == []  # nothing was attempted


def test_cli_prints_on_a_serial_printer_by_description(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        reg = store.submit(complete_registration(3), staff_id="staff-1")
    with serial_printer() as (printer, path):
        desc = f"serial:{path}:19200"
        assert main(["receipt", "print", reg.reg_no, "--escpos", desc]) == 0
    assert reg.reg_no.encode() in printer.printed and CUT in printer.printed
    with Store.open(data_dir) as store:
        (record,) = print_history(store, reg.id)
    assert (record.channel, record.printer, record.outcome) == ("escpos", desc, "reported_ok")
