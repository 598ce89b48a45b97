"""File import: good JPEG/PNG/TIFF/PDF files, and every kind of bad file with its message."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk.documents import importer, synthetic
from kiosk.documents.capture import CaptureSession, import_into
from kiosk.documents.presets import DEFAULT_PRESETS
from kiosk.errors import UserFacingError
from tests.core.test_documents_support import files_under, jpeg_bytes, keyring, vault  # noqa: F401

PRESETS = {p.name: p for p in DEFAULT_PRESETS}


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bomb_png(side: int = 30_000) -> bytes:
    """A valid 1-bit PNG of side × side pixels: ~100 KB on disk, 900 megapixels decoded."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    z = zlib.compressobj(9)
    body = b"".join(z.compress(row * 1000) for _ in range(side // 1000)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", body)
        + _png_chunk(b"IEND", b"")
    )


def _pdf(path: Path, pages: int = 2, password: str | None = None) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    encrypt = pdfencrypt.StandardEncryption(password, canPrint=0) if password else None
    c = canvas.Canvas(str(path), encrypt=encrypt)
    for n in range(pages):
        c.setFont("Helvetica", 14)
        c.drawString(72, 760, f"AKTA PENDIRIAN KOPERASI halaman {n + 1}")
        c.showPage()
    c.save()
    return path


def _session(vault):
    return CaptureSession(vault, PRESETS["Dokumen"])


def test_jpeg_png_and_multipage_tiff_import(tmp_path: Path, vault) -> None:
    page = synthetic.a4_page(150, lines=8)
    (tmp_path / "a.jpg").write_bytes(jpeg_bytes(page, dpi=150))
    page.save(tmp_path / "b.png", dpi=(150, 150))
    frames = [page, page.rotate(90, expand=True), page.convert("L")]
    frames[0].save(tmp_path / "c.tif", save_all=True, append_images=frames[1:], dpi=(150, 150))
    session = _session(vault)
    assert len(import_into(session, tmp_path / "a.jpg")) == 1
    assert len(import_into(session, tmp_path / "b.png")) == 1
    assert len(import_into(session, tmp_path / "c.tif")) == 3
    assert [p.dpi for p in session.stored] == [150] * 5
    assert all(vault.get(p.sha256)[:4] == b"\x89PNG" for p in session.stored)


def test_pdf_pages_are_rendered(tmp_path: Path, vault) -> None:
    opened = importer.open_file(_pdf(tmp_path / "akta.pdf", 3))
    assert (opened.kind, opened.page_count) == ("pdf", 3)
    session = _session(vault)
    refs = import_into(session, tmp_path / "akta.pdf")
    assert len(refs) == 3 and all(r.dpi == 200 and r.height > r.width for r in refs)
    from tests.core.test_documents_support import ocr

    img = Image.open(io.BytesIO(vault.get(refs[1].sha256)))
    assert "halaman 2" in ocr(img.crop((0, 0, img.width, img.height // 6)))


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good_jpeg = jpeg_bytes(synthetic.a4_page(100, lines=5), dpi=100)
    png = io.BytesIO()
    synthetic.id_card(100).save(png, "PNG")
    ok_pdf = _pdf(tmp_path / "ok.pdf").read_bytes()
    cases = {
        "empty.jpg": (b"", "documents.file.empty"),
        "notes.txt": (b"just some text, not an image", "documents.file.unsupported"),
        "half.jpg": (good_jpeg[: len(good_jpeg) // 2], "documents.image.corrupt"),
        "cut.png": (png.getvalue()[:-300], "documents.image.corrupt"),
        "header-only.png": (png.getvalue()[:40], "documents.image.corrupt"),
        "bomb.png": (bomb_png(), "documents.image.too_large"),
        "locked.pdf": (
            _pdf(tmp_path / "l.pdf", password="rahasia").read_bytes(),
            "documents.pdf.encrypted",
        ),
        "broken.pdf": (ok_pdf[:200], "documents.pdf.corrupt"),
        "garbage.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 20, "documents.pdf.corrupt"),
    }
    out = {}
    for name, (data, code) in cases.items():
        (tmp_path / name).write_bytes(data)
        out[name] = (tmp_path / name, code)
    return out


def test_every_bad_file_gets_its_message_and_changes_nothing(tmp_path: Path, vault) -> None:
    session = _session(vault)
    page = synthetic.a4_page(150, lines=8)
    page.save(tmp_path / "good.png", dpi=(150, 150))
    kept = import_into(session, tmp_path / "good.png")
    before = {p: p.read_bytes() for p in files_under(vault.folder)}
    for name, (path, code) in _bad_files(tmp_path).items():
        with pytest.raises(UserFacingError) as info:
            import_into(session, path)
        assert info.value.code == code, name
        text_id, text_en = info.value.text("id"), info.value.text("en")
        assert name in text_id and name in text_en and text_id != text_en
        assert "{" not in text_id + text_en
    assert session.stored == kept and not session.pending  # what was captured is still there
    assert {p: p.read_bytes() for p in files_under(vault.folder)} == before
    assert vault.get(kept[0].sha256)


def test_bomb_is_refused_from_the_header_without_decoding(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb_png())
    with pytest.raises(UserFacingError) as info:
        importer.open_file(path)
    assert "900 megapixels; at most 80" in info.value.text("en")
    assert "900 megapiksel" in info.value.text("id")


def _samples() -> dict[str, bytes]:
    page = synthetic.a4_page(40, lines=3)
    jpeg, png, tif = io.BytesIO(), io.BytesIO(), io.BytesIO()
    page.save(jpeg, "JPEG")
    page.save(png, "PNG")
    page.save(tif, "TIFF", save_all=True, append_images=[page])
    return {"jpeg": jpeg.getvalue(), "png": png.getvalue(), "tiff": tif.getvalue()}


SAMPLES = _samples()


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(sorted(SAMPLES)),
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(1, 255)), max_size=4),
)
def test_damaged_files_only_ever_give_documents_messages(kind: str, cut: float, flips) -> None:
    data = bytearray(SAMPLES[kind][: max(1, int(len(SAMPLES[kind]) * (0.2 + 0.8 * cut)))])
    for where, xor in flips:
        data[int(where * (len(data) - 1))] ^= xor
    try:
        opened = importer.open_bytes(bytes(data), f"scan.{kind}")
        for source in opened.pages():
            assert source.image.size[0] > 0
    except UserFacingError as exc:
        assert exc.code.startswith("documents.") and "scan." in exc.text("id")


def test_origin_of_image_files(tmp_path: Path) -> None:
    page = synthetic.a4_page(60, lines=3)
    page.save(tmp_path / "scan.png", dpi=(300, 300))
    page.save(tmp_path / "screenshot.png")
    photo, _ = synthetic.photo_of(page, size=(800, 600))
    Image.fromarray(photo).save(tmp_path / "phone.jpg")
    origins = {
        name: next(importer.open_file(tmp_path / name).pages()).origin
        for name in ("scan.png", "screenshot.png", "phone.jpg")
    }
    assert origins == {"scan.png": "glass", "screenshot.png": "digital", "phone.jpg": "photo"}
