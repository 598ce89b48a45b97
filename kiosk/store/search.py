"""Finding registrations: by number, by identifier, by name (also misspelt), and duplicates.

1. A registration number (``KODE-YYYYMMDD-NNNN``) is looked up exactly.
2. NIK, NIB, NPWP and phone numbers are normalised by the domain's rules and looked up through
   their blind indexes (exact only: the numbers are not stored, so a partial number finds nothing,
   on purpose).
3. Names: first the business or owner names that *start* with the text (an FTS5 phrase anchored
   with ``^``, the last word a prefix), then FTS5 matches anywhere in business name, owner name
   and registration number, every word required and the last one a prefix (``"sumber" "mak"*``:
   the person is still typing). Words are quoted, so FTS syntax in the text (``OR``, ``*``,
   quotes) is searched for, not obeyed.
4. Nothing found by name? The words are corrected against the vocabulary of name words
   (``name_terms``) with rapidfuzz and the FTS query runs again with the candidates; the hits are
   ranked by rapidfuzz's similarity to the whole text. "Sumbr Makmur" finds "Sumber Makmur".

Why ``unicode61`` with prefix indexes and a word vocabulary rather than the trigram tokenizer:
trigram MATCH needs every trigram of the text, so a misspelling finds nothing and an OR of
trigrams ranks the whole table for common fragments ("mak", "jay"); Indonesian business names
reuse a small vocabulary, so correcting the *words* (a few thousand at 100,000 registrations)
and then asking the index is both faster and better ranked (see ``bench/bench_store.py``).

Candidates are taken newest first (``ORDER BY rowid DESC`` is an index walk in FTS5, where bm25
ranking would score every match) and ranked in Python: names starting with the text first.
"""

from __future__ import annotations

import re
import string

from sqlalchemy import Integer, column, select, text
from sqlalchemy.orm import Session

from kiosk.domain.model import Registration
from kiosk.store.core import StoreCore
from kiosk.store.identifiers import FIELDS, blind_indexes, query_indexes
from kiosk.store.journal import MAX_TERM, fold, terms
from kiosk.store.models import NameTerm, RegistrationRow
from kiosk.store.numbering import looks_like_reg_no
from kiosk.store.reads import SUMMARY_COLUMNS, summary_of
from kiosk.store.records import Duplicate, Summary

FUZZY_CUTOFF = 70  # rapidfuzz ratio (0-100) for a vocabulary word to count as a correction
RANK_CUTOFF = 55  # WRatio of the whole text against a name for a fuzzy hit to be shown
MAX_CHUNK = 64  # longer chunks are cut and searched as a prefix
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_BIDX_COLUMNS = {
    "nik": RegistrationRow.nik_bidx,
    "nib": RegistrationRow.nib_bidx,
    "npwp": RegistrationRow.npwp_bidx,
    "phone": RegistrationRow.phone_bidx,
}


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _match_expressions(query: str) -> tuple[str, str]:
    """Two FTS5 queries for ``query``: a business or owner name that *starts* with the text (a
    phrase anchored with ``^``, last word a prefix), and every chunk anywhere (the last chunk, and
    any chunk cut to :data:`MAX_CHUNK`, a prefix). Chunks are quoted, so FTS syntax in the text is
    searched for, not run, and FTS5 tokenizes each chunk itself. Only ASCII white space splits
    chunks: unicode61 treats control, format and unassigned characters as parts of tokens, and a
    split there would never match. NUL becomes a space (FTS5's query parser stops at it)."""
    cleaned = query.replace("\x00", " ")
    chunks = [c for c in _ASCII_SPACE.split(cleaned) if c.strip(string.punctuation)][:12]
    parts = []
    for index, chunk in enumerate(chunks):
        cut = len(chunk) > MAX_CHUNK
        prefix = cut or index == len(chunks) - 1
        parts.append(_quote(chunk[:MAX_CHUNK]) + ("*" if prefix else ""))
    starts = ""
    if chunks and all(len(c) <= MAX_CHUNK for c in chunks):
        starts = "{business_name owner_name} : ^" + _quote(" ".join(chunks)) + "*"
    return starts, " ".join(parts)


def _fts_rows(session: Session, query: str, limit: int) -> list[Summary]:
    matching = text(
        "SELECT rowid FROM registrations_fts WHERE registrations_fts MATCH :q "
        "ORDER BY rowid DESC LIMIT :n"
    ).columns(column("rowid", Integer))
    rows = session.execute(
        select(*SUMMARY_COLUMNS)
        .where(RegistrationRow.num.in_(matching))
        .order_by(RegistrationRow.num.desc()),
        {"q": query, "n": limit},
    ).all()
    return [summary_of(r) for r in rows]


