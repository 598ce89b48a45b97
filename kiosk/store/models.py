"""The foundation tables of the kiosk's local database (migration ``0001_foundation``).

Personal data at rest: a registration's full JSON lives only in ``sealed`` columns
(``KeyRing.seal``, AES-256-GCM, the row id as associated data so a sealed blob cannot be moved to
another row). Identifiers are findable through keyed blind indexes (``*_bidx``); in plaintext are
only the names, the masked NIK and the registration number, which the search and the lists need.

``registrations.num`` is an integer alias of SQLite's rowid: the external-content FTS5 index
(``registrations_fts``, created in the migration, kept in step by triggers) needs a rowid that
``VACUUM`` cannot renumber. Other tables refer to ``registrations.id`` (UUIDv7, unique).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.base import Base


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes; SQLite keeps them as naive UTC text."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class RegistrationRow(Base):
    __tablename__ = "registrations"

    num: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    reg_no: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)  # the version the row holds (drafts: 1)
    submitted_version: Mapped[int] = mapped_column(Integer, default=0)  # 0: never submitted
    business_name: Mapped[str] = mapped_column(Text, default="")
    owner_name: Mapped[str] = mapped_column(Text, default="")
    nik_masked: Mapped[str] = mapped_column(String(40), default="")
    nik_bidx: Mapped[str | None] = mapped_column(String(32), index=True)
    nib_bidx: Mapped[str | None] = mapped_column(String(32), index=True)
    npwp_bidx: Mapped[str | None] = mapped_column(String(32), index=True)
    phone_bidx: Mapped[str | None] = mapped_column(String(32), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    draft_step: Mapped[str] = mapped_column(String(40), default="")
    staff_id: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    redacted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # retention ran
    # Migration 0007 (intake): the intake session open when it was first saved at the desk, and
    # for drafts from a district office's list: "district_list", the list's name, a JSON note.
    # Deferred, with server defaults only: the save paths never load or write them through the
    # ORM (kiosk.intake and kiosk.store.rows use SQL), so a store at an older revision still works.
    session_id: Mapped[str] = mapped_column(
        String(36), server_default="", index=True, deferred=True
    )
    origin: Mapped[str] = mapped_column(String(20), server_default="", deferred=True)
    origin_list: Mapped[str] = mapped_column(Text, server_default="", deferred=True)
    origin_detail: Mapped[str] = mapped_column(Text, server_default="", deferred=True)

    __table_args__ = (Index("ix_registrations_status_updated_at", "status", "updated_at"),)


class RegistrationVersion(Base):
    """One submitted version: what the central receives. Immutable once written."""

    __tablename__ = "registration_versions"

    registration_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("registrations.id", ondelete="RESTRICT"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # the content() dict, sealed
    reason_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)  # free text may name people
    staff_id: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class OutboxRow(Base):
    """A submitted version waiting for (or done with) the push to the central.

    ``seq`` uses AUTOINCREMENT so a number is never reused, also after rows are deleted: the sync
    protocol echoes ``seq`` back and must never confuse two items.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    registration_id: Mapped[str] = mapped_column(String(36))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending|sent|set_aside
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str] = mapped_column(String(100), default="")
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        ForeignKeyConstraint(
            ["registration_id", "version"],
            ["registration_versions.registration_id", "registration_versions.version"],
            ondelete="RESTRICT",
        ),
        UniqueConstraint("registration_id", "version"),
        Index("ix_outbox_state_seq", "state", "seq"),
        {"sqlite_autoincrement": True},
    )


class AuditRow(Base):
    """Who did what, when. Details are JSON without personal data (masked identifiers only)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(64), index=True)
    details: Mapped[str] = mapped_column(Text, default="{}")
    # the hash chain (migration 0008): written only by kiosk.store.audit_chain.append_many
    prev_hash: Mapped[str] = mapped_column(String(64), server_default="")
    entry_hash: Mapped[str] = mapped_column(String(64), server_default="")

    __table_args__ = ({"sqlite_autoincrement": True},)


class RegistrationCounter(Base):
    """Per kiosk code and local day: the last number handed out (``KODE-YYYYMMDD-NNNN``)."""

    __tablename__ = "registration_counters"

    kiosk_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last_no: Mapped[int] = mapped_column(Integer)


class DocumentPageRow(Base):
    """The page images a registration refers to, mirrored from ``reg.documents`` on every save.

    ``state`` belongs to the documents part's sweep (``stored`` until it flags otherwise).
    """

    __tablename__ = "document_pages"

    registration_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    page_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(20), default="stored")


class VersionPageRow(Base):
    """The page images each submitted version refers to (immutable, like the version).

    ``document_pages`` mirrors only the *current* documents; a page replaced by a correction must
    still be kept while an older version that refers to it may be pushed (or pushed again), so the
    documents' sweep keeps every page listed here too, until retention redacts the registration.
    """

    __tablename__ = "version_pages"

    registration_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)

    __table_args__ = (
        ForeignKeyConstraint(
            ["registration_id", "version"],
            ["registration_versions.registration_id", "registration_versions.version"],
            ondelete="CASCADE",
        ),
    )


class NameTerm(Base):
    """Distinct words of business and owner names: the vocabulary for misspelt-name search."""

    __tablename__ = "name_terms"

    term: Mapped[str] = mapped_column(String(100), primary_key=True)
