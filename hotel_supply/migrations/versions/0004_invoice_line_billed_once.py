"""a delivery line is billed on at most one issued invoice, kept by a unique index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 12:00:00

``invoice_line.billed_delivery_line_id`` repeats ``delivery_line_id`` on the lines of
issued invoices (kind "invoice") and stays NULL on drafts and credit notes; NULLs never
collide, so the unique index allows one issued billing per delivery line.

Two PCs issuing different months at the same moment could bill a line twice before
this revision. Such a line stays billed by the invoice whose line was made first; the
later invoice stays as it was issued (frozen: only a credit note corrects it), and the
upgrade names every such line in a warning instead of failing, so the office keeps
working and can correct them.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

# The tables as they are at this revision (never the app's models).
invoice = sa.table(
    "invoice",
    sa.column("id", sa.Integer),
    sa.column("number", sa.String),
    sa.column("kind", sa.String),
    sa.column("status", sa.String),
)
invoice_line = sa.table(
    "invoice_line",
    sa.column("id", sa.Integer),
    sa.column("invoice_id", sa.Integer),
    sa.column("delivery_line_id", sa.Integer),
    sa.column("delivery_number", sa.String),
    sa.column("billed_delivery_line_id", sa.Integer),
)


def upgrade() -> None:
    op.add_column("invoice_line",
                  sa.Column("billed_delivery_line_id", sa.Integer(), nullable=True))
    bind = op.get_bind()
    billed = (
        sa.select(invoice_line.c.delivery_line_id)
        .join(invoice, invoice.c.id == invoice_line.c.invoice_id)
        .where(invoice.c.kind == "invoice", invoice.c.status == "issued",
               invoice_line.c.delivery_line_id.is_not(None))
    )
    line = invoice_line.alias("line")  # the inner query must not correlate with the UPDATE
    first = (
        sa.select(sa.func.min(line.c.id))
        .join(invoice, invoice.c.id == line.c.invoice_id)
        .where(invoice.c.kind == "invoice", invoice.c.status == "issued",
               line.c.delivery_line_id.is_not(None))
        .group_by(line.c.delivery_line_id)
    )
    bind.execute(
        sa.update(invoice_line)
        .where(invoice_line.c.id.in_(first))
        .values(billed_delivery_line_id=invoice_line.c.delivery_line_id)
    )
    twice = [
        row[0] for row in bind.execute(
            billed.group_by(invoice_line.c.delivery_line_id).having(sa.func.count() > 1))
    ]
    if twice:
        pairs = (
            sa.select(invoice_line.c.delivery_line_id, invoice_line.c.delivery_number,
                      invoice.c.number)
            .join(invoice, invoice.c.id == invoice_line.c.invoice_id)
            .where(invoice.c.kind == "invoice", invoice.c.status == "issued",
                   invoice_line.c.delivery_line_id.in_(twice))
            .order_by(invoice_line.c.delivery_line_id, invoice_line.c.id)
        )
        found: dict[int, list[str]] = {}
        for line_id, delivery_number, number in bind.execute(pairs):
            found.setdefault(line_id, [delivery_number or str(line_id)]).append(number or "?")
        log.warning(
            "%d delivery lines were invoiced more than once before this upgrade (delivery "
            "note: first invoice, later ones): %s. The first invoice keeps each line; correct "
            "the later ones with a credit note.", len(found),
            "; ".join(f"{names[0]}: {', '.join(names[1:])}" for names in found.values()))
    op.create_index("ix_invoice_line_billed_delivery_line_id", "invoice_line",
                    ["billed_delivery_line_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_invoice_line_billed_delivery_line_id", table_name="invoice_line")
    with op.batch_alter_table("invoice_line", schema=None) as batch_op:
        batch_op.drop_column("billed_delivery_line_id")
