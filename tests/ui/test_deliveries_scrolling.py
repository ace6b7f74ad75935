"""The deliveries list scrolls to its end in windows: every row shows where it belongs, and
only a few windows stay in memory however far the list is scrolled."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert

from hotel_supply.config import Preferences
from hotel_supply.models import Delivery
from hotel_supply.models.enums import DeliveryStatus
from hotel_supply.services.delivery_list import DeliveryQuery, delivery_rows
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.pages.deliveries import DeliveryWindows
from tests.factories import make_hotel, make_supplier

N = 95


def test_scrolling_to_the_end_keeps_few_windows_and_every_row_in_place(sqlite_db):
    supplier, hotel = make_supplier(sqlite_db), make_hotel(sqlite_db)
    first = dt.date(2026, 8, 1)
    with sqlite_db.unit_of_work(anyone=True) as session:
        session.execute(insert(Delivery), [
            dict(id=n, number=f"SJ/2026/{n:05d}", hotel_id=hotel, supplier_id=supplier,
                 delivery_date=first + dt.timedelta(days=(n * 7) % 31),
                 status=DeliveryStatus.POSTED) for n in range(1, N + 1)])
    ctx = AppContext(sqlite_db, Preferences())
    expected = [r.id for r in delivery_rows(sqlite_db, query=DeliveryQuery(), limit=1000)]
    model = DeliveryWindows(DeliveryQuery, lambda: ctx.db, window=10)
    model.reload()
    assert model.rowCount() == N and not model.canFetchMore()
    # the end first (counted from there), then back up and down again, window by window
    order = [N - 1, *range(0, N, 3), *range(N - 1, -1, -7)]
    for i in order:
        row = model.row_at(i)
        assert row is not None and row.id == expected[i], i
        assert len(model._windows) <= model.KEEP
    assert model.data(model.index(N - 1, 1)) == f"SJ/2026/{expected[-1]:05d}"
    assert [r.id for r in model.loaded_rows()] == expected  # an export has every row
