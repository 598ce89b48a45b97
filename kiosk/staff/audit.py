"""The audit log: an append-only record of who did what on this kiosk.

Rows are written in the caller's transaction (:func:`record`), so an event and the change it
describes commit together, or on their own (:func:`log`). Actors are staff usernames, or
``"owner"`` for self-service, or ``"system"``; targets are ids (registration id, staff id) — never
a NIK, phone or account number. Every text is passed through :func:`neutral` first: typed usernames
from a failed log-in are user input and must not smuggle control characters or huge strings into
the log (and from there into an export).

The table (``audit_log``) belongs to the store's foundation migration; this module is the
security part's way to write and read it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.staff.audit_text import ACTOR_MAX as ACTOR_MAX  # the texts' rules: audit_text
from kiosk.staff.audit_text import TARGET_MAX as TARGET_MAX
from kiosk.staff.audit_text import entry, utcnow
from kiosk.staff.audit_text import neutral as neutral
from kiosk.store.audit_chain import append_many
from kiosk.store.models import AuditRow

if TYPE_CHECKING:
    from kiosk.store import Store


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: dt.datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]


def record(
    session: Session,
    actor: str,
    action: str,
    target: str = "",
    details: dict[str, Any] | None = None,
    *,
    at: dt.datetime | None = None,
) -> None:
    """Append an entry to the chain in ``session``'s writing transaction (it commits with the
    caller's change). Pending ORM changes are flushed first, so entries keep the order of events."""
    session.flush()
    append_many(session.connection(), [entry(actor, action, target, details, at or utcnow())])


def log(
    store: Store, actor: str, action: str, target: str = "", details: dict | None = None
) -> None:
    """Write one entry in its own transaction."""
    with store.session() as session:
        record(session, actor, action, target, details)


def entries(
    store: Store, *, action: str | None = None, target: str | None = None, limit: int = 100
) -> list[AuditEntry]:
    """The newest entries first, optionally only one action (prefix ``login.`` works) or target."""
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if action is not None:
        query = (
            query.where(AuditRow.action.startswith(action))
            if action.endswith(".")
            else query.where(AuditRow.action == action)
        )
    if target is not None:
        query = query.where(AuditRow.target == target)
    with store.session(write=False) as session:
        rows = session.scalars(query).all()
        return [
            AuditEntry(
                seq=row.id,
                at=row.at,
                actor=row.actor,
                action=row.action,
                target=row.target,
                details=json.loads(row.details or "{}"),
            )
            for row in rows
        ]
