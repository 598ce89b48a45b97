"""Applying a pushed batch: idempotent per (registration id, version, content hash).

- Same (id, version, hash) again → ``unchanged``; nothing is written.
- Same (id, version), another hash → ``conflict``: the pushed content is kept in
  ``central_conflicts`` for a supervisor; the stored version stays as it is.
- A registration id owned by another kiosk → ``invalid`` / ``push.forbidden`` (nothing about the
  other registration is echoed; the refused content is not kept, so it cannot crowd the owner's
  conflicts).
- An item whose signature is not the kiosk's → ``invalid`` / ``push.signature_invalid``; a NEW
  registration whose ID was not made by the kiosk's key → ``invalid`` / ``push.id_foreign``; one
  whose number is not the kiosk's → ``invalid`` / ``push.number_foreign``
  (:mod:`kiosk.central.authorship`). The signature is kept with the version; a push signed as
  one tree (``push_signature``, :mod:`kiosk.push_signature`) is verified once, each version keeps
  that signature and its place in the tree, and the tree's leaves are kept once
  (:mod:`kiosk.central.signed_pushes`). During the rolling
  upgrade's window a kiosk still on an older app may push without one: such versions are stored
  with an empty signature (:mod:`kiosk.central.transition`). The offline bundle's import
  (:mod:`kiosk.central.bundle_import`) goes through :func:`push`: same rules, no window.
- An erased registration (:mod:`kiosk.central.erasure`) → ``invalid`` / ``push.erased``.
- Everything else → ``stored``. The batch commits before the answer is built, so the kiosk may
  mark a row sent as soon as it reads ``stored``/``unchanged``.

Speed: the items are checked without the ORM (:mod:`kiosk.central.checks`), the batch is decided
from one read of what the central holds for its registrations, and written with one statement
per table (:mod:`kiosk.central.push_store`; ``unnest`` of arrays on PostgreSQL). The whole push,
duplicate flags included, uses one pooled connection. When a concurrent push of the same
registration (another process, or a retry while the first request is still running) hits a
unique constraint, the batch is rolled back and re-applied item by item, each in its own
savepoint and re-read, so the race settles into ``unchanged`` or ``conflict`` exactly as if the
requests had come one after the other.

Duplicate flags are computed after the commit (:mod:`kiosk.central.duplicates`): by then every
concurrent push that committed earlier is visible, so two kiosks registering the same NIK at the
same moment are still flagged by whichever of them commits last.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk import protocol as p
from kiosk.central import duplicates, signed_pushes
from kiosk.central.authorship import KioskIdentity, PushTree, load_identity
from kiosk.central.checks import CheckedItem, ItemInvalid, check_item
from kiosk.central.db import session_factory, session_scope
from kiosk.central.models import utcnow
from kiosk.central.push_store import WritePlan, store_for
from kiosk.central.settings import legacy_id_cutoff, unsigned_until
from kiosk.central.settings import legacy_ids_before as default_legacy_ids_before
from kiosk.central.transition import (
    NO_WINDOW,
    UNSIGNED_MESSAGE,
    WRONG_SIGNATURE_MESSAGE,
    UnsignedWindow,
)

log = logging.getLogger(__name__)


@dataclass
class _Decision:
    checked: CheckedItem
    outcome: p.PushOutcome
    stored_hash: str | None = None
    error: p.ErrorBody | None = None


def push(
    engine: Engine,
    kiosk_id: str,
    items: list[p.PushItem],
    *,
    exact_json: bool = False,
    legacy_ids_before: dt.datetime | None = None,
    window: UnsignedWindow = NO_WINDOW,
    push_signature: str = "",
) -> p.PushResponse:
    """``legacy_ids_before``: the settings' cutoff for untagged IDs (None: the environment's or
    the default, as :class:`~kiosk.central.settings.CentralSettings` reads it, moved by its
    window's end); ``window``: the transition window for unsigned items and the app version the
    request names; ``push_signature``: the request's one signature over its items' tree."""
    before = legacy_ids_before or default_legacy_ids_before(legacy_id_cutoff(), unsigned_until())
    decisions: dict[int, _Decision] = {}
    checked: list[CheckedItem] = []
    for index, item in enumerate(items):
        try:
            checked.append(check_item(index, item, exact_json=exact_json))
        except ItemInvalid as exc:
            stub = CheckedItem(index, item, "", [])
            decisions[index] = _Decision(
                stub, "invalid", None, p.ErrorBody(code=exc.code, message=exc.message)
            )
    with engine.connect() as connection:  # one pool checkout (and ping) for the whole push
        on_connection = session_factory(connection)
        rules = _Rules(before, window, PushTree.of(items, push_signature))
        applied, missing = _apply_batch(on_connection, kiosk_id, checked, rules)
        decisions.update({d.checked.index: d for d in applied})
        stored = sorted({d.checked.item.registration_id for d in applied if d.outcome == "stored"})
        if stored:
            try:
                duplicates.flag_for(on_connection, stored)
            except SQLAlchemyError:  # the versions are committed; flags can be rebuilt later
                log.warning("duplicate flagging failed; run `kiosk central duplicates --rescan`")
    results = [_result(decisions[i]) for i in range(len(items))]
    return p.PushResponse(results=results, missing_pages=missing, accepts_push_signature=True)


@dataclass(frozen=True)
class _Rules:
    legacy_ids_before: dt.datetime  # untagged IDs of new registrations made before this
    window: UnsignedWindow
    tree: PushTree | None = None  # the push's one signature, when it carries one


def _apply_batch(
    factory: sessionmaker[Session], kiosk_id: str, checked: list[CheckedItem], rules: _Rules
) -> tuple[list[_Decision], list[str]]:
    """Decide and write the batch in one transaction, committed; returns (decisions, missing)."""
    try:
        with session_scope(factory) as session:
            identity = load_identity(session.connection(), kiosk_id)
            identity.note_version(session.connection(), rules.window.app_version)
            applied = _apply(session, identity, checked, rules)
            return applied, _finish(session, kiosk_id, applied)
    except IntegrityError:  # a concurrent push of the same registration: settle item by item
        with session_scope(factory) as session:
            identity = load_identity(session.connection(), kiosk_id)
            if any(_signature_ok(identity, c, rules) for c in checked):  # outside the savepoints
                identity.mark_signed(session.connection(), utcnow())
            applied = []
            for one in checked:
                applied += _apply_one_safely(session, identity, one, rules)
            return applied, _finish(session, kiosk_id, applied)


def _result(d: _Decision) -> p.PushResult:
    item = d.checked.item
    return p.PushResult(
        seq=item.seq,
        registration_id=item.registration_id,
        version=item.version,
        outcome=d.outcome,
        content_hash=d.stored_hash,
        error=d.error,
    )


def _apply_one_safely(
    session: Session, identity: KioskIdentity, one: CheckedItem, rules: _Rules
) -> list[_Decision]:
    for attempt in range(2):
        try:
            with session.begin_nested():
                return _apply(session, identity, [one], rules)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _refused(c: CheckedItem, code: str, message: str) -> _Decision:
    return _Decision(c, "invalid", None, p.ErrorBody(code=code, message=message))


def _authored(
    session: Session, identity: KioskIdentity, checked: list[CheckedItem], rules: _Rules
) -> tuple[list[CheckedItem], list[_Decision]]:
    """The items whose signature is the kiosk's, or missing within the transition window (kept
    with ``signature = ""``); the others refused. A valid signature marks the kiosk as signing
    first, so an unsigned item in the same batch is refused too (downgrade protection)."""
    valid = [_signature_ok(identity, c, rules) for c in checked]
    now = utcnow()
    if any(valid):
        identity.mark_signed(session.connection(), now)
    unsigned_ok = rules.window.admits(now, identity.signed_since, identity.app_version)
    tree = rules.tree
    accepted: list[CheckedItem] = []
    refused: list[_Decision] = []
    for c, ok in zip(checked, valid, strict=True):
        if ok and not c.item.signature and tree is not None:  # covered by the push's signature
            c.signature, c.signature_index = tree.signature, c.index
            accepted.append(c)
        elif ok or (unsigned_ok and not c.item.signature and tree is None):
            c.signature = c.item.signature if ok else ""
            accepted.append(c)
        else:
            signed = c.item.signature or tree is not None
            why = WRONG_SIGNATURE_MESSAGE if signed else UNSIGNED_MESSAGE
            refused.append(_refused(c, p.PUSH_SIGNATURE_INVALID, why))
    return accepted, refused


def _signature_ok(identity: KioskIdentity, c: CheckedItem, rules: _Rules) -> bool:
    """The item's own signature when it has one, else the push's tree signature (if any)."""
    if c.item.signature:
        return identity.signature_ok(c.item)
    return rules.tree is not None and identity.tree_ok(rules.tree)


def _apply(
    session: Session, identity: KioskIdentity, checked: list[CheckedItem], rules: _Rules
) -> list[_Decision]:
    checked, decisions = _authored(session, identity, checked, rules)
    if not checked:
        return decisions
    before = rules.legacy_ids_before
    kiosk_id = identity.id
    store = store_for(session, kiosk_id, utcnow(), identity.key_id)
    ids = sorted({c.item.registration_id for c in checked})
    owners, held, erased = store.read(ids)  # erased: data-subject erasures
    known_conflicts: set[tuple[str, int, str]] | None = None  # read only when needed (rare)
    plan = WritePlan()
    for c in checked:
        rid, version, digest = c.item.registration_id, c.item.version, c.item.content_hash
        if rid in erased:  # a data-subject erasure: never stored again (the kiosk erases)
            decisions.append(_refused(c, p.PUSH_ERASED, "the registration was erased"))
            continue
        owner = owners.get(rid)
        if owner is not None and owner[0] != kiosk_id:  # refused; nothing of it is kept
            decisions.append(_refused(c, p.PUSH_FORBIDDEN, "registration belongs to another kiosk"))
            continue
        if (rid, version) in held:
            stored_hash = held[(rid, version)]
            if stored_hash == digest:
                decisions.append(_Decision(c, "unchanged", stored_hash))
                continue
            if known_conflicts is None:
                known_conflicts = store.conflicts(ids)
            if (rid, version, digest) not in known_conflicts:
                known_conflicts.add((rid, version, digest))
                plan.conflicts.append(c)
            decisions.append(_Decision(c, "conflict", stored_hash))
            continue
        if owner is None and not identity.id_is_own(rid, before):
            decisions.append(
                _refused(c, p.PUSH_ID_FOREIGN, "the registration id was not made by this kiosk")
            )
            continue
        if owner is None and not identity.number_is_own(session.connection(), c.item.reg_no):
            decisions.append(
                _refused(c, p.PUSH_NUMBER_FOREIGN, "the number does not carry this kiosk's code")
            )
            continue
        if owner is None:
            plan.new_regs.append(c)
            owners[rid] = [kiosk_id, 0]
        if version > owners[rid][1]:
            owners[rid][1] = version
            plan.newest[rid] = c
        held[(rid, version)] = digest
        plan.versions.append(c)
        decisions.append(_Decision(c, "stored", digest))
    tree = rules.tree
    if tree is not None and any(c.signature_index is not None for c in plan.written()):
        plan.signed_push = signed_pushes.row(tree.signature, tree.leaves, kiosk_id, store.now)
    store.write(plan)
    return decisions


def _finish(session: Session, kiosk_id: str, applied: list[_Decision]) -> list[str]:
    """Mark the kiosk's push time; list pages of the accepted items the central lacks."""
    wanted = sorted({h for d in applied if d.outcome != "invalid" for h in d.checked.pages})
    return store_for(session, kiosk_id, utcnow()).finish(wanted)
