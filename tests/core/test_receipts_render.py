"""Receipts as PDF: each layout has a QR that decodes and verifies; user text printed as given."""

from __future__ import annotations

import base64

import pytest

from kiosk.receipts.decode import decode_file
from kiosk.receipts.payload import PREFIX
from kiosk.receipts.render import render_pdf, sign_facts
from kiosk.receipts.settings import ReceiptSettings
from kiosk.receipts.text import ELLIPSIS, REPLACEMENT, printable, wrap
from kiosk.receipts.verification import verify
from tests.core.test_receipts_support import (
    ISSUED,
    MARKUP_NAME,
    block_network,
    facts_of,
    keyring,
    pdf_text,
    printed_as_given,
    sample_registration,
    squash,
    trusted,
)

LAYOUTS = ("a4", "a5", "80mm", "58mm")


@pytest.fixture
def no_network(monkeypatch):
    block_network(monkeypatch)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_round_trips_through_a_raster_and_verifies(layout, tmp_path, no_network):
    keys = keyring(tmp_path)
    facts = facts_of(sample_registration())
    qr_text = sign_facts(keys, facts, ISSUED, 0)
    pdf = render_pdf(facts, qr_text, layout=layout, issued_at=ISSUED)
    path = tmp_path / f"receipt-{layout}.pdf"
    path.write_bytes(pdf)

    decoded = decode_file(path)  # pypdfium2 renders the page, zxing-cpp reads the QR
    assert decoded == [qr_text]
    result = verify(path, trusted(keys))
    assert result.valid and result.claim.reg_no == facts.reg_no

    # one byte of the decoded payload changed -> invalid
    raw = bytearray(base64.urlsafe_b64decode(decoded[0][len(PREFIX) :] + "=="))
    raw[len(raw) // 3] ^= 0x40
    tampered = PREFIX + base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    assert not verify(tampered, trusted(keys)).valid


@pytest.mark.parametrize("layout", LAYOUTS)
def test_markup_in_user_text_prints_as_those_characters(layout, tmp_path, no_network):
    keys = keyring(tmp_path)
    facts = facts_of(sample_registration(name=MARKUP_NAME))
    pdf = render_pdf(facts, sign_facts(keys, facts, ISSUED, 0), layout=layout, issued_at=ISSUED)
    text = pdf_text(pdf)
    assert squash(MARKUP_NAME) in squash(text)
    assert b"/URI" not in pdf and b"/XObject" not in pdf  # no link, no image fetched or embedded
    assert "6471••••••••0001" in text and "6471010101900001" not in text
    assert facts.reg_no in text


def test_page_layout_has_the_sections_of_a_receipt(tmp_path):
    keys = keyring(tmp_path)
    settings = ReceiptSettings(
        mpp="MPP Kota Balikpapan", province="Kalimantan Timur", timezone="Asia/Makassar"
    )
    facts = facts_of(sample_registration(), settings)
    text = pdf_text(
        render_pdf(facts, sign_facts(keys, facts, ISSUED, 0), layout="a4", issued_at=ISSUED)
    )
    for expected in (
        "MPP Kota Balikpapan",
        "Kalimantan Timur",
        "TANDA TERIMA PENDAFTARAN",
        "25 November 2026 11.20 WITA",
        "1234567890123",
        "10792, 47211",
        "Rp 375.000",
        "KTP",
        "2 hlm",
        "Langkah berikutnya",
        "UU 27/2022",
        "Budi Santoso",
        "Siti Nurhaliza",
    ):
        assert expected in text, expected
    assert "013121660091000" not in text  # NPWP masked
    assert "SALINAN" not in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_reprints_are_marked_as_numbered_copies(layout, tmp_path):
    keys = keyring(tmp_path)
    facts = facts_of(sample_registration())
    qr_text = sign_facts(keys, facts, ISSUED, 3)
    text = pdf_text(render_pdf(facts, qr_text, layout=layout, copy_no=3, issued_at=ISSUED))
    assert "SALINAN / COPY #3" in text
    assert verify(qr_text, trusted(keys)).claim.copy_no == 3


def test_font_is_embedded_truetype(tmp_path):
    keys = keyring(tmp_path)
    facts = facts_of(sample_registration(name="Koperasi Ñandú Ğüzel Œuvre"))
    pdf = render_pdf(facts, sign_facts(keys, facts, ISSUED, 0), layout="a4", issued_at=ISSUED)
    assert b"/FontFile2" in pdf and b"DejaVuSans" in pdf
    assert "Koperasi Ñandú Ğüzel Œuvre" in pdf_text(pdf)


def test_long_lists_continue_on_a_second_page_instead_of_overflowing(tmp_path):
    import pypdfium2 as pdfium

    reg = sample_registration()
    reg.products = reg.products * 4  # 12 products
    reg.documents = reg.documents * 9
    keys = keyring(tmp_path)
    facts = facts_of(reg)
    pdf = render_pdf(facts, sign_facts(keys, facts, ISSUED, 0), layout="a5", issued_at=ISSUED)
    assert len(pdfium.PdfDocument(pdf)) >= 2
    text = pdf_text(pdf)
    assert "dan 6 produk lainnya" in text  # A5 lists 6 products, then a count
    assert f"{facts.reg_no} · Halaman / Page 2" in text


def test_logo_is_read_from_a_local_file_only(tmp_path, no_network):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 40), "navy").save(logo)
    keys = keyring(tmp_path)
    settings = ReceiptSettings(logo=logo)
    facts = facts_of(sample_registration(), settings)
    pdf = render_pdf(facts, sign_facts(keys, facts, ISSUED, 0), layout="a4", issued_at=ISSUED)
    assert b"/XObject" in pdf
    from kiosk.receipts.settings import local_logo

    assert local_logo("http://x/y.png") is None and local_logo(str(tmp_path / "none.png")) is None


