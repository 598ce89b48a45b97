"""Console users: accounts, argon2id passwords and a lock-out that never tells who exists.

Console users are people at the provincial office and at each MPP who work in the browser; they
are not kiosk staff and never travel to a kiosk. Roles:

- ``admin``: users and reference data; may do everything a verifier does;
- ``verifier``: the provincial queue, reads every registration and decides;
- ``supervisor``: one MPP (``mpp_id`` required): its kiosks, staff and registrations, reads only;
- ``viewer``: reads the dashboard and registrations, decides nothing.

Passwords are hashed with argon2-cffi's ``PasswordHasher`` (argon2id, the same as kiosk staff in
:mod:`kiosk.staff.accounts`, whose growing lock-out window :func:`lock_seconds` is reused).

Invariant of :func:`authenticate`: the answer, the work done and the lock-out are the same whether
or not the typed name exists. Failures are counted per typed name (its SHA-256, so a password typed
into the name field is not stored) in ``console_login_failures``; an unknown name is verified
against a dummy hash; while a name is locked no password is checked at all, for anyone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central import audit
from kiosk.central.db import database_session
from kiosk.central.models import ConsoleLoginFailure, ConsoleUser, Mpp, aware, utcnow
from kiosk.domain.timezones import DEFAULT_ZONE, ZONES
from kiosk.errors import UserFacingError
from kiosk.i18n import register
from kiosk.staff.accounts import lock_seconds

ROLES = ("admin", "verifier", "supervisor", "viewer")
DECIDERS = frozenset({"admin", "verifier"})
# who may close conflicts and duplicate flags (a supervisor within their MPP): kiosk.central.review
REVIEWERS = frozenset({"admin", "verifier", "supervisor"})
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # argon2 hashes anything, but a megabyte "password" is an attack
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
_hasher = PasswordHasher()
_dummy_hash: str | None = None

register(
    {
        "console.user.username_invalid": {
            "id": "Nama pengguna 3–64 karakter: huruf kecil, angka, titik, garis bawah, strip.",
            "en": "Username of 3–64 characters: lower-case letters, digits, dot, underscore, dash.",
        },
        "console.user.role_invalid": {
            "id": "Peran harus salah satu dari: {choices}.",
            "en": "The role must be one of: {choices}.",
        },
        "console.user.mpp_required": {
            "id": "Supervisor harus terikat pada satu MPP (--mpp).",
            "en": "A supervisor belongs to one MPP (--mpp).",
        },
        "console.user.mpp_unknown": {
            "id": "MPP {mpp} tidak dikenal.",
            "en": "Unknown MPP {mpp}.",
        },
        "console.user.exists": {
            "id": "Pengguna {username} sudah ada.",
            "en": "The user {username} already exists.",
        },
        "console.user.unknown": {
            "id": "Pengguna {username} tidak ditemukan.",
            "en": "User {username} not found.",
        },
        "console.user.password_short": {
            "id": "Kata sandi minimal {min} karakter.",
            "en": "The password needs at least {min} characters.",
        },
        "console.user.password_long": {
            "id": "Kata sandi terlalu panjang.",
            "en": "The password is too long.",
        },
    }
)


@dataclass(frozen=True)
class UserInfo:
    id: str
    username: str
    role: str
    mpp_id: int | None
    mpp_name: str
    active: bool
    language: str
    time_zone: str
    last_login_at: dt.datetime | None


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("not-a-real-password-only-for-timing")
    return _dummy_hash


def normalize_username(text: str) -> str:
    return (text or "").strip().casefold()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserFacingError("console.user.password_short", min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise UserFacingError("console.user.password_long")


def _info(user: ConsoleUser, mpp_name: str) -> UserInfo:
    return UserInfo(
        user.id,
        user.username,
        user.role,
        user.mpp_id,
        mpp_name,
        user.active,
        user.language,
        user.time_zone,
        aware(user.last_login_at),
    )


def add_user(
    session: Session,
    username: str,
    role: str,
    password: str,
    *,
    mpp: str = "",
    actor: str = "cli",
    time_zone: str = DEFAULT_ZONE,
) -> UserInfo:
    """Create a console user; a supervisor needs an existing MPP, others may name one (their
    home, e.g. for the time zone) or none."""
    name = normalize_username(username)
    if not _USERNAME.fullmatch(name):
        raise UserFacingError("console.user.username_invalid")
    role = (role or "").strip().lower()
    if role not in ROLES:
        raise UserFacingError("console.user.role_invalid", choices=", ".join(ROLES))
    check_password(password)
    mpp_row = None
    if mpp.strip():
        mpp_row = session.scalar(select(Mpp).where(Mpp.name == mpp.strip()))
        if mpp_row is None:
            raise UserFacingError("console.user.mpp_unknown", mpp=mpp.strip())
    if role == "supervisor" and mpp_row is None:
        raise UserFacingError("console.user.mpp_required")
    if session.scalar(select(ConsoleUser.id).where(ConsoleUser.username == name)) is not None:
        raise UserFacingError("console.user.exists", username=name)
    user = ConsoleUser(
        id=str(uuid.uuid4()),
        username=name,
        role=role,
        mpp_id=mpp_row.id if mpp_row else None,
        password_hash=_hasher.hash(password),
        active=True,
        language="id",
        time_zone=time_zone if time_zone in ZONES else DEFAULT_ZONE,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.added", target=name, details={"role": role})
    return _info(user, mpp_row.name if mpp_row else "")


def set_active(session: Session, username: str, active: bool, *, actor: str = "cli") -> None:
    """Disable (or enable) a user; disabling also ends every session of theirs at once."""
    from kiosk.central.console.sessions import end_all_for

    name = normalize_username(username)
    user = session.scalar(select(ConsoleUser).where(ConsoleUser.username == name))
    if user is None:
        raise UserFacingError("console.user.unknown", username=name)
    user.active, user.updated_at = active, utcnow()
    if not active:
        end_all_for(session, user.id)
    audit.record(session, actor, "user.enabled" if active else "user.disabled", target=name)


def list_users(session: Session) -> list[UserInfo]:
    rows = session.execute(
        select(ConsoleUser, Mpp.name)
        .outerjoin(Mpp, Mpp.id == ConsoleUser.mpp_id)
        .order_by(ConsoleUser.username)
    )
    return [_info(user, mpp_name or "") for user, mpp_name in rows]


def name_hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()


def verify(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches the argon2id ``password_hash`` (a broken hash: no)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authenticate(
    session: Session, username: str, password: str, *, now: dt.datetime | None = None
) -> ConsoleUser | None:
    """The active user for these credentials, or None (the caller shows one message for every
    refusal). Records the attempt in the audit trail; the caller commits."""
    now = now or utcnow()
    name = normalize_username(username)[:200]
    key = name_hash(name)
    failure = session.get(ConsoleLoginFailure, key)
    locked_until = aware(failure.locked_until) if failure else None
    user = session.scalar(select(ConsoleUser).where(ConsoleUser.username == name))
    # a name nobody has may be a password typed into the wrong field: never written down
    actor = user.username if user is not None else "(unknown)"
    if locked_until is not None and locked_until > now:
        audit.record(session, actor, "login.locked", at=now)
        return None
    candidate = user if user is not None and user.active else None
    ok = verify(candidate.password_hash if candidate else _dummy(), password[:MAX_PASSWORD])
    if ok and candidate is not None:
        if _hasher.check_needs_rehash(candidate.password_hash):
            candidate.password_hash = _hasher.hash(password)
        if failure is not None:
            session.delete(failure)
        candidate.last_login_at = now
        audit.record(session, candidate.username, "login.ok", at=now)
        return candidate
    wait = count_failure(session, key, failure, now)
    audit.record(session, actor, "login.failed", at=now, details={"locked_s": wait})
    return None


def count_failure(
    session: Session, key: str, failure: ConsoleLoginFailure | None, now: dt.datetime
) -> int:
    """One more failure for the name hashed as ``key``; returns the lock-out it starts (s)."""
    if failure is None:
        failure = ConsoleLoginFailure(name_hash=key, failed_count=0)
        session.add(failure)
    failure.failed_count += 1
    wait = lock_seconds(failure.failed_count)
    failure.locked_until = now + dt.timedelta(seconds=wait) if wait else None
    failure.updated_at = now
    return wait


def cli_add(db_url: str, username: str, role: str, password: str, mpp: str = "") -> UserInfo:
    """``kiosk central user add``."""
    with database_session(db_url) as session:
        return add_user(session, username, role, password, mpp=mpp)


def cli_set_active(db_url: str, username: str, active: bool) -> None:
    """``kiosk central user disable|enable``."""
    with database_session(db_url) as session:
        set_active(session, username, active)


def cli_list(db_url: str) -> list[UserInfo]:
    """``kiosk central user list``."""
    with database_session(db_url) as session:
        return list_users(session)
