"""What the receiving clerk counts on a demo delivery line: short, over, partly rejected.

Shared by the small demo (``builder.py``, written through the services) and the
scale demo (``scale.py``, written in bulk), so both draw the same shares of short
and excess lines and of rejections, with the same notes, lot codes and expiry
dates, from their seeded generator in the same order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from hotel_supply.demo import catalog
from hotel_supply.demo.catalog import part_of, unit_step
from hotel_supply.demo.master import ZERO, DemoBuild, ProductPlan
from hotel_supply.models.enums import RejectionReason

__all__ = ["Counted", "count_line", "lot_of"]


@dataclass(frozen=True)
class Counted:
    """One line as counted at the loading dock."""

    delivered: Decimal
    accepted: Decimal
    rejected: Decimal
    reason: RejectionReason | None
    note: str  # why it was rejected
    lot_code: str
    expiry_date: dt.date | None
    remark: str  # the delivery's note on a short or excess line ("" if none)


def count_line(build: DemoBuild, product: ProductPlan, brought: Decimal, day: dt.date, *,
               care: float, as_ordered: bool = False) -> Counted:
    """Most lines come as brought; some short, a few over (the excess mostly refused); a
    few percent partly rejected (``care``: how often this supplier's goods are, 1 = usual).
    ``as_ordered``: never short nor over (goods that came without an order)."""
    rng = build.rng
    unit = product.template.unit
    food = product.supplier.trade.food
    delivered, rejected, reason, remark = brought, ZERO, None, ""
    roll = rng.random() if not as_ordered else 1.0
    if roll < catalog.SHORT_SHARE and brought > 1:
        missing = min(part_of(brought, unit, rng.uniform(0.1, 0.4)), brought - unit_step(unit))
        delivered = brought - missing
        remark = build.pick(catalog.SHORT_NOTES)
    elif roll < catalog.SHORT_SHARE + catalog.EXCESS_SHARE:
        extra = part_of(brought, unit, rng.uniform(0.05, 0.2))
        delivered = brought + extra
        if build.chance(0.6):
            rejected, reason = extra, RejectionReason.EXCESS
    if reason is None and build.chance(catalog.REJECT_SHARE * care):
        choices = [RejectionReason.DAMAGED, RejectionReason.QUALITY,
                   RejectionReason.WRONG_PRODUCT]
        if food and product.template.shelf_life_days is not None:
            choices.append(RejectionReason.EXPIRED)
        reason = build.pick(choices)
        whole = reason == RejectionReason.EXPIRED and build.chance(0.5)
        rejected = delivered if whole else part_of(delivered, unit, rng.uniform(0.05, 0.3))
    note = ""
    if reason is not None:
        table = catalog.REJECTION_NOTES if food else catalog.NON_FOOD_NOTES
        note = build.pick(table[reason])
    lot, expiry = lot_of(build, product, day, near_expiry=reason == RejectionReason.EXPIRED)
    return Counted(delivered, delivered - rejected, rejected, reason, note, lot, expiry, remark)


def lot_of(build: DemoBuild, product: ProductPlan, day: dt.date, *,
           near_expiry: bool) -> tuple[str, dt.date | None]:
    """Lot code (production date) and expiry of a perishable; nothing for cloth and crafts."""
    shelf = product.template.shelf_life_days
    if shelf is None:
        return "", None
    rng = build.rng
    if near_expiry:
        expiry = day + dt.timedelta(days=rng.randint(0, 1))
        made = expiry - dt.timedelta(days=shelf)
    else:
        made = day if shelf <= 3 else day - dt.timedelta(days=rng.randint(1, max(1, shelf // 6)))
        expiry = made + dt.timedelta(days=shelf)
    batch = "" if shelf <= 3 else f"-{rng.randint(1, 9)}"
    return f"L{made.year % 100:02d}{made.month:02d}{made.day:02d}{batch}", expiry  # L%y%m%d
