"""Enrolment codes and enrolment of a kiosk (the device-token check of every request after it:
:mod:`kiosk.central.token_check`).

A code is 12 characters of Crockford base32 (``ABCD-EFGH-JKMN``: 60 bits, no I/L/O/U to misread),
valid for at most an hour, single use, stored as SHA-256. Spending it is one conditional UPDATE
(``… WHERE used_at IS NULL``), so two kiosks racing with one code cannot both win, on any number of
processes.

The kiosk code (in registration numbers ``KODE-YYYYMMDD-NNNN``) is the MPP's 3-letter prefix plus
a sequence number within the MPP: ``SMR1``, ``SMR2`` … (4–6 characters, unique by constraint).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.orm import Session

from kiosk import protocol as p
from kiosk.central import feed
from kiosk.central.authorship import PROVISIONAL_CODE
from kiosk.central.http_errors import ApiError
from kiosk.central.models import EnrolmentCode, Kiosk, Mpp, aware, utcnow
from kiosk.security.keys import key_id

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
MAX_TTL_MINUTES = 60


def sha256_hex(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalize_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def create_code(session: Session, kiosk_name: str, mpp: str, ttl_minutes: int = 60) -> str:
    ttl = max(1, min(int(ttl_minutes), MAX_TTL_MINUTES))
    code = new_code()
    now = utcnow()
    session.add(
        EnrolmentCode(
            code_hash=sha256_hex(normalize_code(code)),
            kiosk_name=kiosk_name.strip(),
            mpp_name=mpp.strip(),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=ttl),
        )
    )
    return code


def get_or_create_mpp(session: Session, name: str) -> Mpp:
    mpp = session.scalar(select(Mpp).where(Mpp.name == name))
    if mpp is None:
        taken = set(session.scalars(select(Mpp.prefix)))
        mpp = Mpp(name=name, prefix=_prefix(name, taken))
        session.add(mpp)
        session.flush()
    return mpp


def _prefix(name: str, taken: set[str]) -> str:
    letters = re.sub(r"[^A-Z]", "", re.sub(r"\bMPP\b", "", name.upper())) or "K"
    consonants = letters[0] + re.sub(r"[AEIOU]", "", letters[1:])
    candidates = [(consonants + letters + "XX")[:3]]
    candidates += [letters[0] + a + b for a in consonants[1:] + letters[1:] for b in ALPHABET[10:]]
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    while True:  # 32**3 prefixes: effectively never reached
        candidate = "".join(secrets.choice(ALPHABET[10:]) for _ in range(3))
        if candidate not in taken:
            return candidate


def _load_public(pem: str, kind: type, what: str) -> object:
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except (ValueError, TypeError, UnicodeError) as exc:
        raise ApiError(422, p.ENROLL_KEY_INVALID, f"{what} is not a PEM public key") from exc
    if not isinstance(key, kind):
        raise ApiError(422, p.ENROLL_KEY_INVALID, f"{what} has the wrong key type")
    return key


def enroll(session: Session, req: p.EnrollRequest, central_public_pem: str) -> p.EnrollResponse:
    code_hash = sha256_hex(normalize_code(req.code))
    row = session.scalar(select(EnrolmentCode).where(EnrolmentCode.code_hash == code_hash))
    now = utcnow()
    if row is None:
        raise ApiError(403, p.ENROLL_CODE_INVALID, "unknown enrolment code")
    if row.used_at is not None:
        raise ApiError(403, p.ENROLL_CODE_SPENT, "this enrolment code was already used")
    if aware(row.expires_at) <= now:
        raise ApiError(403, p.ENROLL_CODE_EXPIRED, "this enrolment code has expired")
    # keys are judged only for a valid code (nothing to learn without one), before it is spent
    signing = _load_public(req.signing_public_key, Ed25519PublicKey, "signing_public_key")
    assert isinstance(signing, Ed25519PublicKey)  # _load_public checked its type
    _load_public(req.document_public_key, X25519PublicKey, "document_public_key")
    kiosk_id = str(uuid.uuid4())
    spent = session.execute(
        update(EnrolmentCode)
        .where(EnrolmentCode.id == row.id, EnrolmentCode.used_at.is_(None))
        .values(used_at=now, kiosk_id=kiosk_id)
    )
    assert isinstance(spent, CursorResult)  # an UPDATE's result: it has a rowcount
    if spent.rowcount != 1:
        raise ApiError(403, p.ENROLL_CODE_SPENT, "this enrolment code was already used")
    mpp = get_or_create_mpp(session, row.mpp_name)
    count = session.scalar(select(func.count()).where(Kiosk.mpp_id == mpp.id)) or 0
    taken = set(session.scalars(select(Kiosk.code).where(Kiosk.code.like(f"{mpp.prefix}%"))))
    number = count + 1
    while f"{mpp.prefix}{number}" in taken:
        number += 1
    token = secrets.token_urlsafe(32)
    kiosk = Kiosk(
        id=kiosk_id,
        name=row.kiosk_name,
        mpp_id=mpp.id,
        code=f"{mpp.prefix}{number}",
        token_hash=sha256_hex(token),
        signing_public_key=req.signing_public_key,
        signing_key_id=key_id(signing),
        document_public_key=req.document_public_key,
        enrolled_at=now,
    )
    session.add(kiosk)
    session.flush()
    _keep_provisional_code(session, kiosk, req.provisional_code)
    feed.emit(session, "kiosk_key", kiosk_key_payload(kiosk, mpp.name))
    return p.EnrollResponse(
        kiosk_id=kiosk.id,
        kiosk_code=kiosk.code,
        mpp=mpp.name,
        device_token=token,
        central_document_public_key=central_public_pem,
    )


def _keep_provisional_code(session: Session, kiosk: Kiosk, code: str) -> None:
    """Numbers the kiosk made before enrolment carry ``code``: record it as this kiosk's, unless
    another kiosk holds it already (then those numbers are refused as foreign, never shared)."""
    code = code.strip().upper()
    if not PROVISIONAL_CODE.match(code):
        return
    K = Kiosk
    taken = session.scalar(
        select(K.id).where(or_(K.code == code, K.provisional_code == code)).limit(1)
    )
    if taken is None:
        kiosk.provisional_code = code
        session.flush()


_APP_VERSION = re.compile(r"(?:^|\s)kiosk/([0-9A-Za-z.+-]{1,40})(?:\s|$)")


def reported_version(user_agent: str | None) -> str:
    """The app version a kiosk names in its ``User-Agent`` (``kiosk/0.1.0 kiosk-sync/1``), or
    '' (an older kiosk, or anything else)."""
    found = _APP_VERSION.search((user_agent or "")[:200])
    return found.group(1) if found else ""


def kiosk_key_payload(kiosk: Kiosk, mpp_name: str) -> dict[str, object]:
    return p.KioskKeyPayload(
        kiosk_id=kiosk.id,
        key_id=kiosk.signing_key_id,
        public_key=kiosk.signing_public_key,
        kiosk_code=kiosk.code,
        mpp=mpp_name,
        revoked=kiosk.revoked_at is not None,
    ).model_dump()
