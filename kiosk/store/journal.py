"""Rows that accompany every registration write, in the same transaction.

- the audit log entry (who did what; details carry the registration number and version, never an
  identifier in full);
- the ``document_pages`` mirror of ``reg.documents`` (the documents part's sweep asks which page
  hashes are still referenced; the state a sweep set survives a save that keeps the page);
- the vocabulary of name words (``name_terms``) that the misspelt-name search corrects against.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.domain.model import Registration, utcnow
from kiosk.store.models import AuditRow, DocumentPageRow, NameTerm

MAX_TERM = 40  # longer "words" are noise (pasted junk), not names worth correcting towards
_WORD = re.compile(r"[^\W_]+")


def add_audit(session: Session, actor: str, action: str, target: str, **details: Any) -> None:
    session.add(
        AuditRow(
            at=utcnow(),
            actor=actor or "",
            action=action,
            target=target or "",
            details=json.dumps(details, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


def fold(text: str) -> str:
    """Case- and accent-insensitive form, as FTS5's ``unicode61 remove_diacritics 2`` sees it.

    Canonical decomposition only (NFD): FTS5 does not apply compatibility mappings, so "²" stays
    "²" there and must stay so here, or a corrected word would never match the index.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def terms(text: str) -> list[str]:
    """The words of ``text`` after folding (letters and digits; everything else separates)."""
    return _WORD.findall(fold(text))


def add_name_terms(session: Session, *names: str) -> None:
    words = {w for name in names for w in terms(name) if 3 <= len(w) <= MAX_TERM}
    if words:
        stmt = sqlite_insert(NameTerm).on_conflict_do_nothing(index_elements=["term"])
        session.execute(stmt, [{"term": w} for w in sorted(words)])


def sync_document_pages(session: Session, reg: Registration) -> None:
    wanted: dict[tuple[str, int], str] = {}
    for document in reg.documents:
        for page_no, page in enumerate(document.pages, start=1):
            if page.sha256:
                wanted[(document.id, page_no)] = page.sha256
    existing = {
        (row.document_id, row.page_no): row
        for row in session.scalars(
            select(DocumentPageRow).where(DocumentPageRow.registration_id == reg.id)
        )
    }
    for key, row in existing.items():
        if key not in wanted:
            session.delete(row)
        elif row.sha256 != wanted[key]:
            row.sha256, row.state = wanted[key], "stored"
    for (document_id, page_no), sha256 in wanted.items():
        if (document_id, page_no) not in existing:
            session.add(
                DocumentPageRow(
                    registration_id=reg.id,
                    document_id=document_id,
                    page_no=page_no,
                    sha256=sha256,
                    state="stored",
                )
            )


def version_page_rows(reg: Registration) -> list[dict[str, object]]:
    """Rows for ``version_pages``: each distinct page hash of the version, once."""
    hashes = {p.sha256 for d in reg.documents for p in d.pages if p.sha256}
    return [
        {"registration_id": reg.id, "version": reg.version, "sha256": h} for h in sorted(hashes)
    ]


def delete_document_pages(session: Session, reg_id: str) -> None:
    session.execute(delete(DocumentPageRow).where(DocumentPageRow.registration_id == reg_id))