def test_printable_makes_invisible_and_control_characters_visible():
    assert printable("a\tb\nc\r\nd") == "a b c  d"
    assert printable("Toko\x00\x07\x1b[31m\x7f") == f"Toko{REPLACEMENT * 3}[31m{REPLACEMENT}"
    assert (
        printable("zero\u200bwidth\u200d\u2060\ufeff")
        == "zero" + REPLACEMENT + "width" + REPLACEMENT * 3
    )
    assert printable("rtl\u202eevil") == f"rtl{REPLACEMENT}evil"
    assert printable("😀 kopi", glyphs={ord(c) for c in " kopi"}) == f"{REPLACEMENT} kopi"
    assert printable("<b>&amp;\"'</b>") == "<b>&amp;\"'</b>"


def test_wrap_keeps_within_width_and_marks_what_was_cut():
    lines = wrap("satu dua tiga empat lima enam", 9, len, max_lines=2)
    assert lines == ["satu dua", "tiga emp…"]
    assert all(len(line) <= 9 for line in lines)
    assert wrap("x" * 25, 10, len, max_lines=5) == ["x" * 10, "x" * 10, "x" * 5]
    assert wrap("x" * 25, 10, len, max_lines=2) == ["x" * 10, "x" * 9 + ELLIPSIS]
    assert wrap("", 10, len, max_lines=2) == [""]


def test_shortened_text_is_recognised_by_the_helper():
    assert printed_as_given("abcdef", "xx abc… yy")
    assert not printed_as_given("abcdef", "xx abd… yy")


def test_a_photo_of_a_roll_receipt_verifies(tmp_path):
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    keys = keyring(tmp_path)
    facts = facts_of(sample_registration())
    pdf = render_pdf(facts, sign_facts(keys, facts, ISSUED, 1), layout="58mm", issued_at=ISSUED)
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=150 / 72).to_pil().convert("RGB")
    # a phone photo: tilted, slightly blurred, on a grey desk, saved as JPEG
    photo = image.rotate(9, expand=True, fillcolor=(120, 120, 120))
    photo = photo.filter(ImageFilter.GaussianBlur(0.8))
    path = tmp_path / "photo.jpg"
    photo.save(path, quality=80)
    result = verify(path, trusted(keys))
    assert result.valid and result.claim.copy_no == 1
    assert not verify(path, {}).valid  # and without the key it is not confirmed


def test_files_without_a_receipt_say_why(tmp_path):
    from PIL import Image
    from reportlab.pdfgen.canvas import Canvas

    keys = keyring(tmp_path)
    blank = tmp_path / "blank.pdf"
    canvas = Canvas(str(blank))
    canvas.drawString(72, 720, "no QR here")
    canvas.save()
    assert verify(blank, trusted(keys)).code == "receipts.verify.no_qr"
    white = tmp_path / "white.png"
    Image.new("L", (200, 200), 255).save(white)
    assert verify(white, trusted(keys)).code == "receipts.verify.no_qr"
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01 not an image")
    assert verify(junk, trusted(keys)).code == "receipts.verify.unreadable"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    assert verify(broken, trusted(keys)).code == "receipts.verify.unreadable"
