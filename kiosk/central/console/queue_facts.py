"""The verifier's work list (``central_queue``): per registration, the fields the queue filters by.

The versions' canonical JSON stays the record; filtering 100,000 of them by legal form or KBLI
would parse every document on every page view. So each registration has one row here with the few
fields of its *current* version the queue needs (MPP, kiosk, regency, status, legal form, scale,
KBLI codes, the date in its number, the two names folded for a forgiving search), kept by
:func:`keep_fresh` (before every queue read) and :func:`set_status` (with every verdict):

- A row is stale when it is missing or its ``(version, status)`` differs from the registration's
  (a new version was pushed, a verdict was given). :func:`catch_up` finds those with one anti-join
  and rebuilds them from the current version. It costs tens of milliseconds at 100,000
  registrations, so the queue calls :func:`keep_fresh` instead: the versions that arrived since
  its last look (their ids only grow; an index range read) plus a full catch-up at most once a
  minute per process. Verdicts update their row in their own transaction. Rebuilding is
  idempotent (delete + insert per id).
- The registration's day is the date in its number (``KODE-YYYYMMDD-NNNN``, the desk's own zone),
  else the day the central first received it in WIB (the dashboard uses the same rule).
- ``kbli`` is the codes between spaces (``" 10792 47911 "``), so a code or a code prefix is one
  ``LIKE``; ``names_folded`` is business and owner name through :func:`kiosk.text.fold`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    String,
    any_,
    bindparam,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from kiosk.central.models import (
    CentralRegistration,
    CentralVersion,
    Kiosk,
    QueueFacts,
    aware,
)
from kiosk.text import fold

BATCH = 500
log = logging.getLogger(__name__)
_WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


def _text(value: object, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def registration_day(reg_no: str, received: dt.datetime) -> dt.date:
    parts = reg_no.split("-")
    if len(parts) == 3 and len(parts[1]) == 8 and parts[1].isdigit():
        try:
            return dt.date(int(parts[1][:4]), int(parts[1][4:6]), int(parts[1][6:]))
        except ValueError:
            pass
    return aware(received).astimezone(_WIB).date()


def facts_row(reg: CentralRegistration, mpp_id: int, content_text: str) -> dict[str, Any]:
    """The ``central_queue`` row of ``reg`` from its current version's JSON (tolerant of any
    shape: a field that is missing or of another type is empty)."""
    try:
        content = json.loads(content_text)
    except ValueError:
        content = {}
    business = content.get("business") if isinstance(content, dict) else None
    owner = content.get("owner") if isinstance(content, dict) else None
    address = content.get("address") if isinstance(content, dict) else None
    business = business if isinstance(business, dict) else {}
    owner = owner if isinstance(owner, dict) else {}
    address = address if isinstance(address, dict) else {}
    kbli = business.get("kbli")
    codes = (
        [c for c in kbli if isinstance(c, str) and c.isalnum()] if isinstance(kbli, list) else []
    )
    name = _text(business.get("name"), 200)
    owner_name = _text(owner.get("full_name"), 200)
    return {
        "registration_id": reg.id,
        "version": reg.current_version,
        "status": reg.status,
        "mpp_id": mpp_id,
        "kiosk_id": reg.kiosk_id,
        "reg_no": reg.reg_no,
        "reg_date": registration_day(reg.reg_no, reg.created_at),
        "queued_at": aware(reg.updated_at),
        "legal_form": _text(business.get("legal_form"), 16),
        "scale": _text(business.get("scale"), 16),
        "province": _text(address.get("province_code"), 8),
        "regency": _text(address.get("regency_code"), 16),
        "kbli": (" " + " ".join(codes) + " ")[:400] if codes else "",
        "business_name": name,
        "owner_name": owner_name,
        "names_folded": f"{fold(name)} | {fold(owner_name)}"[:400],
    }


def _among(column: InstrumentedAttribute[str], ids: list[str], dialect: str) -> ColumnElement[bool]:
    """``column IN ids``; on PostgreSQL one array parameter (``= ANY(%s)``): psycopg splits a
    statement with hundreds of parameters slowly, an array is one parameter."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam("ids", ids, type_=ARRAY(String), unique=True))
    return column.in_(ids)


def _upsert(session: Session, values: list[dict[str, Any]], dialect: str) -> None:
    """Insert or replace rows by registration id (two writers of the same row both succeed)."""
    if dialect == "postgresql":
        pg = postgresql.insert(QueueFacts)
        session.execute(
            pg.on_conflict_do_update(index_elements=["registration_id"], set_=_changes(pg)), values
        )
        return
    lite = sqlite.insert(QueueFacts)
    session.execute(
        lite.on_conflict_do_update(index_elements=["registration_id"], set_=_changes(lite)), values
    )


