"""Reading the KTP (the Indonesian identity card) from a scan or a camera frame.

(The engine choice and its figures are filled in below once measured.)
"""

from __future__ import annotations

from kiosk.ocr.reader import KEYS, KtpReading, read_ktp

__all__ = ["KEYS", "KtpReading", "read_ktp"]
