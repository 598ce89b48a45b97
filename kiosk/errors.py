"""Errors that are safe to show to the person at the desk.

A :class:`UserFacingError` carries a message code and parameters from the bilingual catalogue in
:mod:`kiosk.i18n`, so the UI and the CLI can show it in the user's language. Any other exception
is a bug or an environmental fault: it is logged, and the user sees a generic message.
"""

from __future__ import annotations

from typing import Any

from kiosk.i18n import Lang, tr


class UserFacingError(Exception):
    """An error whose message may be shown to staff or owners as it is."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(tr(code, "en", **params))

    def text(self, lang: Lang = "id") -> str:
        return tr(self.code, lang, **self.params)
