"""The central's tables (its own declarative Base; migrations in :mod:`kiosk.central.migrations`).

Why the shapes:

- ``central_versions`` is the system of record: one row per (registration id, version) with the
  content as canonical JSON text (exactly the bytes the hash covers, and no JSON-type quirks between
  PostgreSQL and SQLite). ``central_registrations`` holds the owner kiosk and the verdict.
- A push whose (id, version) exists with another hash lands in ``central_conflicts`` with its full
  content: nothing is applied over, nothing discarded.
- ``central_page_refs`` records which pages a kiosk's versions (and conflicts) reference; a version
  is complete when all its refs exist in ``central_pages``. Computed on read, so no flag goes stale
  when uploads and pushes race on several processes.
- ``central_identifiers`` holds the normalised NIK/NIB/NPWP of each registration's newest version
  in plaintext (the central is the system of record); ``central_duplicates`` the review flags.
- ``central_events`` is the pull feed; ``seq`` is the cursor. Writers take a lock before inserting
  so events become visible in ``seq`` order (see :mod:`kiosk.central.feed`).
- Tokens and enrolment codes are stored only as SHA-256 hex: both are high-entropy random values,
  so a slow password hash would add nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import overload

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Timestamp = DateTime(timezone=True)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@overload
def aware(value: dt.datetime) -> dt.datetime: ...
@overload
def aware(value: None) -> None: ...
@overload
def aware(value: dt.datetime | None) -> dt.datetime | None: ...
def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


class CentralBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Mpp(CentralBase):
    __tablename__ = "central_mpps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    prefix: Mapped[str] = mapped_column(String(4), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class Kiosk(CentralBase):
    """An enrolled kiosk. Never deleted (a revocation sets ``revoked_at``): the registrations,
    versions and page references it pushed name it without a foreign key (migration 0012)."""

    __tablename__ = "central_kiosks"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    mpp_id: Mapped[int] = mapped_column(ForeignKey("central_mpps.id"), index=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    signing_public_key: Mapped[str] = mapped_column(Text)
    signing_key_id: Mapped[str] = mapped_column(String(16))
    document_public_key: Mapped[str] = mapped_column(Text)
    enrolled_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    # the code of its numbers from before enrolment (see migration 0002)
    provisional_code: Mapped[str | None] = mapped_column(String(12), index=True, unique=True)
    last_push_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    last_pull_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    app_version: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # the first accepted item with its valid signature: never again an unsigned one (migration 0009)
    signed_since: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class EnrolmentCode(CentralBase):
    __tablename__ = "central_enrolment_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kiosk_name: Mapped[str] = mapped_column(String(200))
    mpp_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    used_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    kiosk_id: Mapped[str | None] = mapped_column(String(36))


class CentralRegistration(CentralBase):
    __tablename__ = "central_registrations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(36), index=True)  # no key: migration 0012
    reg_no: Mapped[str] = mapped_column(String(64), index=True)
    current_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    verdict_reason: Mapped[str] = mapped_column(Text, default="")
    verdict_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class CentralVersion(CentralBase):
    __tablename__ = "central_versions"
    __table_args__ = (UniqueConstraint("registration_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_id: Mapped[str] = mapped_column(ForeignKey("central_registrations.id"))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)  # canonical JSON
    kiosk_status: Mapped[str] = mapped_column(String(16))
    kiosk_id: Mapped[str] = mapped_column(String(36), index=True)  # no key: migration 0012
    received_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    # base64 Ed25519 signature of the pushing kiosk (None: stored before versions were signed)
    signature: Mapped[str | None] = mapped_column(String(128))
    signing_key_id: Mapped[str | None] = mapped_column(String(16))
    # its place among the leaves of the push it was signed in (central_signed_pushes, by
    # signature; migration 0013); None: signed on its own (kiosk.push_signature)
    signature_index: Mapped[int | None] = mapped_column(SmallInteger)


class Conflict(CentralBase):
    __tablename__ = "central_conflicts"
    __table_args__ = (UniqueConstraint("registration_id", "version", "content_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_id: Mapped[str] = mapped_column(ForeignKey("central_registrations.id"))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    kiosk_id: Mapped[str] = mapped_column(String(36), index=True)  # no key: migration 0012
    received_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    # base64 Ed25519 signature of the pushing kiosk (None: stored before versions were signed)
    signature: Mapped[str | None] = mapped_column(String(128))
    signing_key_id: Mapped[str | None] = mapped_column(String(16))
    # its place among the leaves of the push it was signed in (central_signed_pushes, by
    # signature; migration 0013); None: signed on its own (kiosk.push_signature)
    signature_index: Mapped[int | None] = mapped_column(SmallInteger)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    resolution: Mapped[str] = mapped_column(Text, default="")
    # "stored" | "pushed": which content a reviewer said stands (migration 0011; "" before/open)
    outcome: Mapped[str] = mapped_column(String(8), default="", server_default="")


class SignedPush(CentralBase):
    """A push the kiosk signed once (kiosk.push_signature): its tree's leaves, kept so that each
    version stored from it can later be proved on its own (migration 0013). Keyed by the
    signature, which every such version keeps: a push sent again is the same row."""

    __tablename__ = "central_signed_pushes"
    signature: Mapped[str] = mapped_column(String(128), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(36))  # no key, as the versions' (0012)
    size: Mapped[int] = mapped_column(Integer)
    leaves: Mapped[bytes] = mapped_column(LargeBinary)  # size × 32 bytes, in the push's order
    received_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class PageRef(CentralBase):
    __tablename__ = "central_page_refs"
    __table_args__ = (Index("ix_central_page_refs_kiosk_sha", "kiosk_id", "sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # no foreign keys: the push's own statements guarantee them (migration 0012)
    kiosk_id: Mapped[str] = mapped_column(String(36))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    version_id: Mapped[int | None] = mapped_column(Integer, index=True)
    conflict_id: Mapped[int | None] = mapped_column(Integer)


class StoredPage(CentralBase):
    __tablename__ = "central_pages"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)  # envelope bytes
    media_type: Mapped[str] = mapped_column(String(100), default="")
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("central_kiosks.id"))
    stored_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class Identifier(CentralBase):
    __tablename__ = "central_identifiers"
    __table_args__ = (Index("ix_central_identifiers_kind_value", "kind", "value"),)
    # no foreign key: written with a version of the same registration (migration 0012)
    registration_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # nik | nib | npwp
    value: Mapped[str] = mapped_column(String(32))


class DuplicateFlag(CentralBase):
    __tablename__ = "central_duplicates"
    __table_args__ = (
        UniqueConstraint("kind", "registration_a", "registration_b"),
        Index("ix_central_duplicates_registration_a", "registration_a"),
        Index("ix_central_duplicates_registration_b", "registration_b"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    registration_a: Mapped[str] = mapped_column(ForeignKey("central_registrations.id"))
    registration_b: Mapped[str] = mapped_column(ForeignKey("central_registrations.id"))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    # migration 0011: "distinct" | "same" ("" before/open), the reviewer's note, and with "same"
    # the registration (one of the two) the other one duplicates
    outcome: Mapped[str] = mapped_column(String(8), default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    duplicate_of: Mapped[str | None] = mapped_column(String(36))


class Staff(CentralBase):
    __tablename__ = "central_staff"
    __table_args__ = (UniqueConstraint("mpp_id", "username"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    mpp_id: Mapped[int] = mapped_column(ForeignKey("central_mpps.id"))
    username: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class Event(CentralBase):
    __tablename__ = "central_events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    kiosk_id: Mapped[str | None] = mapped_column(String(36), index=True)  # only this kiosk
    mpp_id: Mapped[int | None] = mapped_column(Integer, index=True)  # kiosks of this MPP
    payload: Mapped[str] = mapped_column(Text)  # JSON
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class ConsoleUser(CentralBase):
    """A person who works in the web console (not kiosk staff: never sent to a kiosk)."""

    __tablename__ = "console_users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # admin | verifier | supervisor | viewer
    mpp_id: Mapped[int | None] = mapped_column(ForeignKey("central_mpps.id"))
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(2), default="id")
    time_zone: Mapped[str] = mapped_column(String(32), default="Asia/Jakarta")
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class ConsoleSession(CentralBase):
    """A logged-in browser; the cookie carries the id, the table only its SHA-256."""

    __tablename__ = "console_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("console_users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class ConsoleLoginFailure(CentralBase):
    """Failed log-ins per typed user name (its SHA-256), whether or not such a user exists."""

    __tablename__ = "console_login_failures"
    name_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class QueueFacts(CentralBase):
    """The verifier's work list: per registration, what its current version is filtered and
    sorted by (kept by :mod:`kiosk.central.console.queue_facts`; the versions stay the record)."""

    __tablename__ = "central_queue"
    __table_args__ = (
        Index("ix_central_queue_status_queued", "status", "queued_at", "registration_id"),
        Index("ix_central_queue_queued", "queued_at", "registration_id"),
        Index("ix_central_queue_reg_date", "reg_date"),
        # the name search's LIKE '%word%' (migration 0010: GIN trigrams on PostgreSQL, a plain
        # index of the same name on SQLite)
        Index(
            "ix_central_queue_names_trgm",
            "names_folded",
            postgresql_using="gin",
            postgresql_ops={"names_folded": "gin_trgm_ops"},
        ),
    )
    registration_id: Mapped[str] = mapped_column(  # an erased registration takes its row along
        ForeignKey("central_registrations.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    mpp_id: Mapped[int] = mapped_column(Integer, index=True)
    kiosk_id: Mapped[str] = mapped_column(String(36), index=True)
    reg_no: Mapped[str] = mapped_column(String(64))
    reg_date: Mapped[dt.date] = mapped_column(Date)
    queued_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    legal_form: Mapped[str] = mapped_column(String(16))
    scale: Mapped[str] = mapped_column(String(16))
    province: Mapped[str] = mapped_column(String(8))
    regency: Mapped[str] = mapped_column(String(16), index=True)
    kbli: Mapped[str] = mapped_column(String(400))  # " 10792 47911 ": space-delimited codes
    business_name: Mapped[str] = mapped_column(String(200))
    owner_name: Mapped[str] = mapped_column(String(200))
    names_folded: Mapped[str] = mapped_column(String(400))  # both names, folded for search


class AuditRecord(CentralBase):
    """Who did what at the central; written only through :func:`kiosk.central.audit.record`."""

    __tablename__ = "central_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    registration_id: Mapped[str | None] = mapped_column(String(36), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON, no personal data
    # the hash chain (migration 0005): a gapless number, the previous entry's hash, this one's
    seq: Mapped[int | None] = mapped_column(Integer, unique=True, index=True)
    prev_hash: Mapped[str] = mapped_column(String(64), server_default="")
    entry_hash: Mapped[str] = mapped_column(String(64), server_default="")


class CatalogueExport(CentralBase):
    """One catalogue export (``kiosk central export katalog``): when, its filters, its counts."""

    __tablename__ = "catalogue_exports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exported_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255))
    mpp_name: Mapped[str] = mapped_column(String(200), default="")
    since: Mapped[str] = mapped_column(String(10), default="")  # YYYY-MM-DD or ""
    products: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)


class CatalogueExportedProduct(CentralBase):
    """The row hash of each product as last exported: a later export marks it changed if its
    row differs (see :mod:`kiosk.central.catalogue.export`)."""

    __tablename__ = "catalogue_exported_products"
    product_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    registration_id: Mapped[str] = mapped_column(String(36))
    row_hash: Mapped[str] = mapped_column(String(64))
    export_id: Mapped[int] = mapped_column(ForeignKey("catalogue_exports.id"))


class AuditAnchor(CentralBase):
    """A kiosk's audit-chain head as it arrived with a sync (see :mod:`kiosk.central.anchors`)."""

    __tablename__ = "central_audit_anchors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("central_kiosks.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    regressed: Mapped[bool] = mapped_column(Boolean, default=False)  # older than the last one


