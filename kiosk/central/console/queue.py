"""The verifier's queue: filters, search, oldest first, pages of 50.

Reads only ``central_queue`` (:mod:`kiosk.central.console.queue_facts`), the identifier table
and the duplicate flags — never the versions' JSON — so a page costs the same with 100,000
registrations as with 100 (see ``bench/bench_console.py``).

Search (one box, like the desk's):
- only digits (spaces, dots, dashes, slashes ignored), 8 or more of them: an identifier — NIK,
  NIB or NPWP — matched exactly through ``central_identifiers`` (normalised digits, indexed);
- a registration number (``KODE-YYYYMMDD-NNNN``): matched exactly, case ignored;
- anything else: names, forgivingly — every word, folded (case, accents and punctuation
  ignored, :func:`kiosk.text.fold`), must appear in the business or the owner name, in any order
  and as part of a word (``maju sit`` finds "Usaha MAJU" of "Siti").

The count stops at :data:`COUNT_CAP` ("more than 10,000"), so a page never counts every match.

Order: oldest in the queue first (``queued_at``: when the current version arrived), then id, so
paging is stable. A supervisor's queue is limited to their MPP by the caller's ``mpp_scope``.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, true, union
from sqlalchemy.orm import InstrumentedAttribute, Session

from kiosk.central.models import DuplicateFlag, Identifier, Kiosk, Mpp, QueueFacts, aware
from kiosk.text import fold

PAGE_SIZE = 50
# Counting stops here: an exact "59,781" costs a scan of every match on each page view, and a
# verifier facing more than 10,000 narrows the filter rather than paging to page 201 (the
# dashboard has the exact queue size).
COUNT_CAP = 10_000
STATUSES = ("submitted", "needs_fix", "verified", "rejected")
_REG_NO = re.compile(r"^[A-Za-z0-9]{2,12}-\d{8}-[A-Za-z0-9]{1,8}$")
_ID_SEPARATORS = re.compile(r"[\s.\-/]")


@dataclass(frozen=True)
class QueueFilter:
    """What the queue page was asked for (all optional; ``status`` defaults to waiting)."""

    q: str = ""
    mpp: int | None = None
    kiosk: str = ""
    regency: str = ""
    status: str = "submitted"  # "" = every status
    legal_form: str = ""
    scale: str = ""
    kbli: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    duplicate: str = ""  # "" | "yes" | "no"
    page: int = 1

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> QueueFilter:
        """From query parameters; values that make no sense are dropped, never an error page."""

        def text(name: str, limit: int = 64) -> str:
            value = params.get(name, "") or ""
            return "".join(ch for ch in value if ch.isprintable())[:limit].strip()

        def day(name: str) -> dt.date | None:
            try:
                return dt.date.fromisoformat(text(name, 10))
            except ValueError:
                return None

        def number(name: str, default: int | None) -> int | None:
            value = text(name, 9)
            return int(value) if value.isascii() and value.isdigit() else default

        status = text("status", 16)
        if "status" not in params:
            status = "submitted"
        elif status not in STATUSES:
            status = ""
        duplicate = text("duplicate", 3)
        return cls(
            q=text("q", 200),
            mpp=number("mpp", None),
            kiosk=text("kiosk", 36),
            regency=text("regency", 16),
            status=status,
            legal_form=text("legal_form", 16),
            scale=text("scale", 16),
            kbli=re.sub(r"[^0-9A-Za-z]", "", text("kbli", 8)),
            date_from=day("date_from"),
            date_to=day("date_to"),
            duplicate=duplicate if duplicate in ("yes", "no") else "",
            page=max(1, min(number("page", 1) or 1, 100_000)),
        )

    def params(self, page: int | None = None) -> dict[str, str]:
        """Query parameters that ask for this filter again (on ``page``; empty values left out)."""
        values = replace(self, page=page if page is not None else self.page)
        out = {
            "q": values.q,
            "mpp": str(values.mpp) if values.mpp is not None else "",
            "kiosk": values.kiosk,
            "regency": values.regency,
            "status": values.status,
            "legal_form": values.legal_form,
            "scale": values.scale,
            "kbli": values.kbli,
            "date_from": values.date_from.isoformat() if values.date_from else "",
            "date_to": values.date_to.isoformat() if values.date_to else "",
            "duplicate": values.duplicate,
            "page": str(values.page) if values.page > 1 else "",
        }
        result = {k: v for k, v in out.items() if v}
        result["status"] = values.status  # "" (every status) must survive the round trip
        return result


@dataclass(frozen=True)
class QueueRow:
    registration_id: str
    reg_no: str
    status: str
    queued_at: dt.datetime
    reg_date: dt.date
    business_name: str
    owner_name: str
    legal_form: str
    scale: str
    regency: str
    kbli: tuple[str, ...]
    kiosk_code: str
    mpp_name: str
    duplicate: bool


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int  # at most COUNT_CAP + 1 (then: "more than COUNT_CAP")
    page: int
    pages: int
    search_kind: str  # "" | "identifier" | "reg_no" | "name"


def _open_duplicate(
    registration: ColumnElement[str] | InstrumentedAttribute[str],
) -> ColumnElement[bool]:
    D = DuplicateFlag
    return or_(
        exists().where(D.registration_a == registration, D.resolved_at.is_(None)),
        exists().where(D.registration_b == registration, D.resolved_at.is_(None)),
    )


def search_kind(q: str) -> str:
    q = q.strip()
    if not q:
        return ""
    digits = _ID_SEPARATORS.sub("", q)
    if digits.isdigit() and len(digits) >= 8 and digits.isascii():
        return "identifier"
    if _REG_NO.fullmatch(q):
        return "reg_no"
    return "name"


def _like_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def conditions(f: QueueFilter, scope_mpp: int | None) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a filter (also used for a registration's neighbours)."""
    Q = QueueFacts
    where: list[ColumnElement[bool]] = []
    if scope_mpp is not None:
        where.append(Q.mpp_id == scope_mpp)
    if f.mpp is not None:
        where.append(Q.mpp_id == f.mpp)
    if f.kiosk:
        where.append(Q.kiosk_id == f.kiosk)
    if f.regency:
        where.append(Q.regency == f.regency)
    if f.status:
        where.append(Q.status == f.status)
    if f.legal_form:
        where.append(Q.legal_form == f.legal_form)
    if f.scale:
        where.append(Q.scale == f.scale)
    if f.kbli:
        where.append(Q.kbli.like(f"% {_like_escape(f.kbli)}%", escape="\\"))
    if f.date_from:
        where.append(Q.reg_date >= f.date_from)
    if f.date_to:
        where.append(Q.reg_date <= f.date_to)
    if f.duplicate in ("yes", "no"):
        D = DuplicateFlag
        flagged = union(
            select(D.registration_a).where(D.resolved_at.is_(None)),
            select(D.registration_b).where(D.resolved_at.is_(None)),
        )
        inside = Q.registration_id.in_(flagged)
        where.append(inside if f.duplicate == "yes" else ~inside)
    kind = search_kind(f.q)
    if kind == "identifier":
        digits = _ID_SEPARATORS.sub("", f.q)
        where.append(
            Q.registration_id.in_(
                select(Identifier.registration_id).where(  # (kind, value) is the index
                    Identifier.kind.in_(("nik", "nib", "npwp")), Identifier.value == digits
                )
            )
        )
    elif kind == "reg_no":
        where.append(func.upper(Q.reg_no) == f.q.strip().upper())
    elif kind == "name":
        for word in fold(f.q).split()[:8]:
            where.append(Q.names_folded.like(f"%{_like_escape(word)}%", escape="\\"))
    return where


