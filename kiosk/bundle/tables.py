"""The kiosk's bundle bookkeeping (migration ``0009_bundles``): what each bundle carried.

A version a bundle carried stays *pending* in the outbox: it is "sent by bundle" (a row here)
until the central confirms it, either in the next sync's push (answered ``unchanged``) or through
the confirmation file (:mod:`kiosk.bundle.confirm`). So a bundle lost on the way costs nothing.
"""

from __future__ import annotations

import sqlalchemy as sa

from kiosk.store.base import Base

_md = Base.metadata  # the kiosk's shared metadata: compared with the migrations in the tests

BUNDLES = sa.Table(
    "sync_bundles",
    _md,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("reply_key_sealed", sa.LargeBinary, nullable=False),
    sa.Column("items", sa.Integer, nullable=False),
    sa.Column("pages", sa.Integer, nullable=False),
    sa.Column("confirmed_at", sa.String(40), nullable=True),
    extend_existing=True,
)
BUNDLE_ITEMS = sa.Table(
    "sync_bundle_items",
    _md,
    sa.Column("bundle_id", sa.String(36), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("registration_id", sa.String(36), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    extend_existing=True,
)

#: the reply key is sealed with the kiosk's data key under this context
REPLY_KEY_AAD = b"kiosk-bundle-reply-key-v1"
