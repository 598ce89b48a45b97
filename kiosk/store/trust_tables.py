"""The tables of issue 13 on the kiosk (migration ``0008_audit_chain_erasures``), as Core objects.

- ``audit_anchors``: the heads of the audit chain the central has acknowledged (``seq`` and hash),
  newest last. ``kiosk audit verify`` checks the log against them when the central cannot be asked;
  the central's own copy (``central_audit_anchors``) is the one an attacker on the kiosk cannot
  edit.
- ``erasures``: one tombstone per erased registration: its id and number stay, everything personal
  is gone. ``origin`` is ``central`` (a data-subject erasure that came with a sync) or ``desk``
  (consent withdrawn at this kiosk). ``reported_at`` is set once the central has the confirmation
  (``central``) or the withdrawal (``desk``); until then every sync round sends it again.
"""

from __future__ import annotations

import sqlalchemy as sa

from kiosk.store.base import Base

_md = Base.metadata
ANCHORS = sa.Table(
    "audit_anchors",
    _md,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("entry_hash", sa.String(64), nullable=False),
    sa.Column("anchored_at", sa.String(40), nullable=False),
    extend_existing=True,
)
ERASURES = sa.Table(
    "erasures",
    _md,
    sa.Column("registration_id", sa.String(36), primary_key=True),
    sa.Column("reg_no", sa.String(40), nullable=False),
    sa.Column("request_id", sa.String(36), nullable=False),
    sa.Column("origin", sa.String(16), nullable=False),
    sa.Column("held", sa.Boolean, nullable=False),
    sa.Column("erased_at", sa.String(40), nullable=False),
    sa.Column("reported_at", sa.String(40), nullable=True),
    extend_existing=True,
)
