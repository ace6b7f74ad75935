"""The demo database: plausible, repeatable, and obeying every rule of the real data."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from hotel_supply import clock, demo
from hotel_supply.config import sqlite_url
from hotel_supply.db import Database, open_database
from hotel_supply.models import (
    Certificate,
    Delivery,
    DeliveryLine,
    Hotel,
    NumberSeries,
    Order,
    OrderLine,
    Outlet,
    ParLevel,
    PriceAgreement,
    Product,
    StandingOrder,
    StockCount,
    StockCountLine,
    StockDocument,
    StockLot,
    StockMovement,
    Supplier,
)
from hotel_supply.models.enums import (
    CertificateKind,
    DeliveryStatus,
    MovementKind,
)
from hotel_supply.progress import Cancelled, Progress
from hotel_supply.services import orders, settings
from hotel_supply.services.errors import DomainError
from tests.conftest import add_tester
from tests.demo_support import DAYS, LIVE, PAST, TODAY, build_small
from tests.factories import make_hotel


def fingerprint(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Everything that makes the demo what it is, in an order that ids do not decide."""
    with db.reader() as s:
        parties = sorted(
            s.execute(
                select(
                    Supplier.code,
                    Supplier.name,
                    Supplier.legal_form,
                    Supplier.owner_name,
                    Supplier.phone,
                    Supplier.address,
                    Supplier.nib,
                    Supplier.npwp,
                    Supplier.is_pkp,
                    Supplier.bank_name,
                    Supplier.bank_account_no,
                    Supplier.created_at,
                )
            ).all()
        )
        hotels = sorted(
            s.execute(select(Hotel.code, Hotel.name, Hotel.npwp, Hotel.receiving_contact)).all()
        )
        products = sorted(
            s.execute(
                select(Product.code, Product.name, Product.unit, Product.standard_price)
            ).all()
        )
        prices = sorted(
            s.execute(
                select(
                    Hotel.code,
                    Product.code,
                    PriceAgreement.price,
                    PriceAgreement.valid_from,
                    PriceAgreement.valid_to,
                )
                .join(Hotel, Hotel.id == PriceAgreement.hotel_id)
                .join(Product, Product.id == PriceAgreement.product_id)
            ).all()
        )
        ordered = sorted(
            s.execute(
                select(
                    Order.order_date,
                    Hotel.code,
                    Supplier.code,
                    Order.source,
                    Order.status,
                    Order.notes,
                    Order.created_at,
                    Product.code,
                    OrderLine.quantity,
                )
                .join(Hotel, Hotel.id == Order.hotel_id)
                .join(Supplier, Supplier.id == Order.supplier_id)
                .join(OrderLine, OrderLine.order_id == Order.id)
                .join(Product, Product.id == OrderLine.product_id)
            ).all()
        )
        lines = sorted(
            s.execute(
                select(
                    Delivery.number,
                    Delivery.status,
                    Delivery.delivery_date,
                    Hotel.code,
                    Supplier.code,
                    Delivery.arrived_at,
                    Delivery.posted_at,
                    Delivery.driver_name,
                    Delivery.vehicle_plate,
                    Delivery.received_by,
                    Delivery.notes,
                    DeliveryLine.line_no,
                    Product.code,
                    DeliveryLine.ordered_qty,
                    DeliveryLine.delivered_qty,
                    DeliveryLine.accepted_qty,
                    DeliveryLine.rejected_qty,
                    DeliveryLine.rejection_reason,
                    DeliveryLine.rejection_note,
                    DeliveryLine.unit_price,
                    DeliveryLine.amount,
                    DeliveryLine.lot_code,
                    DeliveryLine.expiry_date,
                )
                .join(Hotel, Hotel.id == Delivery.hotel_id)
                .join(Supplier, Supplier.id == Delivery.supplier_id)
                .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id)
                .join(Product, Product.id == DeliveryLine.product_id)
            ).all(),
            key=repr,
        )
        stock = sorted(
            s.execute(
                select(Hotel.code, Product.code, func.sum(StockMovement.quantity))
                .join(Hotel, Hotel.id == StockMovement.hotel_id)
                .join(Product, Product.id == StockMovement.product_id)
                .group_by(Hotel.code, Product.code)
            ).all()
        )
        documents = sorted(
            s.execute(
                select(
                    StockDocument.number,
                    StockDocument.kind,
                    StockDocument.doc_date,
                    Hotel.code,
                    Outlet.code,
                    Supplier.code,
                    StockDocument.reason,
                    StockDocument.notes,
                    StockDocument.created_at,
                )
                .join(Hotel, Hotel.id == StockDocument.hotel_id)
                .join(Outlet, Outlet.id == StockDocument.outlet_id, isouter=True)
                .join(Supplier, Supplier.id == StockDocument.supplier_id, isouter=True)
            ).all(),
            key=repr,
        )
        movements = sorted(
            s.execute(
                select(
                    StockMovement.movement_date,
                    StockMovement.kind,
                    Hotel.code,
                    Product.code,
                    StockLot.lot_code,
                    StockLot.received_on,
                    StockMovement.quantity,
                    StockMovement.reason,
                    StockMovement.created_at,
                    StockDocument.number,
                    StockCount.number,
                )
                .join(Hotel, Hotel.id == StockMovement.hotel_id)
                .join(Product, Product.id == StockMovement.product_id)
                .join(StockLot, StockLot.id == StockMovement.lot_id, isouter=True)
                .join(
                    StockDocument, StockDocument.id == StockMovement.stock_document_id, isouter=True
                )
                .join(StockCount, StockCount.id == StockMovement.stock_count_id, isouter=True)
                .where(StockMovement.kind != MovementKind.RECEIPT)
            ).all(),
            key=repr,
        )
        counts = sorted(
            s.execute(
                select(
                    StockCount.number,
                    StockCount.status,
                    StockCount.count_date,
                    Hotel.code,
                    StockCount.notes,
                    StockCount.posted_at,
                    Product.code,
                    StockLot.lot_code,
                    StockCountLine.book_qty,
                    StockCountLine.counted_qty,
                    StockCountLine.reason,
                )
                .join(Hotel, Hotel.id == StockCount.hotel_id)
                .join(StockCountLine, StockCountLine.count_id == StockCount.id)
                .join(Product, Product.id == StockCountLine.product_id)
                .join(StockLot, StockLot.id == StockCountLine.lot_id, isouter=True)
            ).all(),
            key=repr,
        )
    return {
        "suppliers": parties,
        "hotels": hotels,
        "products": products,
        "prices": prices,
        "orders": ordered,
        "deliveries": lines,
        "stock": stock,
        "stock_documents": documents,
        "movements": movements,
        "counts": counts,
    }