def _row(facts: QueueFacts, kiosk_code: str, mpp_name: str, duplicate: bool) -> QueueRow:
    return QueueRow(
        registration_id=facts.registration_id,
        reg_no=facts.reg_no,
        status=facts.status,
        queued_at=aware(facts.queued_at),
        reg_date=facts.reg_date,
        business_name=facts.business_name,
        owner_name=facts.owner_name,
        legal_form=facts.legal_form,
        scale=facts.scale,
        regency=facts.regency,
        kbli=tuple(facts.kbli.split()),
        kiosk_code=kiosk_code,
        mpp_name=mpp_name,
        duplicate=bool(duplicate),
    )


def find(
    session: Session, f: QueueFilter, scope_mpp: int | None, page_size: int = PAGE_SIZE
) -> QueuePage:
    """One page of the queue under ``f``, limited to ``scope_mpp`` when it is set."""
    Q = QueueFacts
    where = and_(true(), *conditions(f, scope_mpp))
    capped = select(Q.registration_id).where(where).limit(COUNT_CAP + 1).subquery()
    total = session.scalar(select(func.count()).select_from(capped)) or 0
    pages = max(1, -(-min(total, COUNT_CAP) // page_size))
    page = min(f.page, pages)
    rows = session.execute(
        select(Q, Kiosk.code, Mpp.name, _open_duplicate(Q.registration_id))
        .join(Kiosk, Kiosk.id == Q.kiosk_id)
        .join(Mpp, Mpp.id == Q.mpp_id)
        .where(where)
        .order_by(Q.queued_at, Q.registration_id)
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return QueuePage(
        rows=[_row(facts, code, mpp, dup) for facts, code, mpp, dup in rows],
        total=total,
        page=page,
        pages=pages,
        search_kind=search_kind(f.q),
    )


def neighbours(
    session: Session, f: QueueFilter, scope_mpp: int | None, registration_id: str
) -> tuple[str | None, str | None]:
    """(previous, next) registration numbers around ``registration_id`` in the queue's order."""
    Q = QueueFacts
    current = session.get(Q, registration_id)
    if current is None:
        return None, None
    key = (Q.queued_at, Q.registration_id)
    at = (current.queued_at, current.registration_id)
    where = conditions(f, scope_mpp)
    after = or_(key[0] > at[0], and_(key[0] == at[0], key[1] > at[1]))
    before = or_(key[0] < at[0], and_(key[0] == at[0], key[1] < at[1]))
    nxt = session.scalar(
        select(Q.reg_no).where(after, *where).order_by(Q.queued_at, Q.registration_id).limit(1)
    )
    prev = session.scalar(
        select(Q.reg_no)
        .where(before, *where)
        .order_by(Q.queued_at.desc(), Q.registration_id.desc())
        .limit(1)
    )
    return prev, nxt


@dataclass(frozen=True)
class FilterChoices:
    mpps: list[tuple[int, str]]
    kiosks: list[tuple[str, str]]  # (id, "CODE · name")
    regencies: list[str]


_CHOICES: dict[tuple[str, int | None], tuple[float, FilterChoices]] = {}
CHOICES_TTL_S = 30.0


def choices(session: Session, scope_mpp: int | None) -> FilterChoices:
    """What the filter lists offer (within the viewer's scope); kept for :data:`CHOICES_TTL_S`
    per process, as the regencies' DISTINCT reads the whole work list (a new MPP or kiosk shows
    in the lists half a minute later at most; filtering by it works at once)."""
    key = (str(session.get_bind().engine.url), scope_mpp)
    cached = _CHOICES.get(key)
    now = time.monotonic()
    if cached is not None and now - cached[0] < CHOICES_TTL_S:
        return cached[1]
    fresh = _read_choices(session, scope_mpp)
    _CHOICES[key] = (now, fresh)
    return fresh


def _read_choices(session: Session, scope_mpp: int | None) -> FilterChoices:
    mpp_query = select(Mpp.id, Mpp.name).order_by(Mpp.name)
    kiosk_query = select(Kiosk.id, Kiosk.code, Kiosk.name).order_by(Kiosk.code)
    regency_query = select(QueueFacts.regency).distinct().order_by(QueueFacts.regency)
    if scope_mpp is not None:
        mpp_query = mpp_query.where(Mpp.id == scope_mpp)
        kiosk_query = kiosk_query.where(Kiosk.mpp_id == scope_mpp)
        regency_query = regency_query.where(QueueFacts.mpp_id == scope_mpp)
    return FilterChoices(
        mpps=[(i, n) for i, n in session.execute(mpp_query)],
        kiosks=[(i, f"{c} · {n}") for i, c, n in session.execute(kiosk_query)],
        regencies=[r for r in session.scalars(regency_query) if r],
    )
