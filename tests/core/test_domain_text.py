"""Free-text rules: normalisation is idempotent; invisible characters are refused, not removed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from kiosk.text import TextKind, check_text, fold, normalize_text
from tests.core.test_domain_nasty import nasty_text


@pytest.mark.parametrize(
    ("kind", "raw", "normal"),
    [
        (TextKind.LINE, "  Toko\u00a0 Maju\tJaya \n", "Toko Maju Jaya"),
        (TextKind.LINE, "Cafe\u0301", "Café"),
        (TextKind.MULTILINE, "a  b\r\n\r\n  c\t\rd ", "a b\n\nc\nd"),
        (TextKind.PERSON_NAME, " siti   aminah ", "siti aminah"),
    ],
)
def test_normalize(kind: TextKind, raw: str, normal: str) -> None:
    assert normalize_text(raw, kind) == normal


@pytest.mark.parametrize(
    ("value", "kind", "code"),
    [
        ("a\u200bb", TextKind.LINE, "validation.text.invisible"),
        ("a\u202eb", TextKind.MULTILINE, "validation.text.invisible"),
        ("a\x1cb", TextKind.LINE, "validation.text.control"),
        ("a\nb", TextKind.LINE, "validation.text.control"),  # only after normalisation is skipped
        ("a\nb", TextKind.MULTILINE, None),
        ("a😀", TextKind.LINE, "validation.text.symbols"),
        ("a😀", TextKind.MULTILINE, None),
        ("Nasi'ah binti Umar", TextKind.PERSON_NAME, None),
        ("Robert'); DROP TABLE x;--", TextKind.PERSON_NAME, "validation.text.characters"),
        ("Robert'); DROP TABLE x;--", TextKind.LINE, None),  # stored as text, never as SQL
        ("1234/SJ-IND.8/TKDN/11/2025", TextKind.CODE, None),
        ("１２３", TextKind.CODE, "validation.text.characters"),
        ("...", TextKind.PERSON_NAME, "validation.text.no_letters"),
    ],
)
def test_check_text(value: str, kind: TextKind, code: str | None) -> None:
    assert check_text(value, kind, 100) == code


def test_fold() -> None:
    assert fold("Soka'an") == fold("SOKAAN") == "sokaan"
    assert fold("Lang-Lang") == "lang lang"
    assert fold("Cé  LINE") == "ce line"


@settings(max_examples=2000)
@given(nasty_text())
def test_normalisation_is_idempotent_and_accepted_text_has_nothing_invisible(text: str) -> None:
    for kind in TextKind:
        once = normalize_text(text, kind)
        assert normalize_text(once, kind) == once
        if check_text(once, kind, 20_000) is None:
            assert "\u200b" not in once and "\u202e" not in once and "\x00" not in once
    assert fold(fold(text)) == fold(text)
