"""Console sessions: random ids in an HttpOnly cookie, stored hashed, with a CSRF token each.

- A session id is 32 random bytes (``secrets.token_urlsafe``); the table keeps only its SHA-256,
  so reading the table does not let anyone ride a session.
- Log-in always makes a NEW session (a session id a browser had before log-in is never promoted:
  no fixation), and log-out deletes the row.
- Idle timeout: a session unused for :data:`IDLE_TIMEOUT` is gone; none lives longer than
  :data:`MAX_AGE` either. ``last_seen_at`` is written at most once a minute (reads stay reads).
- Every form carries the session's CSRF token; :func:`csrf_ok` compares in constant time.
  Before log-in there is no session: the log-in form uses a double-submit token (a random value in
  its own SameSite=Strict cookie that the form must repeat).
- Cookies: HttpOnly, SameSite=Strict, Path=/console, and Secure whenever the request came over TLS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.central.models import ConsoleSession, ConsoleUser, Mpp, aware, utcnow

COOKIE = "kiosk_console"
LOGIN_COOKIE = "kiosk_console_login"
LANG_COOKIE = "kiosk_console_lang"
COOKIE_PATH = "/console"
IDLE_TIMEOUT = dt.timedelta(minutes=30)
MAX_AGE = dt.timedelta(hours=12)
_TOUCH_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Viewer:
    """The logged-in person, as every console route sees them."""

    user_id: str
    username: str
    role: str
    mpp_id: int | None
    mpp_name: str
    language: str
    time_zone: str
    csrf_token: str


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii", "replace")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def start(session: Session, user: ConsoleUser, *, now: dt.datetime | None = None) -> str:
    """A new session for ``user``; returns the id for the cookie (shown once, stored hashed)."""
    now = now or utcnow()
    session_id = new_token()
    session.add(
        ConsoleSession(
            id_hash=_hash(session_id),
            user_id=user.id,
            csrf_token=new_token(),
            created_at=now,
            last_seen_at=now,
        )
    )
    return session_id


def end(session: Session, session_id: str) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.id_hash == _hash(session_id)))


def end_all_for(session: Session, user_id: str) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user_id))


def resolve(
    session: Session, session_id: str | None, *, now: dt.datetime | None = None
) -> Viewer | None:
    """The viewer behind a cookie, or None (unknown, expired, idle too long, user disabled).
    Expired rows are deleted; the caller commits."""
    if not session_id or len(session_id) > 128:
        return None
    now = now or utcnow()
    key = _hash(session_id)
    row = session.execute(
        select(ConsoleSession, ConsoleUser, Mpp.name)
        .join(ConsoleUser, ConsoleUser.id == ConsoleSession.user_id)
        .outerjoin(Mpp, Mpp.id == ConsoleUser.mpp_id)
        .where(ConsoleSession.id_hash == key)
    ).first()
    if row is None:
        return None
    stored, user, mpp_name = row
    last_seen, created = aware(stored.last_seen_at), aware(stored.created_at)
    if not user.active or now - last_seen > IDLE_TIMEOUT or now - created > MAX_AGE:
        session.delete(stored)
        return None
    if now - last_seen > _TOUCH_EVERY:
        stored.last_seen_at = now
    return Viewer(
        user_id=user.id,
        username=user.username,
        role=user.role,
        mpp_id=user.mpp_id,
        mpp_name=mpp_name or "",
        language=user.language,
        time_zone=user.time_zone,
        csrf_token=stored.csrf_token,
    )


def csrf_ok(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))
