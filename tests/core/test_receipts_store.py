"""Receipts against a real store: signing with the kiosk's key, known keys, the print record,
saving PDFs, ESC/POS byte streams (python-escpos Dummy) and the ``kiosk receipt`` commands."""

from __future__ import annotations

import stat

import pytest
from escpos.printer import Dummy

from kiosk.cli import main as cli_main
from kiosk.domain.examples import complete_registration
from kiosk.errors import UserFacingError
from kiosk.receipts import known_keys, remember_key, render_receipt, service, verify
from kiosk.receipts.escpos_out import EscposConfig
from kiosk.receipts.facts import facts_for
from kiosk.receipts.prints import begin_print, confirm_print, finish_print, print_history
from kiosk.staff.accounts import create_staff
from kiosk.store import Store
from tests.core.test_receipts_support import pdf_text


@pytest.fixture
def store(data_dir):
    with Store.open(data_dir) as s:
        yield s


@pytest.fixture
def submitted(store):
    staff = create_staff(store, "budi", "Budi Santoso", "operator", "rahasia-sekali-1")
    return store.submit(complete_registration(3), staff_id=staff.id)


def test_store_receipt_is_signed_by_this_kiosk_and_names_the_staff(store, submitted, tmp_path):
    pdf = render_receipt(store, submitted, "a4")
    text = pdf_text(pdf)
    assert submitted.reg_no in text and "Budi Santoso" in text
    assert submitted.owner.nik not in text and submitted.owner.nik[:4] + "••••" in text
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    result = verify(path, known_keys(store))
    assert result.valid and result.own_kiosk and result.kiosk_id == store.kiosk_id
    assert result.claim.registration_id == submitted.id
    assert result.claim.facts_digest == facts_for(store, submitted).digest()


def test_drafts_get_no_receipt(store):
    draft = store.save_draft(complete_registration(4), staff_id="s")
    with pytest.raises(UserFacingError) as err:
        render_receipt(store, draft)
    assert err.value.code == "receipts.not_submitted"


def test_other_kiosks_receipts_verify_once_their_key_is_remembered(store, tmp_path):
    with Store.open(tmp_path / "kiosk-b") as other:
        reg = other.submit(complete_registration(5), staff_id="s")
        pdf = render_receipt(other, reg, "80mm")
        key_id, pem, other_id = (
            other.keys.signing_key_id,
            other.keys.signing_public_pem(),
            other.kiosk_id,
        )
    path = tmp_path / "b.pdf"
    path.write_bytes(pdf)
    before = verify(path, known_keys(store))
    assert not before.valid and before.code == "receipts.verify.unknown_key"
    with pytest.raises(UserFacingError):
        remember_key(store, other_id, "0123456789abcdef", pem)  # wrong key id: refused
    remember_key(store, other_id, key_id, pem)
    after = verify(path, known_keys(store))
    assert after.valid and after.kiosk_id == other_id and not after.own_kiosk


def test_copy_numbers_count_every_attempt_that_may_have_printed(store, submitted):
    first = begin_print(store, submitted, layout="a4", channel="qt", printer="HP", staff_id="a")
    assert first.copy_no == 0 and first.outcome == "sending" and first.needs_confirmation
    finish_print(store, first.id, "failed", detail="printer unplugged")
    second = begin_print(store, submitted, layout="a4", channel="qt", printer="HP", staff_id="a")
    assert second.copy_no == 0  # the failed attempt never reached a printer
    finish_print(store, second.id, "sent", job_id="7")
    confirm_print(store, second.id, printed=False, staff_id="a")
    third = begin_print(store, submitted, layout="80mm", channel="escpos", printer="T20")
    assert third.copy_no == 1  # "not printed" still counts: half a receipt may exist
    done = confirm_print(store, third.id, printed=True, staff_id="b")
    assert done.outcome == "confirmed" and done.confirmed_by == "b" and not done.needs_confirmation
    history = print_history(store, submitted.id)
    assert [(h.copy_no, h.outcome, h.printer) for h in history] == [
        (0, "failed", "HP"),
        (0, "not_printed", "HP"),
        (1, "confirmed", "T20"),
    ]


def test_saved_pdfs_are_recorded_and_later_ones_are_copies(store, submitted, tmp_path):
    first = service.save_pdf(store, submitted, tmp_path / "a.pdf", staff_id="a")
    second = service.save_pdf(store, submitted, tmp_path / "b.pdf", layout="58mm", staff_id="a")
    assert (first.copy_no, second.copy_no) == (0, 1)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o600
    assert "SALINAN" not in pdf_text((tmp_path / "a.pdf").read_bytes())
    assert "SALINAN / COPY #1" in pdf_text((tmp_path / "b.pdf").read_bytes())
    assert [h.outcome for h in print_history(store, submitted.id)] == ["saved_pdf"] * 2


def _escpos(store, reg, profile, paper):
    device = Dummy(profile=profile)
    config = EscposConfig(name="desk", connection="dummy", profile=profile)
    record, status = service.print_escpos(store, reg, config, paper=paper, device=device)
    return device.output, record, status


def test_escpos_native_qr_explicit_codepage_and_cut_at_the_end(store, submitted):
    submitted.business.name = "Toko\x1b@ <b>Ümit & Co</b>"  # ESC @ would reset a printer
    out, record, status = _escpos(store, submitted, "TM-T20II", "80mm")
    assert b"\x1bt\x13" in out  # ESC t 19: CP858 chosen explicitly for this profile
    assert b"\x1d(k" in out and b"\x1d(k\x03\x001Q0" in out  # native QR: store + print
    assert b"\x1dv0" not in out
    assert out.rstrip(b"\n").endswith((b"\x1dV\x00", b"\x1dV\x01", b"\x1dVA\x03", b"\x1dVB\x03"))
    assert b"Toko?@ <b>\x9amit & Co</b>" in out and b"Toko\x1b@" not in out
    assert submitted.reg_no.encode() in out and submitted.owner.nik.encode() not in out
    assert status == "unknown" and record.needs_confirmation and record.channel == "escpos"


