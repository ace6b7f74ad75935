"""the deliveries list's text search by an index: one search text per delivery (its number,
supplier name and code, driver, plate, and the name and code of each product on it, each
lower-cased and on a line of its own), kept in step by triggers; SQLite indexes it with
FTS5's trigram tokenizer, PostgreSQL with pg_trgm

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 18:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# One delivery's search text, from ``d`` (delivery) joined to ``s`` (its supplier). The
# fields are lower-cased one by one, as the plain search compared them, and joined by a
# line break, which a search never contains: a match never spans two fields.
SQLITE_TEXT = """
    lower(coalesce(d.number, '')) || char(10) || lower(s.name) || char(10) || lower(s.code)
    || char(10) || lower(coalesce(d.driver_name, '')) || char(10)
    || lower(coalesce(d.vehicle_plate, ''))
    || coalesce((SELECT group_concat(char(10) || lower(p.name) || char(10) || lower(p.code), '')
                 FROM product p WHERE p.id IN (SELECT l.product_id FROM delivery_line l
                                               WHERE l.delivery_id = d.id)), '')
"""
POSTGRESQL_TEXT = """
    lower(coalesce(d.number, '')) || chr(10) || lower(s.name) || chr(10) || lower(s.code)
    || chr(10) || lower(coalesce(d.driver_name, '')) || chr(10)
    || lower(coalesce(d.vehicle_plate, ''))
    || coalesce((SELECT string_agg(chr(10) || lower(p.name) || chr(10) || lower(p.code), ''
                                   ORDER BY p.id)
                 FROM product p WHERE p.id IN (SELECT l.product_id FROM delivery_line l
                                               WHERE l.delivery_id = d.id)), '')
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_upgrade()
    else:
        _postgresql_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS delivery_search")
    else:
        for table, name in _POSTGRESQL_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP TABLE IF EXISTS delivery_search")
        op.execute("DROP FUNCTION IF EXISTS hs_delivery_search_refresh(integer[])")
        for function in _POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")


# --- SQLite: an FTS5 table whose rowid is the delivery's id ---------------------------------

_SQLITE_TRIGGERS = (
    "delivery_search_delivery_added", "delivery_search_delivery_changed",
    "delivery_search_delivery_deleted", "delivery_search_line_added",
    "delivery_search_line_changed", "delivery_search_line_deleted",
    "delivery_search_supplier_renamed", "delivery_search_product_renamed",
)


def _sqlite_refresh(deliveries: str) -> str:
    """Statements that rewrite the search text of the deliveries whose ids ``deliveries``
    (a SQL expression) gives; a delivery that no longer exists is left out."""
    return (f"DELETE FROM delivery_search WHERE rowid IN ({deliveries}); "
            f"INSERT INTO delivery_search (rowid, doc) SELECT d.id, {SQLITE_TEXT} "
            f"FROM delivery d JOIN supplier s ON s.id = d.supplier_id "
            f"WHERE d.id IN ({deliveries});")


def _sqlite_upgrade() -> None:
    # case-sensitive trigrams over text already lower-cased as the plain search lower-cased
    # it: a phrase matches exactly where ``LIKE '%phrase%'`` did
    op.execute("CREATE VIRTUAL TABLE delivery_search USING fts5("
               "doc, tokenize = 'trigram case_sensitive 1')")
    op.execute(f"INSERT INTO delivery_search (rowid, doc) SELECT d.id, {SQLITE_TEXT} "
               "FROM delivery d JOIN supplier s ON s.id = d.supplier_id")
    op.execute(
        "CREATE TRIGGER delivery_search_delivery_added AFTER INSERT ON delivery BEGIN "
        + _sqlite_refresh("NEW.id") + " END")
    op.execute(
        "CREATE TRIGGER delivery_search_delivery_changed AFTER UPDATE OF number, supplier_id, "
        "driver_name, vehicle_plate ON delivery BEGIN "
        + _sqlite_refresh("NEW.id") + " END")
    op.execute(
        "CREATE TRIGGER delivery_search_delivery_deleted AFTER DELETE ON delivery BEGIN "
        "DELETE FROM delivery_search WHERE rowid = OLD.id; END")
    # a line adds to the text only when its product is new on the delivery (the bulk
    # writers add many lines of the same products)
    op.execute(
        "CREATE TRIGGER delivery_search_line_added AFTER INSERT ON delivery_line "
        "WHEN NOT EXISTS (SELECT 1 FROM delivery_line o WHERE o.delivery_id = NEW.delivery_id "
        "AND o.product_id = NEW.product_id AND o.id <> NEW.id) BEGIN "
        + _sqlite_refresh("NEW.delivery_id") + " END")
    op.execute(
        "CREATE TRIGGER delivery_search_line_changed AFTER UPDATE OF delivery_id, product_id "
        "ON delivery_line BEGIN "
        + _sqlite_refresh("NEW.delivery_id, OLD.delivery_id") + " END")
    op.execute(
        "CREATE TRIGGER delivery_search_line_deleted AFTER DELETE ON delivery_line "
        "WHEN NOT EXISTS (SELECT 1 FROM delivery_line o WHERE o.delivery_id = OLD.delivery_id "
        "AND o.product_id = OLD.product_id) BEGIN "
        + _sqlite_refresh("OLD.delivery_id") + " END")
    op.execute(
        "CREATE TRIGGER delivery_search_supplier_renamed AFTER UPDATE OF name, code ON supplier "
        "BEGIN " + _sqlite_refresh("SELECT id FROM delivery WHERE supplier_id = NEW.id") + " END")
    op.execute(
        "CREATE TRIGGER delivery_search_product_renamed AFTER UPDATE OF name, code ON product "
        "BEGIN " + _sqlite_refresh(
            "SELECT delivery_id FROM delivery_line WHERE product_id = NEW.id") + " END")


