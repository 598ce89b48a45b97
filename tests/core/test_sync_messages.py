"""Every sync problem says what it means and what to do, in both languages (issue 12, item 9).

A person at the desk saw "(ConnectError)" and "push.conflict": technical details reach the log and
the help desk, never the screen. These tests hold every code of the sync catalogue to that, and
render real problems and errors built from real details.
"""

from __future__ import annotations

import re

import pytest

from kiosk import protocol
from kiosk.i18n import tr
from kiosk.sync.messages import (
    MESSAGES,
    CentralRefused,
    CentralUnreachable,
    NotEnrolled,
    Problem,
    SyncError,
)
from kiosk.sync.reasons import REASONS, reason_for

CLASS_NAME = re.compile(r"\b[A-Z][a-z]+[A-Z]\w*")  # ConnectError, ReadTimeout
DOTTED_CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")  # push.conflict, enroll.code_spent
CENTRAL_CODES = [v for k, v in vars(protocol).items() if k.isupper() and isinstance(v, str)]
DETAILS = [
    "ConnectError",
    "ReadTimeout",
    "HTTP 503",
    "push.conflict",
    "push.conflict the central holds other content",
    "push.invalid",
    "enroll.code_spent: this code was used",
    "bad answer",
    "sync.item.local",
    "missing on the kiosk",
    "Budi",
    "",
    *[c for c in CENTRAL_CODES if DOTTED_CODE.fullmatch(c)],
]


def technical(text: str) -> list[str]:
    return CLASS_NAME.findall(text) + DOTTED_CODE.findall(text)


@pytest.mark.parametrize("code", sorted({**MESSAGES, **REASONS}))
def test_every_code_has_both_texts_and_no_technical_names(code):
    texts = {**MESSAGES, **REASONS}[code]
    assert set(texts) == {"id", "en"} and texts["id"] and texts["en"]
    assert texts["id"] != texts["en"]
    for text in texts.values():
        assert "{detail}" not in text and not technical(text), (code, text)


@pytest.mark.parametrize("detail", DETAILS)
@pytest.mark.parametrize("code", sorted(c for c in MESSAGES if "{reason}" in MESSAGES[c]["en"]))
def test_problems_built_from_real_details_read_as_sentences(code, detail):
    params = {"reg_no": "TN249Y-20261203-0001", "version": 2, "sha": "ab12cd34ef56", "url": "x"}
    problem = Problem(code, detail=detail, **params)
    for lang in ("id", "en"):
        text = problem.text(lang)
        assert not technical(text), (detail, text)
        assert text.endswith((".", "!")) and "{" not in text
    assert problem.params["detail"] == detail  # kept for the log and the help desk


def test_errors_name_the_reason_not_the_detail():
    offline = CentralUnreachable("ConnectError")
    assert offline.params["reason"] == "sync.reason.network"
    assert "Wi-Fi" in offline.text("id") and "ConnectError" not in str(offline)
    busy = CentralUnreachable("HTTP 503")
    assert busy.params["reason"] == "sync.reason.central_busy"
    refused = CentralRefused(403, protocol.ENROLL_CODE_SPENT, "code spent")
    assert "kode baru" in refused.text("id") and "enroll" not in refused.text("en")
    enrol = SyncError("sync.enroll.refused", detail=protocol.ENROLL_CODE_EXPIRED)
    assert "kedaluwarsa" in enrol.text("id") and "expired" in enrol.text("en")


def test_not_enrolled_says_where_to_go():
    error = NotEnrolled()
    assert "Pengaturan → Sinkronisasi" in error.text("id")
    assert "Settings → Sync" in error.text("en")


def test_every_central_code_has_a_sentence_of_its_own_kind():
    unknown = [c for c in CENTRAL_CODES if DOTTED_CODE.fullmatch(c) and not c.startswith("auth.")]
    for code in unknown:
        assert reason_for(code) != "sync.reason.other", code
    assert reason_for("push.conflict") == "sync.reason.conflict"
    assert reason_for("something new") == "sync.reason.other"
    assert reason_for("ConnectError", unreachable=True) == "sync.reason.network"
    assert tr("sync.reason.other", "id") != tr("sync.reason.other", "en")
