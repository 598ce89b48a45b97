"""Masking personal data out of text bound for the help desk (log files in the doctor's ZIP).

Log lines are meant to carry no personal data already (``kiosk/domain/mask.py``); this is the
second line of defence for what slipped through (an exception message quoting a value, an old
log from before a fix). What goes:

- every run of digits that holds six or more digits, also written with spaces, dots, dashes or
  slashes between groups: NIK (16), NIB (13), NPWP (15/16), phone and bank account numbers;
- e-mail addresses;
- every word of a business, owner or staff name stored on this kiosk (the plaintext name
  columns the search needs), case-insensitively, words of three letters or more.

What stays, so the log still tells a story: timestamps (``2026-12-03 02:20:48,123``),
registration numbers (``TNJ1-20261126-0001``: not personal, and the help desk asks for them),
record UUIDs and page hashes, IPv4 addresses, versions, short counts.

Over-masking is accepted (a business called "Data Jaya" masks the word "data" in a log); under-
masking is not. When the stored names cannot be read (a damaged database) :func:`names_from`
raises and the caller leaves the logs out instead of sending them half-masked.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

NAME_MASK = "<nama>"
NUMBER_MASK = "<angka>"
EMAIL_MASK = "<email>"
MIN_DIGITS = 6
MIN_NAME_LETTERS = 3

_TOKEN = re.compile(
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<keep>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"  # timestamps
    r"|\b[A-Z0-9]{2,12}-\d{8}-\d{4}\b"  # registration numbers
    r"|\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b|\b[0-9a-f]{32,}\b"  # UUIDs, hashes
    r"|\b\d{1,3}(?:\.\d{1,3}){3}\b(?![.\-/ ]?\d))"  # IPv4 addresses
    r"|(?P<number>\+?\d(?:[\d .\-/]*\d)?)"
    r"|(?P<word>[^\W\d_]+)"
)
_WORDS = re.compile(r"[^\W\d_]+")
_NAME_QUERIES = {
    "registrations": "SELECT business_name, owner_name FROM registrations",
    "staff": "SELECT full_name, '' FROM staff",
}


def name_words(names: Iterable[str]) -> set[str]:
    """The case-folded words of ``names`` that are long enough to mask."""
    return {
        word.casefold()
        for name in names
        for word in _WORDS.findall(name or "")
        if len(word) >= MIN_NAME_LETTERS
    }


def names_from(conn: sqlite3.Connection) -> set[str]:
    """The name words stored in the kiosk's database (raises ``sqlite3.Error`` if unreadable)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    found: list[str] = []
    for table, query in _NAME_QUERIES.items():
        if table in tables:
            for first, second in conn.execute(query):
                found.extend((str(first or ""), str(second or "")))
    return name_words(found)


@dataclass
class Scrubber:
    """Masks text; ``counts`` tells how much it masked (for the bundle's manifest)."""

    names: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: {"numbers": 0, "emails": 0, "names": 0})

    def _replace(self, match: re.Match[str]) -> str:
        kind, text = match.lastgroup, match.group()
        if kind == "email":
            self.counts["emails"] += 1
            return EMAIL_MASK
        if kind == "number" and sum(c.isdigit() for c in text) >= MIN_DIGITS:
            self.counts["numbers"] += 1
            return NUMBER_MASK
        if kind == "word" and text.casefold() in self.names:
            self.counts["names"] += 1
            return NAME_MASK
        return text

    def scrub(self, text: str) -> str:
        return _TOKEN.sub(self._replace, text)
