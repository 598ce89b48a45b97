"""The kiosk's audit chain checked, and the heads the central anchored.

Every sync round sends the chain's head (``seq``, hash) to the central
(:mod:`kiosk.sync.push`); the central keeps it per kiosk and answers with what it stored, which
is remembered here (``audit_anchors``) so that :func:`verify` can show a removed tail even when the
central cannot be asked. The local copy is a convenience: whoever can edit the database can edit
it too, so ``kiosk audit verify`` asks the central for its anchors whenever the kiosk is enrolled
and online, and says which anchors it checked against.

Invariants: an anchor is only recorded after the central acknowledged it; anchors never move
backwards here (a head older than the newest local anchor is not recorded, and the verification
reports the log as truncated or rewritten instead).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from kiosk.domain.model import utcnow
from kiosk.store import audit_chain
from kiosk.store.audit_verify import Link, Report, verify
from kiosk.store.trust_tables import ANCHORS

if TYPE_CHECKING:
    from kiosk.store import Store


def head(store: Store) -> tuple[int, str]:
    """(seq, hash) of the newest entry (``(0, GENESIS)`` when the log is empty)."""
    with store.session(write=False) as session:
        return audit_chain.head(session.connection())


def anchors(store: Store) -> list[tuple[int, str]]:
    """The anchors the central acknowledged to this kiosk, oldest first."""
    with store.session(write=False) as session:
        rows = session.execute(select(ANCHORS.c.seq, ANCHORS.c.entry_hash).order_by(ANCHORS.c.seq))
        return [(int(seq), str(digest)) for seq, digest in rows]


def remember(store: Store, seq: int, digest: str) -> bool:
    """Record an anchor the central acknowledged; False if it is not newer than the last one."""
    if seq <= 0:
        return False
    with store.session() as session:
        newest = session.execute(select(ANCHORS.c.seq).order_by(ANCHORS.c.seq.desc())).first()
        if newest is not None and int(newest[0]) >= seq:
            return False
        session.execute(
            insert(ANCHORS).values(seq=seq, entry_hash=digest, anchored_at=utcnow().isoformat())
        )
        return True


def links(store: Store) -> list[Link]:
    """Every entry as a :class:`Link`, its hash recomputed from the stored texts."""
    with store.session(write=False) as session:
        return links_of(audit_chain.read_all(session.connection()))


def links_of(entries: Iterable[audit_chain.ChainEntry]) -> list[Link]:
    return [
        Link(
            e.seq,
            e.prev_hash,
            e.entry_hash,
            audit_chain.entry_hash(
                e.seq, e.at, e.actor, e.action, e.target, e.details, e.prev_hash
            ),
        )
        for e in entries
    ]


def check(store: Store, central_anchors: Iterable[tuple[int, str]] | None = None) -> Report:
    """Verify the chain against the central's anchors when given, else against the local copy."""
    chosen = list(central_anchors) if central_anchors is not None else anchors(store)
    return verify(links(store), chosen)