class SearchMixin(StoreCore):
    """``Store.search`` and ``Store.find_duplicates``."""

    _vocabulary: tuple[int, list[str], frozenset[str]] = (-1, [], frozenset())

    def search(self, text_: str, limit: int = 50) -> list[Summary]:
        # Text that is not valid Unicode (a lone surrogate from a broken paste) cannot be sent to
        # SQLite; it cannot be in a stored name either, so it is dropped from the query.
        query = (text_ or "").encode("utf-8", "ignore").decode("utf-8").strip()
        if not query or limit <= 0:
            return []
        found: dict[str, Summary] = {}
        with self._read() as session:
            if looks_like_reg_no(query):
                for row in session.execute(
                    select(*SUMMARY_COLUMNS).where(RegistrationRow.reg_no == query.upper())
                ):
                    found.setdefault(row.id, summary_of(row))
            for kind, bidx in query_indexes(self.keys, query).items():
                for row in session.execute(
                    select(*SUMMARY_COLUMNS)
                    .where(_BIDX_COLUMNS[kind] == bidx)
                    .order_by(RegistrationRow.num.desc())
                    .limit(limit)
                ):
                    found.setdefault(row.id, summary_of(row))
            words = terms(query)[:12]
            is_number = not any(ch.isalpha() for ch in query)
            if words and len(found) < limit and not (found and is_number):
                for hit in self._name_hits(session, query, words, limit):
                    found.setdefault(hit.id, hit)
        return list(found.values())[:limit]

    def _name_hits(
        self, session: Session, query: str, words: list[str], limit: int
    ) -> list[Summary]:
        # The text's own chunks, quoted: FTS5 tokenizes a quoted string with the index's tokenizer,
        # so what matches is decided by one tokenizer, not by an imitation of it.
        pool = min(max(limit * 2, 50), 200)
        hits: list[Summary] = []
        starts, anywhere = _match_expressions(query)
        if starts:  # names that start with the text: the best answers, found directly
            hits = _fts_rows(session, starts, limit)
        if anywhere and len(hits) < limit:
            seen = {h.id for h in hits}
            more = [h for h in _fts_rows(session, anywhere, pool) if h.id not in seen]
            hits += _rank(query, more, fuzzy=False)
        if hits:
            return hits[:limit]
        corrected = self._corrections(session, words)
        if not corrected:
            return []
        groups = ["(" + " OR ".join(_quote(c) for c in options) + ")" for options in corrected]
        hits = _fts_rows(session, " AND ".join(groups), pool)
        if not hits and len(groups) > 1:
            hits = _fts_rows(session, " OR ".join(groups), pool)
        return _rank(query, hits, fuzzy=True)[:limit]

    def _corrections(self, session: Session, words: list[str]) -> list[list[str]]:
        from rapidfuzz import fuzz, process

        vocabulary, known = self._load_vocabulary(session)
        corrected = []
        for word in words:
            if word in known:
                corrected.append([word])
                continue
            if not 3 <= len(word) <= MAX_TERM or word.isdigit():
                continue  # numbers are not misspelt names
            matches = process.extract(
                word, vocabulary, scorer=fuzz.ratio, limit=5, score_cutoff=FUZZY_CUTOFF
            )
            if matches:
                corrected.append([m[0] for m in matches])
        return corrected

    def _load_vocabulary(self, session: Session) -> tuple[list[str], frozenset[str]]:
        marker = session.scalar(text("SELECT max(rowid) FROM name_terms")) or 0
        cached_marker, words, known = self._vocabulary
        if marker != cached_marker:
            words = list(session.scalars(select(NameTerm.term)))
            known = frozenset(words)
            self._vocabulary = (marker, words, known)
        return words, known

    def find_duplicates(self, reg: Registration) -> list[Duplicate]:
        """Other registrations on this kiosk with the same NIK, NIB or NPWP."""
        indexes = blind_indexes(self.keys, reg)
        duplicates: list[Duplicate] = []
        with self._read() as session:
            for kind in ("nik", "nib", "npwp"):
                bidx = indexes.get(kind)
                if not bidx:
                    continue
                rows = session.execute(
                    select(*SUMMARY_COLUMNS)
                    .where(_BIDX_COLUMNS[kind] == bidx, RegistrationRow.id != reg.id)
                    .order_by(RegistrationRow.num.desc())
                ).all()
                duplicates.extend(Duplicate(FIELDS[kind], summary_of(r)) for r in rows)
        return duplicates


def _rank(query: str, hits: list[Summary], *, fuzzy: bool) -> list[Summary]:
    """Names that start with the text first, then names with a word starting with it; fuzzy hits
    by rapidfuzz's similarity (those below :data:`RANK_CUTOFF` are dropped). Stable: newest first
    among equals."""
    folded = fold(query)
    if not fuzzy:

        def key(hit: Summary) -> int:
            names = (fold(hit.business_name), fold(hit.owner_name))
            if any(name.startswith(folded) for name in names):
                return 0
            return 1 if any(f" {folded}" in name for name in names) else 2

        return sorted(hits, key=key)
    if not hits:
        return []
    from rapidfuzz import fuzz, process

    names = [fold(h.business_name) for h in hits] + [fold(h.owner_name) for h in hits]
    scores = [0.0] * len(names)
    # One C loop over all names (process.extract; cdist would pull in numpy).
    for _name, score, index in process.extract(folded, names, scorer=fuzz.WRatio, limit=None):
        scores[index] = score
    best = [max(scores[i], scores[i + len(hits)]) for i in range(len(hits))]
    ranked = sorted(zip(best, range(len(hits)), strict=True), key=lambda p: (-p[0], p[1]))
    return [hits[i] for score, i in ranked if score >= RANK_CUTOFF]
