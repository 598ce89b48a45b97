"""The receipts part's tables (created by migration ``0004_receipts``).

- ``receipt_prints``: every print, reprint and PDF save of a receipt: who, when, on which printer,
  through which channel, the copy number printed on it and what became of it. A row is written
  *before* the job is sent (outcome ``sending``) and updated after, so a crash mid-print still
  leaves a trace and the next print is marked as a copy.
- ``receipt_known_keys``: public keys of other kiosks (pulled from the central by the sync part
  through :func:`kiosk.receipts.keys.remember_key`) so this kiosk can verify their receipts.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.base import Base

#: outcomes of a print: being sent; sent to a queue/printer; the CUPS job completed (handed to the
#: printer, paper not proven); the ESC/POS printer itself reported online with paper after the job
#: (``reported_ok``); staff confirmed the paper; staff said it did not print; sending failed; saved
#: as PDF (no paper involved).
OUTCOMES = (
    "sending",
    "sent",
    "completed",
    "reported_ok",
    "confirmed",
    "not_printed",
    "failed",
    "saved_pdf",
)


class ReceiptPrint(Base):
    __tablename__ = "receipt_prints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    registration_id: Mapped[str] = mapped_column(String(36), index=True)
    reg_no: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    copy_no: Mapped[int] = mapped_column(Integer)
    layout: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16))  # cups | escpos | qt | pdf
    printer: Mapped[str] = mapped_column(String(200), default="")
    staff_id: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC
    outcome: Mapped[str] = mapped_column(String(16))
    job_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[str] = mapped_column(String(40))
    confirmed_by: Mapped[str] = mapped_column(String(64), default="")


class KnownKey(Base):
    __tablename__ = "receipt_known_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    public_pem: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="central")
    added_at: Mapped[str] = mapped_column(String(40))