# --- PostgreSQL: a table of its own, indexed with pg_trgm -----------------------------------

_POSTGRESQL_FUNCTIONS = (
    "hs_delivery_search_deliveries_added", "hs_delivery_search_delivery_changed",
    "hs_delivery_search_lines_added", "hs_delivery_search_line_changed",
    "hs_delivery_search_supplier_renamed", "hs_delivery_search_product_renamed",
)
_POSTGRESQL_TRIGGERS = (
    ("delivery", "delivery_search_deliveries_added"),
    ("delivery", "delivery_search_delivery_changed"),
    ("delivery_line", "delivery_search_lines_added"),
    ("delivery_line", "delivery_search_line_changed"),
    ("supplier", "delivery_search_supplier_renamed"),
    ("product", "delivery_search_product_renamed"),
)


def _postgresql_upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # deleting a delivery (or emptying the table) takes its search text with it
    op.execute("CREATE TABLE delivery_search ("
               "delivery_id integer PRIMARY KEY REFERENCES delivery (id) ON DELETE CASCADE, "
               "doc text NOT NULL)")
    op.execute(f"""
        CREATE FUNCTION hs_delivery_search_refresh(ids integer[]) RETURNS void
        LANGUAGE sql AS $$
            INSERT INTO delivery_search (delivery_id, doc)
            SELECT d.id, {POSTGRESQL_TEXT}
            FROM delivery d JOIN supplier s ON s.id = d.supplier_id
            WHERE d.id = ANY(ids)
            ON CONFLICT (delivery_id) DO UPDATE SET doc = EXCLUDED.doc;
        $$""")
    op.execute(f"INSERT INTO delivery_search (delivery_id, doc) SELECT d.id, {POSTGRESQL_TEXT} "
               "FROM delivery d JOIN supplier s ON s.id = d.supplier_id")
    op.execute("CREATE INDEX ix_delivery_search_doc ON delivery_search "
               "USING gin (doc gin_trgm_ops)")
    # rows inserted in bulk are indexed once per statement (transition tables)
    _pg_trigger("hs_delivery_search_deliveries_added",
                "PERFORM hs_delivery_search_refresh(ARRAY(SELECT id FROM added));",
                "AFTER INSERT ON delivery REFERENCING NEW TABLE AS added FOR EACH STATEMENT",
                "delivery_search_deliveries_added")
    _pg_trigger("hs_delivery_search_delivery_changed",
                "PERFORM hs_delivery_search_refresh(ARRAY[NEW.id]);",
                "AFTER UPDATE OF number, supplier_id, driver_name, vehicle_plate ON delivery "
                "FOR EACH ROW", "delivery_search_delivery_changed")
    _pg_trigger("hs_delivery_search_lines_added",
                "PERFORM hs_delivery_search_refresh(ARRAY(SELECT DISTINCT delivery_id "
                "FROM added));",
                "AFTER INSERT ON delivery_line REFERENCING NEW TABLE AS added "
                "FOR EACH STATEMENT", "delivery_search_lines_added")
    _pg_trigger("hs_delivery_search_line_changed",
                "IF TG_OP = 'DELETE' THEN "
                "PERFORM hs_delivery_search_refresh(ARRAY[OLD.delivery_id]); "
                "ELSE PERFORM hs_delivery_search_refresh(ARRAY[NEW.delivery_id, "
                "OLD.delivery_id]); END IF;",
                "AFTER UPDATE OF delivery_id, product_id OR DELETE ON delivery_line "
                "FOR EACH ROW", "delivery_search_line_changed")
    _pg_trigger("hs_delivery_search_supplier_renamed",
                "PERFORM hs_delivery_search_refresh(ARRAY(SELECT id FROM delivery "
                "WHERE supplier_id = NEW.id));",
                "AFTER UPDATE OF name, code ON supplier FOR EACH ROW",
                "delivery_search_supplier_renamed")
    _pg_trigger("hs_delivery_search_product_renamed",
                "PERFORM hs_delivery_search_refresh(ARRAY(SELECT DISTINCT delivery_id "
                "FROM delivery_line WHERE product_id = NEW.id));",
                "AFTER UPDATE OF name, code ON product FOR EACH ROW",
                "delivery_search_product_renamed")


def _pg_trigger(function: str, body: str, when: str, name: str) -> None:
    op.execute(f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
               f"BEGIN {body} RETURN NULL; END $$")
    op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {function}()")
