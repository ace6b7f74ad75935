"""The README's recipe for one PostgreSQL login per PC, tried on the CI server: the app
works through such a login, which can neither rewrite the audit log or the ledger nor
switch their triggers off."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from hotel_supply.db import Database
from hotel_supply.services import deliveries, hotels
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from tests.factories import make_hotel, make_product, make_supplier

pytestmark = pytest.mark.postgres_only

GRANTS = """
GRANT CONNECT ON DATABASE "{db}" TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry, stock_movement FROM {role};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role};
"""


@pytest.fixture
def pc_login(db: Database):
    role = f"pc_{uuid.uuid4().hex[:8]}"
    url = make_url(db.url)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 'pc-secret'"))
        for statement in GRANTS.format(db=url.database, role=role).strip().splitlines():
            conn.execute(text(statement))
    yield url.set(username=role, password="pc-secret").render_as_string(hide_password=False)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"DROP OWNED BY {role}"))
        conn.execute(text(f"DROP ROLE {role}"))


def test_a_pc_login_with_the_readme_grants_works_and_cannot_rewrite_history(db, pc_login):
    supplier = make_supplier(db)
    product = make_product(db, supplier)
    hotel = make_hotel(db)
    pc = Database(pc_login, user="tester")
    try:
        delivery = deliveries.new_delivery(pc, hotel_id=hotel, supplier_id=supplier,
                                           day=dt.date(2026, 11, 3))
        deliveries.post_delivery(pc, delivery_id=delivery, data=DeliveryInput(
            delivery_date=dt.date(2026, 11, 3),
            lines=[LineInput(product_id=product, delivered=Decimal(2), accepted=Decimal(2))]))
        hotels.set_hotel_active(pc, hotel_id=hotel, active=False)
        for sql in ("UPDATE audit_entry SET username = 'x'",
                    "DELETE FROM stock_movement",
                    "ALTER TABLE audit_entry DISABLE TRIGGER USER",
                    "DROP TRIGGER audit_entry_append_only ON audit_entry"):
            with pytest.raises(DBAPIError) as err, pc.unit_of_work(anyone=True) as s:
                s.execute(text(sql))
            assert "permission denied" in str(err.value) or "must be owner" in str(err.value)
    finally:
        pc.dispose()
    engine = create_engine(db.url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM stock_movement")).scalar() == 1
    engine.dispose()
