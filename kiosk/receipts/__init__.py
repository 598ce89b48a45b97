"""Registration receipts: signed QR payloads, reportlab layouts, verification, printing.

The public API (heavy modules such as reportlab, pypdfium2 and zxing-cpp load on first use):

- :func:`render_receipt` ``(store, reg, layout="a4"|"a5"|"80mm"|"58mm", copy_no=0) -> bytes``
- :func:`verify` ``(text_or_path, known_keys) -> Verification``; keys from ``known_keys(store)``
- :func:`remember_key` ``(store, kiosk_id, key_id, public_pem)`` for keys pulled from the central
- printing and the print record: :mod:`kiosk.receipts.service` and :mod:`kiosk.receipts.prints`
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.receipts.keys import TrustedKey, known_keys, remember_key

if TYPE_CHECKING:
    from kiosk.domain.model import Registration
    from kiosk.receipts.verification import Verification
    from kiosk.store import Store

__all__ = ["TrustedKey", "known_keys", "remember_key", "render_receipt", "verify"]


def render_receipt(
    store: Store,
    reg: Registration,
    layout: str = "a4",
    copy_no: int = 0,
    *,
    issued_at: dt.datetime | None = None,
    staff_name: str | None = None,
) -> bytes:
    from kiosk.receipts.render import render_receipt as _render

    return _render(store, reg, layout, copy_no, issued_at=issued_at, staff_name=staff_name)


def verify(text_or_path: str | Path, known_keys: dict[str, TrustedKey]) -> Verification:
    from kiosk.receipts.verification import verify as _verify

    return _verify(text_or_path, known_keys)
