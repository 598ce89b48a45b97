"""Imports written in one transaction: a whole file is stored, or nothing of it.

``Store.import_rows`` takes what an import has already read and checked (:mod:`kiosk.importexport`)
and writes it under one write lock, in one SQLite transaction:

- submitted registrations (another kiosk's export): the same rows as ``Store.submit`` (row, version,
  outbox, page references, audit ``registration.imported``), keeping the file's id and version so
  the content hashes are the same as at the kiosk that made them;
- drafts (an export's drafts, a district office's list): stored as drafts (normal form where the
  values are valid, as typed where not; no version, no outbox row; a list's new draft gets an ID
  made by this kiosk's key, :func:`kiosk.store.writes.own_id`), with their origin
  (``district_list``), the list's name and a note for staff (``registrations.origin*``); an import
  never stamps the open intake session: a list's draft joins a session when staff complete it;
- links: registrations already here that a list's row matched (by NIK, NIB or NPWP): the list's
  name is recorded on them (when they carry none yet) and the audit says so; nothing is duplicated.

Any error (a validation failure, a number or id taken meanwhile) rolls the whole transaction back.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.model import Registration, Status
from kiosk.errors import UserFacingError
from kiosk.store.core import StoreCore
from kiosk.store.journal import add_audit
from kiosk.store.rows import add_version, current_row, put_registration
from kiosk.store.writes import own_id, prepare


@dataclass(frozen=True)
class ImportedDraft:
    reg: Registration
    origin: str = ""  # "district_list" or "" (an export's draft)
    origin_list: str = ""
    note: str = ""  # JSON for staff completing the draft (no identifiers)


@dataclass(frozen=True)
class ListLink:
    registration_id: str
    origin_list: str
    row: int  # the list's row number (for the audit entry)


class ImportsMixin(StoreCore):
    """``Store.import_rows``."""

    def import_rows(
        self,
        *,
        submitted: list[Registration],
        drafts: list[ImportedDraft],
        links: list[ListLink],
        staff_id: str,
    ) -> list[str]:
        """Store everything or nothing; returns the registration numbers stored, in order."""
        refs = self._reference()
        ready = [prepare(reg, "submit", refs) for reg in submitted]
        for draft in drafts:
            if draft.origin:  # a list's row: a new registration of this kiosk
                own_id(self.keys, draft.reg)
        ready_drafts = [(prepare(d.reg, "draft", refs), d) for d in drafts]
        numbers: list[str] = []
        added: set[str] = set()
        with self._write() as session:
            for reg in ready:
                reg.status, reg.verdict_reason = Status.SUBMITTED, ""
                reg.version = max(int(reg.version or 1), 1)
                existing = current_row(session, reg.id)
                if existing is not None:
                    raise UserFacingError("store.not_a_draft", reg_no=existing.reg_no)
                content, content_hash, words = put_registration(
                    session,
                    self.keys,
                    None,
                    reg,
                    staff_id=staff_id,
                    step="",
                    submitted_version=reg.version,
                    known_terms=self._known_terms,
                    stamp_session=False,
                )
                add_version(
                    session, self.keys, reg, content, content_hash, reason="", staff_id=staff_id
                )
                add_audit(
                    session,
                    staff_id,
                    "registration.imported",
                    reg.id,
                    reg_no=reg.reg_no,
                    version=reg.version,
                )
                numbers.append(reg.reg_no)
                added |= words
            for reg, draft in ready_drafts:
                reg.status, reg.version, reg.verdict_reason = Status.DRAFT, 1, ""
                existing = current_row(session, reg.id)
                if existing is not None:
                    raise UserFacingError("store.not_a_draft", reg_no=existing.reg_no)
                added |= put_registration(
                    session,
                    self.keys,
                    None,
                    reg,
                    staff_id=staff_id,
                    step="",
                    submitted_version=None,
                    known_terms=self._known_terms,
                    stamp_session=False,
                )[2]
                session.connection().exec_driver_sql(
                    "UPDATE registrations SET origin = ?, origin_list = ?, origin_detail = ? "
                    "WHERE id = ?",
                    (draft.origin, draft.origin_list, draft.note, reg.id),
                )
                add_audit(
                    session,
                    staff_id,
                    "registration.draft_imported",
                    reg.id,
                    reg_no=reg.reg_no,
                    origin=draft.origin,
                )
                numbers.append(reg.reg_no)
            for link in links:
                session.connection().exec_driver_sql(
                    "UPDATE registrations SET origin_list = ? WHERE id = ? AND origin_list = ''",
                    (link.origin_list, link.registration_id),
                )
                add_audit(
                    session,
                    staff_id,
                    "registration.list_linked",
                    link.registration_id,
                    list=link.origin_list,
                    row=link.row,
                )
        self._known_terms = self._known_terms | added
        return numbers
