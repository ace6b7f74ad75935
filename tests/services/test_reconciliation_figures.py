"""The reconciliation's figures against the test's own arithmetic: count variances valued
as the count values them, quantities of different units never added, credit notes and
refunds labelled and carried through."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from hotel_supply.models import DeliveryLine, StockCountLine
from hotel_supply.models.base import quantity_value
from hotel_supply.models.enums import Unit
from hotel_supply.services import deliveries, orders, stock_counts
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.orders import OrderLineInput
from hotel_supply.services.reconciliation import ExceptionKind, reconcile
from tests.factories import make_hotel, make_price, make_product, make_supplier

D = dt.date(2026, 10, 6)


@pytest.fixture
def w(db):
    roastery = make_supplier(db, name="Makmur Roastery")
    hotel = make_hotel(db, name="Hotel Emersia")
    beans = make_product(db, roastery, name="Kopi Robusta", unit=Unit.KG, standard_price=90_000)
    gift = make_product(db, roastery, name="Kopi Hadiah", unit=Unit.KOTAK, standard_price=9_500)
    make_price(db, hotel_id=hotel, product_id=beans, price=90_000)
    make_price(db, hotel_id=hotel, product_id=gift, price=9_500)
    return {"supplier": roastery, "hotel": hotel, "beans": beans, "gift": gift}


def deliver(db, w, lines: list[LineInput], day: dt.date = D) -> int:
    delivery_id = deliveries.new_delivery(db, hotel_id=w["hotel"], supplier_id=w["supplier"],
                                          day=day)
    deliveries.post_delivery(db, delivery_id=delivery_id,
                             data=DeliveryInput(delivery_date=day, lines=lines))
    return delivery_id


def test_a_count_variance_is_valued_as_the_count_values_it(db, w):
    q = Decimal
    deliver(db, w, [LineInput(product_id=w["gift"], delivered=q(10), accepted=q(10)),
                    LineInput(product_id=w["beans"], delivered=q("2.5"), accepted=q("2.5"))])
    count_id = stock_counts.start_count(db, hotel_id=w["hotel"], day=D + dt.timedelta(days=1))
    view = stock_counts.get_count(db, count_id)
    by_product = {line.product_name: line.id for line in view.lines}
    stock_counts.save_counted(db, count_id=count_id, counted={
        by_product["Kopi Hadiah"]: q(8), by_product["Kopi Robusta"]: q("2.25")})
    sheet_value = stock_counts.get_count(db, count_id).difference_value
    # 2 kotak missing at Rp9.500 and a quarter kilo at Rp90.000
    assert sheet_value == -2 * 9_500 - 22_500
    number = stock_counts.post_count(db, count_id=count_id)

    recon = reconcile(db, year=2026, month=10, today=dt.date(2026, 11, 2))
    checks = {c.product_name: c for c in recon.stock_checks}
    assert checks["Kopi Hadiah"].variance == -2
    assert checks["Kopi Hadiah"].variance_value == -19_000  # not -19.000.000
    assert checks["Kopi Robusta"].variance == q("-0.25")
    assert checks["Kopi Robusta"].variance_value == -22_500
    variance = [e for e in recon.exceptions if e.kind == ExceptionKind.COUNT_VARIANCE]
    assert [(number in e.description, e.amount) for e in variance] == [(True, sheet_value)]


def test_sql_sums_of_quantities_keep_their_scale(db, w):
    q = Decimal
    deliver(db, w, [LineInput(product_id=w["beans"], delivered=q("2.5"), accepted=q("2.25"),
                              rejected=q("0.25"), rejection_reason="damaged")])
    with db.reader() as s:
        diff = s.scalar(select(func.sum(DeliveryLine.delivered_qty - DeliveryLine.accepted_qty)))
        neg = s.scalar(select(func.sum(-DeliveryLine.accepted_qty)))
        value = s.scalar(select(func.sum(quantity_value(DeliveryLine.accepted_qty,
                                                        DeliveryLine.unit_price))))
    assert diff == q("0.25") and neg == q("-2.25")
    assert value == q("2.25") * 90_000
    with pytest.raises(TypeError):  # would be 1000× too large: refused when written
        select(DeliveryLine.accepted_qty * DeliveryLine.unit_price)
    with pytest.raises(TypeError):
        select(StockCountLine.counted_qty / 2)


def test_supplier_lines_never_add_kilos_to_boxes(db, w):
    q = Decimal
    orders.create_adhoc_order(db, hotel_id=w["hotel"], supplier_id=w["supplier"], day=D, lines=[
        OrderLineInput(product_id=w["gift"], quantity=q(10)),
        OrderLineInput(product_id=w["beans"], quantity=q(2))])
    deliver(db, w, [LineInput(product_id=w["gift"], ordered=q(10), delivered=q(8),
                              accepted=q(8)),
                    LineInput(product_id=w["beans"], ordered=q(2), delivered=q(2),
                              accepted=q(2))])
    recon = reconcile(db, year=2026, month=10, today=dt.date(2026, 11, 2))
    (line,) = recon.suppliers
    assert not hasattr(line, "ordered") and not hasattr(line, "delivered")
    assert line.products == 2
    # the mean of 80% (boxes) and 100% (kilos), not (8 + 2) / (10 + 2)
    assert line.fill_rate == q("90.0") and recon.fill_rate == q("90.0")
    assert line.accepted_value == 8 * 9_500 + 2 * 90_000
