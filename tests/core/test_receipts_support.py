"""Shared helpers for the receipts tests (imported by the test_receipts_* modules)."""

from __future__ import annotations

import datetime as dt
import re
import socket
from pathlib import Path

import pytest

from kiosk.domain.model import (
    Business,
    DocumentRef,
    DocumentType,
    LegalForm,
    Owner,
    PageRef,
    Product,
    Registration,
    Scale,
    Status,
)
from kiosk.receipts.facts import build_facts
from kiosk.receipts.keys import TrustedKey, own_key
from kiosk.receipts.settings import ReceiptSettings
from kiosk.security.keys import KeyRing

NIK = "6471010101900001"
MARKUP_NAME = '<b>Toko & Co</b> <img src="http://x/y.png"/>'
ISSUED = dt.datetime(2026, 11, 25, 3, 20, tzinfo=dt.UTC)


def sample_registration(**business: object) -> Registration:
    reg = Registration(reg_no="K7X2-20261125-0001", status=Status.SUBMITTED)
    reg.business = Business(
        name=str(business.get("name", MARKUP_NAME)),
        legal_form=LegalForm.CV,
        scale=Scale.MIKRO,
        nib="1234567890123",
        npwp="013121660091000",
        kbli=["10792", "47211"],
    )
    reg.owner = Owner(
        nik=NIK, full_name="Siti Nurhaliza", position="Pemilik", phone="+6281234567890"
    )
    reg.address.street = "Jl. Jend. Sudirman No. 12, RT 03"
    reg.address.postal_code = "76111"
    reg.products = [
        Product(name=f"Kue lapis legit {i}", brand="Bu Siti", unit="kotak", price_idr=125_000 * i)
        for i in range(1, 4)
    ]
    reg.documents = [
        DocumentRef(doc_type=DocumentType.KTP, pages=[PageRef(sha256="a" * 64)]),
        DocumentRef(doc_type=DocumentType.NIB, pages=[PageRef(sha256="b" * 64)] * 2),
    ]
    return reg


def keyring(tmp_path: Path) -> KeyRing:
    return KeyRing.load_or_create(tmp_path / "keys")


def facts_of(reg: Registration, settings: ReceiptSettings | None = None):
    return build_facts(
        reg, kiosk_id="kiosk-1", kiosk_code="K7X2", staff_name="Budi Santoso", settings=settings
    )


def trusted(keys: KeyRing) -> dict[str, TrustedKey]:
    mine = own_key(keys, "kiosk-1")
    return {mine.key_id: mine}


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF (pypdfium2), pages joined."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        parts = []
        for page in doc:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(parts)
    finally:
        doc.close()


def squash(text: str) -> str:
    """Whitespace normalisation for comparing printed text: all whitespace removed."""
    return re.sub(r"\s+", "", text)


def printed_as_given(expected: str, extracted: str) -> bool:
    """``expected`` appears in full, or shortened: a non-empty prefix of it followed by ``…``."""
    want, have = squash(expected), squash(extracted)
    if want in have:
        return True
    head = want[:1]
    start = have.find(head)
    while start >= 0:
        k = 0
        while k < len(want) and start + k < len(have) and have[start + k] == want[k]:
            k += 1
        if k and have[start + k : start + k + 1] == "…":
            return True
        start = have.find(head, start + 1)
    return False


def block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test (use in a ``no_network`` fixture)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted while rendering a receipt")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def text_outside_page(pdf: bytes, margin: float = 0.5) -> list[str]:
    """Characters whose box reaches outside the page (should be none: nothing overflows)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    outside: list[str] = []
    try:
        for page in doc:
            width, height = page.get_size()
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                left, bottom, right, top = textpage.get_charbox(i)
                if right > left and (
                    left < -margin
                    or right > width + margin
                    or bottom < -margin
                    or top > height + margin
                ):
                    outside.append(textpage.get_text_range(i, 1))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return outside
