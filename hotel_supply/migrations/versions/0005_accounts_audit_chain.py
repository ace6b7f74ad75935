"""accounts with passwords and roles; an append-only, hash-chained audit log; corrections

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 15:00:00

- ``app_user`` gets roles, a password hash, a lock-out and first-sign-in fields;
  ``is_admin`` goes. The user names an older database already has become
  accounts without a password: an administrator keeps every role, any other
  user every role but administrator (what each could do before); each sets a
  password at its first sign-in, and only administrators may do so unaided.
- ``audit_entry`` gets ``seq``, ``prev_hash`` and ``hash``; existing entries are
  chained in the order they were written.
- Triggers refuse UPDATE and DELETE on ``audit_entry`` and ``stock_movement``,
  any change of an issued invoice's frozen fields and lines, and deleting an
  issued invoice (SQLite and PostgreSQL alike).
- ``delivery.corrects_id``: the cancelled delivery a delivery corrects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
ALL_WORK_ROLES = "keuangan,pembelian,gudang"

audit_entry = sa.table(
    "audit_entry",
    sa.column("id", sa.Integer), sa.column("seq", sa.Integer),
    sa.column("prev_hash", sa.String), sa.column("hash", sa.String),
    sa.column("at", sa.DateTime), sa.column("username", sa.String),
    sa.column("action", sa.String), sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer), sa.column("summary", sa.Text),
)
app_user = sa.table("app_user", sa.column("is_admin", sa.Boolean), sa.column("roles", sa.String))

# The frozen fields of an issued invoice (SPEC rule 6): what it billed, to whom, for how much.
INVOICE_FROZEN = (
    "kind", "number", "supplier_id", "hotel_id", "year", "month", "issue_date", "due_date",
    "corrects_invoice_id", "supplier_name", "supplier_address", "supplier_phone",
    "supplier_npwp", "supplier_is_pkp", "supplier_bank", "hotel_billing_name", "hotel_address",
    "hotel_npwp", "office", "subtotal", "tax_base", "ppn_rate", "ppn", "total", "issued_at",
    "issued_by",
)
LINE_FROZEN = (
    "invoice_id", "line_no", "delivery_line_id", "corrects_line_id", "delivery_date",
    "delivery_number", "product_code", "product_name", "unit", "quantity", "unit_price",
    "amount",
)


def _entry_hash(prev_hash: str, seq: int, at: dt.datetime, username: str, action: str,
                entity: str, entity_id: int | None, summary: str) -> str:
    """Must equal ``services.audit_chain.entry_hash`` for ever."""
    text = json.dumps(
        [seq, at.isoformat(sep=" "), username, action, entity, entity_id, summary, prev_hash],
        ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _changed(columns: tuple[str, ...], *, sqlite: bool) -> str:
    op_ = "IS NOT" if sqlite else "IS DISTINCT FROM"
    return " OR ".join(f"NEW.{c} {op_} OLD.{c}" for c in columns)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"

    # --- accounts ---------------------------------------------------------------
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("roles", sa.String(120), nullable=False, server_default=""))
        batch.add_column(sa.Column("password_hash", sa.String(255), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("last_login_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
    bind.execute(app_user.update().where(app_user.c.is_admin.is_(True))
                 .values(roles="admin," + ALL_WORK_ROLES))
    bind.execute(app_user.update().where(app_user.c.is_admin.is_(False))
                 .values(roles=ALL_WORK_ROLES))
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("is_admin")

    # --- corrections --------------------------------------------------------------
    if sqlite:
        op.execute("ALTER TABLE delivery ADD COLUMN corrects_id INTEGER "
                   "CONSTRAINT fk_delivery_corrects_id_delivery REFERENCES delivery (id)")
    else:
        op.add_column("delivery", sa.Column("corrects_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_delivery_corrects_id_delivery", "delivery", "delivery",
                              ["corrects_id"], ["id"])
    op.create_index("ix_delivery_corrects_id", "delivery", ["corrects_id"])

    # --- the audit chain --------------------------------------------------------------
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("hash", sa.String(64), nullable=False, server_default=""))
    prev, seq = GENESIS, 0
    rows = bind.execute(sa.select(audit_entry).order_by(audit_entry.c.id)).all()
    for row in rows:
        seq += 1
        digest = _entry_hash(prev, seq, row.at, row.username, row.action, row.entity,
                             row.entity_id, row.summary)
        bind.execute(audit_entry.update().where(audit_entry.c.id == row.id)
                     .values(seq=seq, prev_hash=prev, hash=digest))
        prev = digest
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint("uq_audit_entry_seq", ["seq"])
    head = op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_chain_head"),
    )
    op.bulk_insert(head, [{"id": 1, "seq": seq, "hash": prev}])

    # --- append-only and frozen, in the database itself --------------------------------------
    if sqlite:
        _sqlite_triggers()
    else:
        _postgresql_triggers()


def _sqlite_triggers() -> None:
    for table in ("audit_entry", "stock_movement"):
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows are never "
                f"changed or deleted'); END")
    op.execute(
        "CREATE TRIGGER invoice_issued_frozen BEFORE UPDATE ON invoice "
        f"WHEN OLD.issued_at IS NOT NULL AND ({_changed(INVOICE_FROZEN, sqlite=True)}) "
        "BEGIN SELECT RAISE(ABORT, 'an issued invoice is frozen: only a credit note "
        "corrects it'); END")
    op.execute(
        "CREATE TRIGGER invoice_issued_no_delete BEFORE DELETE ON invoice "
        "WHEN OLD.issued_at IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'an issued invoice is never deleted'); END")
    issued = "(SELECT issued_at FROM invoice WHERE id = OLD.invoice_id) IS NOT NULL"
    line_changed = (f"({_changed(LINE_FROZEN, sqlite=True)}) OR (OLD.billed_delivery_line_id "
                    "IS NOT NULL AND NEW.billed_delivery_line_id IS NOT "
                    "OLD.billed_delivery_line_id)")
    op.execute(
        f"CREATE TRIGGER invoice_line_issued_frozen BEFORE UPDATE ON invoice_line "
        f"WHEN {issued} AND ({line_changed}) "
        "BEGIN SELECT RAISE(ABORT, 'the lines of an issued invoice are frozen'); END")
    op.execute(
        f"CREATE TRIGGER invoice_line_issued_no_delete BEFORE DELETE ON invoice_line "
        f"WHEN {issued} "
        "BEGIN SELECT RAISE(ABORT, 'the lines of an issued invoice are frozen'); END")


def _postgresql_triggers() -> None:
    op.execute("""
        CREATE FUNCTION hs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: rows are never changed or deleted',
                TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
        END $$""")
    for table in ("audit_entry", "stock_movement"):
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION hs_append_only()")
    op.execute(f"""
        CREATE FUNCTION hs_invoice_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.issued_at IS NOT NULL THEN
                IF TG_OP = 'DELETE' THEN
                    RAISE EXCEPTION 'an issued invoice is never deleted'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF {_changed(INVOICE_FROZEN, sqlite=False)} THEN
                    RAISE EXCEPTION 'an issued invoice is frozen: only a credit note corrects it'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""")
    op.execute("CREATE TRIGGER invoice_issued_frozen BEFORE UPDATE OR DELETE ON invoice "
               "FOR EACH ROW EXECUTE FUNCTION hs_invoice_frozen()")
    op.execute(f"""
        CREATE FUNCTION hs_invoice_line_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF (SELECT issued_at FROM invoice WHERE id = OLD.invoice_id) IS NOT NULL THEN
                IF TG_OP = 'DELETE' THEN
                    RAISE EXCEPTION 'the lines of an issued invoice are frozen'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF {_changed(LINE_FROZEN, sqlite=False)}
                   OR (OLD.billed_delivery_line_id IS NOT NULL
                       AND NEW.billed_delivery_line_id IS DISTINCT FROM
                           OLD.billed_delivery_line_id) THEN
                    RAISE EXCEPTION 'the lines of an issued invoice are frozen'
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""")
    op.execute("CREATE TRIGGER invoice_line_issued_frozen BEFORE UPDATE OR DELETE ON "
               "invoice_line FOR EACH ROW EXECUTE FUNCTION hs_invoice_line_frozen()")


def downgrade() -> None:
    raise NotImplementedError("accounts and the audit chain are not taken back")
