"""The programme report's figures against the delivery lines and invoices behind them,
recomputed here from the raw rows the test posted."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import func, select

from hotel_supply import i18n
from hotel_supply.models import Invoice
from hotel_supply.models.enums import InvoiceStatus
from hotel_supply.services.errors import ValidationError
from hotel_supply.services.programme_report import programme_report_data
from hotel_supply.services.umkm_figures import Period, parse_period
from tests.reports.world import AS_OF, build, in_range

Q3 = parse_period("2026-Q3")


def pct(part: Decimal | int, whole: Decimal | int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def test_periods_are_months_quarters_and_years_with_the_ones_before():
    assert parse_period("2026-10") == Period(2026, "month", 10)
    assert parse_period("2026-q4").months() == [(2026, 10), (2026, 11), (2026, 12)]
    assert parse_period("2026").end == dt.date(2026, 12, 31)
    assert parse_period("2026-01").previous().code == "2025-12"
    assert parse_period("2026-Q1").previous().code == "2025-Q4"
    assert parse_period("2026-Q1").year_before().code == "2025-Q1"
    assert parse_period("2026-02").end == dt.date(2026, 2, 28)
    for bad in ("2026-13", "2026-Q5", "26-10", "Oktober", ""):
        with pytest.raises(ValidationError):
            parse_period(bad)


@pytest.fixture
def report(db):
    world = build(db)
    return world, programme_report_data(db, period=Q3, as_of=AS_OF)


def test_totals_reconcile_with_the_delivery_lines_and_the_invoices(db, report):
    world, r = report

    def lines(p: Period):
        return [x for x in world.lines if in_range(x, p.start, p.end)]

    now = lines(Q3)
    assert r.totals.accepted == sum(x.amount for x in now) == 506_500 + 100_000
    assert r.totals.rejected == sum(x.rejected * x.price for x in now)
    assert r.totals.rejection_rate == pct(r.totals.rejected, r.totals.accepted
                                          + r.totals.rejected)
    assert (r.totals.umkm, r.totals.hotels, r.totals.deliveries) == (2, 2, 4)
    before = lines(Q3.previous())
    assert r.totals_previous.accepted == sum(x.amount for x in before) == 300_000
    assert (r.totals_previous.umkm, r.totals_previous.hotels) == (2, 1)
    assert r.totals_year_before.accepted == 60_000
    with db.reader() as s:
        subtotal, ppn, total = s.execute(select(
            func.sum(Invoice.subtotal), func.sum(Invoice.ppn), func.sum(Invoice.total)).where(
            Invoice.status == InvoiceStatus.ISSUED, Invoice.year == 2026,
            Invoice.month.in_([7, 8, 9]))).one()
    # July's invoices bill everything accepted up to July's end, PPN for the roastery only
    assert subtotal == sum(x.amount for x in world.lines if x.day <= dt.date(2026, 7, 31))
    assert (r.totals.billed.subtotal, r.totals.billed.ppn, r.totals.billed.total) == (
        subtotal, ppn, total)
    assert ppn > 0 and total == subtotal + ppn


def test_categories_hotels_and_certified_against_not(report):
    world, r = report
    now = [x for x in world.lines if in_range(x, Q3.start, Q3.end)]
    categories = {c.key: c for c in r.categories}
    assert categories["coffee"].accepted == sum(x.amount for x in now
                                                if x.supplier == "roastery")
    assert categories["coffee"].accepted_previous == 100_000
    assert categories["bakery"].accepted == 100_000
    assert categories["batik"].accepted == 0
    assert sum(c.accepted for c in r.categories) == r.totals.accepted
    hotels = {h.key: h for h in r.hotels}
    assert hotels[str(world.ids["h2"])].accepted == sum(x.amount for x in now if x.hotel == "h2")
    assert sum(h.accepted for h in r.hotels) == r.totals.accepted
    certified, uncertified = r.certified
    assert (certified.registered, certified.umkm, certified.accepted) == (1, 1, 100_000)
    assert uncertified.accepted == 506_500


def test_top_umkm_growth_and_who_to_coach(report):
    _world, r = report
    assert [u.name for u in r.top_by_value] == ["Kopi Way Kanan", "Roti Bu Sri"]
    [grower] = r.top_by_growth
    assert grower.name == "Kopi Way Kanan"
    assert grower.growth == pct(506_500 - 100_000, 100_000)
    coach = {c.umkm.name: c for c in r.to_coach}
    # the bakery sold 12, 8, then 4 packs a quarter
    assert coach["Roti Bu Sri"].sales_fell and not coach["Roti Bu Sri"].rejections_rose
    assert (coach["Roti Bu Sri"].umkm.accepted_before_previous,
            coach["Roti Bu Sri"].umkm.accepted_previous,
            coach["Roti Bu Sri"].umkm.accepted) == (300_000, 200_000, 100_000)
    # the roastery rejected nothing in Q2 and 31.000 of 537.500 delivered in Q3
    assert coach["Kopi Way Kanan"].rejections_rose and not coach["Kopi Way Kanan"].sales_fell
    assert coach["Kopi Way Kanan"].umkm.rejection_rate == pct(31_000, 506_500 + 31_000)
    [lapsing] = r.lapsing
    assert (lapsing.supplier_name, lapsing.number, lapsing.days_left) == (
        "Kopi Way Kanan", "ID-HALAL-77", 40)
    trend = {(t.year, t.month): t.accepted for t in r.trend}
    assert trend[(2026, 8)] == 15 * 10_500 + 4 * 25_000
    assert sum(trend.values()) == sum(x.amount for x in _world.lines
                                      if dt.date(2025, 10, 1) <= x.day <= Q3.end)


def test_the_summary_is_written_from_the_figures_in_either_language(report):
    _world, r = report
    i18n.set_language("en")
    text = r.summary
    assert "Rp606.500" in text and "2 UMKM" in text and "4 deliveries to 2 hotels" in text
    assert "102,2% more than in Quarter II 2026 (Rp300.000)" in text
    assert "Coffee, with 83,5% of the value" in text
    assert "2 UMKM need coaching and 1 certificate lapses within 90 days" in text
    i18n.set_language("id")
    text = r.summary
    assert "Rp606.500" in text and "Triwulan II 2026" in text and "naik 102,2%" in text
