"""The demo database and the scale builder: fixtures of the domain, not the domain.

``builder.py`` writes the demo office through the services the app uses;
``catalog.py``, ``master.py``, ``stock.py``, ``session.py`` and ``summary.py``
are its parts, and ``counting.py`` (what the clerk counts on a delivery line) is
shared with the scale demo. ``scale.py`` writes years of a programme with dozens
of hotels in bulk: its master data and plans in ``scale_plan.py``, its rows by
``bulk.py`` (one ``executemany`` per table, the indexes made after the rows).
"""

from __future__ import annotations

from hotel_supply.demo.builder import (
    DEMO_USER,
    DemoSummary,
    build_demo,
    holds_office_work,
    is_empty,
    reset_database,
)

__all__ = [
    "DEMO_USER",
    "DemoSummary",
    "build_demo",
    "holds_office_work",
    "is_empty",
    "reset_database",
]
