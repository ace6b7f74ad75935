"""The demo's stores: daily issues, write-offs, returns and counts that keep every rule."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from hotel_supply.db import Database
from hotel_supply.models import (
    Hotel,
    StockCount,
    StockCountLine,
    StockDocument,
    StockLot,
    StockMovement,
)
from hotel_supply.models.enums import (
    CountStatus,
    MovementKind,
    StockDocumentKind,
)
from hotel_supply.services import alerts, replenishment
from tests.demo_support import PAST, SMALL, TODAY, build_small


def test_the_stores_issue_write_off_and_count_without_going_below_zero(db: Database):
    summary = build_small(db)

    with db.reader() as s:
        lots_below_zero = s.scalar(select(func.count(StockLot.id)).where(StockLot.on_hand < 0))
        per_product = s.execute(
            select(func.sum(StockMovement.quantity)).group_by(
                StockMovement.hotel_id, StockMovement.product_id
            )
        ).scalars()
        confirmed_or_lotless = s.scalar(
            select(func.count(StockMovement.id)).where(
                StockMovement.negative_confirmed.is_(True) | StockMovement.lot_id.is_(None)
            )
        )
        expired_issues = s.scalar(
            select(func.count(StockMovement.id))
            .join(StockLot, StockLot.id == StockMovement.lot_id)
            .where(
                StockMovement.kind == MovementKind.ISSUE,
                StockLot.expiry_date < StockMovement.movement_date,
            )
        )
        ledger = dict(
            s.execute(
                select(StockMovement.lot_id, func.sum(StockMovement.quantity)).group_by(
                    StockMovement.lot_id
                )
            ).all()
        )
        running = dict(s.execute(select(StockLot.id, StockLot.on_hand)).all())
        kinds = dict(
            s.execute(
                select(StockDocument.kind, func.count(StockDocument.id)).group_by(
                    StockDocument.kind
                )
            ).all()
        )
        counts = s.execute(
            select(StockCount.hotel_id, StockCount.count_date, StockCount.status)
        ).all()
        hotel_ids = set(s.scalars(select(Hotel.id)))
    assert lots_below_zero == 0 and all(balance >= 0 for balance in per_product)
    assert confirmed_or_lotless == 0  # nobody had to confirm going below zero
    assert expired_issues == 0
    assert running == ledger  # every lot's running balance is the sum of its movements
    assert kinds[StockDocumentKind.ISSUE] == summary.issues >= len(PAST) * 3
    assert kinds[StockDocumentKind.WASTE] == summary.write_offs
    assert kinds.get(StockDocumentKind.RETURN, 0) == summary.returns
    first_of_month = dt.date(2026, 1, 1)
    posted = {h for h, day, status in counts if status == CountStatus.POSTED}
    assert posted == hotel_ids and summary.counts == len(hotel_ids)
    assert {day for _h, day, status in counts if status == CountStatus.POSTED} == {first_of_month}
    assert [(day, status) for _h, day, status in counts if status != CountStatus.POSTED] == [
        (TODAY, CountStatus.OPEN)
    ]


def test_today_shows_a_handful_of_expiring_lots_and_below_par_products(db: Database):
    build_small(db)

    expiring = alerts.expiring_lots(db, day=TODAY, within_days=3)
    below_par = replenishment.reorder_suggestions(db, day=TODAY)
    with db.reader() as s:
        half_typed = s.execute(
            select(func.count(StockCountLine.id), func.count(StockCountLine.counted_qty))
            .join(StockCount, StockCount.id == StockCountLine.count_id)
            .where(StockCount.status == CountStatus.OPEN)
        ).one()
    assert 0 < len(expiring) <= 8 * SMALL["hotels"]
    assert min(lot.days_left for lot in expiring) >= -1  # older expiries were written off
    assert len(below_par) <= 8 * SMALL["hotels"]
    lines, typed = half_typed
    assert 0 < typed < lines
