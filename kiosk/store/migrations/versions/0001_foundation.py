"""foundation tables (owned by: store (foundation)).

Settings, registrations (sealed JSON + blind indexes + plaintext names for search), submitted
versions, the outbox, the audit log, per-kiosk registration counters, document page references,
the name vocabulary for fuzzy search, and the FTS5 index over names and registration numbers.

The migration spells the schema out instead of importing :mod:`kiosk.store.models`: a migration is
history and must not change when the models move on.

Revision ID: 0001_foundation
Revises: None
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None

_FTS_COLUMNS = "business_name, owner_name, reg_no"


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "registrations",
        sa.Column("num", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("reg_no", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_version", sa.Integer(), nullable=False),
        sa.Column("business_name", sa.Text(), nullable=False),
        sa.Column("owner_name", sa.Text(), nullable=False),
        sa.Column("nik_masked", sa.String(length=40), nullable=False),
        sa.Column("nik_bidx", sa.String(length=32), nullable=True),
        sa.Column("nib_bidx", sa.String(length=32), nullable=True),
        sa.Column("npwp_bidx", sa.String(length=32), nullable=True),
        sa.Column("phone_bidx", sa.String(length=32), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("draft_step", sa.String(length=40), nullable=False),
        sa.Column("staff_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("redacted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("num", name=op.f("pk_registrations")),
        sa.UniqueConstraint("id", name=op.f("uq_registrations_id")),
        sa.UniqueConstraint("reg_no", name=op.f("uq_registrations_reg_no")),
    )
    for column in ("nib_bidx", "nik_bidx", "npwp_bidx", "phone_bidx"):
        op.create_index(op.f(f"ix_registrations_{column}"), "registrations", [column])
    op.create_index("ix_registrations_status_updated_at", "registrations", ["status", "updated_at"])
    op.create_table(
        "registration_versions",
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("reason_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("staff_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_registration_versions_registration_id_registrations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "registration_id", "version", name=op.f("pk_registration_versions")
        ),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error_code", sa.String(length=100), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["registration_id", "version"],
            ["registration_versions.registration_id", "registration_versions.version"],
            name=op.f("fk_outbox_registration_id_registration_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("registration_id", "version", name=op.f("uq_outbox_registration_id")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbox_state_seq", "outbox", ["state", "seq"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_index(op.f("ix_audit_log_target"), "audit_log", ["target"])
    op.create_table(
        "registration_counters",
        sa.Column("kiosk_code", sa.String(length=20), nullable=False),
        sa.Column("day", sa.String(length=8), nullable=False),
        sa.Column("last_no", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kiosk_code", "day", name=op.f("pk_registration_counters")),
    )
    op.create_table(
        "document_pages",
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("page_no", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_document_pages_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "registration_id", "document_id", "page_no", name=op.f("pk_document_pages")
        ),
    )
    op.create_index(op.f("ix_document_pages_sha256"), "document_pages", ["sha256"])
    op.create_table(
        "version_pages",
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id", "version"],
            ["registration_versions.registration_id", "registration_versions.version"],
            name=op.f("fk_version_pages_registration_id_registration_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "registration_id", "version", "sha256", name=op.f("pk_version_pages")
        ),
    )
    op.create_index(op.f("ix_version_pages_sha256"), "version_pages", ["sha256"])
    op.create_table(
        "name_terms",
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_name_terms")),
    )
    # Full-text index over the plaintext search columns. unicode61 with diacritics removed folds
    # "Kopérasi" to "koperasi"; the prefix indexes make "sumb*" queries index look-ups.
    op.execute(
        f"CREATE VIRTUAL TABLE registrations_fts USING fts5({_FTS_COLUMNS}, "
        "content='registrations', content_rowid='num', "
        "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"
    )
    op.execute(
        "CREATE TRIGGER registrations_fts_ai AFTER INSERT ON registrations BEGIN "
        "INSERT INTO registrations_fts(rowid, business_name, owner_name, reg_no) "
        "VALUES (new.num, new.business_name, new.owner_name, new.reg_no); END"
    )
    op.execute(
        "CREATE TRIGGER registrations_fts_ad AFTER DELETE ON registrations BEGIN "
        "INSERT INTO registrations_fts"
        "(registrations_fts, rowid, business_name, owner_name, reg_no) "
        "VALUES ('delete', old.num, old.business_name, old.owner_name, old.reg_no); END"
    )
    op.execute(
        "CREATE TRIGGER registrations_fts_au AFTER UPDATE OF business_name, owner_name, reg_no "
        "ON registrations BEGIN "
        "INSERT INTO registrations_fts"
        "(registrations_fts, rowid, business_name, owner_name, reg_no) "
        "VALUES ('delete', old.num, old.business_name, old.owner_name, old.reg_no); "
        "INSERT INTO registrations_fts(rowid, business_name, owner_name, reg_no) "
        "VALUES (new.num, new.business_name, new.owner_name, new.reg_no); END"
    )


def downgrade() -> None:
    for trigger in ("registrations_fts_au", "registrations_fts_ad", "registrations_fts_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS registrations_fts")
    for table in (
        "name_terms",
        "version_pages",
        "document_pages",
        "registration_counters",
        "audit_log",
        "outbox",
        "registration_versions",
        "registrations",
        "settings",
    ):
        op.drop_table(table)
