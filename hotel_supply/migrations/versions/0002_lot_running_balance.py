"""lot running balance and indexes for stock questions at scale

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 07:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stock_lot", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("on_hand", sa.BigInteger(), server_default="0", nullable=False)
        )
    # quantities are stored in thousandths on both sides: the sum carries over as it is
    op.execute(
        "UPDATE stock_lot SET on_hand = COALESCE((SELECT SUM(m.quantity) FROM stock_movement m "
        "WHERE m.lot_id = stock_lot.id), 0)"
    )
    op.create_index(
        "ix_stock_lot_open", "stock_lot", ["expiry_date", "hotel_id"], unique=False,
        sqlite_where=sa.text("on_hand <> 0"), postgresql_where=sa.text("on_hand <> 0"),
    )
    op.create_index("ix_stock_movement_day", "stock_movement", ["hotel_id", "movement_date"],
                    unique=False)
    op.create_index(
        "ix_stock_movement_lotless", "stock_movement", ["hotel_id", "product_id"], unique=False,
        sqlite_where=sa.text("lot_id IS NULL"), postgresql_where=sa.text("lot_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_stock_movement_lotless", table_name="stock_movement")
    op.drop_index("ix_stock_movement_day", table_name="stock_movement")
    op.drop_index("ix_stock_lot_open", table_name="stock_lot")
    with op.batch_alter_table("stock_lot", schema=None) as batch_op:
        batch_op.drop_column("on_hand")
