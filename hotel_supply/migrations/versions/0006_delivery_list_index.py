"""the deliveries list reads windows by (date, id): an index in that order; an invoice's
credit notes are found by an index, not a scan of every invoice (the overdue list, the
balances of five years of invoices)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 16:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_delivery_list", "delivery", ["delivery_date", "id"])
    op.create_index("ix_invoice_corrects_invoice_id", "invoice", ["corrects_invoice_id"])


def downgrade() -> None:
    op.drop_index("ix_invoice_corrects_invoice_id", table_name="invoice")
    op.drop_index("ix_delivery_list", table_name="delivery")
