"""Capture glue, presets, the checklist state and PDF assembly."""

# ruff: noqa: F811  (fixtures imported from the support module are parameters here)
from __future__ import annotations

import errno
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.documents import synthetic
from kiosk.documents import vault as vault_module
from kiosk.documents.capture import CaptureSession
from kiosk.documents.pdf import document_pdf
from kiosk.documents.presets import DEFAULT_PRESETS, Preset, PresetBook
from kiosk.documents.status import checklist_rows, document_for
from kiosk.domain.model import Business, DocumentType, LegalForm, PageRef, Registration
from kiosk.errors import UserFacingError
from kiosk.fsutil import atomic_write_bytes
from tests.core.test_documents_support import keyring, vault  # noqa: F401

PRESETS = {p.name: p for p in DEFAULT_PRESETS}


def test_disk_full_keeps_pages_in_memory_and_retry_stores_them(vault, monkeypatch) -> None:
    full = {"on": False}

    def maybe_full(path, data, mode=0o600):
        if full["on"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        atomic_write_bytes(path, data, mode)

    monkeypatch.setattr(vault_module, "atomic_write_bytes", maybe_full)
    seen = []
    session = CaptureSession(vault, PRESETS["Dokumen"], on_page=lambda ref, thumb: seen.append(ref))
    page = synthetic.a4_page(100, lines=6)
    session.add_image(page, dpi=100, origin="glass")
    full["on"] = True
    session.add_image(page.rotate(1), dpi=100, origin="glass")
    session.add_image(page.rotate(2), dpi=100, origin="glass")  # the feeder keeps going
    assert len(session.stored) == 1 and len(session.pending) == 2
    with pytest.raises(UserFacingError) as info:
        session.raise_if_pending()
    assert info.value.code == "documents.disk_full"
    with pytest.raises(UserFacingError):
        session.retry_pending()  # still full: nothing is dropped
    assert len(session.pending) == 2
    full["on"] = False
    refs = session.retry_pending()
    assert len(refs) == 2 and not session.pending and len(seen) == 3
    assert all(vault.has(r.sha256) for r in session.stored)


def test_presets_are_stored_in_settings_and_validated(data_dir: Path) -> None:
    from kiosk.store import Store

    with Store.open(data_dir) as store:
        book = PresetBook(store)
        assert [p.name for p in book.all()] == [p.name for p in DEFAULT_PRESETS]
        assert book.default_for(DocumentType.KTP).layout == "card"
        assert book.default_for(DocumentType.TKDN).name == "Dokumen"
        book.save(Preset("Sertifikat", DocumentType.TKDN, color="color", dpi=300))
        assert book.default_for(DocumentType.TKDN).name == "Sertifikat"
        with pytest.raises(UserFacingError) as info:
            book.save(Preset("Rusak", dpi=5000))
        assert info.value.code == "documents.preset.invalid" and "dpi" in info.value.text("en")
        with pytest.raises(UserFacingError):
            book.get("Tidak ada")
        raw = store.get_setting("documents.presets")
        store.set_setting("documents.presets", [*raw, {"name": "", "color": "purple"}])
        assert "Sertifikat" in [p.name for p in book.all()]  # a damaged entry hides nothing else
        book.delete("Sertifikat")
        book.reset()
        assert [p.name for p in book.all()] == [p.name for p in DEFAULT_PRESETS]


def test_checklist_rows_follow_the_legal_form_and_pages() -> None:
    reg = Registration(business=Business(legal_form=LegalForm.CV))
    rows = {r.doc_type: r for r in checklist_rows(reg, "en")}
    assert rows[DocumentType.KTP].required and rows[DocumentType.KTP].state == "missing"
    assert DocumentType.DEED_ESTABLISHMENT in rows
    document_for(reg, DocumentType.KTP).pages.append(PageRef("a" * 64))
    document_for(reg, DocumentType.TKDN).pages.append(PageRef("b" * 64))
    rows = {r.doc_type: r for r in checklist_rows(reg, "id", flagged={"b" * 64})}
    assert rows[DocumentType.KTP].summary("id").endswith("wajib — 1 halaman")
    assert rows[DocumentType.TKDN].state == "flagged" and not rows[DocumentType.TKDN].required
    sole = {
        r.doc_type
        for r in checklist_rows(Registration(business=Business(legal_form=LegalForm.PERORANGAN)))
    }
    assert DocumentType.DEED_ESTABLISHMENT not in sole


def test_pages_of_every_encoding_assemble_into_one_pdf(vault) -> None:
    import pypdfium2 as pdfium

    refs = []
    for name in ("Dokumen", "Dokumen abu-abu", "Hitam-putih", "Dokumen berwarna"):
        session = CaptureSession(vault, PRESETS[name])
        refs += session.add_image(synthetic.a4_page(150, lines=5), dpi=150, origin="glass")
    pdf = pdfium.PdfDocument(document_pdf(vault, refs, title="Akta"))
    assert len(pdf) == 4
    width, height = pdf[0].get_size()
    assert abs(width - 595) < 3 and abs(height - 842) < 3  # A4 in points: the dpi was honoured
    pdf.close()


def test_every_message_code_raised_has_both_languages() -> None:
    import re

    import kiosk.cli.documents  # noqa: F401  (registers the CLI texts)
    from kiosk import i18n
    from kiosk.config import resources_dir

    root = resources_dir().parent
    sources = [
        *(root / "kiosk" / "documents").glob("*.py"),
        root / "kiosk" / "cli" / "documents.py",
    ]
    codes = {
        code
        for path in sources
        for code in re.findall(r'"(documents\.[a-z_]+\.[a-z_.]+)"', path.read_text("utf-8"))
        if not code.endswith(".")
    }
    assert len(codes) > 20
    dynamic = {"documents.state.missing", "documents.state.present", "documents.state.flagged"}
    for code in sorted(codes | dynamic):
        assert i18n.has(code), code
        assert i18n.tr(code, "id") != i18n.tr(code, "en"), code


@settings(max_examples=40)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "doc_type",
                "layout",
                "color",
                "dpi",
                "quality",
                "source",
                "duplex",
                "multiple",
                "scan_dpi",
                "unknown",
            ]
        ),
        st.one_of(st.text(max_size=70), st.integers(-10, 5000), st.booleans(), st.none()),
    )
)
def test_stored_presets_load_or_give_a_message(data: dict) -> None:
    try:
        preset = Preset.from_dict(data)
    except UserFacingError as exc:
        assert exc.code == "documents.preset.invalid"
    else:
        assert preset.validate() is preset and Preset.from_dict(preset.to_dict()) == preset
