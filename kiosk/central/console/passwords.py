"""A console user changes their own password: the current one first, the new one twice.

Invariants:

- The current password is checked against the same lock-out as the log-in
  (:func:`kiosk.central.console.users.count_failure`, keyed by the name's hash): a session left
  open on a shared office computer cannot be used to guess the password it was opened with, and a
  wrong guess here counts towards locking the log-in too. While the name is locked no password is
  checked at all.
- Nothing is written but the failure count when a check fails; the outcome is returned, not
  raised, so the caller commits the count (a raised error would roll it back and the guesses
  would be free).
- On success the new argon2id hash replaces the old, every session of the user ends (someone who
  learned the old password is logged out everywhere) and the caller starts a new one for this
  browser; the audit chain records the change without any password.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kiosk.central import audit
from kiosk.central.console import users
from kiosk.central.console.sessions import end_all_for
from kiosk.central.models import ConsoleLoginFailure, ConsoleUser, aware, utcnow
from kiosk.errors import UserFacingError
from kiosk.i18n import register

register(
    {
        "console.password.current_wrong": {
            "id": "Kata sandi saat ini salah, atau akun sedang dikunci sementara.",
            "en": "The current password is wrong, or the account is locked for a while.",
        },
        "console.password.mismatch": {
            "id": "Kedua kata sandi baru tidak sama. Ketik ulang keduanya.",
            "en": "The two new passwords differ. Type both again.",
        },
        "console.password.same": {
            "id": "Kata sandi baru harus berbeda dari yang sekarang.",
            "en": "The new password must differ from the current one.",
        },
    }
)


def change_password(
    session: Session,
    user_id: str,
    current: str,
    new: str,
    repeat: str,
    *,
    now: dt.datetime | None = None,
) -> UserFacingError | None:
    """Change the password of the active user ``user_id``; None when done, else what to say.

    The caller commits in both cases and, on success, starts a new session for this browser."""
    now = now or utcnow()
    user = session.get(ConsoleUser, user_id)
    if user is None or not user.active:
        return UserFacingError("console.password.current_wrong")
    key = users.name_hash(user.username)
    failure = session.get(ConsoleLoginFailure, key)
    locked_until = aware(failure.locked_until) if failure else None
    if locked_until is not None and locked_until > now:
        audit.record(session, user.username, "password.locked", at=now)
        return UserFacingError("console.password.current_wrong")
    if not users.verify(user.password_hash, current[: users.MAX_PASSWORD]):
        wait = users.count_failure(session, key, failure, now)
        audit.record(session, user.username, "password.failed", at=now, details={"locked_s": wait})
        return UserFacingError("console.password.current_wrong")
    if failure is not None:
        session.delete(failure)
    if new != repeat:
        return UserFacingError("console.password.mismatch")
    try:
        users.check_password(new)
    except UserFacingError as exc:
        return exc
    if users.verify(user.password_hash, new):
        return UserFacingError("console.password.same")
    user.password_hash = users.hash_password(new)
    user.updated_at = now
    end_all_for(session, user.id)
    audit.record(session, user.username, "password.changed", at=now)
    return None
