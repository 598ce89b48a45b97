"""What the verifier's detail page shows of one registration, read in one place.

Every field of the current version (flattened to labelled rows, nothing left out: a field the
console has no label for is shown under its path) but the scanned pages' records, the version
history with what changed from each version to the next, the scanned pages (each with its hash;
the images come from ``GET /console/pages/{sha256}``; their pixel size, resolution and bytes are
the image's own, not the business's: :func:`is_scan` keeps them and the hashes out of the field
list), the document checklist with what is missing (the kiosk's own
rules, :mod:`kiosk.domain.checklist`), open duplicate flags with the other registration beside
it (and the registrations a reviewer said it duplicates), open conflicts with both contents beside
each other, the audit trail, and the intake session it was made in (issue 14), if its kiosk sent
one. A version an older app pushed without a signature,
in the rolling upgrade's window (:mod:`kiosk.central.transition`), is marked as such.

Nothing here decrypts a page or writes anything; the route records that the registration was
viewed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from kiosk.central import audit
from kiosk.central.console.intake_view import SessionView, of_registration
from kiosk.central.models import (
    CentralRegistration,
    CentralVersion,
    Conflict,
    DuplicateFlag,
    Kiosk,
    Mpp,
    StoredPage,
    aware,
)

Flat = list[tuple[str, str]]  # (path, shown value)


@dataclass(frozen=True)
class PageView:
    sha256: str
    document: str  # the document's label or type; a product photo's: the product's name
    number: int  # page number within the document (1-based)
    stored: bool  # the central holds the page (uploaded and verified)
    product: int = 0  # a product photo: the product's number (1-based); 0 for a document page


@dataclass(frozen=True)
class VersionView:
    version: int
    received_at: dt.datetime
    kiosk_code: str
    changes: list[tuple[str, str, str]]  # (path, before, after) against the previous version
    unsigned: bool = False  # pushed unsigned by an older app in the upgrade's window (transition)


@dataclass(frozen=True)
class DuplicateView:
    flag_id: int
    kind: str
    other_reg_no: str
    other_mpp: str
    other_mpp_id: int  # a supervisor closes the flag only when it is their MPP too
    other_fields: Flat
    this_fields: Flat


@dataclass(frozen=True)
class ConflictView:
    conflict_id: int
    version: int
    kiosk_code: str
    received_at: dt.datetime
    rows: list[tuple[str, str, str]]  # (path, stored, pushed); only where they differ
    both: list[tuple[str, str, str]]  # (path, stored, pushed) for every field of either


@dataclass
class RegistrationView:
    id: str
    reg_no: str
    status: str
    verdict_reason: str
    verdict_at: dt.datetime | None
    version: int
    mpp_id: int
    mpp_name: str
    kiosk_code: str
    kiosk_name: str
    received_at: dt.datetime
    business_name: str
    fields: Flat
    versions: list[VersionView] = field(default_factory=list)
    pages: list[PageView] = field(default_factory=list)
    checklist: list[tuple[str, bool, bool]] = field(default_factory=list)  # label, required, ok
    missing: list[str] = field(default_factory=list)
    duplicates: list[DuplicateView] = field(default_factory=list)
    conflicts: list[ConflictView] = field(default_factory=list)
    trail: list[audit.AuditView] = field(default_factory=list)
    intake: SessionView | None = None  # the intake session it was made in (issue 14)
    duplicate_of: list[str] = field(default_factory=list)  # reg. numbers a reviewer said it copies


def flatten(value: Any, prefix: str = "") -> Flat:
    """``{"business": {"name": "X"}}`` → ``[("business.name", "X")]``; lists get ``[n]``."""
    out: Flat = []
    if isinstance(value, dict):
        for key in value:
            out += flatten(value[key], f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        if not value:
            out.append((prefix, ""))
        for n, item in enumerate(value):
            out += flatten(item, f"{prefix}[{n + 1}]")
    elif value is None:
        out.append((prefix, ""))
    elif isinstance(value, bool):
        out.append((prefix, "✓" if value else "✗"))
    else:
        out.append((prefix, str(value)))
    return out


_SCAN = re.compile(r"^(documents\[\d+\]\.pages|products\[\d+\]\.photos)(\[\d+\]|$)")


def is_scan(path: str) -> bool:
    """A path inside a scanned page's record (``documents[1].pages[2].sha256``, a product
    photo's): shown with the scans, not among the fields."""
    return _SCAN.match(path) is not None