def test_small_demo_holds_the_programme(db: Database):
    summary = build_small(db)

    with db.reader() as s:
        org = settings.load(s)
        hotel_names = list(s.scalars(select(Hotel.name).order_by(Hotel.id)))
        hotel_npwp = list(s.scalars(select(Hotel.npwp)))
        terms = set(s.scalars(select(Hotel.payment_terms_days)))
        supplier_rows = s.execute(
            select(Supplier.id, Supplier.npwp, Supplier.is_pkp, Supplier.nib, Supplier.phone)
        ).all()
        per_supplier = dict(
            s.execute(
                select(Product.supplier_id, func.count(Product.id)).group_by(Product.supplier_id)
            ).all()
        )
        perishable = s.execute(
            select(Product.name, Product.shelf_life_days).where(Product.perishable.is_(True))
        ).all()
        standing = s.scalar(select(func.count(StandingOrder.id)))
        par_levels = s.scalar(select(func.count(ParLevel.id)))
    assert "UPT Pendampingan UMKM" in org.name and org.known_by and org.phone
    assert hotel_names == [
        "Emersia Hotel & Resort",
        "Hotel Bukit Randu",
        "Golden Tulip Springhill Lampung",
    ]
    assert all(re.fullmatch(r"\d{16}", npwp) for npwp in hotel_npwp)
    assert terms <= {14, 30}
    assert len(supplier_rows) == 12
    for _id, npwp, is_pkp, nib, phone in supplier_rows:
        assert npwp == "" or re.fullmatch(r"\d{16}", npwp)
        assert not is_pkp or npwp
        assert re.fullmatch(r"\d{13}", nib)
        assert re.fullmatch(r"08\d\d-\d{4}-\d{4}", phone)
    assert all(2 <= n <= 8 for n in per_supplier.values()) and len(per_supplier) == 12
    assert perishable and all(days and days > 0 for _name, days in perishable)
    assert standing and par_levels
    assert summary.hotels == 3 and summary.suppliers == 12
    assert summary.products == sum(per_supplier.values())
    assert summary.deliveries > 0 and summary.delivery_lines >= summary.deliveries
    assert "3 hotel mitra" in summary.describe()  # the summary speaks Indonesian
    assert f"{summary.issues} pengeluaran ke outlet" in summary.describe()


def test_same_seed_and_today_give_identical_data(db: Database, tmp_path: Path):
    build_small(db)
    twin = open_database(sqlite_url(tmp_path / "twin.sqlite3"), user="someone else")
    try:
        build_small(twin)
        built = fingerprint(db)
        assert built["stock_documents"] and built["movements"] and built["counts"]
        assert fingerprint(twin) == built
    finally:
        twin.dispose()


