"""What each catalogue export (``kiosk central export katalog``) handed over, per product.

``catalogue_exports`` is one row per export (when, by whom or from where, the filters, how many
rows); ``catalogue_exported_products`` keeps, per product id, the SHA-256 of the row as it was last
exported. The next export compares: a product whose row hash differs is marked *berubah* (changed),
one never exported *baru* (new), so the person preparing the upload knows which listings to edit.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("mpp_name", sa.String(length=200), nullable=False),
        sa.Column("since", sa.String(length=10), nullable=False),
        sa.Column("products", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_exports")),
    )
    op.create_table(
        "catalogue_exported_products",
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.Column("export_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["export_id"],
            ["catalogue_exports.id"],
            name=op.f("fk_catalogue_exported_products_export_id_catalogue_exports"),
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_catalogue_exported_products")),
    )


def downgrade() -> None:
    op.drop_table("catalogue_exported_products")
    op.drop_table("catalogue_exports")