def _changes(statement: postgresql.Insert | sqlite.Insert) -> dict[str, Any]:
    return {
        column.name: statement.excluded[column.name]
        for column in QueueFacts.__table__.columns
        if column.name != "registration_id"
    }


def refresh(session: Session, registration_ids: Iterable[str]) -> int:
    """Rebuild the rows of these registrations; returns how many were written."""
    ids = sorted(set(registration_ids))
    dialect = session.get_bind().dialect.name
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = session.execute(
            select(CentralRegistration, Kiosk.mpp_id, CentralVersion.content)
            .join(Kiosk, Kiosk.id == CentralRegistration.kiosk_id)
            .join(
                CentralVersion,
                (CentralVersion.registration_id == CentralRegistration.id)
                & (CentralVersion.version == CentralRegistration.current_version),
            )
            .where(_among(CentralRegistration.id, chunk, dialect))
        ).all()
        values = [facts_row(reg, mpp_id, content) for reg, mpp_id, content in rows]
        if values:
            _upsert(session, values, dialect)
        written += len(values)
    return written


def stale_ids(session: Session) -> list[str]:
    """Registrations whose row is missing or behind (another version or status)."""
    R, Q = CentralRegistration, QueueFacts
    return list(
        session.scalars(
            select(R.id)
            .outerjoin(Q, Q.registration_id == R.id)
            .where(
                or_(
                    Q.registration_id.is_(None),
                    Q.version != R.current_version,
                    Q.status != R.status,
                )
            )
        )
    )


def catch_up(session: Session) -> int:
    """Bring every stale row up to date (the caller commits)."""
    ids = stale_ids(session)
    return refresh(session, ids) if ids else 0


def set_status(session: Session, registration_id: str, status: str) -> None:
    """A verdict changes the row's status in the verdict's own transaction."""
    session.execute(
        update(QueueFacts)
        .where(QueueFacts.registration_id == registration_id)
        .values(status=status)
    )


# Per process and database: the highest central_versions.id already looked at, and when the last
# full catch-up ran. Versions are the only way a registration's content changes, and their ids
# only grow; a WINDOW below the mark is read again because ids are handed out before commit, so
# a slow transaction can commit a lower id after a higher one was seen.
_MARKS: dict[str, tuple[int, float]] = {}
_RUNNING: set[str] = set()
_LOCK = threading.Lock()
FULL_EVERY_S = 60.0
WINDOW = 200


def keep_fresh(session: Session) -> int:
    """What the queue calls before it reads: the versions that arrived since the last look
    (an index range read, usually empty). The first call in a process runs a full
    :func:`catch_up` (an upgraded central fills its work list here); after that a full catch-up
    runs at most once a minute in a background thread (for changes that come by another road,
    e.g. a status set by hand), never on the request's time. Returns how many rows were rebuilt
    in this call; the caller commits."""
    engine = session.get_bind().engine
    key = str(engine.url)
    now = time.monotonic()
    with _LOCK:
        mark, last_full = _MARKS.get(key, (-1, 0.0))
        start_background = mark >= 0 and now - last_full > FULL_EVERY_S and key not in _RUNNING
        if start_background:
            _RUNNING.add(key)
            _MARKS[key] = (mark, now)
    if mark < 0:
        top = session.scalar(select(func.max(CentralVersion.id))) or 0
        built = catch_up(session)
        with _LOCK:
            _MARKS[key] = (top, now)
        return built
    if start_background:
        threading.Thread(
            target=_catch_up_in_background, args=(engine, key), name="queue-catch-up", daemon=True
        ).start()
    low = mark - WINDOW
    top = session.scalar(select(func.max(CentralVersion.id)).where(CentralVersion.id > low))
    if top is None:
        return 0
    R, Q, V = CentralRegistration, QueueFacts, CentralVersion
    stale = session.scalars(
        select(R.id)
        .distinct()
        .join(V, V.registration_id == R.id)
        .outerjoin(Q, Q.registration_id == R.id)
        .where(
            V.id > low,
            or_(
                Q.registration_id.is_(None),
                Q.version != R.current_version,
                Q.status != R.status,
            ),
        )
    ).all()
    with _LOCK:
        _MARKS[key] = (max(mark, top), _MARKS.get(key, (mark, last_full))[1])
    return refresh(session, stale) if stale else 0


def _catch_up_in_background(engine: Engine, key: str) -> None:
    try:
        with Session(engine) as session:
            catch_up(session)
            session.commit()
    except Exception:  # the next request's window and the next minute's pass try again
        log.warning("the work list's catch-up failed", exc_info=True)
    finally:
        with _LOCK:
            _RUNNING.discard(key)
