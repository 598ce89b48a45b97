"""``kiosk bundle confirm FILE``: take the central's confirmation of a bundle back on the kiosk.

The file is authenticated with the reply key the kiosk put inside that bundle (only the central
could read it): a file altered, or made by anyone else, is refused and changes nothing. What it
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
import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from kiosk.bundle.tables import BUNDLE_ITEMS, BUNDLES, REPLY_KEY_AAD
from kiosk.bundlefile.fileformat import CONFIRMATION_FORMAT, canonical_body
from kiosk.bundlefile.messages import BundleError

if TYPE_CHECKING:
    from kiosk.store import Store


@dataclass
class ConfirmResult:
    bundle_id: str
    confirmed: int
    refused: int
    pages: int


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_bytes())
    except OSError as exc:
        raise BundleError(
            "bundle.unreadable", file=Path(path).name, reason=exc.strerror or type(exc).__name__
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BundleError("bundle.confirmation_invalid") from exc
    if not isinstance(data, dict) or data.get("format") != CONFIRMATION_FORMAT:
        raise BundleError("bundle.confirmation_invalid")
    return data


def apply_confirmation(store: Store, path: Path, actor: str = "cli") -> ConfirmResult:
    from kiosk.staff import audit
    from kiosk.sync.state import SyncState

    data = _read(path)
    mac = str(data.pop("mac", ""))
    with store.engine.connect() as conn:
        bundle = conn.execute(
            sa.select(BUNDLES).where(BUNDLES.c.id == str(data.get("bundle_id", "")))
        ).first()
        if bundle is None:
            raise BundleError("bundle.confirmation_unknown")
        carried = {
            (r.registration_id, r.version, r.content_hash): r.seq
            for r in conn.execute(
                sa.select(BUNDLE_ITEMS).where(BUNDLE_ITEMS.c.bundle_id == bundle.id)
            )
        }
    reply_key = store.keys.open(bundle.reply_key_sealed, REPLY_KEY_AAD)
    expected = hmac.new(reply_key, canonical_body(data), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, expected):
        raise BundleError("bundle.confirmation_invalid")
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
    with store.engine.begin() as conn:
        conn.execute(
            BUNDLES.update()
            .where(BUNDLES.c.id == bundle.id)
            .values(confirmed_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        )
    audit.log(store, actor, "bundle.confirmed", bundle.id,
              {"confirmed": len(confirmed), "refused": refused})  # fmt: skip
    return ConfirmResult(bundle.id, len(confirmed), refused, len(pages))


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
