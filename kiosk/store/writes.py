"""Writing registrations: drafts, submissions, corrections, verdicts.

Drafts vs versions: a draft is the working copy the wizard saves at every step; it is overwritten
in place, has no version row and creates **no outbox row**. Only a submission or a correction makes
a *registration version* (immutable ``registration_versions`` row) and only versions travel to the
central, so the outbox holds exactly the versions: a draft pushed half-typed would be a version the
owner never confirmed, and pushing every step would flood the queue with throw-away states.

Every submission and correction writes, in **one** SQLite transaction: the registration row, the
version row, the outbox row, the audit entry and the document page references. A crash or power
cut at any moment leaves all of them or none.

Registration IDs: a new registration gets an ID made by this kiosk's signing key
(:mod:`kiosk.security.regid`), which the central checks before it accepts a new registration.
:meth:`WritesMixin.new_registration` starts one so; a registration saved or submitted for the
first time with any other ID (made without the store: tests, scripts) is given one in place, on
the caller's object as well, before anything is stored. A registration already stored keeps its
ID for ever (a receipt may carry it), and an import keeps the file's IDs (:meth:`submit_imported`).

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
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import i18n
from kiosk.domain.model import Registration, Status, canonical_json
from kiosk.errors import UserFacingError
from kiosk.security import regid
from kiosk.store import codec
from kiosk.store.core import StoreCore
from kiosk.store.journal import add_audit
from kiosk.store.models import RegistrationRow
from kiosk.store.records import RegistrationNotFound, ValidationFailed
from kiosk.store.rows import Current, add_version, content_of, current_row, put_registration

i18n.register(
    {
        "store.version.not_adopted": {
            "id": "Versi dari pusat untuk pendaftaran {reg_no} tidak dapat disimpan di kios ini.",
            "en": "The central's version of registration {reg_no} cannot be stored on this kiosk.",
        },
    }
)

if TYPE_CHECKING:
    from kiosk.reference import Reference
    from kiosk.security.keys import KeyRing

__all__ = ["WritesMixin", "content_of", "find_row", "own_id", "prepare"]
VERDICTS = {Status.VERIFIED, Status.NEEDS_FIX, Status.REJECTED}


def prepare(
    reg: Registration, stage: Literal["draft", "submit"], refs: Reference | None
) -> Registration:
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


def own_id(keys: KeyRing, reg: Registration, *also: Registration) -> None:
    """Give ``reg`` (and its copies ``also``) an ID made by this kiosk's key unless it has one
    (only for a registration not stored yet; see the module docstring)."""
    if regid.made_by(reg.id, keys.signing_public_raw):
        return
    reg.id = keys.new_registration_id()
    for copy in also:
        copy.id = reg.id


def find_row(session: Session, reg_id: str) -> RegistrationRow | None:
    return session.scalar(select(RegistrationRow).where(RegistrationRow.id == reg_id))


class WritesMixin(StoreCore):
    """``Store`` methods that change registrations."""

    def new_registration(self) -> Registration:
        """An empty registration whose ID this kiosk's key made (nothing is stored)."""
        return Registration(id=self.keys.new_registration_id())

    def save_draft(self, reg: Registration, *, staff_id: str = "", step: str = "") -> Registration:
        given, reg = reg, prepare(reg, "draft", self._reference())
        reg.status, reg.version, reg.verdict_reason = Status.DRAFT, 1, ""
        with self._write() as session:
            current = current_row(session, reg.id)
            if current is None:
                own_id(self.keys, given, reg)
            if current is not None and current.status != Status.DRAFT:
                raise UserFacingError("store.not_a_draft", reg_no=current.reg_no)
            added = self._put(session, current, reg, staff_id=staff_id, step=step)[2]
            if current is None:
                add_audit(
                    session, staff_id, "registration.draft_created", reg.id, reg_no=reg.reg_no
                )
        # Only after the commit (a rolled-back word is not stored); a new frozenset, so readers in
        # other threads never see it change under them.
        self._known_terms = self._known_terms | added
        return reg

    def submit(self, reg: Registration, *, staff_id: str) -> Registration:
        return self._store_version(reg, staff_id=staff_id, reason="", new=True, version=1)

    def submit_imported(self, reg: Registration, *, staff_id: str) -> Registration:
        """Store ``reg`` from an import file as a submitted registration, as it is given.

        Unlike :meth:`submit`, the file's id, registration number and version are kept (an export
        imported into another kiosk reproduces the same versions and content hashes), and the
        audit entry says ``registration.imported``. Same checks and rows as a submission:
        ValidationFailed on errors, ``store.not_a_draft`` if the id is already submitted here.
        """
        return self._store_version(
            reg, staff_id=staff_id, reason="", new=True, action="registration.imported"
        )

    def correct(self, reg: Registration, *, reason: str, staff_id: str) -> Registration:
        if not (reason or "").strip():
            raise UserFacingError("store.correction.reason_required")
        return self._store_version(reg, staff_id=staff_id, reason=reason, new=False)

    def adopt_central_version(self, reg: Registration, content_hash: str) -> Registration:
        """Store a version the central holds and this kiosk lost (its data was restored from an
        older backup), with the central's own version number and exactly its content.

        Refused with ``store.version.not_adopted`` when the registration is not here, already has
        that version or a newer one, or the content does not hash to ``content_hash`` (then
        nothing is written). The version goes through the outbox like any other (the central
        answers ``unchanged``), so ledger and status follow the usual path.
        """
        reg = prepare(reg, "submit", self._reference())
        reg.status, reg.verdict_reason = Status.SUBMITTED, ""
        with self._write() as session:
            current = current_row(session, reg.id)
            if current is None or current.status == Status.DRAFT:
                raise UserFacingError("store.version.not_adopted", reg_no=reg.reg_no)
            if current.submitted_version >= reg.version:
                raise UserFacingError("store.version.not_adopted", reg_no=reg.reg_no)
            content, stored_hash, added = self._put(
                session, current, reg, staff_id="sync", step="", submitted=reg.version
            )
            if stored_hash != content_hash:
                raise UserFacingError("store.version.not_adopted", reg_no=reg.reg_no)
            add_version(
                session, self.keys, reg, content, stored_hash,
                reason="taken back from the central", staff_id="sync",
            )  # fmt: skip
            add_audit(session, "sync", "registration.taken_from_central", reg.id,
                      reg_no=reg.reg_no, version=reg.version)  # fmt: skip
        self._known_terms = self._known_terms | added
        return reg

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
        it; None keeps ``reg.version`` (an import reproducing another kiosk's version, whose ID
        is kept too)."""
        given, reg = reg, prepare(reg, "submit", self._reference())
        reg.status, reg.verdict_reason = Status.SUBMITTED, ""
        if new and version is not None:
            reg.version = version
        with self._write() as session:
            current = current_row(session, reg.id)
            if new and current is None and version is not None:
                own_id(self.keys, given, reg)
            if new and current is not None and current.status != Status.DRAFT:
                raise UserFacingError("store.not_a_draft", reg_no=current.reg_no)
            if not new:
                if current is None:
                    raise RegistrationNotFound()
                if current.status == Status.DRAFT:
                    raise UserFacingError("store.not_submitted", reg_no=current.reg_no)
                _ensure_changed(reg, current)
                reg.version = current.submitted_version + 1
            content, content_hash, added = self._put(
                session, current, reg, staff_id=staff_id, step="", submitted=reg.version
            )
            add_version(
                session,
                self.keys,
                reg,
                content,
                content_hash,
                reason=reason,
                staff_id=staff_id,
            )
            action = action or ("registration.submitted" if new else "registration.corrected")
            add_audit(session, staff_id, action, reg.id, reg_no=reg.reg_no, version=reg.version)
        self._known_terms = self._known_terms | added
        return reg

    def _put(
        self,
        session: Session,
        current: Current | None,
        reg: Registration,
        *,
        staff_id: str,
        step: str,
        submitted: int | None = None,
    ) -> tuple[dict[str, Any], str, set[str]]:
        return put_registration(
            session,
            self.keys,
            current,
            reg,
            staff_id=staff_id,
            step=step,
            submitted_version=submitted,
            known_terms=self._known_terms,
        )

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
        with self._write() as session:
            row = find_row(session, reg_id)
            if row is None:
                raise RegistrationNotFound()
            if version is not None and version != row.submitted_version:
                return False
            if row.status == status:
                current = codec.open_registration(self.keys, row.id, row.sealed)
                if current.verdict_reason == (reason or ""):
                    return True  # the same verdict pulled again changes nothing
            self.set_status(session, row, status, reason or "")
            add_audit(session, "central", "registration.verdict", reg_id, status=str(status))
        return True

    def delete_draft(self, reg_id: str, staff_id: str) -> None:
        with self._write() as session:
            row = find_row(session, reg_id)
            if row is None:
                raise RegistrationNotFound()
            if row.status != Status.DRAFT:
                raise UserFacingError("store.not_a_draft", reg_no=row.reg_no)
            add_audit(session, staff_id, "registration.draft_deleted", reg_id, reg_no=row.reg_no)
            session.delete(row)


def _ensure_changed(reg: Registration, current: Current) -> None:
    content = reg.content()
    content["version"] = current.submitted_version
    if hashlib.sha256(canonical_json(content)).hexdigest() == current.content_hash:
        raise UserFacingError("store.correction.unchanged", version=current.submitted_version)
