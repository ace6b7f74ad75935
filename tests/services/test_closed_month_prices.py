"""A price agreement cannot change the prices of a closed month's days: a new one must
start in an open month, an end date can move only within open months, and one that set
prices in a closed month can be ended but not cancelled."""

from __future__ import annotations

import datetime as dt

import pytest

from hotel_supply.models import Period
from hotel_supply.models.enums import PeriodStatus
from hotel_supply.services import prices
from hotel_supply.services.errors import ValidationError
from hotel_supply.services.reconciliation import reconcile
from tests.factories import make_hotel, make_price, make_product, make_supplier


@pytest.fixture
def w(db):
    supplier = make_supplier(db)
    product = make_product(db, supplier, standard_price=10_000)
    hotel = make_hotel(db)
    running = make_price(db, hotel_id=hotel, product_id=product, price=12_000,
                         valid_from=dt.date(2026, 1, 1))
    with db.unit_of_work(anyone=True) as s:
        s.add(Period(year=2026, month=10, status=PeriodStatus.CLOSED, closed_by="test"))
    return {"hotel": hotel, "product": product, "running": running}


def _count(db) -> int:
    return len(prices.price_agreement_rows(db, query=prices.PriceQuery()))


def test_a_new_price_cannot_reach_into_a_closed_month(db, w):
    before = _count(db)
    october = reconcile(db, year=2026, month=10).exceptions
    data = prices.PriceAgreementData(hotel_id=w["hotel"], product_id=w["product"],
                                     price=15_000, valid_from=dt.date(2026, 10, 15))
    with pytest.raises(ValidationError) as err:
        prices.create_price_agreement(db, data=data, end_previous=True)
    assert "Oktober 2026" in err.value.message
    assert _count(db) == before
    assert prices.get_price_agreement(db, w["running"]).valid_to is None
    # from November (open) it is fine, and ends the running one on 31 October
    data = prices.PriceAgreementData(hotel_id=w["hotel"], product_id=w["product"],
                                     price=15_000, valid_from=dt.date(2026, 11, 1))
    prices.create_price_agreement(db, data=data, end_previous=True)
    assert prices.get_price_agreement(db, w["running"]).valid_to == dt.date(2026, 10, 31)
    assert reconcile(db, year=2026, month=10).exceptions == october


def test_an_end_date_moves_only_within_open_months(db, w):
    with pytest.raises(ValidationError) as err:
        prices.end_price_agreement(db, agreement_id=w["running"], valid_to=dt.date(2026, 10, 20))
    assert "Oktober 2026" in err.value.message
    assert prices.get_price_agreement(db, w["running"]).valid_to is None
    prices.end_price_agreement(db, agreement_id=w["running"], valid_to=dt.date(2026, 11, 30))
    prices.end_price_agreement(db, agreement_id=w["running"], valid_to=dt.date(2026, 12, 31))
    assert prices.get_price_agreement(db, w["running"]).valid_to == dt.date(2026, 12, 31)


def test_an_agreement_that_priced_a_closed_month_is_not_cancelled(db, w):
    with pytest.raises(ValidationError) as err:
        prices.set_price_agreement_active(db, agreement_id=w["running"], active=False)
    assert "Oktober 2026" in err.value.message
    rows = prices.price_agreement_rows(db, query=prices.PriceQuery())
    assert any(r.id == w["running"] and r.active for r in rows)
