"""``kiosk bundle confirm FILE``: take the central's confirmation of a bundle back on the kiosk.

The file is sealed with the reply key the kiosk put inside that bundle (only the central could
read it; :mod:`kiosk.bundlefile.confirmation`): a file altered, or made by anyone else, is refused
and changes nothing. Besides the confirmations it carries what a sync round would have told the
kiosk (the feed's events, erasure reports recorded, a revocation), applied by
:mod:`kiosk.bundle.feedback` through the sync's own code. What it
confirms is applied exactly as a push's answer is (:meth:`kiosk.sync.push.Pusher.apply`'s order):
the ledger first (the sanity check's side), then the outbox rows marked sent; pages the central
now holds leave the upload list. A row the central refused (``conflict``/``invalid``) is left
pending: the next sync pushes it, gets the same answer and sets it aside with the central's
reason, where staff already look for such problems. Only rows the bundle carried, with the same
(id, version, hash), are ever touched.

Without this file nothing is lost: the next sync pushes the same versions, the central answers
``unchanged``, and the kiosk learns the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from kiosk.bundle import feedback
from kiosk.bundle.tables import BUNDLE_ITEMS, BUNDLES, REPLY_KEY_AAD
from kiosk.bundlefile.confirmation import open_body, read_outer
from kiosk.bundlefile.messages import BundleError

if TYPE_CHECKING:
    from kiosk.store import Store


@dataclass
class ConfirmResult:
    bundle_id: str
    confirmed: int
    refused: int
    pages: int
    events: int = 0  # feed events applied now (0 when the file was taken in before)
    erasures_reported: int = 0
    revoked: bool = False


def apply_confirmation(store: Store, path: Path, actor: str = "cli") -> ConfirmResult:
    from kiosk.staff import audit
    from kiosk.sync.state import SyncState

    outer = read_outer(path)
    with store.engine.connect() as conn:
        bundle = conn.execute(
            sa.select(BUNDLES).where(BUNDLES.c.id == str(outer.get("bundle_id", "")))
        ).first()
        if bundle is None:
            raise BundleError("bundle.confirmation_unknown")
        carried = {
            (r.registration_id, r.version, r.content_hash): r.seq
            for r in conn.execute(
                sa.select(BUNDLE_ITEMS).where(BUNDLE_ITEMS.c.bundle_id == bundle.id)
            )
        }
    data = open_body(outer, store.keys.open(bundle.reply_key_sealed, REPLY_KEY_AAD))
    confirmed: list[tuple[int, str, int, str, str]] = []
    refused = 0
    for r in data.get("results", []):
        key = (str(r["registration_id"]), int(r["version"]), str(r["content_hash"]))
        seq = carried.get(key)
        if seq is None:
            continue
        if r["outcome"] in ("stored", "unchanged"):
            confirmed.append((seq, *key, str(r["outcome"])))
        else:
            refused += 1
    state = SyncState(store.engine, store.keys)
    state.ledger_add(
        (rid, version, digest, outcome) for _, rid, version, digest, outcome in confirmed
    )
    store.outbox_mark_sent_many([seq for seq, *_ in confirmed])
    pages = [str(sha) for sha in data.get("pages", [])]
    for sha in pages:
        state.page_done(sha)
    told = feedback.apply(store, state, data)
    with store.engine.begin() as conn:
        conn.execute(
            BUNDLES.update()
            .where(BUNDLES.c.id == bundle.id)
            .values(confirmed_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        )
    audit.log(store, actor, "bundle.confirmed", bundle.id,
              {"confirmed": len(confirmed), "refused": refused, "events": told.events,
               "erasures_reported": told.erasures, "revoked": told.revoked})  # fmt: skip
    return ConfirmResult(
        bundle.id, len(confirmed), refused, len(pages), told.events, told.erasures, told.revoked
    )


def sent_by_bundle(store: Store) -> int:
    """Outbox rows still pending that a bundle carried ("sent by bundle", not yet confirmed)."""
    from kiosk.store.models import OutboxRow

    with store.engine.connect() as conn:
        query = (
            sa.select(sa.func.count(sa.distinct(BUNDLE_ITEMS.c.seq)))
            .select_from(BUNDLE_ITEMS)
            .join(OutboxRow.__table__, OutboxRow.__table__.c.seq == BUNDLE_ITEMS.c.seq)
            .where(OutboxRow.__table__.c.state == "pending")
        )
        return int(conn.execute(query).scalar_one())


@dataclass
class BundleRecord:
    bundle_id: str
    created_at: str
    items: int
    pages: int
    confirmed_at: str | None


def bundles(store: Store) -> list[BundleRecord]:
    """The bundles this kiosk wrote, newest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                BUNDLES.c.id, BUNDLES.c.created_at, BUNDLES.c["items"], BUNDLES.c.pages,
                BUNDLES.c.confirmed_at,
            ).order_by(BUNDLES.c.created_at.desc())
        )  # fmt: skip
        return [BundleRecord(*row) for row in rows]
