"""The sync part's tables as SQLAlchemy Core objects (migrations ``0005_sync``, ``0006_…``,
``0010_sync_keys_kept``).

Kept on the kiosk's shared :class:`~kiosk.store.base.Base` metadata so the schema the migration
creates and the one the code reads are described in one place each and can be compared.
"""

from __future__ import annotations

import sqlalchemy as sa

from kiosk.store.base import Base

_md = Base.metadata
STATE = sa.Table(
    "sync_state",
    _md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("central_url", sa.Text, nullable=False, server_default=""),
    sa.Column("central_kiosk_id", sa.Text, nullable=False, server_default=""),
    sa.Column("kiosk_name", sa.Text, nullable=False, server_default=""),
    sa.Column("kiosk_code", sa.Text, nullable=False, server_default=""),
    sa.Column("mpp", sa.Text, nullable=False, server_default=""),
    sa.Column("token_sealed", sa.LargeBinary, nullable=True),
    sa.Column("enrolled_at", sa.Text, nullable=True),
    sa.Column("pull_cursor", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_attempt_at", sa.Text, nullable=True),
    sa.Column("last_success_at", sa.Text, nullable=True),
    sa.Column("online", sa.Boolean, nullable=True),
    sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("last_error_code", sa.Text, nullable=False, server_default=""),
    sa.Column("last_error_params", sa.JSON, nullable=True),
    sa.CheckConstraint("id = 1", name="single_row"),
    extend_existing=True,
)
LEDGER = sa.Table(
    "sync_ledger",
    _md,
    sa.Column("registration_id", sa.Text, primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("confirmed_at", sa.Text, nullable=False),
    sa.Column("central_kiosk_id", sa.Text, nullable=False, server_default=""),
    extend_existing=True,
)
PAGES = sa.Table(
    "sync_pages",
    _md,
    sa.Column("sha256", sa.Text, primary_key=True),
    sa.Column("registration_id", sa.Text, nullable=False, index=True),
    sa.Column("added_at", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("failed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("last_error", sa.Text, nullable=False, server_default=""),
    extend_existing=True,
)
PROBLEMS = sa.Table(
    "sync_problems",
    _md,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("params", sa.JSON, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    extend_existing=True,
)
RETENTION = sa.Table(
    "sync_retention",
    _md,
    sa.Column("registration_id", sa.Text, primary_key=True),
    sa.Column("redacted_at", sa.Text, nullable=False),
    extend_existing=True,
)
KEYS_KEPT = sa.Table(  # pages whose local key kiosk.sync.forget kept: shared with unconfirmed work
    "sync_keys_kept",
    _md,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("kept_at", sa.String(40), nullable=False),
    extend_existing=True,
)
