"""How an audit entry's texts are made safe before they are written: actor, target, details.

Typed usernames from a failed log-in are user input and must not smuggle control characters or
huge strings into the log (and from there into an export): every text passes :func:`neutral`, and
details become sorted JSON of plain values (:func:`details_text`). Both writers of the log use
this, :mod:`kiosk.staff.audit` (the store's sessions) and :mod:`kiosk.staff.early_login` (the
log-in before the store opens), so their entries cannot differ. Standard library only.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from typing import Any

ACTOR_MAX = 64
TARGET_MAX = 64


def neutral(text: object, limit: int = 200) -> str:
    """``text`` without control/format characters, single-line, at most ``limit`` characters."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in str(text)
    )
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def details_text(details: dict[str, Any] | None) -> str:
    safe: dict[str, Any] = {}
    for key, value in (details or {}).items():
        if isinstance(value, bool | int | float) or value is None:
            safe[neutral(key, 64)] = value
        else:
            safe[neutral(key, 64)] = neutral(value, 500)
    return json.dumps(safe, ensure_ascii=False, sort_keys=True)


def entry(
    actor: str, action: str, target: str, details: dict[str, Any] | None, at: dt.datetime
) -> tuple[dt.datetime, str, str, str, str]:
    """``(at, actor, action, target, details)`` as :func:`kiosk.store.audit_chain.append_many`
    takes it, every text made safe."""
    return (
        at,
        neutral(actor, ACTOR_MAX) or "?",
        neutral(action, 64),
        neutral(target, TARGET_MAX),
        details_text(details),
    )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
