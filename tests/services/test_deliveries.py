"""Receiving: posting, stock, numbering, prices, cancellation and bad input."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from hotel_supply.db import Database
from hotel_supply.models import Delivery, NumberSeries, Period, StockMovement
from hotel_supply.models.enums import DeliveryStatus, PeriodStatus, RejectionReason, Unit
from hotel_supply.services import deliveries, delivery_list, orders, stock
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import (
    ClosedPeriodError,
    ConflictError,
    DomainError,
    ValidationError,
)
from hotel_supply.services.stock import NegativeStockError
from tests.factories import (
    make_hotel,
    make_price,
    make_product,
    make_standing_order,
    make_supplier,
)

DAY = dt.date(2026, 11, 23)  # a Monday


def on_hand(db: Database, hotel_id: int, product_id: int) -> Decimal:
    with db.reader() as s:
        return stock.on_hand(s, hotel_id=hotel_id, product_id=product_id)


def movement_count(db: Database) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count(StockMovement.id))) or 0)


@pytest.fixture
def setup(db: Database) -> dict[str, int]:
    supplier = make_supplier(db)
    bread = make_product(
        db, supplier, name="Roti Sobek", perishable=True, shelf_life_days=3, standard_price=8_000
    )
    chips = make_product(db, supplier, name="Keripik Pisang", unit=Unit.PAK, standard_price=25_000)
    hotel = make_hotel(db)
    return {"supplier": supplier, "bread": bread, "chips": chips, "hotel": hotel}


def draft(db: Database, ids: dict[str, int], day: dt.date = DAY) -> int:
    return deliveries.new_delivery(db, hotel_id=ids["hotel"], supplier_id=ids["supplier"], day=day)


def typed(
    ids: dict[str, int],
    *,
    bread: tuple[str, str, str] = ("20", "18", "2"),
    chips: tuple[str, str, str] = ("10", "10", "0"),
    day: dt.date = DAY,
    reason: RejectionReason | None = RejectionReason.DAMAGED,
) -> DeliveryInput:
    def q(text: str) -> Decimal:
        return Decimal(text)

    return DeliveryInput(
        delivery_date=day,
        driver_name="Pak Joko",
        vehicle_plate="be 1234 ab",
        lines=[
            LineInput(
                product_id=ids["bread"],
                ordered=q("20"),
                delivered=q(bread[0]),
                accepted=q(bread[1]),
                rejected=q(bread[2]),
                rejection_reason=reason if q(bread[2]) else None,
                lot_code="R-231",
                expiry_date=day + dt.timedelta(days=3),
            ),
            LineInput(
                product_id=ids["chips"],
                ordered=q("10"),
                delivered=q(chips[0]),
                accepted=q(chips[1]),
                rejected=q(chips[2]),
                rejection_reason=reason if q(chips[2]) else None,
            ),
        ],
    )


def test_posting_moves_accepted_goods_into_stock_exactly_once(db, setup):
    delivery_id = draft(db, setup)
    result = deliveries.post_delivery(db, delivery_id=delivery_id, data=typed(setup))

    assert result.number == "SJ/2026/00001"
    assert result.receipts == 2
    assert on_hand(db, setup["hotel"], setup["bread"]) == Decimal(18)
    assert on_hand(db, setup["hotel"], setup["chips"]) == Decimal(10)
    # 18 × 8.000 + 10 × 25.000
    assert result.total_value == 394_000

    with pytest.raises(ConflictError):
        deliveries.post_delivery(db, delivery_id=delivery_id)
    assert on_hand(db, setup["hotel"], setup["bread"]) == Decimal(18)
    assert movement_count(db) == 2
    view = deliveries.get_delivery(db, delivery_id)
    assert view.status == DeliveryStatus.POSTED
    assert view.data.vehicle_plate == "BE 1234 AB"


def test_rejected_goods_never_enter_stock(db, setup):
    delivery_id = draft(db, setup)
    deliveries.post_delivery(
        db,
        delivery_id=delivery_id,
        data=typed(setup, bread=("20", "0", "20"), chips=("4", "0", "4")),
    )
    assert on_hand(db, setup["hotel"], setup["bread"]) == 0
    assert on_hand(db, setup["hotel"], setup["chips"]) == 0
    assert movement_count(db) == 0
    view = deliveries.get_delivery(db, delivery_id)
    assert view.total_value == 0
    assert [lv.input.rejection_reason for lv in view.lines] == [RejectionReason.DAMAGED] * 2


def test_cancel_restores_stock_and_keeps_the_number(db, setup):
    delivery_id = draft(db, setup)
    number = deliveries.post_delivery(db, delivery_id=delivery_id, data=typed(setup)).number
    deliveries.cancel_delivery(db, delivery_id=delivery_id, reason="Salah hotel")

    assert on_hand(db, setup["hotel"], setup["bread"]) == 0
    assert on_hand(db, setup["hotel"], setup["chips"]) == 0
    assert movement_count(db) == 4  # two receipts, two counter-movements; nothing deleted
    view = deliveries.get_delivery(db, delivery_id)
    assert view.status == DeliveryStatus.CANCELLED
    assert view.number == number
    assert view.cancel_reason == "Salah hotel"
    with pytest.raises(DomainError):
        deliveries.cancel_delivery(db, delivery_id=delivery_id, reason="again")


def test_cancel_refuses_negative_stock_unless_confirmed(db, setup):
    delivery_id = draft(db, setup)
    deliveries.post_delivery(db, delivery_id=delivery_id, data=typed(setup))
    with db.unit_of_work(anyone=True) as s:  # the kitchen already used 5 loaves
        stock.add_movement(
            s,
            hotel_id=setup["hotel"],
            product_id=setup["bread"],
            lot_id=None,
            day=DAY,
            kind=stock.MovementKind.ISSUE,
            quantity=Decimal(-5),
        )

    with pytest.raises(NegativeStockError) as err:
        deliveries.cancel_delivery(db, delivery_id=delivery_id, reason="Salah kirim")
    assert "Roti Sobek" in err.value.message
    assert deliveries.get_delivery(db, delivery_id).status == DeliveryStatus.POSTED
    assert on_hand(db, setup["hotel"], setup["bread"]) == Decimal(13)

    deliveries.cancel_delivery(
        db, delivery_id=delivery_id, reason="Salah kirim", confirm_negative=True
    )
    assert on_hand(db, setup["hotel"], setup["bread"]) == Decimal(-5)
    with db.reader() as s:
        flagged = s.scalars(
            select(StockMovement.negative_confirmed).where(StockMovement.corrects_id.is_not(None))
        ).all()
    assert all(flagged)


def test_numbers_are_gapless_and_a_refused_posting_takes_none(db, setup):
    first = draft(db, setup)
    bad = draft(db, setup)
    second = draft(db, setup)
    assert deliveries.post_delivery(db, delivery_id=first, data=typed(setup)).number.endswith(
        "00001"
    )
    with pytest.raises(ValidationError):
        deliveries.post_delivery(db, delivery_id=bad, data=typed(setup, bread=("20", "15", "2")))
    assert deliveries.post_delivery(db, delivery_id=second, data=typed(setup)).number.endswith(
        "00002"
    )
    assert deliveries.get_delivery(db, bad).number == ""
    with db.reader() as s:
        assert s.scalar(select(NumberSeries.last_number)) == 2


@pytest.mark.parametrize(
    ("bread", "reason", "expiry_shift", "field"),
    [
        (("-1", "-1", "0"), None, 3, "line:0:delivered"),
        (("abc", "", ""), None, 3, None),
        (("20", "15", "2"), RejectionReason.DAMAGED, 3, "line:0:accepted"),
        (("20", "18", "2"), None, 3, "line:0:reason"),
        (("20", "20", "0"), None, -1, "line:0:expiry"),
        (("2.5", "2.5", "0"), None, 3, "line:0:delivered"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(db, setup, bread, reason, expiry_shift, field):
    from hotel_supply.formatting import ParseError, parse_decimal

    delivery_id = draft(db, setup)
    if field is None:  # not a number at all: refused while typing, never reaches the service
        with pytest.raises(ParseError):
            parse_decimal(bread[0])
        return
    data = typed(setup, bread=bread, reason=reason)
    data.lines[0].expiry_date = DAY + dt.timedelta(days=expiry_shift)
    with pytest.raises(ValidationError) as err:
        deliveries.post_delivery(db, delivery_id=delivery_id, data=data)
    assert field in err.value.problems
    assert err.value.message  # a sentence fit for a user
    view = deliveries.get_delivery(db, delivery_id)
    assert view.status == DeliveryStatus.DRAFT and view.lines == ()
    assert movement_count(db) == 0


def test_a_product_of_another_supplier_is_refused(db, setup):
    other = make_product(db, make_supplier(db), name="Kopi Robusta")
    data = typed(setup)
    data.lines.append(LineInput(product_id=other, delivered=Decimal(1), accepted=Decimal(1)))
    with pytest.raises(ValidationError) as err:
        deliveries.post_delivery(db, delivery_id=draft(db, setup), data=data)
    assert "Kopi Robusta" in err.value.problems["line:2:product"][0]


def test_perishable_goods_need_an_expiry_date(db, setup):
    data = typed(setup)
    data.lines[0].expiry_date = None
    with pytest.raises(ValidationError) as err:
        deliveries.post_delivery(db, delivery_id=draft(db, setup), data=data)
    assert "line:0:expiry" in err.value.problems


def test_posting_in_a_closed_month_is_refused(db, setup):
    delivery_id = draft(db, setup)  # a draft left from before the month was closed
    with db.unit_of_work(anyone=True) as s:
        s.add(Period(year=2026, month=11, status=PeriodStatus.CLOSED))
    with pytest.raises(ClosedPeriodError) as err:
        deliveries.post_delivery(db, delivery_id=delivery_id, data=typed(setup))
    assert "November 2026" in err.value.message
    assert deliveries.get_delivery(db, delivery_id).status == DeliveryStatus.DRAFT
    assert movement_count(db) == 0


def test_line_price_comes_from_the_agreement_valid_on_the_delivery_date(db, setup):
    make_price(
        db,
        hotel_id=setup["hotel"],
        product_id=setup["chips"],
        price=22_000,
        valid_from=dt.date(2026, 1, 1),
        valid_to=DAY - dt.timedelta(days=1),
    )
    make_price(db, hotel_id=setup["hotel"], product_id=setup["chips"], price=23_500, valid_from=DAY)
    before = draft(db, setup, day=DAY - dt.timedelta(days=1))
    deliveries.post_delivery(
        db, delivery_id=before, data=typed(setup, day=DAY - dt.timedelta(days=1))
    )
    on_day = draft(db, setup)
    deliveries.post_delivery(db, delivery_id=on_day, data=typed(setup))

    def chips_price(delivery_id: int) -> int:
        view = deliveries.get_delivery(db, delivery_id)
        return next(lv.unit_price for lv in view.lines if lv.input.product_id == setup["chips"])

    assert chips_price(before) == 22_000
    assert chips_price(on_day) == 23_500
    # bread has no agreement: the product's standard price
    assert deliveries.get_delivery(db, on_day).lines[0].unit_price == 8_000
    # the price is kept: a later agreement does not change a posted delivery
    make_price(
        db,
        hotel_id=setup["hotel"],
        product_id=setup["bread"],
        price=9_999,
        valid_from=DAY - dt.timedelta(days=30),
    )
    assert deliveries.get_delivery(db, on_day).lines[0].unit_price == 8_000


def test_amounts_are_rounded_half_up_per_line(db, setup):
    kopi = make_product(db, setup["supplier"], unit=Unit.KG, standard_price=85_001)
    data = DeliveryInput(
        delivery_date=DAY,
        lines=[LineInput(product_id=kopi, delivered=Decimal("2.5"), accepted=Decimal("2.5"))],
    )
    delivery_id = draft(db, setup)
    deliveries.post_delivery(db, delivery_id=delivery_id, data=data)
    assert on_hand(db, setup["hotel"], kopi) == Decimal("2.5")
    # 2,5 × 85.001 = 212.502,5 → 212.503
    assert deliveries.get_delivery(db, delivery_id).total_value == 212_503
    rows = delivery_list.delivery_rows(db, query=delivery_list.DeliveryQuery(text="SJ/2026"))
    assert [(r.id, r.value, r.rejected_lines) for r in rows] == [(delivery_id, 212_503, 0)]


def test_standing_orders_become_expected_deliveries_and_arrivals_show(db, setup):
    make_standing_order(
        db,
        hotel_id=setup["hotel"],
        product_id=setup["bread"],
        quantities=[30, 30, 30, 30, 30, 0, 0],
    )
    make_standing_order(
        db, hotel_id=setup["hotel"], product_id=setup["chips"], quantities=[0, 0, 0, 0, 12, 0, 0]
    )

    monday = orders.day_overview(db, day=DAY, hotel_id=setup["hotel"])
    assert len(monday) == 1
    assert monday[0].line_count == 1 and monday[0].ordered_qty == 30
    assert monday[0].delivery_status is None
    friday = orders.day_overview(db, day=DAY + dt.timedelta(days=4))
    assert friday[0].line_count == 2 and friday[0].ordered_qty == 42
    assert orders.day_overview(db, day=DAY + dt.timedelta(days=5)) == []
    # looking again does not create the orders twice
    assert len(orders.day_overview(db, day=DAY, hotel_id=setup["hotel"])) == 1

    delivery_id = deliveries.start_from_order(db, order_id=monday[0].order_id)
    assert deliveries.start_from_order(db, order_id=monday[0].order_id) == delivery_id
    view = deliveries.get_delivery(db, delivery_id)
    line = view.data.lines[0]
    assert (line.ordered, line.delivered, line.accepted) == (30, 30, 30)
    line.expiry_date = DAY + dt.timedelta(days=2)
    line.accepted, line.rejected = Decimal(28), Decimal(2)
    line.rejection_reason = RejectionReason.QUALITY
    deliveries.post_delivery(db, delivery_id=delivery_id, data=view.data, version=view.version)

    after = orders.day_overview(db, day=DAY, hotel_id=setup["hotel"])[0]
    assert after.arrived and after.delivery_number == "SJ/2026/00001"
    assert after.accepted_value == 28 * 8_000
    assert after.rejected_lines == 1


def test_a_stale_version_is_refused(db, setup):
    delivery_id = draft(db, setup)
    view = deliveries.get_delivery(db, delivery_id)
    deliveries.save_draft(db, delivery_id=delivery_id, data=typed(setup), version=view.version)
    with pytest.raises(ConflictError):
        deliveries.save_draft(db, delivery_id=delivery_id, data=typed(setup), version=view.version)


def test_discarding_a_draft_leaves_no_trace_in_stock(db, setup):
    delivery_id = draft(db, setup)
    deliveries.save_draft(db, delivery_id=delivery_id, data=typed(setup))
    deliveries.discard_draft(db, delivery_id=delivery_id)
    with db.reader() as s:
        assert s.get(Delivery, delivery_id) is None
    assert movement_count(db) == 0


@pytest.mark.postgres_only
def test_two_pcs_posting_at_once_get_unique_gapless_numbers(db, setup):
    per_pc = 15
    drafts = [draft(db, setup) for _ in range(per_pc * 2)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def pc(ids: list[int]) -> None:
        other_pc = Database(db.url, user="tester")
        try:
            barrier.wait()
            for delivery_id in ids:
                deliveries.post_delivery(other_pc, delivery_id=delivery_id, data=typed(setup))
        except BaseException as exc:
            errors.append(exc)
        finally:
            other_pc.dispose()

    threads = [threading.Thread(target=pc, args=(drafts[i::2],)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.reader() as s:
        numbers = sorted(s.scalars(select(Delivery.number)).all())
    assert numbers == [f"SJ/2026/{n:05d}" for n in range(1, per_pc * 2 + 1)]
