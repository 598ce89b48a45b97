"""Staff accounts: argon2id passwords, roles, log-in with a growing lock-out window.

Log-in works offline: hashes live in the local ``staff`` table (migration ``0002_security``).
Accounts are created on the kiosk (the first supervisor in the set-up screen, others by a
supervisor) or pulled from the central (:func:`upsert_from_central`, records carry argon2id
hashes, never passwords).

Lock-out: the first ``FREE_FAILURES`` wrong passwords in a row cost nothing; each further one locks
the account for ``BASE_LOCK_S * 2**n`` seconds (30 s, 1 min, 2 min, ... capped at ``MAX_LOCK_S``).
While locked, the password is not even checked. Every attempt (ok, failed, refused while locked,
unknown user) is written to the audit log. A success resets the counter. An unknown (or inactive)
username costs one hash verification too and is counted and locked the same way
(:mod:`kiosk.staff.lockout`), so neither timing nor messages reveal which usernames exist.

The idle-lock settings live here too (:class:`IdleSettings`), because they are a security rule.

The rules a log-in shares with the check made before the store opens at start-up
(:mod:`kiosk.staff.early_login`, plain ``sqlite3``) live in :mod:`kiosk.staff.login_rules`:
the normalised name, :func:`lock_seconds`, the hasher and its check, :class:`StaffUser`. A change
to :func:`authenticate` must be made there too (``tests/core/test_early_login.py`` compares both
paths attempt by attempt).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from argon2.exceptions import InvalidHashError
from sqlalchemy import Boolean, CheckConstraint, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from kiosk import i18n
from kiosk.domain.model import new_id
from kiosk.errors import UserFacingError
from kiosk.staff import audit, lockout, login_rules
from kiosk.staff.login_rules import BASE_LOCK_S as BASE_LOCK_S  # the rules' home is login_rules
from kiosk.staff.login_rules import FREE_FAILURES as FREE_FAILURES
from kiosk.staff.login_rules import MAX_LOCK_S as MAX_LOCK_S
from kiosk.staff.login_rules import StaffUser, lock_seconds, normalize_username
from kiosk.store.base import Base
from kiosk.store.models import UTCDateTime

if TYPE_CHECKING:
    from kiosk.store import Store

ROLES = ("operator", "supervisor")
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
_hasher = login_rules.hasher
_dummy = login_rules.dummy_hash
_verify = login_rules.verify


i18n.register(
    {
        "security.password.too_short": {
            "id": "Kata sandi minimal {min} karakter.",
            "en": "The password needs at least {min} characters.",
        },
        "security.password.wrong": {
            "id": "Kata sandi saat ini salah.",
            "en": "The current password is wrong.",
        },
        "security.username.invalid": {
            "id": "Nama pengguna 3–32 karakter: huruf kecil, angka, titik, garis bawah, strip.",
            "en": "Username of 3–32 characters: lower-case letters, digits, dot, underscore, dash.",
        },
        "security.username.taken": {
            "id": "Nama pengguna {username} sudah dipakai.",
            "en": "The username {username} is already taken.",
        },
        "security.full_name.required": {
            "id": "Nama lengkap wajib diisi.",
            "en": "The full name is required.",
        },
        "security.role.invalid": {
            "id": "Peran tidak dikenal: {role}.",
            "en": "Unknown role: {role}.",
        },
        "security.staff.not_found": {
            "id": "Akun petugas tidak ditemukan.",
            "en": "Staff account not found.",
        },
        "security.staff.last_supervisor": {
            "id": "Supervisor aktif terakhir tidak dapat dinonaktifkan.",
            "en": "The last active supervisor cannot be deactivated.",
        },
        "security.setup.done": {
            "id": "Kiosk ini sudah memiliki akun petugas. Silakan masuk.",
            "en": "This kiosk already has staff accounts. Please log in.",
        },
    }
)


class StaffRow(Base):
    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    source: Mapped[str] = mapped_column(String(16), nullable=False, default="local")
    failed_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (CheckConstraint("role IN ('operator', 'supervisor')", name="role"),)


def _user(row: StaffRow) -> StaffUser:
    return StaffUser(row.id, row.username, row.full_name, row.role, row.active, row.source)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserFacingError("security.password.too_short", min=MIN_PASSWORD)


def _get(session: Session, user_id: str) -> StaffRow:
    row = session.get(StaffRow, user_id)
    if row is None:
        raise UserFacingError("security.staff.not_found")
    return row


# -- queries -------------------------------------------------------------------------------------
def has_staff(store: Store) -> bool:
    """False on first run: the set-up screen must create the first supervisor."""
    with store.session(write=False) as session:
        return (session.scalar(select(func.count()).select_from(StaffRow)) or 0) > 0


def list_staff(store: Store) -> list[StaffUser]:
    with store.session(write=False) as session:
        rows = session.scalars(select(StaffRow).order_by(StaffRow.username)).all()
        return [_user(row) for row in rows]


def get_staff(store: Store, user_id: str) -> StaffUser:
    with store.session(write=False) as session:
        return _user(_get(session, user_id))


# -- changes -------------------------------------------------------------------------------------
def create_staff(
    store: Store,
    username: str,
    full_name: str,
    role: str,
    password: str,
    *,
    actor: str = "system",
    _only_first: bool = False,
) -> StaffUser:
    """A new local account. Raises UserFacingError for a bad name, role, password or duplicate."""
    username = normalize_username(username)
    full_name = audit.neutral(full_name, 200)
    if not _USERNAME.match(username):
        raise UserFacingError("security.username.invalid")
    if not full_name:
        raise UserFacingError("security.full_name.required")
    if role not in ROLES:
        raise UserFacingError("security.role.invalid", role=audit.neutral(role, 20))
    _check_password(password)
    password_hash = _hasher.hash(password)  # slow on purpose: outside the transaction
    now = audit.utcnow()
    with store.session() as session:
        if _only_first and session.scalar(select(func.count()).select_from(StaffRow)):
            raise UserFacingError("security.setup.done")
        if session.scalar(select(StaffRow.id).where(StaffRow.username == username)):
            raise UserFacingError("security.username.taken", username=username)
        row = StaffRow(
            id=new_id(),
            username=username,
            full_name=full_name,
            role=role,
            password_hash=password_hash,
            active=True,
            source="local",
            failed_count=0,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        audit.record(session, actor, "staff.created", row.id, {"username": username, "role": role})
        return _user(row)


def create_first_supervisor(
    store: Store, username: str, full_name: str, password: str
) -> StaffUser:
    """The set-up screen's account: refused once any account exists (a second set-up screen
    left open elsewhere must not mint another supervisor)."""
    if has_staff(store):  # early answer before the slow hash; checked again in the transaction
        raise UserFacingError("security.setup.done")
    return create_staff(
        store, username, full_name, "supervisor", password, actor="setup", _only_first=True
    )


def authenticate(
    store: Store, username: str, password: str, *, now: dt.datetime | None = None
) -> StaffUser:
    """The active account for ``username``/``password``, or UserFacingError.

    ``security.login.locked`` (with ``seconds``) while the lock-out window runs,
    ``security.login.failed`` for any other refusal (unknown, inactive, wrong password: the person
    at the screen does not learn which).
    """
    now = now or audit.utcnow()
    name = normalize_username(username)
    if store.get_setting(lockout.KIOSK_LOCKED, False):
        raise UserFacingError("security.kiosk.locked")
    with store.session() as session:
        row = session.scalar(select(StaffRow).where(StaffRow.username == name))
        if row is None or not row.active:
            error = _refuse_unknown(store, session, name, row, password, now)
        else:
            locked_until = row.locked_until
            if locked_until is not None and locked_until > now:
                seconds = max(1, int((locked_until - now).total_seconds() + 0.999))
                audit.record(session, name, "login.refused", row.id, {"seconds": seconds}, at=now)
                error = UserFacingError("security.login.locked", seconds=seconds)
            elif _verify(row.password_hash, password):
                if _hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = _hasher.hash(password)
                row.failed_count = 0
                row.locked_until = None
                row.last_login_at = now
                audit.record(session, name, "login.ok", row.id, at=now)
                return _user(row)
            else:
                row.failed_count += 1
                wait = lock_seconds(row.failed_count)
                row.locked_until = now + dt.timedelta(seconds=wait) if wait else None
                details = {"failed_count": row.failed_count, "locked_s": wait}
                audit.record(session, name, "login.failed", row.id, details, at=now)
                error = (
                    UserFacingError("security.login.locked", seconds=wait)
                    if wait
                    else UserFacingError("security.login.failed")
                )
    raise error  # after the session committed, so the attempt stays recorded


def _refuse_unknown(
    store: Store,
    session: Session,
    name: str,
    row: StaffRow | None,
    password: str,
    now: dt.datetime,
) -> UserFacingError:
    """An unknown or inactive name: counted and locked like a real account (issue 13.5), so the
    messages never tell whether the name exists (:mod:`kiosk.staff.lockout`)."""
    key = store.keys.blind_index("login-name", name)
    target = row.id if row else ""
    reason = "inactive" if row else "unknown"
    seconds = lockout.locked_for(session, key, now)
    if seconds:
        details = {"seconds": seconds, "reason": reason}
        audit.record(session, name, "login.refused", target, details, at=now)
        return UserFacingError("security.login.locked", seconds=seconds)
    _verify(_dummy(), password)
    failed, wait = lockout.count_failure(session, key, now, lock_seconds)
    details = {"reason": reason, "failed_count": failed, "locked_s": wait}
    audit.record(session, name, "login.failed", target, details, at=now)
    if wait:
        return UserFacingError("security.login.locked", seconds=wait)
    return UserFacingError("security.login.failed")


def change_password(store: Store, user_id: str, current: str, new: str) -> None:
    """The staff member changes their own password (knowing the current one)."""
    _check_password(new)
    with store.session(write=False) as session:
        row = _get(session, user_id)
        current_hash = row.password_hash
    if not _verify(current_hash, current):
        raise UserFacingError("security.password.wrong")
    _set_password(store, user_id, new, actor_name=None)


def reset_password(store: Store, user_id: str, new: str, *, actor: str) -> None:
    """A supervisor sets a new password for someone (also lifts a lock-out)."""
    _check_password(new)
    _set_password(store, user_id, new, actor_name=actor)


def _set_password(store: Store, user_id: str, new: str, *, actor_name: str | None) -> None:
    new_hash = _hasher.hash(new)
    with store.session() as session:
        row = _get(session, user_id)
        row.password_hash = new_hash
        row.failed_count = 0
        row.locked_until = None
        row.updated_at = audit.utcnow()
        action = "staff.password_changed" if actor_name is None else "staff.password_reset"
        audit.record(session, actor_name or row.username, action, row.id)


def set_active(store: Store, user_id: str, active: bool, *, actor: str) -> StaffUser:
    """Deactivate (or reactivate) an account; the last active supervisor stays."""
    with store.session() as session:
        row = _get(session, user_id)
        if not active and row.active and row.role == "supervisor":
            supervisors = session.scalar(
                select(func.count())
                .select_from(StaffRow)
                .where(StaffRow.role == "supervisor", StaffRow.active.is_(True))
            )
            if (supervisors or 0) <= 1:
                raise UserFacingError("security.staff.last_supervisor")
        row.active = active
        row.updated_at = audit.utcnow()
        action = "staff.reactivated" if active else "staff.deactivated"
        audit.record(session, actor, action, row.id)
        return _user(row)


def deactivate(store: Store, user_id: str, *, actor: str) -> StaffUser:
    return set_active(store, user_id, False, actor=actor)


# -- staff from the central ----------------------------------------------------------------------
@dataclass(frozen=True)
class UpsertResult:
    created: int
    updated: int
    rejected: list[str]  # usernames (or ids) of records that were not valid


def _valid_central(rec: dict[str, Any]) -> bool:
    from argon2 import Type, extract_parameters

    try:
        params = extract_parameters(str(rec["password_hash"]))
    except (InvalidHashError, KeyError, ValueError):
        return False
    return (
        params.type is Type.ID
        and bool(_USERNAME.match(normalize_username(str(rec.get("username", "")))))
        and rec.get("role") in ROLES
        and bool(str(rec.get("id", "")).strip())
        and bool(audit.neutral(rec.get("full_name", ""), 200))
    )


def upsert_from_central(store: Store, records: Iterable[dict[str, Any]]) -> UpsertResult:
    """Apply staff records pulled from the central: ``{id, username, full_name, role,
    password_hash (argon2id), active}``. Matched by id, else by username (the central's account
    takes over a local one of the same name). Invalid records are skipped and reported; the
    others apply in one transaction. Local lock-out counters survive unless the hash changed."""
    created = updated = 0
    rejected: list[str] = []
    now = audit.utcnow()
    with store.session() as session:
        for rec in records:
            if not _valid_central(rec):
                rejected.append(audit.neutral(rec.get("username") or rec.get("id") or "?", 64))
                continue
            username = normalize_username(rec["username"])
            row = session.get(StaffRow, rec["id"]) or session.scalar(
                select(StaffRow).where(StaffRow.username == username)
            )
            if row is None:
                row = StaffRow(id=rec["id"], failed_count=0, created_at=now)
                session.add(row)
                created += 1
            else:
                updated += 1
                row.id = rec["id"]
            if row.password_hash != rec["password_hash"]:
                row.failed_count = 0
                row.locked_until = None
            row.username = username
            row.full_name = audit.neutral(rec["full_name"], 200)
            row.role = rec["role"]
            row.password_hash = rec["password_hash"]
            row.active = bool(rec.get("active", True))
            row.source = "central"
            row.updated_at = now
            session.flush()  # a later record may match this one by username
            audit.record(session, "central", "staff.synced", row.id, {"username": username})
    return UpsertResult(created, updated, rejected)


# -- idle lock -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class IdleSettings:
    """Seconds of inactivity before the staff screen locks, and the self-service privacy reset
    (warning after ``kiosk_warn_s``, form cleared ``kiosk_countdown_s`` later). The staff lock
    comes ``lock_after_s`` after the last input, the last 30 s of it announced on screen; the
    default is 10 minutes (issue 12: 3 minutes locked staff mid-entry). A stored value wins."""

    lock_after_s: int = 600
    kiosk_warn_s: int = 120
    kiosk_countdown_s: int = 30


IDLE_LIMITS = {
    "lock_after_s": (30, 3600),
    "kiosk_warn_s": (30, 1800),
    "kiosk_countdown_s": (5, 120),
}


def idle_settings(store: Store) -> IdleSettings:
    default = IdleSettings()
    values = {}
    for name, (low, high) in IDLE_LIMITS.items():
        raw = store.get_setting(f"security.{name}", getattr(default, name))
        try:
            values[name] = min(max(int(raw), low), high)
        except (TypeError, ValueError):
            values[name] = getattr(default, name)
    return IdleSettings(**values)


def save_idle_settings(store: Store, settings: IdleSettings, *, actor: str) -> IdleSettings:
    for name, (low, high) in IDLE_LIMITS.items():
        store.set_setting(f"security.{name}", min(max(int(getattr(settings, name)), low), high))
    audit.log(store, actor, "settings.idle_changed", "", dict(settings.__dict__))
    return idle_settings(store)
