"""How fast stock questions are answered over a two-million-movement ledger (SPEC section 7).

    uv run python bench/bench_stock.py [--movements 2000000] [--database URL]

Fills a scratch database by bulk insert (50 hotels, 5,000 products, five years
of receipts into lots and issues out of them), then times what the stock
screens ask. Prints each query's median and its ratio to its budget.
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
from hotel_supply.models import Hotel, ParLevel, Product, StockLot, StockMovement, Supplier
from hotel_supply.models.enums import Category, LegalForm, MovementKind, Unit
from hotel_supply.services import alerts, replenishment, stock_levels
from hotel_supply.services.stock_levels import StockQuery

HOTELS, SUPPLIERS, PRODUCTS = 50, 500, 5000
BUDGET_S = {
    "stock of one hotel today": 0.5,
    "stock of one hotel a year ago": 0.5,
    "lots of one product": 0.1,
    "history of one product": 0.2,
    "expiring lots, all hotels": 0.5,
    "reorder suggestions, one hotel": 0.5,
}


def fill(url: str, movements: int, seed: int = 11) -> dt.date:
    rnd = random.Random(seed)
    db = open_database(url, user="bench")
    last = dt.date(2026, 11, 27)
    days = 5 * 365
    with db.unit_of_work(anyone=True) as s:
        s.execute(insert(Hotel), [dict(code=f"H{i:03d}", name=f"Hotel {i}")
                                  for i in range(HOTELS)])
        s.execute(insert(Supplier), [dict(code=f"S{i:04d}", name=f"UMKM {i}",
                                          legal_form=LegalForm.UD, category=Category.SNACK)
                                     for i in range(SUPPLIERS)])
        s.execute(insert(Product), [dict(code=f"P{i:05d}", name=f"Produk {i}",
                                         supplier_id=i % SUPPLIERS + 1, category=Category.SNACK,
                                         unit=Unit.PCS, perishable=True, shelf_life_days=5,
                                         standard_price=10_000) for i in range(PRODUCTS)])
        # each hotel stocks 100 products, with a par level
        s.execute(insert(ParLevel), [dict(hotel_id=h + 1, product_id=(h * 97 + k) % PRODUCTS + 1,
                                          quantity=20) for h in range(HOTELS)
                                     for k in range(100)])
    receipts = movements // 2
    batch = 50_000
    lot_id = 0
    now = dt.datetime(2026, 11, 27, 9, 0)
    while lot_id < receipts:
        lots, moves = [], []
        for _ in range(min(batch, receipts - lot_id)):
            lot_id += 1
            hotel = rnd.randrange(HOTELS) + 1
            product = ((hotel - 1) * 97 + rnd.randrange(100)) % PRODUCTS + 1
            day = last - dt.timedelta(days=int((receipts - lot_id) * days / receipts))
            qty = rnd.randrange(5, 40)
            # lots are used up, written off or counted away within weeks: only the last
            # month's lots (and one old lot in a hundred, forgotten) still hold something
            recent = (last - day).days < 30
            keeps = rnd.random() < (0.5 if recent else 0.01)
            used = rnd.randrange(1, qty) if keeps else qty
            lots.append(dict(id=lot_id, hotel_id=hotel, product_id=product,
                             lot_code=f"L{lot_id}", expiry_date=day + dt.timedelta(days=5),
                             received_on=day, unit_cost=10_000, on_hand=qty - used))
            moves.append(dict(hotel_id=hotel, product_id=product, lot_id=lot_id,
                              movement_date=day, kind=MovementKind.RECEIPT, quantity=qty,
                              unit_cost=10_000, created_at=now))
            moves.append(dict(hotel_id=hotel, product_id=product, lot_id=lot_id,
                              movement_date=day + dt.timedelta(days=1), kind=MovementKind.ISSUE,
                              quantity=-used, unit_cost=10_000,
                              created_at=now))
        with db.unit_of_work(anyone=True) as s:
            s.execute(insert(StockLot), lots)
            s.execute(insert(StockMovement), moves)
        print(f"  filled {lot_id * 2:,} movements", flush=True)
    db.dispose()
    return last


def timed(func: Callable[[], object], runs: int = 5) -> float:
    func()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--movements", type=int, default=2_000_000)
    parser.add_argument("--database", help="an empty database URL (default: a scratch SQLite)")
    args = parser.parse_args()
    url = args.database or sqlite_url(Path(tempfile.mkdtemp()) / "bench-stock.sqlite3")
    print(f"Filling {args.movements:,} stock movements…")
    started = time.perf_counter()
    last = fill(url, args.movements)
    print(f"  took {time.perf_counter() - started:.0f} s")
    db = open_database(url, user="bench")
    hotel, product = 7, (6 * 97 + 3) % PRODUCTS + 1
    checks: dict[str, Callable[[], object]] = {
        "stock of one hotel today": lambda: stock_levels.stock_rows(
            db, query=StockQuery(hotel_id=hotel, day=last)),
        "stock of one hotel a year ago": lambda: stock_levels.stock_rows(
            db, query=StockQuery(hotel_id=hotel, day=last - dt.timedelta(days=365))),
        "lots of one product": lambda: stock_levels.product_lots(
            db, hotel_id=hotel, product_id=product, day=last),
        "history of one product": lambda: stock_levels.product_history(
            db, hotel_id=hotel, product_id=product, date_from=last - dt.timedelta(days=90)),
        "expiring lots, all hotels": lambda: alerts.expiring_lots(db, day=last, within_days=3),
        "reorder suggestions, one hotel": lambda: replenishment.reorder_suggestions(
            db, day=last, hotel_id=hotel),
    }
    print(f"{'query':<34} {'median':>9} {'budget':>8} {'ratio':>6}")
    worst = 0.0
    for name, func in checks.items():
        seconds = timed(func)
        ratio = seconds / BUDGET_S[name]
        worst = max(worst, ratio)
        print(f"{name:<34} {seconds * 1000:>7.1f}ms {BUDGET_S[name] * 1000:>6.0f}ms {ratio:>6.2f}")
    print(f"worst ratio {worst:.2f} ({'meets' if worst <= 1 else 'misses'} the budgets)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
