"""Rules for free text that people type: what is cleaned up, what is refused.

Why: text from the desk ends up in PDFs, spreadsheets, the central database and the LKPP
e-catalogue. Invisible characters (control characters, zero-width spaces, bidi overrides) make two
names look equal while they differ, break search and can disguise text in a printout, so they are
refused with a message instead of being silently removed (silent removal would store something else
than what was typed and shown).

Normalisation (:func:`normalize_text`) is NFC, stripped, and for single-line text runs of spaces
collapsed to one. It is idempotent. Checks return a message code (or ``None``) that the validation
layer turns into an :class:`~kiosk.domain.validation.Issue` naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

# Unicode categories never accepted anywhere: control (newline/tab only in multi-line text),
# format (zero-width space/joiner, bidi marks and overrides, soft hyphen), surrogates, private use,
# unassigned, line/paragraph separators.
_INVISIBLE = {"Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# Spaces (category Zs, e.g. no-break space) become one plain space; tabs and line breaks too in
# single-line text (pasted from a spreadsheet). Other whitespace-like controls stay, to be refused.
_SPACES = re.compile("[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BREAKS = re.compile(r"[\t\r\n]+")
_PERSON_PUNCT = set(".,'-’`")


class TextKind(Enum):
    """What sort of text a field holds, which decides the characters it may contain."""

    PERSON_NAME = "person_name"  # as on the KTP: letters, spaces and . , ' -
    LINE = "line"  # one line: names of businesses/products, street, bank name; no emoji
    MULTILINE = "multiline"  # descriptions: newlines and symbols allowed
    CODE = "code"  # certificate numbers and the like: letters, digits, . / - space


def normalize_text(value: str, kind: TextKind = TextKind.LINE) -> str:
    """NFC, trimmed; single-line kinds get one space between words."""
    value = unicodedata.normalize("NFC", value)
    if kind is TextKind.MULTILINE:
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(_SPACES.sub(" ", line).strip(" \t") for line in lines).strip("\n \t")
    return _SPACES.sub(" ", _BREAKS.sub(" ", value)).strip(" ")


def check_text(value: str, kind: TextKind, max_length: int, min_length: int = 0) -> str | None:
    """The message code for the first problem with (already normalised) ``value``, or ``None``.

    Codes: ``validation.text.control``, ``validation.text.invisible``, ``validation.text.symbols``,
    ``validation.text.characters``, ``validation.text.too_long``, ``validation.text.too_short``,
    ``validation.text.no_letters``.
    """
    for char in value:
        cat = unicodedata.category(char)
        if cat == "Cc" and not (kind is TextKind.MULTILINE and char in "\n\t"):
            return "validation.text.control"
        if cat in _INVISIBLE:
            return "validation.text.invisible"
        if kind is TextKind.PERSON_NAME:
            if not (cat[0] in "LM" or char == " " or char in _PERSON_PUNCT):
                return "validation.text.characters"
        elif kind is TextKind.CODE:
            if not (char.isascii() and (char.isalnum() or char in "./- ")):
                return "validation.text.characters"
        elif kind is TextKind.LINE and cat in ("So", "Sk"):
            return "validation.text.symbols"
    if len(value) > max_length:
        return "validation.text.too_long"
    if len(value) < min_length:
        return "validation.text.too_short"
    if kind is TextKind.PERSON_NAME and value and not any(c.isalpha() for c in value):
        return "validation.text.no_letters"
    return None


def fold(value: str) -> str:
    """Search form: accents removed, case folded, punctuation to spaces, apostrophes dropped.

    ``"Soka'an"`` and ``"SOKAAN"`` fold alike; ``"Lang-Lang"`` folds to ``"lang lang"``.
    """
    decomposed = unicodedata.normalize("NFKD", value)
    out: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char):
            continue
        if char in "'’`\"":
            continue
        out.append(char.casefold() if char.isalnum() else " ")
    return " ".join("".join(out).split())


def digits_only(value: str, separators: str = " .-") -> str:
    """Remove the usual separators; what remains must be checked with :func:`is_ascii_digits`."""
    value = unicodedata.normalize("NFC", value).strip()
    return "".join(c for c in value if c not in separators)


def is_ascii_digits(value: str) -> bool:
    """True for ``0-9`` only (``str.isdigit`` would also accept ``"١٢٣"`` and ``"²"``)."""
    return bool(value) and value.isascii() and value.isdigit()
