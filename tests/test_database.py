"""Opening, upgrading and protecting the database file."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from hotel_supply.config import resolve_database_url, sqlite_url
from hotel_supply.db import (
    Database,
    current_revision,
    describe_url,
    head_revision,
    normalise_url,
    open_database,
)
from hotel_supply.models import Base
from hotel_supply.services.errors import ConflictError, DatabaseUnavailable
from tests.conftest import add_tester
from tests.factories import make_supplier

DATA = Path(__file__).parent / "data"


def test_migrations_build_exactly_the_models(db):
    with db.engine.connect() as conn:
        # the deliveries' search index (0007, and SQLite's FTS5 tables behind it) is kept by
        # triggers, never written through a model
        context = MigrationContext.configure(conn, opts={"include_name": lambda name, kind, _p: (
            kind != "table" or not name.startswith("delivery_search"))})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


@pytest.mark.parametrize("released", sorted(DATA.glob("schema-*.sqlite3")), ids=lambda p: p.stem)
def test_every_released_schema_upgrades_to_head(tmp_path, released):
    target = tmp_path / released.name
    shutil.copyfile(released, target)
    db = open_database(sqlite_url(target), user="tester")
    assert current_revision(db.engine) == head_revision()
    add_tester(db)
    make_supplier(db)  # and it works
    db.dispose()


def test_an_upgrade_backs_up_the_file_first_and_keeps_the_data(tmp_path):
    target = tmp_path / "office.sqlite3"
    shutil.copyfile(DATA / "schema-0001.sqlite3", target)
    with sqlite3.connect(target) as conn:  # stock received under the first schema
        conn.execute("INSERT INTO hotel (id, code, name, kind, address, city, phone, "
                     "receiving_contact, receiving_phone, billing_name, billing_address, npwp, "
                     "payment_terms_days, active, created_at, created_by) VALUES (1, 'EMR', "
                     "'Emersia', 'hotel', '', '', '', '', '', '', '', '', 30, 1, "
                     "'2026-01-01 00:00:00', '')")
        conn.execute("INSERT INTO supplier (id, code, name, legal_form, category, owner_name, "
                     "phone, address, city, nib, npwp, is_pkp, bank_name, bank_account_no, "
                     "bank_account_name, notes, active, created_at, created_by) VALUES (1, 'S1', "
                     "'Kopi', 'ud', 'coffee', '', '', '', '', '', '', 0, '', '', '', '', 1, "
                     "'2026-01-01 00:00:00', '')")
        conn.execute("INSERT INTO product (id, code, name, supplier_id, category, unit, "
                     "perishable, standard_price, active, created_at, created_by) VALUES "
                     "(1, 'P1', 'Kopi 250 g', 1, 'coffee', 'pcs', 0, 45000, 1, "
                     "'2026-01-01 00:00:00', '')")
        conn.execute("INSERT INTO stock_lot (id, hotel_id, product_id, lot_code, received_on, "
                     "unit_cost) VALUES (1, 1, 1, 'L1', '2026-01-02', 45000)")
        for qty in (12000, -4500):  # 12 in, 4,5 out, in thousandths
            conn.execute("INSERT INTO stock_movement (hotel_id, product_id, lot_id, "
                         "movement_date, kind, quantity, unit_cost, reason, negative_confirmed, "
                         "created_at, created_by) VALUES (1, 1, 1, '2026-01-02', 'receipt', ?, "
                         "45000, '', 0, '2026-01-02 08:00:00', '')", (qty,))
    db = open_database(sqlite_url(target), user="tester")
    assert current_revision(db.engine) == head_revision()
    assert list((tmp_path / "office-backups").glob("office_*_before-upgrade.sqlite3"))
    with db.reader() as s:
        from hotel_supply.models import StockLot

        assert s.get(StockLot, 1).on_hand == Decimal("7.5")
    db.dispose()


def test_sqlite_runs_with_wal_and_foreign_keys(sqlite_db):
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_file_that_is_not_a_database_gets_a_clear_message(tmp_path):
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("Daftar belanja: kopi, gula, roti\n" * 200)
    with pytest.raises(DatabaseUnavailable) as err:
        open_database(sqlite_url(bogus))
    assert "bukan database Hotel Supply" in err.value.message
    assert bogus.read_text().startswith("Daftar belanja")  # left as it was


def test_a_database_locked_by_another_pc_gets_a_clear_message(sqlite_db, monkeypatch):
    monkeypatch.setattr("hotel_supply.db.SQLITE_BUSY_TIMEOUT_MS", 100)
    locked = Database(sqlite_db.url, user="tester")
    other = sqlite3.connect(sqlite_db.url.removeprefix("sqlite:///"), timeout=0.1)
    other.execute("BEGIN IMMEDIATE")  # another PC is in the middle of saving
    try:
        with pytest.raises(ConflictError) as err:
            make_supplier(locked)
        assert "komputer lain" in err.value.message
    finally:
        other.rollback()
        other.close()
        locked.dispose()
    with sqlite_db.reader() as s:  # nothing was written
        assert s.execute(text("SELECT count(*) FROM supplier")).scalar() == 0
    make_supplier(sqlite_db)  # and it works again once the other PC is done


def test_database_location_order(monkeypatch):
    monkeypatch.setenv("HOTEL_SUPPLY_DATABASE_URL", "postgresql://u:secret@server/hs")
    assert resolve_database_url("sqlite:////tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"
    assert resolve_database_url(None) == "postgresql://u:secret@server/hs"
    assert resolve_database_url(None, demo=True).endswith("hotel-supply-demo.sqlite3")
    monkeypatch.delenv("HOTEL_SUPPLY_DATABASE_URL")
    assert resolve_database_url(None).endswith("hotel-supply.sqlite3")
    assert normalise_url("postgresql://u:p@h/db").startswith("postgresql+psycopg://")
    assert "secret" not in describe_url("postgresql://u:secret@server/hs")


def test_a_unit_of_work_rolls_back_everything_on_error(db):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), db.unit_of_work(anyone=True) as s:
        s.execute(text("INSERT INTO setting (key, value) VALUES ('x', '1')"))
        raise Boom()
    with db.reader() as s:
        assert s.execute(text("SELECT count(*) FROM setting")).scalar() == 0


def test_two_writers_on_sqlite_queue_instead_of_failing(sqlite_db):
    errors: list[BaseException] = []

    def writer() -> None:
        other = Database(sqlite_db.url, user="tester")
        try:
            for _ in range(5):
                make_supplier(other)
        except BaseException as exc:
            errors.append(exc)
        finally:
            other.dispose()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with sqlite_db.reader() as s:
        assert s.execute(text("SELECT count(*) FROM supplier")).scalar() == 10