class SubjectRequest(CentralBase):
    """A data-subject request (``export``, ``erasure``, ``withdrawal``) and its deadline.

    ``subject`` is the masked NIK (the request outlives the data it was about)."""

    __tablename__ = "central_subject_requests"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(40))
    registration_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    reason: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    deadline_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    central_done_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    completed_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class Tombstone(CentralBase):
    """An erased registration: its number stays, so a push of it is refused for good."""

    __tablename__ = "central_tombstones"
    registration_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reg_no: Mapped[str] = mapped_column(String(64), index=True)
    kiosk_id: Mapped[str | None] = mapped_column(String(36))
    request_id: Mapped[str] = mapped_column(String(36))
    erased_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class ErasureConfirmation(CentralBase):
    """A kiosk that must erase (or erased) a registration; ``confirmed_at`` once it said so."""

    __tablename__ = "central_erasure_confirmations"
    registration_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    request_id: Mapped[str] = mapped_column(String(36))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    held: Mapped[bool | None] = mapped_column(Boolean)


class BundleJob(CentralBase):
    """A bundle uploaded in the console, applied in the background (migration 0007; see
    :mod:`kiosk.central.bundle_jobs`). ``result`` is JSON: counts, or the refusal's code."""

    __tablename__ = "central_bundle_jobs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    kiosk_id: Mapped[str] = mapped_column(String(36))
    kiosk_code: Mapped[str] = mapped_column(String(40))
    bundle_id: Mapped[str] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(16), index=True)  # queued|running|done|refused
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[str] = mapped_column(Text, default="{}")


class IntakeSession(CentralBase):
    """A kiosk's offline intake session as it last reported it (migration 0008; see
    :mod:`kiosk.central.intake_sessions`). ``team`` is a JSON list of names (never logged)."""

    __tablename__ = "central_intake_sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("central_kiosks.id"), index=True)
    mpp_id: Mapped[int] = mapped_column(Integer, index=True)
    place: Mapped[str] = mapped_column(String(200))
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    team: Mapped[str] = mapped_column(Text)
    target_list: Mapped[str] = mapped_column(String(200))
    target_count: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    closed_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    registered: Mapped[int] = mapped_column(Integer)
    record_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[dt.datetime] = mapped_column(Timestamp, default=utcnow)


class IntakeSessionMember(CentralBase):
    """A registration an intake session made (by id: it may arrive later, or be erased)."""

    __tablename__ = "central_intake_session_members"
    session_id: Mapped[str] = mapped_column(
        ForeignKey("central_intake_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    registration_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
