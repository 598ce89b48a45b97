"""The central's initial schema (see :mod:`kiosk.central.models` for why the tables look so).

Revision ID: 0001
Revises: none
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "central_enrolment_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("kiosk_name", sa.String(length=200), nullable=False),
        sa.Column("mpp_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("kiosk_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_enrolment_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_central_enrolment_codes_code_hash")),
    )
    op.create_table(
        "central_events",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=True),
        sa.Column("mpp_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_central_events")),
    )
    with op.batch_alter_table("central_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_central_events_kiosk_id"), ["kiosk_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_central_events_mpp_id"), ["mpp_id"], unique=False)

    op.create_table(
        "central_mpps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("prefix", sa.String(length=4), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_mpps")),
        sa.UniqueConstraint("name", name=op.f("uq_central_mpps_name")),
        sa.UniqueConstraint("prefix", name=op.f("uq_central_mpps_prefix")),
    )
    op.create_table(
        "central_kiosks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mpp_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("signing_public_key", sa.Text(), nullable=False),
        sa.Column("signing_key_id", sa.String(length=16), nullable=False),
        sa.Column("document_public_key", sa.Text(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_push_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_pull_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["mpp_id"], ["central_mpps.id"], name=op.f("fk_central_kiosks_mpp_id_central_mpps")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_kiosks")),
        sa.UniqueConstraint("code", name=op.f("uq_central_kiosks_code")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_central_kiosks_token_hash")),
    )
    with op.batch_alter_table("central_kiosks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_central_kiosks_mpp_id"), ["mpp_id"], unique=False)

    op.create_table(
        "central_staff",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("mpp_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mpp_id"], ["central_mpps.id"], name=op.f("fk_central_staff_mpp_id_central_mpps")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_staff")),
        sa.UniqueConstraint("mpp_id", "username", name=op.f("uq_central_staff_mpp_id")),
    )
    op.create_table(
        "central_pages",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kiosk_id"],
            ["central_kiosks.id"],
            name=op.f("fk_central_pages_kiosk_id_central_kiosks"),
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_central_pages")),
    )
    op.create_table(
        "central_registrations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=False),
        sa.Column("reg_no", sa.String(length=64), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("verdict_reason", sa.Text(), nullable=False),
        sa.Column("verdict_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kiosk_id"],
            ["central_kiosks.id"],
            name=op.f("fk_central_registrations_kiosk_id_central_kiosks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_registrations")),
    )
    with op.batch_alter_table("central_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_central_registrations_kiosk_id"), ["kiosk_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_central_registrations_reg_no"), ["reg_no"], unique=False
        )

    op.create_table(
        "central_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kiosk_id"],
            ["central_kiosks.id"],
            name=op.f("fk_central_conflicts_kiosk_id_central_kiosks"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["central_registrations.id"],
            name=op.f("fk_central_conflicts_registration_id_central_registrations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_conflicts")),
        sa.UniqueConstraint(
            "registration_id",
            "version",
            "content_hash",
            name=op.f("uq_central_conflicts_registration_id"),
        ),
    )
    with op.batch_alter_table("central_conflicts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_central_conflicts_kiosk_id"), ["kiosk_id"], unique=False
        )

    op.create_table(
        "central_duplicates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("registration_a", sa.String(length=36), nullable=False),
        sa.Column("registration_b", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["registration_a"],
            ["central_registrations.id"],
            name=op.f("fk_central_duplicates_registration_a_central_registrations"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_b"],
            ["central_registrations.id"],
            name=op.f("fk_central_duplicates_registration_b_central_registrations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_duplicates")),
        sa.UniqueConstraint(
            "kind", "registration_a", "registration_b", name=op.f("uq_central_duplicates_kind")
        ),
    )
    op.create_table(
        "central_identifiers",
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["central_registrations.id"],
            name=op.f("fk_central_identifiers_registration_id_central_registrations"),
        ),
        sa.PrimaryKeyConstraint("registration_id", "kind", name=op.f("pk_central_identifiers")),
    )
    with op.batch_alter_table("central_identifiers", schema=None) as batch_op:
        batch_op.create_index("ix_central_identifiers_kind_value", ["kind", "value"], unique=False)

    op.create_table(
        "central_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("kiosk_status", sa.String(length=16), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["kiosk_id"],
            ["central_kiosks.id"],
            name=op.f("fk_central_versions_kiosk_id_central_kiosks"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["central_registrations.id"],
            name=op.f("fk_central_versions_registration_id_central_registrations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_versions")),
        sa.UniqueConstraint(
            "registration_id", "version", name=op.f("uq_central_versions_registration_id")
        ),
    )
    with op.batch_alter_table("central_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_central_versions_kiosk_id"), ["kiosk_id"], unique=False
        )

    op.create_table(
        "central_page_refs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("conflict_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conflict_id"],
            ["central_conflicts.id"],
            name=op.f("fk_central_page_refs_conflict_id_central_conflicts"),
        ),
        sa.ForeignKeyConstraint(
            ["kiosk_id"],
            ["central_kiosks.id"],
            name=op.f("fk_central_page_refs_kiosk_id_central_kiosks"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["central_versions.id"],
            name=op.f("fk_central_page_refs_version_id_central_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_page_refs")),
    )
    with op.batch_alter_table("central_page_refs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_central_page_refs_kiosk_sha", ["kiosk_id", "sha256"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_central_page_refs_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_central_page_refs_version_id"), ["version_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("central_page_refs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_central_page_refs_version_id"))
        batch_op.drop_index(batch_op.f("ix_central_page_refs_sha256"))
        batch_op.drop_index("ix_central_page_refs_kiosk_sha")

    op.drop_table("central_page_refs")
    with op.batch_alter_table("central_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_central_versions_kiosk_id"))

    op.drop_table("central_versions")
    with op.batch_alter_table("central_identifiers", schema=None) as batch_op:
        batch_op.drop_index("ix_central_identifiers_kind_value")

    op.drop_table("central_identifiers")
    op.drop_table("central_duplicates")
    with op.batch_alter_table("central_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_central_conflicts_kiosk_id"))

    op.drop_table("central_conflicts")
    with op.batch_alter_table("central_registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_central_registrations_reg_no"))
        batch_op.drop_index(batch_op.f("ix_central_registrations_kiosk_id"))

    op.drop_table("central_registrations")
    op.drop_table("central_pages")
    op.drop_table("central_staff")
    with op.batch_alter_table("central_kiosks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_central_kiosks_mpp_id"))

    op.drop_table("central_kiosks")
    op.drop_table("central_mpps")
    with op.batch_alter_table("central_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_central_events_mpp_id"))
        batch_op.drop_index(batch_op.f("ix_central_events_kiosk_id"))

    op.drop_table("central_events")
    op.drop_table("central_enrolment_codes")
