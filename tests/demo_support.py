"""A small demo for the demo tests: five past days across a new year, three hotels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hotel_supply import demo
from hotel_supply.db import Database
from hotel_supply.models.enums import DeliveryStatus

# Five past days across a new year: 29/12/2025 to 02/01/2026, today Saturday 03/01/2026.
TODAY = dt.date(2026, 1, 3)
DAYS = 5
PAST = [TODAY - dt.timedelta(days=n) for n in range(DAYS, 0, -1)]
SMALL = {"seed": 7, "days": DAYS, "hotels": 3, "suppliers": 12, "today": TODAY}
LIVE = (DeliveryStatus.POSTED, DeliveryStatus.INVOICED)


def build_small(db: Database, **overrides: Any) -> demo.DemoSummary:
    return demo.build_demo(db, **{**SMALL, **overrides})
