"""The NIK from its readings: digits only, checked by its structure, never guessed.

A NIK is ``PPRRSS DDMMYY NNNN``: the district where it was issued (province, regency, district),
the birth date (women: day + 40) and a serial. Every reading of the NIK line (the line as read
with the card's text, and the line read again alone with the digit set only, grey and in black
and white) is turned into digits (letters OCR confuses with digits are mapped first: ``O``→0,
``I``/``l``→1, ``S``→5, …) and kept only if the engine was confident (:data:`MIN_CONFIDENCE`)
and it is *plausible*: 16 digits, a regency code that exists in the reference data, a birth date
that exists (:func:`kiosk.domain.ids.nik_facts`) and a serial other than 0000.

The choice: when the plausible readings all agree, that NIK is offered; when two plausible
readings differ, none is (the serial has no check digit, so nothing could say which is right,
and an unreadable NIK costs the person at the desk sixteen keystrokes while a wrong one costs a
registration under somebody else's number). The confidence is the engines' and is lowered when
only one reading was plausible.
"""

from __future__ import annotations

from dataclasses import dataclass

_CONFUSED = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "i": "1", "L": "1"}
    | {"S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6", "b": "6", "T": "7", "?": "7"}
)


# A reading the engine itself doubts (Tesseract's word confidence below 60 %) is no reading: on the
# generated cards every wrong but plausible reading scored below it, most right ones above.
MIN_CONFIDENCE = 0.6


@dataclass(frozen=True)
class NikChoice:
    nik: str | None
    confidence: float
    readings: int  # how many plausible readings agreed


def as_digits(text: str) -> str:
    """A reading → its digits, with letters read for digits mapped back."""
    return "".join(c for c in text.translate(_CONFUSED) if c.isdigit() and c.isascii())


def plausible(number: str) -> bool:
    """16 digits, an existing regency, a birth date that exists, a serial other than 0000."""
    from kiosk.domain.ids import nik_facts
    from kiosk.domain.issues import FieldError
    from kiosk.domain.reference_rules import reference

    if len(number) != 16 or number[12:] == "0000":
        return False
    if reference().region(f"{number[:2]}.{number[2:4]}") is None:
        return False
    try:
        nik_facts(number)
    except FieldError:
        return False
    return True


def choose(readings: list[tuple[str, float]]) -> NikChoice:
    """The NIK the readings ``[(text, confidence)]`` agree on, or none (see the docstring)."""
    votes: dict[str, list[float]] = {}
    for text, confidence in readings:
        number = as_digits(text)
        if confidence >= MIN_CONFIDENCE and plausible(number):
            votes.setdefault(number, []).append(confidence)
    if len(votes) != 1:
        return NikChoice(None, 0.0, 0)
    ((number, confs),) = votes.items()
    confidence = max(confs) if len(confs) > 1 else 0.6 * confs[0]
    return NikChoice(number, round(min(1.0, confidence), 3), len(confs))
