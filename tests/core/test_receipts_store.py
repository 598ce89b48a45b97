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
from kiosk.security.accounts import create_staff
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
    assert "saved_pdf" in capsys.readouterr().out
