"""Assemble a document's pages into one PDF (img2pdf: the JPEG/PNG data goes in unchanged, so
the PDF is as small as the pages and nothing is re-compressed). Done on demand, in memory: the
assembled PDF holds plaintext, so it is only written where the user asked (``kiosk scan -o``).
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.documents.vault import Vault
from kiosk.domain.model import PageRef


def images_to_pdf(images: Iterable[bytes], title: str = "") -> bytes:
    import img2pdf

    pages = list(images)
    if not pages:
        raise ValueError("a PDF needs at least one page")
    kwargs = {"title": title} if title else {}
    return img2pdf.convert(pages, **kwargs)


def document_pdf(vault: Vault, pages: Iterable[PageRef], title: str = "") -> bytes:
    return images_to_pdf((vault.get(page.sha256) for page in pages), title)
