"""Random sequences of stock events never break the ledger's promises (SPEC rule 4).

Receipts, issues, waste, returns, counts and cancellations in any order: after
each step every balance equals the sum of its movements, the test's own
arithmetic agrees, no lot is below zero, and a product is below zero only where
the user confirmed it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from hotel_supply.config import sqlite_url
from hotel_supply.db import Database
from hotel_supply.models import StockMovement
from hotel_supply.models.enums import RejectionReason, ReturnReason, Unit, WasteReason
from hotel_supply.services import deliveries, stock_counts, stock_levels, stock_moves
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import DomainError
from hotel_supply.services.stock import NegativeStockError
from hotel_supply.services.stock_levels import StockQuery
from hotel_supply.services.stock_moves import StockLineInput
from tests.factories import make_hotel, make_product, make_supplier

START = dt.date(2026, 3, 2)
QTY = st.integers(min_value=1, max_value=12).map(Decimal)


class StockLedger(RuleBasedStateMachine):
    template: Path

    def __init__(self) -> None:
        super().__init__()
        folder = Path(tempfile.mkdtemp())
        shutil.copyfile(self.template, folder / "db.sqlite3")
        self.db = Database(sqlite_url(folder / "db.sqlite3"), user="tester")
        supplier = make_supplier(self.db)
        self.supplier = supplier
        self.products = [
            make_product(self.db, supplier, perishable=True, shelf_life_days=4),
            make_product(self.db, supplier, unit=Unit.PAK),
        ]
        self.hotel = make_hotel(self.db)
        from hotel_supply.services.hotels import get_hotel

        self.outlet = get_hotel(self.db, self.hotel).outlets[0].id
        self.day = START
        self.expected = {p: Decimal(0) for p in self.products}
        self.posted: list[tuple[int, int, Decimal]] = []  # delivery, product, accepted

    def teardown(self) -> None:
        self.db.dispose()

    # --- events --------------------------------------------------------------

    @rule(days=st.integers(min_value=0, max_value=3))
    def time_passes(self, days: int) -> None:
        self.day += dt.timedelta(days=days)

    @rule(which=st.integers(0, 1), delivered=QTY, rejected=st.integers(0, 3).map(Decimal),
          shelf=st.integers(min_value=0, max_value=5))
    def receive(self, which: int, delivered: Decimal, rejected: Decimal, shelf: int) -> None:
        product = self.products[which]
        rejected = min(rejected, delivered)
        delivery_id = deliveries.new_delivery(self.db, hotel_id=self.hotel,
                                              supplier_id=self.supplier, day=self.day)
        deliveries.post_delivery(self.db, delivery_id=delivery_id, data=DeliveryInput(
            delivery_date=self.day, lines=[LineInput(
                product_id=product, delivered=delivered, accepted=delivered - rejected,
                rejected=rejected,
                rejection_reason=RejectionReason.DAMAGED if rejected else None,
                expiry_date=self.day + dt.timedelta(days=shelf) if which == 0 else None)]))
        self.expected[product] += delivered - rejected
        if delivered - rejected > 0:
            self.posted.append((delivery_id, product, delivered - rejected))

    def _take(self, call, product: int, qty: Decimal, confirm: bool) -> None:  # type: ignore[no-untyped-def]
        before = self._balances()
        try:
            result = call(confirm)
        except NegativeStockError:
            assert not confirm
            assert self._balances() == before  # refused: nothing changed
            return
        self.expected[product] -= qty
        if not result.below_zero:
            assert self._balance(product) >= 0

    @rule(which=st.integers(0, 1), qty=QTY, confirm=st.booleans())
    def issue(self, which: int, qty: Decimal, confirm: bool) -> None:
        product = self.products[which]
        self._take(lambda c: stock_moves.issue_to_outlet(
            self.db, hotel_id=self.hotel, outlet_id=self.outlet, day=self.day,
            lines=[StockLineInput(product, qty)], confirm_negative=c), product, qty, confirm)

    @rule(which=st.integers(0, 1), qty=QTY, confirm=st.booleans())
    def waste(self, which: int, qty: Decimal, confirm: bool) -> None:
        product = self.products[which]
        self._take(lambda c: stock_moves.write_off_waste(
            self.db, hotel_id=self.hotel, day=self.day,
            lines=[StockLineInput(product, qty, reason=WasteReason.SPOILED.value)],
            confirm_negative=c), product, qty, confirm)

    @rule(which=st.integers(0, 1), qty=QTY, confirm=st.booleans())
    def give_back(self, which: int, qty: Decimal, confirm: bool) -> None:
        product = self.products[which]
        self._take(lambda c: stock_moves.return_to_supplier(
            self.db, hotel_id=self.hotel, supplier_id=self.supplier, day=self.day,
            lines=[StockLineInput(product, qty, reason=ReturnReason.QUALITY.value)],
            confirm_negative=c), product, qty, confirm)

    @rule(counted=st.lists(st.integers(0, 15).map(Decimal), min_size=1, max_size=8))
    def count(self, counted: list[Decimal]) -> None:
        count_id = stock_counts.start_count(self.db, hotel_id=self.hotel, day=self.day)
        lines = stock_counts.get_count(self.db, count_id).lines
        typed = {line.id: counted[i % len(counted)] for i, line in enumerate(lines)}
        stock_counts.save_counted(self.db, count_id=count_id, counted=typed)
        stock_counts.post_count(self.db, count_id=count_id)
        for product in self.products:
            self.expected[product] = sum(
                (typed[line.id] for line in lines if line.product_id == product),
                self.expected[product] - sum(
                    (line.book for line in lines if line.product_id == product), Decimal(0)))

    @rule(pick=st.integers(min_value=0), confirm=st.booleans())
    def cancel_a_delivery(self, pick: int, confirm: bool) -> None:
        if not self.posted:
            return
        delivery_id, product, accepted = self.posted[pick % len(self.posted)]
        before = self._balances()
        try:
            deliveries.cancel_delivery(self.db, delivery_id=delivery_id, reason="uji",
                                       confirm_negative=confirm)
        except NegativeStockError:
            assert not confirm and self._balances() == before
            return
        except DomainError:  # already cancelled
            assert self._balances() == before
            return
        self.expected[product] -= accepted

    # --- promises ------------------------------------------------------------

    def _balance(self, product: int) -> Decimal:
        with self.db.reader() as s:
            return s.scalar(select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
                StockMovement.hotel_id == self.hotel, StockMovement.product_id == product))

    def _balances(self) -> dict[int, Decimal]:
        return {p: self._balance(p) for p in self.products}

    @invariant()
    def balances_are_sums_of_movements_and_match_the_arithmetic(self) -> None:
        rows = {r.product_id: r for r in stock_levels.stock_rows(
            self.db, query=StockQuery(hotel_id=self.hotel, day=dt.date(2100, 1, 1)))}
        for product in self.products:
            total = self._balance(product)
            assert total == self.expected[product]
            shown = rows[product].on_hand if product in rows else Decimal(0)
            assert shown == total
            lots = stock_levels.product_lots(self.db, hotel_id=self.hotel, product_id=product,
                                             day=dt.date(2100, 1, 1))
            assert sum((lot.quantity for lot in lots), Decimal(0)) == total
            assert all(lot.quantity >= 0 for lot in lots if lot.lot_id is not None)

    @invariant()
    def every_lot_running_balance_is_the_sum_of_its_movements(self) -> None:
        from hotel_supply.models import StockLot

        with self.db.reader() as s:
            sums = dict(s.execute(select(StockMovement.lot_id, func.sum(StockMovement.quantity))
                                  .where(StockMovement.lot_id.is_not(None))
                                  .group_by(StockMovement.lot_id)).all())
            for lot in s.scalars(select(StockLot)):
                assert lot.on_hand == sums.get(lot.id, Decimal(0))

    @invariant()
    def below_zero_only_where_confirmed(self) -> None:
        with self.db.reader() as s:
            for product in self.products:
                if self._balance(product) < 0:
                    confirmed = s.scalar(select(func.count()).where(
                        StockMovement.product_id == product,
                        StockMovement.negative_confirmed.is_(True)))
                    assert confirmed


def test_random_stock_events_keep_the_ledger_consistent(_sqlite_template: Path) -> None:
    StockLedger.template = _sqlite_template
    run_state_machine_as_test(StockLedger, settings=settings(
        max_examples=25, stateful_step_count=12, deadline=None,
        suppress_health_check=[HealthCheck.too_slow]))


@pytest.fixture(autouse=True)
def _pinned_clock():
    from hotel_supply import clock

    clock.set_clock(lambda: dt.datetime(2026, 3, 1, 9, 0))
    yield
    clock.set_clock(None)