def test_another_seed_gives_other_data(db: Database, tmp_path: Path):
    build_small(db, days=1)
    other = open_database(sqlite_url(tmp_path / "other.sqlite3"))
    try:
        build_small(other, seed=8, days=1)
        assert fingerprint(other)["suppliers"] != fingerprint(db)["suppliers"]
    finally:
        other.dispose()


def test_every_past_day_is_delivered_and_today_is_only_expected(db: Database):
    build_small(db)

    with db.reader() as s:
        posted_days = set(
            s.scalars(select(Delivery.delivery_date).where(Delivery.status.in_(LIVE)))
        )
        today_statuses = list(
            s.scalars(select(Delivery.status).where(Delivery.delivery_date >= TODAY))
        )
        never = s.scalar(
            select(func.count(Order.id)).where(Order.order_date < TODAY, Order.status == "open")
        )
    assert posted_days == set(PAST)
    assert today_statuses in ([], [DeliveryStatus.DRAFT])  # at most one being counted

    expected = orders.day_overview(db, day=TODAY, prepare=False)
    assert len(expected) >= 3
    assert not any(e.arrived for e in expected)
    assert sum(e.delivery_status is None for e in expected) >= len(expected) - 1
    assert never >= 1  # a couple of orders never came


def test_rejected_goods_never_enter_stock(db: Database):
    build_small(db, seed=3)

    with db.reader() as s:
        accepted = s.scalar(
            select(func.sum(DeliveryLine.accepted_qty))
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .where(Delivery.status.in_(LIVE))
        )
        rejected = s.scalar(
            select(func.sum(DeliveryLine.rejected_qty))
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .where(Delivery.status.in_(LIVE))
        )
        received = s.scalar(
            select(func.sum(StockMovement.quantity)).where(
                StockMovement.kind.in_((MovementKind.RECEIPT, MovementKind.RECEIPT_REVERSAL))
            )
        )
        per_lot = s.execute(
            select(DeliveryLine.accepted_qty, func.sum(StockMovement.quantity))
            .join(StockLot, StockLot.delivery_line_id == DeliveryLine.id)
            .join(StockMovement, StockMovement.lot_id == StockLot.id)
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .where(Delivery.status.in_(LIVE), StockMovement.kind == MovementKind.RECEIPT)
            .group_by(DeliveryLine.id, DeliveryLine.accepted_qty)
        ).all()
        lowest = s.scalar(
            select(
                func.min(
                    select(func.sum(StockMovement.quantity))
                    .group_by(StockMovement.hotel_id, StockMovement.product_id)
                    .subquery()
                    .c[0]
                )
            )
        )
    assert rejected > 0
    assert received == accepted
    assert all(in_stock == qty for qty, in_stock in per_lot)
    assert lowest >= 0


def test_every_line_balances_and_says_why_it_was_rejected(db: Database):
    build_small(db, seed=3)

    with db.reader() as s:
        rows = s.execute(
            select(
                DeliveryLine.ordered_qty,
                DeliveryLine.delivered_qty,
                DeliveryLine.accepted_qty,
                DeliveryLine.rejected_qty,
                DeliveryLine.rejection_reason,
                DeliveryLine.expiry_date,
                Delivery.delivery_date,
                Product.perishable,
            )
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .join(Product, Product.id == DeliveryLine.product_id)
            .where(Delivery.status.in_((*LIVE, DeliveryStatus.CANCELLED)))
        ).all()
    assert rows
    for ordered, delivered, accepted, rejected, reason, expiry, day, perishable in rows:
        assert min(ordered, delivered, accepted, rejected) >= 0
        assert accepted + rejected == delivered
        assert (rejected > 0) == (reason is not None)
        if perishable and accepted > 0:
            assert expiry is not None and expiry >= day
    assert any(delivered < ordered for ordered, delivered, *_rest in rows)  # some came short


def test_delivery_numbers_are_gapless_per_year(db: Database):
    build_small(db)

    with db.reader() as s:
        numbers = list(s.scalars(select(Delivery.number).where(Delivery.number.is_not(None))))
        series = dict(
            s.execute(
                select(NumberSeries.year, NumberSeries.last_number).where(
                    NumberSeries.series == "SJ"
                )
            ).all()
        )
        cancelled = s.execute(
            select(Delivery.number, Delivery.cancel_reason).where(
                Delivery.status == DeliveryStatus.CANCELLED
            )
        ).all()
    by_year: dict[int, list[int]] = defaultdict(list)
    for number in numbers:
        _sj, year, seq = number.split("/")
        by_year[int(year)].append(int(seq))
    assert set(by_year) == {2025, 2026}
    for year, seqs in by_year.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1))
        assert series[year] == len(seqs)
    assert cancelled and all(reason for _number, reason in cancelled)


