"""Removing personal data of confirmed registrations (retention, UU 27/2022 storage limitation).

The sync part decides *which* registrations are due (confirmed by the central, older than the
configured days) and calls :meth:`Store.redact`; this module decides *what* stays on the kiosk:
the registration number, status and verdict, versions and their content hashes (the sanity check
with the central needs them), timestamps, the masked NIK, the business's legal form, scale, KBLI
and region codes. Everything that identifies or reaches a person goes: owner, identifiers (NIK,
NIB, NPWP), bank account, street and postal code, products, consent staff, the page list, the
blind indexes, the owner's name in the search index. A sole proprietorship's business name is
usually the owner's own name, so it goes too; other legal forms keep theirs.

All of it in one transaction, with an audit entry. Version rows keep their ``content_hash``
although their sealed content is now the redacted form: the hash records what was sent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.domain.model import (
    Address,
    BankAccount,
    Business,
    LegalForm,
    Owner,
    Registration,
    Status,
    utcnow,
)
from kiosk.errors import UserFacingError
from kiosk.i18n import register
from kiosk.store import codec
from kiosk.store.core import StoreCore
from kiosk.store.journal import add_audit, terms
from kiosk.store.models import DocumentPageRow, RegistrationVersion, VersionPageRow
from kiosk.store.records import RegistrationNotFound
from kiosk.store.writes import find_row

register(
    {
        "store.redact.not_confirmed": {
            "id": "Pendaftaran {reg_no} belum dikonfirmasi pusat; data pribadinya tidak dihapus.",
            "en": "Registration {reg_no} is not confirmed by the central; its data is kept.",
        }
    }
)


def _redacted_business(b: Business) -> Business:
    keep_name = b.legal_form not in (None, LegalForm.PERORANGAN)
    return Business(
        name=b.name if keep_name else "",
        legal_form=b.legal_form,
        scale=b.scale,
        scale_suggested=b.scale_suggested,
        scale_rule=b.scale_rule,
        kbli=list(b.kbli),
        year_established=b.year_established,
    )


def redacted_dict(data: dict[str, Any]) -> dict[str, Any]:
    """The redacted form of a registration's ``to_dict()`` or ``content()`` dict."""
    reg = Registration.from_dict(data)
    reg.business = _redacted_business(reg.business)
    reg.owner = Owner(is_owner=reg.owner.is_owner)
    a = reg.address
    reg.address = Address(a.province_code, a.regency_code, a.district_code, a.village_code)
    reg.products, reg.documents, reg.bank = [], [], BankAccount()
    reg.consent.staff_id = ""
    out = reg.to_dict()
    return {key: out[key] for key in data}  # same keys as given (content() lacks some)


class RetentionMixin(StoreCore):
    """``Store.redact`` and the search index's clean-up."""

    def redact(self, reg_id: str, *, actor: str = "sync") -> None:
        with self._write() as session:
            row = find_row(session, reg_id)
            if row is None:
                raise RegistrationNotFound()
            if row.redacted_at is not None:
                return  # already done: retention runs repeatedly
            if row.status in (Status.DRAFT, Status.SUBMITTED):
                raise UserFacingError("store.redact.not_confirmed", reg_no=row.reg_no)
            keys = self.keys
            current = codec.open_row(keys, reg_id, row.sealed, row.status, row.updated_at)
            reg = Registration.from_dict(redacted_dict(current.to_dict()))
            gone_words = set(terms(row.owner_name)) | set(terms(row.business_name))
            _data, raw = codec.encode(reg)
            row.sealed = codec.seal_registration(keys, reg, raw)
            row.business_name, row.owner_name = reg.business.name, ""
            row.nik_bidx = row.nib_bidx = row.npwp_bidx = row.phone_bidx = None
            row.redacted_at = utcnow()
            for version in session.scalars(
                select(RegistrationVersion).where(RegistrationVersion.registration_id == reg_id)
            ):
                content = codec.open_content(keys, reg_id, version.version, version.sealed)
                version.sealed = codec.seal_content(
                    keys, reg_id, version.version, redacted_dict(content)
                )
                version.reason_sealed = None
            session.execute(
                delete(DocumentPageRow).where(DocumentPageRow.registration_id == reg_id)
            )
            session.execute(delete(VersionPageRow).where(VersionPageRow.registration_id == reg_id))
            session.flush()  # the FTS trigger has removed the old names before the check below
            removed = _prune_name_terms(session, gone_words)
            add_audit(session, actor, "registration.redacted", reg_id, reg_no=row.reg_no)
        # The words are gone from the database; forget them in the save path's cache too.
        self._known_terms = self._known_terms - removed

    def optimize_search_index(self) -> None:
        """Rewrite the full-text index into one segment (FTS5 ``optimize``).

        FTS5 deletes by adding "delete" markers; the old tokens stay in older segments until they
        are merged. After a retention run, this drops the removed names from the file for good.
        Costs a few seconds per 100,000 registrations: run it after a batch, not per record.
        """
        with self._write() as session:
            session.connection().exec_driver_sql(
                "INSERT INTO registrations_fts(registrations_fts) VALUES ('optimize')"
            )


def _prune_name_terms(session: Session, words: set[str]) -> set[str]:
    """Delete from the vocabulary the words no remaining name uses; returns them."""
    conn = session.connection()
    removed = set()
    for word in words:
        still_used = conn.exec_driver_sql(
            "SELECT 1 FROM registrations_fts WHERE registrations_fts MATCH ? LIMIT 1",
            ('"' + word.replace('"', '""') + '"',),
        ).first()
        if still_used is None:
            conn.exec_driver_sql("DELETE FROM name_terms WHERE term = ?", (word,))
            removed.add(word)
    return removed
