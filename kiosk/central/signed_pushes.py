"""The pushes a kiosk signed once, kept so that every version from them stays provable.

A kiosk whose central accepts it signs each push once, over the RFC 9162 tree of its items
(:mod:`kiosk.push_signature`). The central verifies that signature
(:class:`kiosk.central.authorship.PushTree`), and then:

- every version and conflict stored from the push keeps the push's ``signature`` and its own
  ``signature_index`` (its place in the push, which is its place in the tree);
- the tree's leaves are kept **once per push** here, keyed by the signature, in the same
  transaction as those versions (:func:`row`, written by :mod:`kiosk.central.push_store`).
  Ed25519 signatures are deterministic, so the same push sent again (an answer lost on the way)
  is the same row: ``ON CONFLICT DO NOTHING``. A push none of whose items is written (all
  ``unchanged`` or refused) keeps nothing.

:func:`path_of` rebuilds a version's path in its tree from that row, and
:func:`kiosk.push_signature.signed_message` what its signature covers: the subject export
carries both, so a person's copy proves each version with the kiosk's public key alone. Rows
here are never deleted (an erased registration's leaves are hashes of hashes; other versions of
the same push need them as siblings).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import push_signature as tree_signing
from kiosk.central.models import SignedPush

_COLUMNS = ("signature", "kiosk_id", "size", "leaves", "received_at")


def _keep(placeholder: str) -> str:
    """The insert with ``placeholder`` (a parameter style) for each column: constants only."""
    columns = ", ".join(_COLUMNS)
    values = ", ".join(placeholder.format(c) for c in _COLUMNS)
    sql = f"INSERT INTO central_signed_pushes ({columns}) VALUES ({values})"  # noqa: S608
    return sql + " ON CONFLICT (signature) DO NOTHING"


#: any backend (SQLite ≥ 3.24 and PostgreSQL both know ON CONFLICT … DO NOTHING)
KEEP = _keep(":{}")
#: the same for psycopg's own connection (binary parameters), as push_store_pg sends it
KEEP_PG = _keep("%({})b")


def row(signature: str, leaves: list[bytes], kiosk_id: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "signature": signature,
        "kiosk_id": kiosk_id,
        "size": len(leaves),
        "leaves": tree_signing.pack(leaves),
        "received_at": now,
    }


def path_of(session: Session, signature: str | None, index: int | None) -> str | None:
    """The stored path (:func:`kiosk.push_signature.encode_path`) of a version kept with
    ``signature`` at ``index``; None for a version signed on its own (or not at all)."""
    if signature is None or index is None:
        return None
    leaves = session.scalar(select(SignedPush.leaves).where(SignedPush.signature == signature))
    return None if leaves is None else tree_signing.path_in(leaves, index)
