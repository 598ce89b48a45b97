"""Schemas of the central's own (non-protocol) answers and of the operator's records.

The protocol's request/response models live in :mod:`kiosk.protocol` (shared with the kiosk).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: Literal["ok"]


# What kiosks accept (kiosk.staff.accounts: ROLES, _USERNAME, MIN_PASSWORD); a test keeps
# these equal, so the central never sends an account every kiosk would skip.
STAFF_ROLES = ("operator", "supervisor")
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,31}$"
MIN_PASSWORD = 8


class StaffCreate(BaseModel):
    """What an operator gives to create a staff account (the password is hashed at once)."""

    mpp: str = Field(min_length=1, max_length=200)
    username: str = Field(pattern=USERNAME_PATTERN)
    full_name: str = Field(min_length=1, max_length=200)
    role: Literal["operator", "supervisor"]
    password: str = Field(min_length=MIN_PASSWORD, max_length=1024)


class StaffPublic(BaseModel):
    id: str
    mpp: str
    username: str
    full_name: str
    role: str
    active: bool


class ReportRow(BaseModel):
    """One kiosk's line in ``kiosk central report``."""

    mpp: str
    kiosk: str
    kiosk_id: str
    kiosk_code: str
    revoked: bool
    registrations: int
    versions: int
    incomplete_versions: int
    documents: int
    missing_documents: int
    open_conflicts: int
    duplicate_flags: int
    verdicts: dict[str, int]
    last_sync_at: dt.datetime | None
