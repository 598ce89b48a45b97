"""documents (owned by: documents) — deliberately no tables of its own.

Revision ID: 0003_documents
Revises: 0002_security

Decision of the documents part: page files live in the encrypted vault (``<data dir>/documents``),
the rows that reference them are the store's ``document_pages`` table (kept in sync with
``reg.documents`` on every save, with the sweep's ``state``), and scan presets / last scanner are
kiosk settings (``documents.presets``, ``documents.last_device``, ``documents.last_preset``). The
revision stays in the chain so a later documents table can be added here without renumbering.
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003_documents"
down_revision = "0002_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # nothing to create: see the module docstring


def downgrade() -> None:
    pass
