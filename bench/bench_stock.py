"""Stock of one hotel (today and two years back) and the Hari Ini alerts, beside their floors.

    uv run python bench/bench_stock.py DATABASE_URL [--runs N]

``bench_stock`` is what ``bench/run_all.py`` calls on a demo database (SQLite or
PostgreSQL, tiny or five years). Each stock figure is compared, interleaved in the same
run, with the best hand-written SQL for the same figures sent through the bare driver:

- today: the hotel's open lots (with code, expiry, receipt date and price), its stock
  outside any lot, the last 28 days' issues, its par levels and last counts, each with
  the product's code, name, unit and supplier, in one statement. Nothing is dated after
  today, so the open lots' running balances are the stock.
- two years back: the same, the lots' balances summed from the ledger up to that day
  (only the lots left holding something joined to their details).

Two more lines compare the same app figures with the bare per-product sums of
``run_all.py`` (on hand only: no lots, values, expiry, par or usage). Hari Ini has no
floor: its target is 150 ms for the reorder suggestions, expiring lots and lapsing
certificates of all hotels, as the page asks for them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

HOTEL = 1
USAGE_DAYS = 28

_NAMES = """
) f JOIN product p ON p.id = f.product_id JOIN supplier s ON s.id = p.supplier_id
"""
_REST = """
UNION ALL
SELECT product_id, NULL, NULL, NULL, NULL, NULL, sum(quantity), 2, NULL
FROM stock_movement
WHERE hotel_id = ? AND kind = 'issue' AND movement_date > ? AND movement_date <= ?
GROUP BY product_id
UNION ALL
SELECT product_id, NULL, NULL, NULL, NULL, NULL, quantity, 3, NULL
FROM par_level WHERE hotel_id = ?
UNION ALL
SELECT cl.product_id, NULL, NULL, NULL, NULL, NULL, 0, 4, max(c.count_date)
FROM stock_count_line cl JOIN stock_count c ON c.id = cl.count_id
WHERE c.hotel_id = ? AND c.status = 'posted' AND c.count_date <= ?
GROUP BY cl.product_id
"""
# lot-less stock up to the day: the day tested in the sums keeps the partial index in use
_LOTLESS = """
UNION ALL
SELECT product_id, NULL, NULL, NULL, NULL,
       max(CASE WHEN movement_date <= ? THEN unit_cost END),
       sum(CASE WHEN movement_date <= ? THEN quantity ELSE 0 END), 1, NULL
FROM stock_movement WHERE hotel_id = ? AND lot_id IS NULL
GROUP BY product_id
"""
FULL_TODAY_SQL = """
SELECT f.*, p.code, p.name, s.name, p.unit FROM (
SELECT product_id, id, lot_code, expiry_date, received_on, unit_cost, on_hand, 1,
       CAST(NULL AS DATE)
FROM stock_lot WHERE hotel_id = ? AND on_hand <> 0
""" + _LOTLESS + _REST + _NAMES
FULL_PAST_SQL = """
SELECT f.*, p.code, p.name, s.name, p.unit FROM (
SELECT l.product_id, l.id, l.lot_code, l.expiry_date, l.received_on, l.unit_cost, b.qty, 1,
       CAST(NULL AS DATE)
FROM (SELECT lot_id, sum(quantity) AS qty FROM stock_movement
      WHERE hotel_id = ? AND movement_date <= ? AND lot_id IS NOT NULL
      GROUP BY lot_id HAVING sum(quantity) <> 0) b
JOIN stock_lot l ON l.id = b.lot_id
""" + _LOTLESS + _REST + _NAMES


def _full_params(day: dt.date, *, today: bool) -> tuple[object, ...]:
    since = day - dt.timedelta(days=USAGE_DAYS)
    lots: tuple[object, ...] = (HOTEL,) if today else (HOTEL, day)
    return (*lots, day, day, HOTEL, HOTEL, since, day, HOTEL, HOTEL, day)


def bench_stock(url: str, today: dt.date, runs: int, label: str) -> None:
    """Print the stock and Hari Ini benchmark lines for the database at ``url``."""
    from run_all import PASSWORD, STOCK_PAST_SQL, STOCK_TODAY_SQL, USER, interleaved, raw, report

    from hotel_supply.db import open_database
    from hotel_supply.services import accounts, alerts, replenishment, stock_levels
    from hotel_supply.services.stock_levels import StockQuery

    db = open_database(url)
    accounts.sign_in(db, username=USER, password=PASSWORD, record=False)
    try:
        past = today - dt.timedelta(days=730)
        for name, day, full_sql, bare_sql, bare_params in (
                ("today", today, FULL_TODAY_SQL, STOCK_TODAY_SQL, (HOTEL,)),
                ("two years back", past, FULL_PAST_SQL, STOCK_PAST_SQL, (HOTEL, past))):
            query = StockQuery(hotel_id=HOTEL, day=day)

            def app(query: StockQuery = query) -> object:
                return stock_levels.stock_rows(db, query=query)

            floor = raw(db, full_sql, *_full_params(day, today=day == today))
            app_s, floor_s = interleaved(app, floor, runs)
            report(f"stock of one hotel {name}{label}", app_s, floor_s, 1.5)
            app_s, bare_s = interleaved(app, raw(db, bare_sql, *bare_params), runs)
            report(f"stock of one hotel {name}, floor on hand only{label}", app_s, bare_s, 1.5)

        def hari_ini_alerts() -> None:
            window = stock_levels.expiry_window_days(db)
            replenishment.reorder_suggestions(db, day=today, hotel_id=None)
            alerts.expiring_lots(db, day=today, within_days=window, hotel_id=None)
            alerts.expiring_certificates(db, day=today, within_days=60)

        report(f"Hari Ini with all alerts, all hotels{label}",
               interleaved(hari_ini_alerts, None, runs)[0], None, 0.15)
    finally:
        db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="a demo database (SQLite or PostgreSQL URL)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from run_all import _demo_today

    from hotel_supply.db import sqlite_path

    label = "" if sqlite_path(args.url) is not None else " [PostgreSQL]"
    bench_stock(args.url, _demo_today(args.url), args.runs, label)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
