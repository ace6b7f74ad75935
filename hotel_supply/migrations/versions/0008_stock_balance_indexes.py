"""a hotel's stock on any day read from indexes: its open lots by hotel, and its movements by
date carrying product, lot and quantity (the sums need no table rows); replaces the index on
(hotel, date) that the new one begins with

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OPEN = "on_hand <> 0"


def upgrade() -> None:
    op.create_index("ix_stock_lot_open_hotel", "stock_lot", ["hotel_id", "product_id"],
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    op.create_index("ix_stock_movement_dated", "stock_movement",
                    ["hotel_id", "movement_date", "product_id", "lot_id", "quantity"])
    op.drop_index("ix_stock_movement_day", table_name="stock_movement")


def downgrade() -> None:
    op.create_index("ix_stock_movement_day", "stock_movement", ["hotel_id", "movement_date"])
    op.drop_index("ix_stock_movement_dated", table_name="stock_movement")
    op.drop_index("ix_stock_lot_open_hotel", table_name="stock_lot")
