"""Every figure of the UMKM scorecard reconciles with the delivery lines and invoices it
comes from, recomputed here from the raw rows the test posted."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import select

from hotel_supply.models import Invoice
from hotel_supply.models.enums import InvoiceStatus, RejectionReason
from hotel_supply.services.scorecard import scorecard_data
from hotel_supply.services.umkm_figures import parse_period
from tests.reports.world import AS_OF, build, in_range

Q3 = parse_period("2026-Q3")


def pct(part: Decimal | int, whole: Decimal | int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@pytest.fixture
def world(db):
    return build(db)


@pytest.fixture
def card(db, world):
    return scorecard_data(db, supplier_id=world.ids["roastery"], period=Q3, as_of=AS_OF)


def roastery_lines(world, start: dt.date, end: dt.date):
    return [x for x in world.lines if x.supplier == "roastery" and in_range(x, start, end)]


def test_value_accepted_and_rejected_add_up_from_the_delivery_lines(world, card):
    lines = roastery_lines(world, Q3.start, Q3.end)
    accepted = sum(x.amount for x in lines)
    rejected = sum(x.rejected * x.price for x in lines)
    assert accepted == 8 * 10_000 + Decimal("2.5") * 90_000 + 15 * 10_500 + 4 * 11_000
    assert card.flow.accepted == accepted
    assert card.flow.rejected == rejected == 2 * 10_000 + 11_000
    assert card.flow.rejection_rate == pct(rejected, accepted + rejected)
    assert card.flow.deliveries == 3
    before = roastery_lines(world, dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert card.flow_before.accepted == sum(x.amount for x in before) == 60_000


def test_value_by_hotel_and_what_was_billed_with_and_without_ppn(db, world, card):
    by_hotel = {h.hotel_name: h for h in card.hotels}
    lines = roastery_lines(world, Q3.start, Q3.end)
    for key, name in (("h1", "Hotel Emersia"), ("h2", "Hotel Bukit Randu")):
        assert by_hotel[name].accepted == sum(x.amount for x in lines if x.hotel == key)
    assert by_hotel["Hotel Emersia"].accepted_before == 60_000
    assert by_hotel["Hotel Emersia"].deliveries == 2
    with db.reader() as s:
        invoices = s.execute(select(Invoice.subtotal, Invoice.ppn, Invoice.total).where(
            Invoice.supplier_id == world.ids["roastery"],
            Invoice.status == InvoiceStatus.ISSUED)).all()
    assert len(invoices) == 1  # July, Emersia
    # July's invoice bills every accepted line not billed before, up to July's end
    july = sum(x.amount for x in world.lines if x.supplier == "roastery" and x.hotel == "h1"
               and x.day <= dt.date(2026, 7, 31))
    assert july == 60_000 + 100_000 + 80_000 + 225_000
    base = (Decimal(july) * 11 / 12).quantize(Decimal(1), ROUND_HALF_UP)
    ppn = int((base * Decimal("0.12")).quantize(Decimal(1), ROUND_HALF_UP))
    assert invoices[0] == (july, ppn, july + ppn)
    assert (by_hotel["Hotel Emersia"].billed, by_hotel["Hotel Emersia"].ppn,
            by_hotel["Hotel Emersia"].billed_total) == (july, ppn, july + ppn)
    assert (card.billed.subtotal, card.billed.ppn, card.billed.total) == (july, ppn, july + ppn)
    assert by_hotel["Hotel Bukit Randu"].billed_total == 0  # not invoiced yet


def test_deliveries_on_time_against_the_orders_and_the_fill_rate(world, card):
    p = card.punctuality
    assert (p.expected, p.on_time, p.late, p.missed, p.unplanned) == (3, 1, 1, 1, 1)
    assert p.on_time_rate == pct(1, 3)
    fill = {f.product_name: f for f in card.fill}
    # ordered 10 + 20 sachets, 10 + 15 delivered for those orders (the unplanned 5 do not
    # count); 2,5 + 3 kg of beans ordered, 2,5 delivered
    assert (fill["Kopi Sachet"].ordered, fill["Kopi Sachet"].delivered) == (30, 25)
    assert (fill["Kopi Robusta"].ordered, fill["Kopi Robusta"].delivered) == (
        Decimal("5.5"), Decimal("2.5"))
    sachet, beans = pct(25, 30), pct(Decimal("2.5"), Decimal("5.5"))
    assert fill["Kopi Sachet"].fill_rate == sachet
    assert card.fill_rate == ((sachet + beans) / 2).quantize(Decimal("0.1"))


def test_rejections_by_reason_as_shares_of_the_value_delivered(world, card):
    lines = roastery_lines(world, Q3.start, Q3.end)
    delivered = sum(x.amount for x in lines) + sum(x.rejected * x.price for x in lines)
    reasons = {r.reason: r for r in card.rejections}
    assert set(reasons) == {RejectionReason.DAMAGED, RejectionReason.QUALITY}
    assert reasons[RejectionReason.DAMAGED].value == 20_000
    assert reasons[RejectionReason.DAMAGED].share == pct(20_000, delivered)
    assert reasons[RejectionReason.QUALITY].lines == 1


def test_products_sold_new_ones_and_price_changes(world, card):
    sold = {p.product_name: p for p in card.products}
    lines = roastery_lines(world, Q3.start, Q3.end)
    assert sold["Kopi Sachet"].accepted == sum(x.accepted for x in lines
                                               if x.product == "sachet") == 27
    assert sold["Kopi Sachet"].value == sum(x.amount for x in lines if x.product == "sachet")
    assert sold["Kopi Sachet"].hotels == 2
    assert not sold["Kopi Sachet"].is_new  # sold in 2025 already
    assert sold["Kopi Robusta"].is_new and card.new_products == 1
    [change] = card.price_changes
    assert (change.product_name, change.hotel_name, change.valid_from) == (
        "Kopi Sachet", "Hotel Emersia", dt.date(2026, 8, 1))
    assert (change.old_price, change.new_price, change.change) == (10_000, 11_000, Decimal(10))


def test_certificates_and_the_twelve_month_trend(world, card):
    [halal] = card.certificates
    assert halal.expires_on == dt.date(2026, 12, 20)
    assert halal.days_left == (dt.date(2026, 12, 20) - AS_OF).days
    assert (card.trend[0].year, card.trend[0].month) == (2025, 10)
    assert (card.trend[-1].year, card.trend[-1].month) == (2026, 9)
    for t in card.trend:
        month = [x for x in world.lines if x.supplier == "roastery"
                 and (x.day.year, x.day.month) == (t.year, t.month)]
        assert t.accepted == sum(x.amount for x in month)
    assert sum(t.accepted for t in card.trend) == 100_000 + card.flow.accepted
