"""The deliveries list read in windows: by offset, after a row's key, before it, from the end.

Every way of reading a window gives the same rows in the same order, newest first (several
deliveries share a day, so the id breaks ties), each with its line count, rejected lines and
value summed from its own lines.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

from hotel_supply.models import Delivery, DeliveryLine
from hotel_supply.models.enums import DeliveryStatus
from hotel_supply.services.delivery_list import DeliveryQuery, delivery_rows, row_key
from tests.factories import make_hotel, make_product, make_supplier

DAYS = 9
PER_DAY = 7  # 63 deliveries, seven a day
FIRST = dt.date(2026, 11, 1)


@pytest.fixture
def listed(db):
    """63 posted deliveries over nine days, ids not in date order; their expected sums."""
    supplier = make_supplier(db, name="Kopi Bu Rahma")
    product = make_product(db, supplier, name="Kopi Robusta")
    hotel = make_hotel(db)
    heads, lines, expected = [], [], {}
    for k in range(DAYS * PER_DAY):
        n = k + 1
        day = FIRST + dt.timedelta(days=(k * 4) % DAYS)  # ids jump back and forth in time
        heads.append(dict(id=n, number=f"SJ/2026/{n:05d}", hotel_id=hotel, supplier_id=supplier,
                          delivery_date=day, status=DeliveryStatus.POSTED,
                          driver_name="Pak Joko", vehicle_plate="BE 1234 AB"))
        amounts, rejected = [], 0
        for line_no in range(1, n % 4 + 1):  # some deliveries have no line at all
            qty = line_no + n % 5
            reject = 1 if (n + line_no) % 6 == 0 else 0
            rejected += 1 if reject else 0
            amount = (qty - reject) * 12_500
            amounts.append(amount)
            lines.append(dict(delivery_id=n, line_no=line_no, product_id=product,
                              ordered_qty=qty, delivered_qty=qty, accepted_qty=qty - reject,
                              rejected_qty=reject, unit_price=12_500, amount=amount))
        expected[n] = (day, len(amounts), rejected, sum(amounts))
    with db.unit_of_work(anyone=True) as session:
        session.execute(insert(Delivery), heads)
        session.execute(insert(DeliveryLine), lines)
    order = sorted(expected, key=lambda i: (expected[i][0], i), reverse=True)
    return order, expected


def test_one_window_has_each_deliverys_own_sums(db, listed):
    order, expected = listed
    rows = delivery_rows(db, query=DeliveryQuery(), limit=500)
    assert [r.id for r in rows] == order
    for r in rows:
        day, n_lines, rejected, value = expected[r.id]
        assert (r.delivery_date, r.line_count, r.rejected_lines, r.value) == (
            day, n_lines, rejected, value)
        assert r.supplier_name == "Kopi Bu Rahma" and r.number == f"SJ/2026/{r.id:05d}"


def test_keyset_windows_walk_the_list_as_offsets_do(db, listed):
    order, _ = listed
    query = DeliveryQuery()
    walked: list[int] = []
    rows = delivery_rows(db, query=query, limit=10)
    while rows:
        walked.extend(r.id for r in rows)
        rows = delivery_rows(db, query=query, after=row_key(rows[-1]), limit=10)
    assert walked == order
    by_offset = [r.id for off in range(0, len(order), 10)
                 for r in delivery_rows(db, query=query, offset=off, limit=10)]
    assert by_offset == order


def test_window_before_a_key_and_from_the_end(db, listed):
    order, _ = listed
    query = DeliveryQuery()
    at_30 = delivery_rows(db, query=query, offset=30, limit=10)
    assert [r.id for r in at_30] == order[30:40]
    above = delivery_rows(db, query=query, before=row_key(at_30[0]), limit=10)
    assert [r.id for r in above] == order[20:30]
    top = delivery_rows(db, query=query, before=row_key(at_30[0]), limit=100)
    assert [r.id for r in top] == order[:30]
    last = delivery_rows(db, query=query, from_end=True, offset=0, limit=10)
    assert [r.id for r in last] == order[-10:]
    near_end = delivery_rows(db, query=query, from_end=True, offset=5, limit=10)
    assert [r.id for r in near_end] == order[-15:-5]


def test_keyset_windows_keep_the_filters(db, listed):
    order, expected = listed
    day = FIRST + dt.timedelta(days=3)
    query = DeliveryQuery(date_from=day, date_to=day, text="kopi robusta")
    with_lines = [i for i in order if expected[i][0] == day and expected[i][1] > 0]
    first = delivery_rows(db, query=query, limit=3)
    rest = delivery_rows(db, query=query, after=row_key(first[-1]), limit=100)
    assert [r.id for r in first + rest] == with_lines
