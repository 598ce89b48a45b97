"""Rows that accompany every registration write, in the same transaction.

- the audit log entry (who did what; details carry the registration number and version, never an
  identifier in full);
- the ``document_pages`` mirror of ``reg.documents`` (the documents part's sweep asks which page
  hashes are still referenced; the state a sweep set survives a save that keeps the page);
- the vocabulary of name words (``name_terms``) that the misspelt-name search corrects against.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.domain.model import Registration, utcnow
from kiosk.store.audit_chain import append_many
from kiosk.store.models import DocumentPageRow, NameTerm

MAX_TERM = 40  # longer "words" are noise (pasted junk), not names worth correcting towards
_WORD = re.compile(r"[^\W_]+")


def db_time(value: dt.datetime) -> str:
    """A UTC datetime as :class:`~kiosk.store.models.UTCDateTime` stores it (naive UTC text, the
    format of SQLAlchemy's SQLite DATETIME), for the plain-SQL statements of the hot path."""
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def add_audit(session: Session, actor: str, action: str, target: str, **details: Any) -> None:
    """Append one entry to the audit chain in the session's (writing) transaction."""
    append_many(
        session.connection(),
        [
            (
                utcnow(),
                actor or "",
                action,
                target or "",
                json.dumps(details, ensure_ascii=False, sort_keys=True, default=str),
            )
        ],
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


def add_name_terms(
    session: Session, *names: str, known: frozenset[str] | set[str] = frozenset()
) -> set[str]:
    """Add the names' words to the vocabulary; ``known`` words are skipped (already stored).

    Returns the words inserted, for the caller to add to its cache once the transaction commits.
    """
    words = {w for name in names for w in terms(name) if 3 <= len(w) <= MAX_TERM} - set(known)
    if words:
        stmt = sqlite_insert(NameTerm).on_conflict_do_nothing(index_elements=["term"])
        session.connection().execute(stmt, [{"term": w} for w in sorted(words)])
    return words


def sync_document_pages(session: Session, reg: Registration) -> None:
    """Make ``document_pages`` list exactly the pages of ``reg.documents`` and the products'
    photos (``document_id`` is then the product's id), in plain SQL (a hot path).

    A page kept at its place keeps the state the documents' sweep gave it; a replaced or removed
    page's row goes.
    """
    wanted: dict[tuple[str, int], str] = {}
    for owner_id, page_no, page in reg.image_pages():  # product photos under the product's id
        if page.sha256:
            wanted[(owner_id, page_no)] = page.sha256
    conn = session.connection()
    existing = {
        (document_id, page_no): sha256
        for document_id, page_no, sha256 in conn.exec_driver_sql(
            "SELECT document_id, page_no, sha256 FROM document_pages WHERE registration_id = ?",
            (reg.id,),
        )
    }
    gone = [(reg.id, d, n) for (d, n), h in existing.items() if wanted.get((d, n)) != h]
    if gone:
        conn.exec_driver_sql(
            "DELETE FROM document_pages WHERE registration_id = ? AND document_id = ? "
            "AND page_no = ?",
            gone,
        )
    new = [(reg.id, d, n, h, "stored") for (d, n), h in wanted.items() if existing.get((d, n)) != h]
    if new:
        conn.exec_driver_sql(
            "INSERT INTO document_pages (registration_id, document_id, page_no, sha256, state) "
            "VALUES (?, ?, ?, ?, ?)",
            new,
        )


def version_page_rows(reg: Registration) -> list[dict[str, object]]:
    """Rows for ``version_pages``: each distinct page hash of the version, once."""
    hashes = {p.sha256 for _, _, p in reg.image_pages() if p.sha256}
    return [
        {"registration_id": reg.id, "version": reg.version, "sha256": h} for h in sorted(hashes)
    ]


def delete_document_pages(session: Session, reg_id: str) -> None:
    session.connection().execute(
        delete(DocumentPageRow).where(DocumentPageRow.registration_id == reg_id)
    )
