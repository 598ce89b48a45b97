"""The intake part's tables (created by migration ``0007_intake_sessions``).

- ``intake_sessions``: one offline intake session (a team at a market or village hall). ``day`` is
  the local date in the kiosk's zone (ISO), ``team`` the members' names joined by ``"; "``,
  ``target_list`` the district list the session works through (the ``origin_list`` of its drafts,
  ``""`` for none) and ``target_count`` the number of registrations aimed at (0: none). A session
  is open while ``closed_at`` is NULL; at most one is open (checked under the write lock).
- ``receipts_to_send``: field mode's "send receipt later" list, one row per registration whose
  receipt PDF was saved to be sent to the owner's phone; ``sent_at`` is set when staff mark it sent.

Times are ISO 8601 UTC text, as in the receipts part's tables.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.base import Base


class IntakeSessionRow(Base):
    __tablename__ = "intake_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    place: Mapped[str] = mapped_column(Text)
    day: Mapped[str] = mapped_column(String(10))
    team: Mapped[str] = mapped_column(Text, default="")
    target_list: Mapped[str] = mapped_column(Text, default="")
    target_count: Mapped[int] = mapped_column(Integer, default=0)
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[str] = mapped_column(String(40))
    closed_by: Mapped[str] = mapped_column(String(64), default="")
    closed_at: Mapped[str | None] = mapped_column(String(40))


class ReceiptToSendRow(Base):
    __tablename__ = "receipts_to_send"

    registration_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reg_no: Mapped[str] = mapped_column(String(40))
    pdf_path: Mapped[str] = mapped_column(Text)
    added_by: Mapped[str] = mapped_column(String(64), default="")
    added_at: Mapped[str] = mapped_column(String(40))
    sent_at: Mapped[str | None] = mapped_column(String(40))
    sent_by: Mapped[str] = mapped_column(String(64), default="")