def test_escpos_uses_the_code_page_configured_for_the_printer(store, submitted):
    device = Dummy(profile="TM-T20II")
    config = EscposConfig(name="desk", connection="dummy", profile="TM-T20II", codepage="CP850")
    service.print_escpos(store, submitted, config, device=device)
    assert b"\x1bt\x02" in device.output and b"\x1bt\x13" not in device.output  # CP850 = 2


def test_escpos_without_native_qr_prints_the_qr_as_an_image(store, submitted):
    out, record, _ = _escpos(store, submitted, "ZJ-5870", "58mm")  # no qrCode, no CP858
    assert b"\x1d(k" not in out and b"\x1dv0" in out
    assert b"\x1bt\x10" in out  # ESC t 16: CP1252, the best this profile has
    assert record.layout == "58mm"


def test_cli_render_verify_and_history(store, submitted, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_LANG", "en")
    out_pdf = tmp_path / "cli.pdf"
    assert (
        cli_main(["receipt", "render", submitted.reg_no, "--layout", "58mm", "-o", str(out_pdf)])
        == 0
    )
    assert out_pdf.exists()
    assert cli_main(["receipt", "verify", str(out_pdf)]) == 0
    assert f"VALID: receipt {submitted.reg_no}" in capsys.readouterr().out
    assert cli_main(["receipt", "verify", "KR1.AAAA"]) == 1
    assert "INVALID" in capsys.readouterr().out
    assert cli_main(["receipt", "history", submitted.reg_no]) == 0
    assert capsys.readouterr().out == ""  # rendered to look at: nothing counted
    issued = tmp_path / "issued.pdf"
    assert cli_main(["receipt", "render", submitted.reg_no, "--issue", "-o", str(issued)]) == 0
    assert cli_main(["receipt", "history", submitted.reg_no]) == 0
    assert "saved_pdf" in capsys.readouterr().out


def test_header_comes_from_the_halls_branding_and_logo(store, submitted):
    from PIL import Image

    branding = store.paths.root / "branding"
    branding.mkdir()
    Image.new("RGB", (64, 64), "darkgreen").save(branding / "logo.png")
    store.set_setting("branding.mpp_name", "MPP Kota Tarakan")
    store.set_setting("branding.province", "Kalimantan Utara")
    store.set_setting("branding.logo", "logo.png")
    store.set_setting("receipts.next_steps", {"id": "Tunggu WhatsApp dari kami.", "en": ""})
    pdf = render_receipt(store, submitted, "a4")
    text = pdf_text(pdf)
    assert "MPP Kota Tarakan" in text and "Kalimantan Utara" in text
    assert "Tunggu WhatsApp dari kami." in text
    assert "will review your data" in text  # English default where none is configured
    assert b"/XObject" in pdf  # the logo, read from the local branding folder
    store.set_setting("receipts.header", {"logo": "http://x/y.png"})  # URLs are never fetched
    assert b"/XObject" not in render_receipt(store, submitted, "a4")


def test_an_unreachable_network_printer_is_reported_and_nothing_counts(store, submitted):
    import socket

    with socket.socket() as probe:  # a loopback port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = EscposConfig(
        name="meja",
        connection="network",
        profile="TM-T20II",
        options={"host": "127.0.0.1", "port": port, "timeout": 2},
    )
    with pytest.raises(UserFacingError) as err:
        service.print_escpos(store, submitted, config)
    assert err.value.code == "receipts.escpos.offline" and "meja" in err.value.text("en")
    (record,) = print_history(store, submitted.id)
    assert record.outcome == "failed"
    assert begin_print(store, submitted, layout="a4", channel="qt").copy_no == 0


def test_a_corrected_version_gets_its_own_original(store, submitted):
    begin_print(store, submitted, layout="a4", channel="qt")
    assert begin_print(store, submitted, layout="a4", channel="qt").copy_no == 1
    submitted.business.name = "CV Roti Sebengkok Baru"
    corrected = store.correct(submitted, reason="nama usaha", staff_id="s")
    assert corrected.version == 2
    assert begin_print(store, corrected, layout="a4", channel="qt").copy_no == 0


class FakeNetworkPrinter:
    """A TCP ESC/POS printer on loopback: records the bytes, answers real-time status requests
    (DLE EOT 1 / DLE EOT 4) with "online, paper present" like a real printer does."""

    def __init__(self) -> None:
        import socket
        import threading

        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)  # accept() wakes up to notice close()
        self.port = self.server.getsockname()[1]
        self.stopped = threading.Event()
        self.received = bytearray()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(10)
            with conn:
                data, answered = bytearray(), 0
                while chunk := conn.recv(65536):
                    data += chunk
                    asked = data.count(b"\x10\x04\x01") + data.count(b"\x10\x04\x04")
                    conn.sendall(b"\x12" * (asked - answered))
                    answered = asked
                self.received += data

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        self.server.close()


def test_network_printer_that_reports_status_needs_no_question(store, submitted):
    printer = FakeNetworkPrinter()
    try:
        config = EscposConfig(
            name="meja",
            connection="network",
            profile="TM-T20II",
            options={"host": "127.0.0.1", "port": printer.port, "timeout": 5},
        )
        record, status = service.print_escpos(store, submitted, config)
    finally:
        printer.close()
    assert status == "ok" and record.outcome == "reported_ok" and not record.needs_confirmation
    assert submitted.reg_no.encode() in printer.received and b"\x1d(k" in printer.received