def diff(before: Flat, after: Flat) -> list[tuple[str, str, str]]:
    old, new = dict(before), dict(after)
    paths = list(dict.fromkeys([p for p, _ in before] + [p for p, _ in after]))
    return [(p, old.get(p, ""), new.get(p, "")) for p in paths if old.get(p, "") != new.get(p, "")]


def _content(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _pages(content: dict[str, Any], stored: set[str]) -> list[PageView]:
    out: list[PageView] = []
    docs = content.get("documents")
    for doc in docs if isinstance(docs, list) else []:
        if not isinstance(doc, dict):
            continue
        name = str(doc.get("label") or doc.get("doc_type") or "")
        pages = doc.get("pages")
        for n, page in enumerate(pages if isinstance(pages, list) else []):
            sha = page.get("sha256") if isinstance(page, dict) else None
            if isinstance(sha, str) and len(sha) == 64:
                out.append(PageView(sha, name, n + 1, sha in stored))
    products = content.get("products")
    for number, product in enumerate(products if isinstance(products, list) else [], start=1):
        photos = product.get("photos") if isinstance(product, dict) else None
        name = str(product.get("name") or "") if photos else ""
        for n, page in enumerate(photos if isinstance(photos, list) else []):
            sha = page.get("sha256") if isinstance(page, dict) else None
            if isinstance(sha, str) and len(sha) == 64:  # issue 11: shown like the scans
                out.append(PageView(sha, name, n + 1, sha in stored, product=number))
    return out


def _checklist(content: dict[str, Any]) -> tuple[list[tuple[str, bool, bool]], list[str]]:
    from kiosk.domain.checklist import missing_documents, required_documents
    from kiosk.domain.model import Registration

    try:
        reg = Registration.from_dict(content)
        required = required_documents(reg)
        missing = missing_documents(reg)
    except (ValueError, TypeError, KeyError):  # a shape this central's rules cannot read
        return [], []
    lacking = {(m.doc_type, m.label_code) for m in missing}
    rows = [
        (item.label_code, item.required, (item.doc_type, item.label_code) not in lacking)
        for item in required
    ]
    return rows, [m.label_code for m in missing]


def load(session: Session, reg: CentralRegistration) -> RegistrationView:
    """Everything the detail page shows of ``reg`` (scope already checked by the caller)."""
    kiosk, mpp = session.execute(
        select(Kiosk, Mpp).join(Mpp, Mpp.id == Kiosk.mpp_id).where(Kiosk.id == reg.kiosk_id)
    ).one()
    versions = session.execute(
        select(CentralVersion, Kiosk.code)
        .join(Kiosk, Kiosk.id == CentralVersion.kiosk_id)
        .where(CentralVersion.registration_id == reg.id)
        .order_by(CentralVersion.version)
    ).all()
    current_text = next((v.content for v, _ in versions if v.version == reg.current_version), "{}")
    content = _content(current_text)
    fields = flatten(content)
    business = content.get("business")
    name = business.get("name") if isinstance(business, dict) else ""
    view = RegistrationView(
        id=reg.id,
        reg_no=reg.reg_no,
        status=reg.status,
        verdict_reason=reg.verdict_reason,
        verdict_at=aware(reg.verdict_at),
        version=reg.current_version,
        mpp_id=mpp.id,
        mpp_name=mpp.name,
        kiosk_code=kiosk.code,
        kiosk_name=kiosk.name,
        received_at=aware(reg.created_at),
        business_name=name if isinstance(name, str) else "",
        fields=[(path, value) for path, value in fields if not is_scan(path)],
    )
    previous: Flat = []
    for version, code in versions:
        flat = flatten(_content(version.content))
        changes = diff(previous, flat) if previous else []
        unsigned = version.signature == ""  # None: stored before signatures existed
        view.versions.append(
            VersionView(version.version, aware(version.received_at), code, changes, unsigned)
        )
        previous = flat
    shas = [p.sha256 for p in _pages(content, set())]
    stored = set(session.scalars(select(StoredPage.sha256).where(StoredPage.sha256.in_(shas))))
    view.pages = _pages(content, stored)
    view.checklist, view.missing = _checklist(content)
    view.duplicates = _duplicates(session, reg, fields)
    view.conflicts = _conflicts(session, reg, {v.version: v.content for v, _ in versions})
    view.duplicate_of = _duplicate_of(session, reg)
    view.trail = audit.for_registration(session, reg.id)
    view.intake = of_registration(session, reg)
    return view


def _duplicates(session: Session, reg: CentralRegistration, mine: Flat) -> list[DuplicateView]:
    other = aliased(CentralRegistration)
    D = DuplicateFlag
    rows = session.execute(
        select(D, other, Mpp.name, Mpp.id, CentralVersion.content)
        .join(
            other,
            or_(
                (D.registration_a == reg.id) & (other.id == D.registration_b),
                (D.registration_b == reg.id) & (other.id == D.registration_a),
            ),
        )
        .join(Kiosk, Kiosk.id == other.kiosk_id)
        .join(Mpp, Mpp.id == Kiosk.mpp_id)
        .join(
            CentralVersion,
            (CentralVersion.registration_id == other.id)
            & (CentralVersion.version == other.current_version),
        )
        .where(D.resolved_at.is_(None))
        .order_by(D.id)
    ).all()
    keep = ("business.", "owner.", "address.")
    this = [(p, v) for p, v in mine if p.startswith(keep)]
    return [
        DuplicateView(
            flag.id,
            flag.kind,
            other_reg.reg_no,
            mpp_name,
            mpp_id,
            [(p, v) for p, v in flatten(_content(text)) if p.startswith(keep)],
            this,
        )
        for flag, other_reg, mpp_name, mpp_id, text in rows
    ]


def _duplicate_of(session: Session, reg: CentralRegistration) -> list[str]:
    """The registrations a reviewer said ``reg`` duplicates (closed flags, outcome ``same``)."""
    D, original = DuplicateFlag, aliased(CentralRegistration)
    return list(
        session.scalars(
            select(original.reg_no)
            .join(D, D.duplicate_of == original.id)
            .where(
                D.outcome == "same",
                or_(D.registration_a == reg.id, D.registration_b == reg.id),
                D.duplicate_of != reg.id,
            )
            .order_by(D.id)
        )
    )


def _conflicts(
    session: Session, reg: CentralRegistration, by_version: dict[int, str]
) -> list[ConflictView]:
    rows = session.execute(
        select(Conflict, Kiosk.code)
        .join(Kiosk, Kiosk.id == Conflict.kiosk_id)
        .where(Conflict.registration_id == reg.id, Conflict.resolved_at.is_(None))
        .order_by(Conflict.id)
    ).all()
    out = []
    for conflict, code in rows:
        stored = flatten(_content(by_version.get(conflict.version, "{}")))
        pushed = flatten(_content(conflict.content))
        mine, theirs = dict(stored), dict(pushed)
        paths = list(dict.fromkeys([p for p, _ in stored] + [p for p, _ in pushed]))
        both = [(path, mine.get(path, ""), theirs.get(path, "")) for path in paths]
        out.append(
            ConflictView(
                conflict.id,
                conflict.version,
                code,
                aware(conflict.received_at),
                diff(stored, pushed),
                both,
            )
        )
    return out