def test_times_are_those_of_each_day_and_the_clock_is_given_back(db: Database):
    build_small(db)

    assert abs(clock.now() - dt.datetime.now()) < dt.timedelta(minutes=1)
    with db.reader() as s:
        rows = s.execute(
            select(
                Delivery.delivery_date, Delivery.arrived_at, Delivery.posted_at, Delivery.created_at
            ).where(Delivery.status.in_(LIVE))
        ).all()
        suppliers_since = s.scalar(select(func.max(Supplier.created_at)))
        orders_at = s.execute(select(Order.order_date, Order.created_at)).all()
    for day, arrived, posted, created in rows:
        assert arrived.date() == day and dt.time(6) <= arrived.time() <= dt.time(11)
        assert posted.date() == day and arrived < posted
        assert created.date() == day
    assert suppliers_since.date() < PAST[0]
    assert all(created.date() <= day for day, created in orders_at)


def test_cancelling_the_build_leaves_the_database_empty(db: Database):
    steps = []

    def cancelled() -> bool:
        steps.append(1)
        return len(steps) > 8  # in the middle of the days

    with pytest.raises(Cancelled):
        build_small(db, progress=Progress(cancelled=cancelled))

    assert demo.is_empty(db)
    with db.reader() as s:
        assert s.scalar(select(func.count(Supplier.id))) == 0
        assert s.scalar(select(func.count(Delivery.id))) == 0
    assert abs(clock.now() - dt.datetime.now()) < dt.timedelta(minutes=1)


def test_progress_is_reported_up_to_the_end(db: Database):
    reported: list[tuple[int, int]] = []
    build_small(db, progress=Progress(lambda done, total, _message: reported.append((done, total))))
    total = reported[-1][1]
    assert reported[-1] == (total, total)
    assert len({done for done, _total in reported}) >= DAYS + 3


def test_demo_is_built_only_into_an_empty_database(db: Database):
    make_hotel(db)
    assert not demo.is_empty(db)
    with pytest.raises(DomainError):
        build_small(db)


def test_a_server_database_is_never_wiped():
    with pytest.raises(DomainError):
        demo.reset_database("postgresql://postgres@127.0.0.1:1/office")


def test_reset_deletes_the_sqlite_demo_and_opens_it_empty(tmp_path: Path):
    url = sqlite_url(tmp_path / "demo.sqlite3")
    db = open_database(url, user="tester")
    add_tester(db)
    make_hotel(db)
    db.dispose()

    fresh = demo.reset_database(url)
    try:
        assert demo.is_empty(fresh)
        assert fresh.user is None  # nobody is signed in to a fresh database
    finally:
        fresh.dispose()


def test_the_full_programme_has_120_umkm_and_44_hold_bnsp(db: Database):
    summary = demo.build_demo(db, days=1, hotels=5, today=TODAY)

    with db.reader() as s:
        bnsp = s.scalar(
            select(func.count(func.distinct(Certificate.supplier_id))).where(
                Certificate.kind == CertificateKind.BNSP
            )
        )
        soon = s.scalar(
            select(func.count(Certificate.id)).where(
                Certificate.expires_on.between(TODAY, TODAY + dt.timedelta(days=30))
            )
        )
        categories = dict(
            s.execute(
                select(Supplier.category, func.count(Supplier.id)).group_by(Supplier.category)
            ).all()
        )
        legal_forms = set(s.scalars(select(Supplier.legal_form)))
        names = set(s.scalars(select(Supplier.name)))
        per_hotel = (
            s.execute(
                select(func.count(Order.id))
                .where(Order.order_date == TODAY)
                .group_by(Order.hotel_id)
            )
            .scalars()
            .all()
        )
        standard = dict(
            s.execute(
                select(Product.name, func.min(Product.standard_price)).group_by(Product.name)
            ).all()
        )
    assert summary.suppliers == 120 and bnsp == 44 and soon >= 3
    assert len(categories) == 6 and min(categories.values()) >= 8
    assert len(legal_forms) == 3
    assert {"Kopi Robusta Way Kanan", "UD Keripik Pisang Mbok Sum", "CV Tapis Jaya"} <= names
    assert len(per_hotel) == 5 and all(5 <= n <= 25 for n in per_hotel)
    assert Decimal(standard["Kain Tapis Lampung Motif Pucuk Rebung"]) >= 600_000
