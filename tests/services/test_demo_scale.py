"""The scale demo: written in bulk, yet as valid as what the services write."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hotel_supply.cli import main
from hotel_supply.config import sqlite_url
from hotel_supply.db import Database, open_database
from hotel_supply.demo import bulk
from hotel_supply.demo.scale import build_scale
from hotel_supply.models import (
    AppUser,
    Delivery,
    DeliveryLine,
    Invoice,
    InvoiceLine,
    Payment,
    Product,
    StockLot,
    StockMovement,
    Supplier,
)
from hotel_supply.models.enums import DeliveryStatus, MovementKind
from hotel_supply.services import audit_chain, deliveries
from hotel_supply.services.delivery_list import DeliveryQuery, count_deliveries, delivery_rows
from hotel_supply.services.month_check import check_month

TODAY = dt.date(2026, 3, 10)


def build_tiny(db: Database, *, seed: int = 2026, days: int = 45) -> None:
    build_scale(db, seed=seed, days=days, hotels=2, suppliers=24, products=60, today=TODAY)


def half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_scale_demo_passes_the_month_check_and_keeps_the_chain(db: Database):
    build_tiny(db)

    for year, month in ((2026, 1), (2026, 2), (2026, 3)):
        report = check_month(db, year=year, month=month, today=TODAY)
        assert report.ok, [str(d) for d in report.disagreements]
    with db.reader() as s:
        assert audit_chain.verify(s).ok
        assert set(s.scalars(select(AppUser.username))) >= {
            "admin", "keuangan", "pembelian", "gudang", "pemantau"}
        assert s.scalar(select(func.count(Product.id))) == 60
        # January and February are invoiced (early in the next month); March is not yet
        months = set(s.execute(select(Invoice.year, Invoice.month)).all())
        assert months == {(2026, 1), (2026, 2)}
        statuses = dict(s.execute(
            select(Delivery.status, func.count(Delivery.id)).group_by(Delivery.status)).all())
        assert statuses[DeliveryStatus.INVOICED] > 0 and statuses[DeliveryStatus.POSTED] > 0
        # invoice totals by this test's own arithmetic: lines, DPP 11/12, PPN 12 %
        lines: dict[int, int] = defaultdict(int)
        for invoice_id, qty, price, amount in s.execute(
                select(InvoiceLine.invoice_id, InvoiceLine.quantity, InvoiceLine.unit_price,
                       InvoiceLine.amount)):
            assert amount == half_up(qty * price)
            lines[invoice_id] += amount
        for invoice in s.scalars(select(Invoice)):
            assert invoice.subtotal == lines[invoice.id]
            ppn = half_up(Decimal(half_up(Decimal(invoice.subtotal) * 11 / 12)) * 12 / 100) \
                if invoice.supplier_is_pkp else 0
            assert invoice.total == invoice.subtotal + ppn
            paid = s.scalar(select(func.coalesce(func.sum(Payment.amount), 0))
                            .where(Payment.invoice_id == invoice.id))
            assert 0 <= paid <= invoice.total
        # some lines rejected, none of it in stock: each lot holds its accepted goods less
        # what its movements took out, never below zero
        assert s.scalar(select(func.count(DeliveryLine.id))
                        .where(DeliveryLine.rejected_qty > 0)) > 0
        receipts = dict(s.execute(
            select(StockMovement.lot_id, StockMovement.quantity)
            .where(StockMovement.kind == MovementKind.RECEIPT)).all())
        accepted = dict(s.execute(
            select(StockLot.id, DeliveryLine.accepted_qty)
            .join(DeliveryLine, DeliveryLine.id == StockLot.delivery_line_id)).all())
        assert receipts == accepted
        out = dict(s.execute(
            select(StockMovement.lot_id, func.sum(StockMovement.quantity))
            .where(StockMovement.kind != MovementKind.RECEIPT)
            .group_by(StockMovement.lot_id)).all())
        for lot_id, on_hand in s.execute(select(StockLot.id, StockLot.on_hand)):
            assert on_hand == accepted[lot_id] + out.get(lot_id, 0) >= 0
        hotel_id, supplier_id = s.execute(
            select(Delivery.hotel_id, Delivery.supplier_id).limit(1)).one()
        last_id = s.scalar(select(func.max(Delivery.id)))
    # the app goes on after the demo: a new delivery takes the next id (PostgreSQL sequences)
    new_id = deliveries.new_delivery(db, hotel_id=hotel_id, supplier_id=supplier_id, day=TODAY)
    assert new_id == last_id + 1


def fingerprint(db: Database) -> list[tuple[object, ...]]:
    with db.reader() as s:
        return [tuple(row) for row in s.execute(
            select(Delivery.number, DeliveryLine.product_id, DeliveryLine.delivered_qty,
                   DeliveryLine.accepted_qty, DeliveryLine.amount, DeliveryLine.lot_code)
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .order_by(Delivery.number, DeliveryLine.line_no))]


def test_same_seed_gives_the_same_scale_demo(sqlite_db: Database, tmp_path: Path):
    build_tiny(sqlite_db, days=12)
    twin = open_database(sqlite_url(tmp_path / "twin.sqlite3"))
    other = open_database(sqlite_url(tmp_path / "other.sqlite3"))
    try:
        build_tiny(twin, days=12)
        build_tiny(other, seed=8, days=12)
        assert fingerprint(twin) == fingerprint(sqlite_db) != fingerprint(other)
    finally:
        twin.dispose()
        other.dispose()


def test_demo_command_builds_the_scale_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]):
    url = sqlite_url(tmp_path / "scale.sqlite3")
    assert main(["demo", "--database", url, "--hotels", "1", "--suppliers", "20",
                 "--products", "40", "--days", "20", "--today", "2026-03-10"]) == 0
    assert "40" in capsys.readouterr().out
    monkeypatch.setenv("HOTEL_SUPPLY_USER", "admin")
    monkeypatch.setenv("HOTEL_SUPPLY_PASSWORD", "demo")
    assert main(["check", "--month", "2026-02", "--today", "2026-03-10",
                 "--database", url]) == 0


# --- the bulk path: the same database as SQLAlchemy's inserts would write ----------------


def every_row(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (the search index by its text), in key order; the password
    hash left out (salted afresh at each build)."""
    conn = sqlite3.connect(path)
    try:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'delivery_search_%' ORDER BY name")]
        rows = {}
        for name in tables:
            columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{name}")')
                       if c[1] != "password_hash"]
            picked = ", ".join(["rowid", *(f'"{c}"' for c in columns)])
            rows[name] = conn.execute(f'SELECT {picked} FROM "{name}" ORDER BY rowid').fetchall()
        return rows
    finally:
        conn.close()


