"""The core's bilingual message catalogue (Bahasa Indonesia first, English second).

The core reports problems as a code plus parameters; :func:`tr` renders them. Capabilities register
their own messages with :func:`register` at import time, so each module keeps its texts next to the
rules that produce them. Qt strings of the front end are translated with Qt's own ``.ts``/``.qm``
files; this catalogue is for messages that the core produces (validation, CLI, sync, documents).
"""

from __future__ import annotations

import os
from typing import Any, Literal

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")


def as_lang(value: object, default: Lang = "id") -> Lang:
    """``value`` as a :data:`Lang` if it names one of :data:`LANGS`, else ``default``."""
    if value == "en":
        return "en"
    if value == "id":
        return "id"
    return default


def env_lang() -> Lang:
    """The language of command-line output, from the environment.

    ``KIOSK_LANG`` (``id`` or ``en``) wins. Otherwise the first non-empty of ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG`` (POSIX precedence) decides: ``id…`` (``id_ID.UTF-8``) is Indonesian,
    any other real locale English. No locale at all, or ``C``/``POSIX`` (a service account, a
    container, Windows without these variables) means no one chose: Indonesian, the product's
    first language, as before this function read the locale.
    """
    chosen = os.environ.get("KIOSK_LANG", "").strip().lower()
    if chosen in ("id", "en"):
        return as_lang(chosen)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "").strip()
        if value:
            return _locale_lang(value)
    return "id"


def _locale_lang(value: str) -> Lang:
    """``id_ID.UTF-8``/``id``/``Indonesian_Indonesia.1252`` → id; ``C``/``POSIX`` → id (unset);
    any other locale → en. A ``LANGUAGE``-style list (``en:id``) counts by its first entry."""
    first = value.split(":", 1)[0].lower()
    base = first.split(".", 1)[0].split("@", 1)[0]
    if base in ("c", "posix", ""):
        return "id"
    if base == "id" or base.startswith(("id_", "id-", "indonesian")):
        return "id"
    return "en"


_CATALOGUE: dict[str, dict[str, str]] = {}


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add messages: ``{"code": {"id": "...", "en": "..."}}``. Both languages are required."""
    for code, texts in messages.items():
        missing = [lang for lang in LANGS if not texts.get(lang)]
        if missing:
            raise ValueError(f"message {code!r} lacks {missing}")
        existing = _CATALOGUE.get(code)
        if existing is not None and existing != texts:
            raise ValueError(f"message {code!r} registered twice with different texts")
        _CATALOGUE[code] = dict(texts)


def has(code: str) -> bool:
    return code in _CATALOGUE


def tr(code: str, lang: Lang = "id", **params: Any) -> str:
    """Render ``code`` in ``lang``; parameters fill ``{name}`` placeholders.

    Parameters that are themselves message codes (``field`` for instance) are rendered first, so a
    message can name the field in the same language.
    """
    texts = _CATALOGUE.get(code)
    if texts is None:
        return code if not params else f"{code} {params}"
    rendered = {
        key: (tr(value, lang) if isinstance(value, str) and value in _CATALOGUE else value)
        for key, value in params.items()
    }
    try:
        return texts[lang].format(**rendered)
    except (KeyError, IndexError):
        return texts[lang]


register(
    {
        "error.internal": {
            "id": "Terjadi kesalahan tak terduga. Data yang sudah tersimpan tetap aman.",
            "en": "An unexpected error occurred. Data already saved is safe.",
        },
    }
)
