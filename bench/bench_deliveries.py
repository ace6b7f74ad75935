"""The deliveries list at scale, for run_all: its first window and its last one (read from the
end, as the page reads it) beside the same rows by raw SQL, a text search with its count, and
the memory the page keeps after being scrolled to its end.

    uv run python bench/bench_deliveries.py DATABASE_URL [--runs N]
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# the last 200 rows of the list, read from its end, turned newest first
END_SQL = """
SELECT d.id, d.number, d.delivery_date, d.arrived_at, h.name, s.code, s.name, d.status,
       d.driver_name, d.vehicle_plate, count(l.id),
       sum(CASE WHEN l.rejected_qty > 0 THEN 1 ELSE 0 END), coalesce(sum(l.amount), 0)
FROM (SELECT id FROM delivery ORDER BY delivery_date, id LIMIT 200) w
JOIN delivery d ON d.id = w.id
JOIN hotel h ON h.id = d.hotel_id
JOIN supplier s ON s.id = d.supplier_id
LEFT JOIN delivery_line l ON l.delivery_id = d.id
GROUP BY d.id, d.number, d.delivery_date, d.arrived_at, h.name, s.code, s.name, d.status,
         d.driver_name, d.vehicle_plate
ORDER BY d.delivery_date DESC, d.id DESC
"""
SEARCH = "kopi"


def scroll_growth(url: str) -> tuple[float, int]:
    """MiB the Deliveries page grows by when scrolled to its end (a process of its own)."""
    from run_all import PASSWORD, USER

    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "deliveries_scroll.py"), url, USER, PASSWORD],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"deliveries_scroll.py failed:\n{done.stderr}")
    growth, rows = done.stdout.split()[-2:]
    return float(growth), int(rows)


def bench_deliveries(url: str, today: dt.date, runs: int, label: str) -> None:
    """Print run_all's lines for the deliveries list on the database at ``url``."""
    sys.path.insert(0, str(ROOT / "bench"))
    from run_all import LIST_SQL, interleaved, raw, report

    from hotel_supply.db import open_database
    from hotel_supply.services.delivery_list import (
        DeliveryQuery,
        count_deliveries,
        delivery_rows,
    )

    db = open_database(url)
    try:
        everything = DeliveryQuery()
        first_app, first_floor = interleaved(
            lambda: delivery_rows(db, query=everything, offset=0, limit=200),
            raw(db, LIST_SQL, 0), runs)
        report(f"deliveries list, first 200 rows{label}", first_app, first_floor, 2.0)
        # the page reads a window near the end counted from there (``from_end``)
        end_app, end_floor = interleaved(
            lambda: delivery_rows(db, query=everything, from_end=True, offset=0, limit=200),
            raw(db, END_SQL), runs)
        report(f"deliveries list, 200 rows at the end{label}", end_app, end_floor, 2.0)
        report(f"deliveries list, end window ÷ first window{label}", end_app, first_app, 2.0)
        search = DeliveryQuery(text=SEARCH)

        def find() -> None:
            count_deliveries(db, query=search)
            delivery_rows(db, query=search, offset=0, limit=200)

        report(f"text search, rows and count shown{label}", interleaved(find, None, runs)[0],
               None, 0.1)
    finally:
        db.dispose()
    growth, _rows = scroll_growth(url)
    report(f"memory growth scrolling the deliveries list to its end{label}", growth, None,
           30.0, "MiB")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    bench_deliveries(args.url, dt.date.today(), args.runs, "")
