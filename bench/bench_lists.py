"""How fast the receiving screens open at the scale of SPEC section 7.

    uv run python bench/bench_lists.py [--lines 1000000] [--database URL]

Fills a scratch database with years of posted deliveries (bulk inserts, not the
services: only the read side is measured here), then times what the screens ask
for. Prints, for each query, the median time and its ratio to the budget a
calm screen allows (ratio ≤ 1.0 meets it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert

from hotel_supply.config import sqlite_url
from hotel_supply.db import open_database
from hotel_supply.models import Delivery, DeliveryLine, Hotel, Product, Supplier
from hotel_supply.models.enums import Category, DeliveryStatus, LegalForm, Unit
from hotel_supply.services import orders
from hotel_supply.services.delivery_list import DeliveryQuery, count_deliveries, delivery_rows

BUDGET_S = {  # what a clerk should wait at most, per query
    "count, last 30 days": 0.15,
    "first window, last 30 days": 0.15,
    "count, five years": 0.5,
    "first window, five years": 0.3,
    "search a supplier, five years": 0.5,
    "window at row 5000": 0.3,
    "Hari Ini, one day": 0.2,
}


def fill(url: str, lines: int, seed: int = 7) -> dt.date:
    rnd = random.Random(seed)
    db = open_database(url, user="bench")
    hotels, suppliers, per_delivery = 50, 500, 4
    products_per_supplier = 10
    deliveries = lines // per_delivery
    last_day = dt.date(2026, 11, 27)
    days = 5 * 365
    with db.unit_of_work(anyone=True) as s:
        s.execute(insert(Hotel), [dict(code=f"H{i:03d}", name=f"Hotel {i}") for i in range(hotels)])
        s.execute(insert(Supplier), [
            dict(code=f"S{i:04d}", name=f"UMKM {i} {rnd.choice(['Kopi', 'Roti', 'Keripik'])}",
                 legal_form=LegalForm.UD, category=Category.SNACK) for i in range(suppliers)])
        s.execute(insert(Product), [
            dict(code=f"P{i:05d}", name=f"Produk {i}", supplier_id=i // products_per_supplier + 1,
                 category=Category.SNACK, unit=Unit.PCS, standard_price=10_000)
            for i in range(suppliers * products_per_supplier)])
    batch = 20_000
    next_id = 1
    while next_id <= deliveries:
        heads, rows = [], []
        for d_id in range(next_id, min(next_id + batch, deliveries + 1)):
            supplier = rnd.randrange(suppliers) + 1
            day = last_day - dt.timedelta(days=int((deliveries - d_id) * days / deliveries))
            heads.append(dict(id=d_id, number=f"SJ/{day.year}/{d_id:07d}",
                              hotel_id=rnd.randrange(hotels) + 1, supplier_id=supplier,
                              delivery_date=day, status=DeliveryStatus.POSTED,
                              driver_name="Pak Joko", vehicle_plate="BE 1234 AB"))
            for n in range(per_delivery):
                qty = rnd.randrange(1, 40)
                rows.append(dict(delivery_id=d_id, line_no=n + 1,
                                 product_id=(supplier - 1) * products_per_supplier + n + 1,
                                 ordered_qty=qty, delivered_qty=qty, accepted_qty=qty,
                                 rejected_qty=0, unit_price=10_000, amount=qty * 10_000))
        with db.unit_of_work(anyone=True) as s:
            s.execute(insert(Delivery), heads)
            s.execute(insert(DeliveryLine), rows)
        next_id += batch
        print(f"  filled {min(next_id - 1, deliveries):,} deliveries", flush=True)
    db.dispose()
    return last_day


def timed(func: Callable[[], object], runs: int = 5) -> float:
    func()  # warm the cache once, as a screen that was opened before
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--database", help="an empty database URL (default: a scratch SQLite)")
    args = parser.parse_args()
    url = args.database or sqlite_url(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    print(f"Filling {args.lines:,} delivery lines…")
    started = time.perf_counter()
    last_day = fill(url, args.lines)
    print(f"  took {time.perf_counter() - started:.0f} s")
    db = open_database(url, user="bench")
    month = DeliveryQuery(date_from=last_day - dt.timedelta(days=30), date_to=last_day)
    years = DeliveryQuery()
    checks: dict[str, Callable[[], object]] = {
        "count, last 30 days": lambda: count_deliveries(db, query=month),
        "first window, last 30 days": lambda: delivery_rows(db, query=month, limit=200),
        "count, five years": lambda: count_deliveries(db, query=years),
        "first window, five years": lambda: delivery_rows(db, query=years, limit=200),
        "search a supplier, five years": lambda: delivery_rows(
            db, query=DeliveryQuery(text="umkm 42 "), limit=200),
        "window at row 5000": lambda: delivery_rows(db, query=years, offset=5000, limit=200),
        "Hari Ini, one day": lambda: orders.day_overview(db, day=last_day, prepare=False),
    }
    print(f"{'query':<32} {'median':>9} {'budget':>8} {'ratio':>6}")
    worst = 0.0
    for name, func in checks.items():
        seconds = timed(func)
        ratio = seconds / BUDGET_S[name]
        worst = max(worst, ratio)
        print(f"{name:<32} {seconds * 1000:>7.1f}ms {BUDGET_S[name] * 1000:>6.0f}ms {ratio:>6.2f}")
    print(f"worst ratio {worst:.2f} ({'meets' if worst <= 1 else 'misses'} the budgets)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
