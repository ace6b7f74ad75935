"""Stock at a hotel: FEFO issues, expiry, waste, returns, counts, levels and history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from hotel_supply.db import Database
from hotel_supply.models import Period
from hotel_supply.models.enums import (
    MovementKind,
    PeriodStatus,
    ReturnReason,
    Unit,
    WasteReason,
)
from hotel_supply.services import (
    alerts,
    deliveries,
    hotels,
    replenishment,
    stock,
    stock_counts,
    stock_levels,
    stock_moves,
)
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import ClosedPeriodError, DomainError, ValidationError
from hotel_supply.services.stock import NegativeStockError
from hotel_supply.services.stock_levels import StockFilter, StockQuery
from hotel_supply.services.stock_moves import StockLineInput
from tests.factories import make_hotel, make_product, make_supplier

D = dt.date(2026, 11, 10)


def receive(db: Database, ids: dict[str, int], product: str, qty: str, *, day: dt.date = D,
            expiry: dt.date | None = None, lot: str = "") -> int:
    delivery_id = deliveries.new_delivery(db, hotel_id=ids["hotel"], supplier_id=ids["supplier"],
                                          day=day)
    q = Decimal(qty)
    deliveries.post_delivery(db, delivery_id=delivery_id, data=DeliveryInput(
        delivery_date=day, lines=[LineInput(product_id=ids[product], delivered=q, accepted=q,
                                            lot_code=lot, expiry_date=expiry)]))
    return delivery_id


def on_hand(db: Database, ids: dict[str, int], product: str) -> Decimal:
    with db.reader() as s:
        return stock.on_hand(s, hotel_id=ids["hotel"], product_id=ids[product])


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    supplier = make_supplier(db)
    bread = make_product(db, supplier, name="Roti Tawar", perishable=True, shelf_life_days=5,
                         standard_price=12_000)
    coffee = make_product(db, supplier, name="Kopi Bubuk", unit=Unit.KG, standard_price=90_000)
    hotel = make_hotel(db)
    outlets = {o.code: o.id for o in hotels.get_hotel(db, hotel).outlets}
    return {"supplier": supplier, "bread": bread, "coffee": coffee, "hotel": hotel,
            "kitchen": outlets["KIT"], "minibar": outlets["MB"]}


def issue(db, ids, product, qty, *, day=D, confirm=False, lot_id=None):
    return stock_moves.issue_to_outlet(
        db, hotel_id=ids["hotel"], outlet_id=ids["kitchen"], day=day,
        lines=[StockLineInput(product_id=ids[product], quantity=Decimal(qty), lot_id=lot_id)],
        confirm_negative=confirm)


def test_issues_take_the_lot_that_expires_first(db, ids):
    receive(db, ids, "bread", "10", expiry=D + dt.timedelta(days=4), lot="LATE")
    receive(db, ids, "bread", "6", expiry=D + dt.timedelta(days=2), lot="EARLY")
    result = issue(db, ids, "bread", "8", day=D + dt.timedelta(days=1))
    picks = [(p.lot_code, p.quantity) for p in result.lines[0].picks]
    assert picks == [("EARLY", Decimal(6)), ("LATE", Decimal(2))]
    assert result.number == "BK/2026/00001"
    lots = stock_levels.product_lots(db, hotel_id=ids["hotel"], product_id=ids["bread"],
                                     day=D + dt.timedelta(days=1))
    assert [(lot.lot_code, lot.quantity) for lot in lots] == [("LATE", Decimal(8))]


def test_a_lot_is_usable_on_its_expiry_date_and_expired_the_day_after(db, ids):
    expiry = D + dt.timedelta(days=3)
    receive(db, ids, "bread", "5", expiry=expiry, lot="R1")
    issue(db, ids, "bread", "2", day=expiry)  # still fine on the day itself
    with pytest.raises(NegativeStockError) as err:
        issue(db, ids, "bread", "1", day=expiry + dt.timedelta(days=1))
    assert err.value.shortages[0].expired == 3
    assert "kedaluwarsa" in err.value.message
    assert on_hand(db, ids, "bread") == 3


def test_an_expired_lot_chosen_by_hand_is_refused_for_an_issue_but_can_be_wasted(db, ids):
    expiry = D + dt.timedelta(days=1)
    receive(db, ids, "bread", "4", expiry=expiry, lot="OLD")
    lot_id = stock_levels.product_lots(db, hotel_id=ids["hotel"], product_id=ids["bread"],
                                       day=D)[0].lot_id
    later = expiry + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        issue(db, ids, "bread", "1", day=later, lot_id=lot_id)
    assert "line:0:lot" in err.value.problems
    waste = stock_moves.write_off_waste(db, hotel_id=ids["hotel"], day=later, lines=[
        StockLineInput(product_id=ids["bread"], quantity=Decimal(4),
                       reason=WasteReason.EXPIRED.value)])
    assert waste.number == "BS/2026/00001"
    assert on_hand(db, ids, "bread") == 0


def test_stock_cannot_go_below_zero_unless_confirmed_and_then_it_says_so(db, ids):
    receive(db, ids, "coffee", "2.5")
    with pytest.raises(NegativeStockError):
        issue(db, ids, "coffee", "3")
    assert on_hand(db, ids, "coffee") == Decimal("2.5")
    result = issue(db, ids, "coffee", "3", confirm=True)
    assert result.below_zero
    assert on_hand(db, ids, "coffee") == Decimal("-0.5")
    _opening, history = stock_levels.product_history(db, hotel_id=ids["hotel"],
                                                     product_id=ids["coffee"])
    assert [(m.kind, m.quantity, m.balance_after, m.negative_confirmed) for m in history] == [
        (MovementKind.RECEIPT, Decimal("2.5"), Decimal("2.5"), False),
        (MovementKind.ISSUE, Decimal("-2.5"), Decimal(0), False),
        (MovementKind.ISSUE, Decimal("-0.5"), Decimal("-0.5"), True),
    ]
    assert history[-1].document == result.number and history[-1].created_by == "tester"


def test_returns_go_back_to_the_supplier_of_the_product_only(db, ids):
    receive(db, ids, "coffee", "5")
    other = make_supplier(db)
    with pytest.raises(ValidationError) as err:
        stock_moves.return_to_supplier(db, hotel_id=ids["hotel"], supplier_id=other, day=D,
                                       lines=[StockLineInput(ids["coffee"], Decimal(1),
                                                             reason=ReturnReason.QUALITY.value)])
    assert "line:0:product" in err.value.problems
    result = stock_moves.return_to_supplier(
        db, hotel_id=ids["hotel"], supplier_id=ids["supplier"], day=D,
        lines=[StockLineInput(ids["coffee"], Decimal(1), reason=ReturnReason.QUALITY.value)])
    assert result.number == "RT/2026/00001"
    assert on_hand(db, ids, "coffee") == 4


@pytest.mark.parametrize("qty", ["0", "-1", "1.0001"])
def test_bad_quantities_are_refused(db, ids, qty):
    receive(db, ids, "coffee", "5")
    with pytest.raises(ValidationError):
        issue(db, ids, "coffee", qty)
    assert on_hand(db, ids, "coffee") == 5


def test_a_waste_line_needs_a_reason(db, ids):
    receive(db, ids, "coffee", "5")
    with pytest.raises(ValidationError) as err:
        stock_moves.write_off_waste(db, hotel_id=ids["hotel"], day=D,
                                    lines=[StockLineInput(ids["coffee"], Decimal(1))])
    assert "line:0:reason" in err.value.problems


def test_movements_in_a_closed_month_are_refused(db, ids):
    receive(db, ids, "coffee", "5")
    with db.unit_of_work(anyone=True) as s:
        s.add(Period(year=2026, month=11, status=PeriodStatus.CLOSED))
    with pytest.raises(ClosedPeriodError):
        issue(db, ids, "coffee", "1")
    assert on_hand(db, ids, "coffee") == 5


def test_posting_a_count_leaves_exactly_the_counted_quantities(db, ids):
    receive(db, ids, "bread", "10", expiry=D + dt.timedelta(days=4), lot="A")
    receive(db, ids, "bread", "5", expiry=D + dt.timedelta(days=5), lot="B")
    receive(db, ids, "coffee", "3")
    count_id = stock_counts.start_count(db, hotel_id=ids["hotel"], day=D, show_book=True)
    view = stock_counts.get_count(db, count_id)
    assert [(line.product_name, line.lot_code, line.book) for line in view.lines] == [
        ("Kopi Bubuk", "", Decimal(3)), ("Roti Tawar", "A", Decimal(10)),
        ("Roti Tawar", "B", Decimal(5))]
    coffee, lot_a, lot_b = (line.id for line in view.lines)
    # half-done, saved, continued
    stock_counts.save_counted(db, count_id=count_id, counted={lot_a: Decimal(9)})
    with pytest.raises(ValidationError):
        stock_counts.post_count(db, count_id=count_id)
    stock_counts.save_counted(db, count_id=count_id,
                              counted={coffee: Decimal("2.75"), lot_b: Decimal(5)},
                              reasons={coffee: "tumpah"})
    view = stock_counts.get_count(db, count_id)
    assert view.difference_value == -12_000 - 22_500  # one loaf, a quarter kilo
    number = stock_counts.post_count(db, count_id=count_id)
    assert number == "SO/2026/00001"
    assert on_hand(db, ids, "bread") == 14
    assert on_hand(db, ids, "coffee") == Decimal("2.75")
    lots = stock_levels.product_lots(db, hotel_id=ids["hotel"], product_id=ids["bread"], day=D)
    assert [(lot.lot_code, lot.quantity) for lot in lots] == [("A", 9), ("B", 5)]
    with pytest.raises(DomainError):
        stock_counts.post_count(db, count_id=count_id)  # posted twice
    assert on_hand(db, ids, "bread") == 14
    rows = stock_levels.stock_rows(db, query=StockQuery(hotel_id=ids["hotel"], day=D))
    assert {r.product_name: r.last_count for r in rows} == {"Kopi Bubuk": D, "Roti Tawar": D}
    # a later count that matches the book still counts as the last count
    later = D + dt.timedelta(days=7)
    again = stock_counts.start_count(db, hotel_id=ids["hotel"], day=later)
    stock_counts.save_counted(db, count_id=again, counted={
        line.id: line.book for line in stock_counts.get_count(db, again).lines})
    stock_counts.post_count(db, count_id=again)
    rows = stock_levels.stock_rows(db, query=StockQuery(hotel_id=ids["hotel"], day=later))
    assert {r.product_name: r.last_count for r in rows} == {"Kopi Bubuk": later,
                                                           "Roti Tawar": later}


def test_count_refuses_negative_quantities_and_products_not_stocked(db, ids):
    receive(db, ids, "coffee", "3")
    count_id = stock_counts.start_count(db, hotel_id=ids["hotel"], day=D)
    line = stock_counts.get_count(db, count_id).lines[0]
    with pytest.raises(ValidationError):
        stock_counts.save_counted(db, count_id=count_id, counted={line.id: Decimal(-1)})
    with pytest.raises(ValidationError) as err:
        stock_counts.add_count_line(db, count_id=count_id, product_id=ids["bread"])
    assert "Roti Tawar" in err.value.message
    with pytest.raises(DomainError):  # one open count per hotel
        stock_counts.start_count(db, hotel_id=ids["hotel"], day=D)


def test_stock_rows_value_par_cover_and_filters(db, ids):
    receive(db, ids, "bread", "20", expiry=D + dt.timedelta(days=2), day=D - dt.timedelta(days=6))
    receive(db, ids, "coffee", "4", day=D - dt.timedelta(days=6))
    issue(db, ids, "coffee", "2.8", day=D - dt.timedelta(days=1))
    replenishment.set_par_levels(db, hotel_id=ids["hotel"],
                                 levels={ids["coffee"]: Decimal(5), ids["bread"]: Decimal(10)})
    rows = {r.product_name: r for r in stock_levels.stock_rows(
        db, query=StockQuery(hotel_id=ids["hotel"], day=D))}
    coffee, bread = rows["Kopi Bubuk"], rows["Roti Tawar"]
    assert coffee.on_hand == Decimal("1.2") and coffee.value == 108_000
    assert coffee.below_par and not bread.below_par
    assert coffee.usage_per_day == Decimal("0.1")  # 2,8 kg over 28 days
    assert coffee.days_of_cover == Decimal("12.0")
    assert bread.expiring_qty == 20 and bread.nearest_expiry == D + dt.timedelta(days=2)

    def names(f: StockFilter, day: dt.date = D) -> list[str]:
        return [r.product_name for r in stock_levels.stock_rows(
            db, query=StockQuery(hotel_id=ids["hotel"], day=day, filter=f))]

    assert names(StockFilter.BELOW_PAR) == ["Kopi Bubuk"]
    assert names(StockFilter.EXPIRING) == ["Roti Tawar"]
    assert names(StockFilter.EXPIRED) == []
    assert names(StockFilter.EXPIRED, D + dt.timedelta(days=3)) == ["Roti Tawar"]
    # on an earlier date, the stock of that date
    before = {r.product_name: r.on_hand for r in stock_levels.stock_rows(
        db, query=StockQuery(hotel_id=ids["hotel"], day=D - dt.timedelta(days=3)))}
    assert before == {"Kopi Bubuk": 4, "Roti Tawar": 20}


def test_below_par_suggests_an_order_per_supplier_that_becomes_an_ad_hoc_order(db, ids):
    receive(db, ids, "coffee", "1.5")
    replenishment.set_par_levels(db, hotel_id=ids["hotel"],
                                 levels={ids["coffee"]: Decimal(5), ids["bread"]: Decimal(12)})
    suggestions = replenishment.reorder_suggestions(db, day=D)
    assert [(s.product_name, s.suggested) for s in suggestions] == [
        ("Kopi Bubuk", Decimal("3.5")), ("Roti Tawar", Decimal(12))]
    order_ids = replenishment.order_suggestions(db, day=D + dt.timedelta(days=1),
                                                suggestions=suggestions)
    assert len(order_ids) == 1  # one supplier, one order
    # what is on order is not suggested again
    assert replenishment.reorder_suggestions(db, day=D) == []


def test_alerts_for_expiring_lots_and_certificates(db, ids):
    receive(db, ids, "bread", "3", expiry=D, lot="TODAY")
    receive(db, ids, "bread", "4", expiry=D + dt.timedelta(days=1), lot="TOMORROW")
    receive(db, ids, "bread", "5", expiry=D + dt.timedelta(days=9), lot="LATER")
    lots = alerts.expiring_lots(db, day=D, within_days=3)
    assert [(x.lot_code, x.days_left, x.quantity) for x in lots] == [
        ("TODAY", 0, 3), ("TOMORROW", 1, 4)]
    from hotel_supply.models import Certificate
    from hotel_supply.models.enums import CertificateKind

    with db.unit_of_work(anyone=True) as s:
        s.add(Certificate(supplier_id=ids["supplier"], kind=CertificateKind.HALAL,
                          number="ID-HALAL-1", expires_on=D + dt.timedelta(days=20)))
        s.add(Certificate(supplier_id=ids["supplier"], kind=CertificateKind.PIRT,
                          number="PIRT-1", expires_on=D + dt.timedelta(days=90)))
    certs = alerts.expiring_certificates(db, day=D)
    assert [(c.number, c.days_left) for c in certs] == [("ID-HALAL-1", 20)]


def test_history_opening_balance_and_links_to_documents(db, ids):
    delivery_id = receive(db, ids, "coffee", "5", day=D - dt.timedelta(days=5))
    issue(db, ids, "coffee", "1", day=D - dt.timedelta(days=2))
    issue(db, ids, "coffee", "2", day=D)
    opening, rows = stock_levels.product_history(db, hotel_id=ids["hotel"],
                                                 product_id=ids["coffee"],
                                                 date_from=D - dt.timedelta(days=3))
    assert opening == 5
    assert [(r.quantity, r.balance_after) for r in rows] == [(-1, 4), (-2, 2)]
    assert all(r.document_kind == "stock_document" for r in rows)
    _o, full = stock_levels.product_history(db, hotel_id=ids["hotel"], product_id=ids["coffee"])
    assert full[0].document_kind == "delivery" and full[0].document_id == delivery_id
    assert full[1].outlet == "Dapur"


def test_cancelling_a_delivery_after_issues_needs_confirmation(db, ids):
    delivery_id = receive(db, ids, "coffee", "5")
    issue(db, ids, "coffee", "4")
    with pytest.raises(NegativeStockError):
        deliveries.cancel_delivery(db, delivery_id=delivery_id, reason="salah")
    deliveries.cancel_delivery(db, delivery_id=delivery_id, reason="salah",
                               confirm_negative=True)
    assert on_hand(db, ids, "coffee") == -4


def test_ledger_rows_are_never_updated(db, ids):
    receive(db, ids, "coffee", "5")
    with db.reader() as s:
        before = [(m.id, m.quantity) for m in s.scalars(select(stock.StockMovement))]
    issue(db, ids, "coffee", "1")
    with db.reader() as s:
        after = [(m.id, m.quantity) for m in s.scalars(select(stock.StockMovement))]
    assert after[: len(before)] == before