def schema(path: Path) -> set[tuple[str, str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                "WHERE type IN ('index', 'trigger', 'table')"))
    finally:
        conn.close()


def test_bulk_path_writes_what_sqlalchemy_would(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fast = open_database(sqlite_url(tmp_path / "fast.sqlite3"))
    empty_schema = schema(tmp_path / "fast.sqlite3")
    monkeypatch.setattr(bulk, "PLAIN", True)  # Core inserts, every index and trigger in place
    plain = open_database(sqlite_url(tmp_path / "plain.sqlite3"))
    try:
        build_tiny(plain, days=40)
        monkeypatch.setattr(bulk, "PLAIN", False)
        build_tiny(fast, days=40)
    finally:
        fast.dispose()
        plain.dispose()
    written = every_row(tmp_path / "fast.sqlite3")
    assert written == every_row(tmp_path / "plain.sqlite3")
    assert len(written["delivery_line"]) > 100 and len(written["stock_movement"]) > 200
    assert len(written["delivery_search"]) == len(written["delivery"])
    # the indexes and triggers held back during the build are all back, as migrated
    assert schema(tmp_path / "fast.sqlite3") == empty_schema


def test_scale_demo_is_found_by_the_deliveries_search(sqlite_db: Database):
    build_tiny(sqlite_db, days=20)
    with sqlite_db.reader() as s:
        first = s.scalars(select(DeliveryLine.product_id).order_by(DeliveryLine.id)
                          .limit(1)).one()
        name, supplier_id = s.execute(select(Product.name, Product.supplier_id)
                                      .where(Product.id == first)).one()
        holding = set(s.scalars(select(DeliveryLine.delivery_id)
                                .where(DeliveryLine.product_id == first)))
        code = s.scalar(select(Supplier.code).where(Supplier.id == supplier_id))
        of_supplier = set(s.scalars(select(Delivery.id)
                                    .where(Delivery.supplier_id == supplier_id)))
    # a product's whole name finds the deliveries holding it (perhaps a variant's too)
    query = DeliveryQuery(text=name.upper())
    found = {row.id for row in delivery_rows(sqlite_db, query=query, limit=10_000)}
    assert found >= holding
    assert count_deliveries(sqlite_db, query=query) == len(found)
    # a supplier's code finds exactly that supplier's deliveries
    found = {row.id for row in delivery_rows(sqlite_db, query=DeliveryQuery(text=code),
                                             limit=10_000)}
    assert found == of_supplier
