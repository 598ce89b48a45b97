"""Writing registrations: drafts, submissions, corrections, verdicts.

Drafts vs versions: a draft is the working copy the wizard saves at every step; it is overwritten
in place, has no version row and creates **no outbox row**. Only a submission or a correction makes
a *registration version* (immutable ``registration_versions`` row) and only versions travel to the
central, so the outbox holds exactly the versions: a draft pushed half-typed would be a version the
owner never confirmed, and pushing every step would flood the queue with throw-away states.

Every submission and correction writes, in **one** SQLite transaction: the registration row, the
version row, the outbox row, the audit entry and the document page references. A crash or power
cut at any moment leaves all of them or none.

Validation: submissions and corrections are checked with ``stage="submit"``; any issue of
severity ``error`` raises :class:`~kiosk.store.records.ValidationFailed` and nothing is written.
Drafts are stored as typed (valid values in their normal form, invalid ones as they are): a draft
is the person's work in progress, and refusing it while one field is wrong would lose everything
typed since the last good save ("nothing entered is ever lost"; the wizard shows the field's
problem as it is typed). An invalid draft can never become a registration version: ``submit``
refuses it. Only what cannot be stored at all is refused for drafts too (text that is not valid
Unicode, ``store.text.unencodable``; a record over the size limit).
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kiosk.domain.model import Registration, Status, canonical_json, utcnow
from kiosk.errors import UserFacingError
from kiosk.store import codec
from kiosk.store.identifiers import blind_indexes, masked_nik
from kiosk.store.journal import (
    add_audit,
    add_name_terms,
    sync_document_pages,
    version_page_rows,
)
from kiosk.store.models import OutboxRow, RegistrationRow, RegistrationVersion, VersionPageRow
from kiosk.store.numbering import REG_NO_RE, next_reg_no
from kiosk.store.records import RegistrationNotFound, ValidationFailed

_NOT_CONTENT = ("status", "verdict_reason", "created_at", "updated_at")
VERDICTS = {Status.VERIFIED, Status.NEEDS_FIX, Status.REJECTED}


def prepare(reg: Registration, stage: Literal["draft", "submit"], refs: Any) -> Registration:
    """The domain's normal form of ``reg`` (a copy); for a submission, ValidationFailed if it
    has errors.

    Valid values are stored in their normal form (NIK digits only, phone E.164, text NFC-trimmed,
    the scale suggestion filled in), so look-ups, hashes and the central see one spelling of each
    value. A draft is stored as typed otherwise (see the module docstring).
    """
    from kiosk.domain.validation import normalize_registration, validate_registration

    try:
        normal = normalize_registration(reg, refs=refs)
        issues = validate_registration(normal, stage=stage, refs=refs) if stage == "submit" else []
    except UnicodeError:  # text that cannot be encoded: name its field instead of crashing
        codec.check_storable(reg.to_dict())
        raise
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise ValidationFailed(errors)
    return normal


def content_of(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """``Registration.content()`` and ``content_hash()`` from an already built ``to_dict()``."""
    content = {k: v for k, v in data.items() if k not in _NOT_CONTENT}
    return content, hashlib.sha256(canonical_json(content)).hexdigest()


def find_row(session: Session, reg_id: str) -> RegistrationRow | None:
    return session.scalar(select(RegistrationRow).where(RegistrationRow.id == reg_id))


class WritesMixin:
    """``Store`` methods that change registrations (needs ``keys`` and ``_write()``)."""

    def save_draft(self, reg: Registration, *, staff_id: str = "", step: str = "") -> Registration:
        reg = prepare(reg, "draft", self._reference())  # type: ignore[attr-defined]
        reg.status, reg.version, reg.verdict_reason = Status.DRAFT, 1, ""
        with self._write() as session:  # type: ignore[attr-defined]
            row = find_row(session, reg.id)
            if row is not None and row.status != Status.DRAFT:
                raise UserFacingError("store.not_a_draft", reg_no=row.reg_no)
            self._put(session, row, reg, staff_id=staff_id, step=step)
            if row is None:
                add_audit(
                    session, staff_id, "registration.draft_created", reg.id, reg_no=reg.reg_no
                )
        return reg

    def submit(self, reg: Registration, *, staff_id: str) -> Registration:
        return self._store_version(reg, staff_id=staff_id, reason="", new=True, version=1)

    def correct(self, reg: Registration, *, reason: str, staff_id: str) -> Registration:
        if not (reason or "").strip():
            raise UserFacingError("store.correction.reason_required")
        return self._store_version(reg, staff_id=staff_id, reason=reason, new=False)

    def _store_version(
        self,
        reg: Registration,
        *,
        staff_id: str,
        reason: str,
        new: bool,
        action: str = "",
        version: int | None = None,
    ) -> Registration:
        """Write a submitted version. ``version`` (new registrations only): the number to give
        it; None keeps ``reg.version`` (an import reproducing another kiosk's version)."""
        reg = prepare(reg, "submit", self._reference())  # type: ignore[attr-defined]
        reg.status, reg.verdict_reason = Status.SUBMITTED, ""
        if new and version is not None:
            reg.version = version
        with self._write() as session:  # type: ignore[attr-defined]
            row = find_row(session, reg.id)
            if new and row is not None and row.status != Status.DRAFT:
                raise UserFacingError("store.not_a_draft", reg_no=row.reg_no)
            if not new:
                if row is None:
                    raise RegistrationNotFound()
                if row.status == Status.DRAFT:
                    raise UserFacingError("store.not_submitted", reg_no=row.reg_no)
                _ensure_changed(reg, row)
                reg.version = row.submitted_version + 1
            row, content, content_hash = self._put(session, row, reg, staff_id=staff_id, step="")
            row.submitted_version = reg.version
            session.add(
                RegistrationVersion(
                    registration_id=reg.id,
                    version=reg.version,
                    content_hash=content_hash,
                    sealed=codec.seal_content(self.keys, reg.id, reg.version, content),  # type: ignore[attr-defined]
                    reason_sealed=codec.seal_text(self.keys, reason, f"{reg.id}:{reg.version}"),  # type: ignore[attr-defined]
                    staff_id=staff_id,
                    created_at=reg.updated_at,
                )
            )
            session.flush()  # the version row before the rows that refer to it
            pages = version_page_rows(reg)
            if pages:
                session.execute(insert(VersionPageRow), pages)
            session.add(
                OutboxRow(
                    registration_id=reg.id,
                    version=reg.version,
                    content_hash=content_hash,
                    state="pending",
                    attempts=0,
                    error_code="",
                    last_error="",
                    created_at=reg.updated_at,
                    updated_at=reg.updated_at,
                )
            )
            action = action or ("registration.submitted" if new else "registration.corrected")
            add_audit(session, staff_id, action, reg.id, reg_no=reg.reg_no, version=reg.version)
        return reg

    def _put(
        self,
        session: Session,
        row: RegistrationRow | None,
        reg: Registration,
        *,
        staff_id: str,
        step: str,
    ) -> tuple[RegistrationRow, dict[str, Any], str]:
        """Insert or update the registration row (and its page references and name terms).

        Returns the row, the registration's ``content()`` and its hash (built from one ``to_dict``).
        """
        now = utcnow()
        if row is None:
            if not REG_NO_RE.match(reg.reg_no or "") or _reg_no_taken(session, reg.reg_no):
                reg.reg_no = next_reg_no(session)
        else:
            reg.reg_no, reg.created_at = row.reg_no, row.created_at
        reg.updated_at = now
        data, raw = codec.encode(reg)
        content, content_hash = content_of(data)
        indexes = blind_indexes(self.keys, reg)  # type: ignore[attr-defined]
        values = dict(
            reg_no=reg.reg_no,
            status=str(reg.status),
            version=reg.version,
            business_name=reg.business.name,
            owner_name=reg.owner.full_name,
            nik_masked=masked_nik(reg.owner.nik),
            nik_bidx=indexes["nik"],
            nib_bidx=indexes["nib"],
            npwp_bidx=indexes["npwp"],
            phone_bidx=indexes["phone"],
            content_hash=content_hash,
            sealed=codec.seal_registration(self.keys, reg, raw),  # type: ignore[attr-defined]
            draft_step=step,
            staff_id=staff_id,
            updated_at=now,
        )
        if row is None:
            row = RegistrationRow(
                id=reg.id, created_at=reg.created_at, submitted_version=0, **values
            )
            session.add(row)
        else:
            for key, value in values.items():
                setattr(row, key, value)
        session.flush()
        sync_document_pages(session, reg)
        add_name_terms(session, reg.business.name, reg.owner.full_name)
        return row, content, content_hash

    def set_status(
        self, session: Session, row: RegistrationRow, status: Status, reason: str
    ) -> None:
        """Change status (and verdict reason) in the column and in the sealed JSON alike."""
        reg = codec.open_registration(self.keys, row.id, row.sealed)  # type: ignore[attr-defined]
        reg.status, reg.verdict_reason, reg.updated_at = status, reason, utcnow()
        _data, raw = codec.encode(reg)
        row.sealed = codec.seal_registration(self.keys, reg, raw)  # type: ignore[attr-defined]
        row.status, row.updated_at = str(status), reg.updated_at

    def apply_verdict(
        self, reg_id: str, status: Status | str, reason: str = "", *, version: int | None = None
    ) -> bool:
        """Record the central's verdict (idempotent: the same verdict again writes nothing).

        With ``version``, a verdict on another version than the latest submitted one is ignored
        (returns False): a newer correction awaits its own verdict.
        """
        try:
            status = Status(status)
        except ValueError:
            raise UserFacingError("store.verdict.invalid_status", status=str(status)) from None
        if status not in VERDICTS:
            raise UserFacingError("store.verdict.invalid_status", status=str(status))
        with self._write() as session:  # type: ignore[attr-defined]
            row = find_row(session, reg_id)
            if row is None:
                raise RegistrationNotFound()
            if version is not None and version != row.submitted_version:
                return False
            if row.status == status:
                current = codec.open_registration(self.keys, row.id, row.sealed)  # type: ignore[attr-defined]
                if current.verdict_reason == (reason or ""):
                    return True  # the same verdict pulled again changes nothing
            self.set_status(session, row, status, reason or "")
            add_audit(session, "central", "registration.verdict", reg_id, status=str(status))
        return True

    def delete_draft(self, reg_id: str, staff_id: str) -> None:
        with self._write() as session:  # type: ignore[attr-defined]
            row = find_row(session, reg_id)
            if row is None:
                raise RegistrationNotFound()
            if row.status != Status.DRAFT:
                raise UserFacingError("store.not_a_draft", reg_no=row.reg_no)
            add_audit(session, staff_id, "registration.draft_deleted", reg_id, reg_no=row.reg_no)
            session.delete(row)


def _reg_no_taken(session: Session, reg_no: str) -> bool:
    return (
        session.scalar(select(RegistrationRow.num).where(RegistrationRow.reg_no == reg_no))
        is not None
    )


def _ensure_changed(reg: Registration, row: RegistrationRow) -> None:
    content = reg.content()
    content["version"] = row.submitted_version
    if hashlib.sha256(canonical_json(content)).hexdigest() == row.content_hash:
        raise UserFacingError("store.correction.unchanged", version=row.submitted_version)
