"""Every benchmark of issue 10 beside its floor, in one run: one line each, ending in its ratio.

    uv run python bench/run_all.py [--tiny] [--demo FILE] [--database URL] [--runs N]
                                   [--days N --hotels N --suppliers N]

The app and its floor (a bare-library script under ``bench/floors/``, or the same
rows by raw SQL) run interleaved, ``--runs`` times each; medians are compared.
Without ``--demo`` a demo database is built into a scratch SQLite file first (its
build is itself a benchmark, against ``sqlite3.executemany`` of the same rows);
``--demo FILE`` measures an existing demo database instead (built with today's
date, so that "today" is the day the app opens on). ``--database URL`` builds the
same demo into that (empty) database, PostgreSQL say, and runs the database
benchmarks there too. ``--tiny`` is the smallest run, once each: CI runs it to
prove every benchmark still works, its figures mean nothing.

A ratio is app ÷ floor (for the benchmarks with no floor, time ÷ target): ≤ the
target meets it. Startup is measured with the Python files compiled, as an
installed app has them (these machines do not write bytecode on their own).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench" / "floors"))

import bare_invoice  # noqa: E402

from hotel_supply.config import sqlite_url  # noqa: E402
from hotel_supply.db import Database, open_database, sqlite_path  # noqa: E402

USER, PASSWORD = "admin", "demo"  # the demo's administrator
Sample = Callable[[], object]


# --- measuring -----------------------------------------------------------------------


def interleaved(app: Sample, floor: Sample | None, runs: int) -> tuple[float, float | None]:
    """Median seconds of ``app`` and ``floor`` run alternately (after one warm-up each)."""
    app()
    if floor is not None:
        floor()
    a: list[float] = []
    f: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        app()
        a.append(time.perf_counter() - start)
        if floor is not None:
            start = time.perf_counter()
            floor()
            f.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(f) if f else None


def report(name: str, app: float, floor: float | None, target: float, unit: str = "ms") -> None:
    """One line: what, the app's figure, the floor's, the target, and the ratio last."""
    def shown(value: float) -> str:
        if unit == "ms":
            return f"{value * 1000:9.1f} ms"
        if unit == "s":
            return f"{value:9.2f} s "
        return f"{value:9.1f} {unit}"

    ratio = app / floor if floor else app / target
    floor_text = shown(floor) if floor else "   (target)  "
    budget = f"≤ {target:g}" if floor else f"≤ {shown(target).strip()}"
    print(f"{name:<52} app {shown(app)}  floor {floor_text}  target {budget:<10}"
          f"  ratio {ratio:.2f}", flush=True)


# --- start and memory ----------------------------------------------------------------


def compile_bytecode() -> None:
    """Compile the package and its libraries once, as an installed app has them."""
    for folder in (sysconfig.get_paths()["purelib"], str(ROOT / "hotel_supply")):
        subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", folder],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def child(argv: Sequence[str]) -> tuple[float, float]:
    """Seconds from spawning ``argv`` to its exit, and its peak memory in MiB."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, *argv], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}):\n{errors}")
    return seconds, usage.ru_maxrss / 1024


def bench_start(url: str, runs: int, *, warm: bool) -> None:
    app_argv = [str(ROOT / "bench" / "app_start.py"), url, USER, PASSWORD]
    floor_argv = [str(ROOT / "bench" / "floors" / "bare_window.py")]
    if warm:  # the file cache, as on a second start
        child(app_argv)
        child(floor_argv)
    app_s, floor_s, floor_mem = [], [], []
    for _ in range(runs):
        app_s.append(child(app_argv)[0])
        seconds, memory = child(floor_argv)
        floor_s.append(seconds)
        floor_mem.append(memory)
    report("start to Hari Ini painted, all hotels", statistics.median(app_s),
           statistics.median(floor_s), 3.0, "s")
    every = [child([*app_argv, "--every-page"])[1] for _ in range(max(1, runs // 3))]
    report("peak memory after opening every page", statistics.median(every),
           statistics.median(floor_mem), 2.5, "MiB")


# --- documents -----------------------------------------------------------------------


def thirty_line_invoice() -> object:
    from hotel_supply.documents.data import Organisation, Party
    from hotel_supply.documents.invoice_data import InvoiceDocData, InvoiceDocLine
    from hotel_supply.documents.month_common import tax_base_fraction
    from hotel_supply.formatting import line_amount

    lines = []
    for n in range(1, 31):
        qty = Decimal(n % 7 + 1) + Decimal("0.5") * (n % 2)
        price = 15_000 + 2_500 * (n % 9)
        lines.append(InvoiceDocLine(
            line_no=n, delivery_date=dt.date(2026, 11, n), delivery_number=f"SJ/2026/{n:05d}",
            product_code=f"PRD{n:04d}", product_name=f"Keripik Pisang Manis {n}", unit="kg",
            quantity=qty, unit_price=price, amount=line_amount(qty, price)))
    subtotal = sum(line.amount for line in lines)
    return InvoiceDocData(
        kind="invoice", number="INV/2026/00042", status="issued", year=2026, month=11,
        issue_date=dt.date(2026, 12, 1), due_date=dt.date(2026, 12, 31),
        organisation=Organisation(name="Dinas Koperasi dan UKM Kota Bandar Lampung",
                                  address="Jl. Dr. Susilo No. 2", city="Bandar Lampung"),
        supplier=Party(code="", name="CV Keripik Sinar Lampung",
                       address="Jl. Teuku Umar No. 12, Bandar Lampung", npwp="0123456789012345"),
        supplier_is_pkp=False, supplier_bank="Bank Lampung · 380.01.02.12345",
        hotel=Party(code="", name="PT Emersia Hotel & Resort", npwp="0298765432109876"),
        lines=tuple(lines), subtotal=subtotal, tax_base=0,
        tax_base_fraction=tax_base_fraction(subtotal, 0), ppn_rate=Decimal(0), ppn=0,
        total=subtotal, printed_at=dt.datetime(2026, 12, 1, 9, 30))


def bench_invoice(runs: int) -> None:
    from hotel_supply.documents.invoice import render_invoice

    data = thirty_line_invoice()
    rows = [[str(x.line_no), x.delivery_date.strftime("%d/%m/%Y"), x.delivery_number,
             x.product_code, x.product_name, f"{x.quantity} {x.unit}", f"{x.unit_price:,}",
             f"{x.amount:,}"] for x in data.lines]  # type: ignore[attr-defined]
    parties = ["CV Keripik Sinar Lampung", "PT Emersia Hotel & Resort"]

    def floor() -> bytes:
        return bare_invoice.render("TAGIHAN INV/2026/00042", parties, rows,
                                   f"{data.total:,}")  # type: ignore[attr-defined]

    app_s, floor_s = interleaved(lambda: render_invoice(data), floor, runs)  # type: ignore[arg-type]
    report("one 30-line invoice rendered", app_s, floor_s, 3.0)
    size = len(render_invoice(data)) / 1024  # type: ignore[arg-type]
    report("PDF size of that invoice", size, None, 30.0, "KiB")


# --- the demo build ------------------------------------------------------------------


def build(url: str, scale: dict[str, object]) -> float:
    from hotel_supply import demo

    start = time.perf_counter()
    db = open_database(url)
    try:
        demo.build_demo(db, **scale)  # type: ignore[arg-type]
    finally:
        db.dispose()
    return time.perf_counter() - start


def executemany_floor(built: Path) -> tuple[float, int]:
    """Seconds for sqlite3 to create the same tables and insert the same rows; the row count."""
    source = sqlite3.connect(built)
    schema = [sql for (sql,) in source.execute(
        "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index'")]
    tables = [name for (name,) in source.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    data = {name: source.execute(f'SELECT * FROM "{name}"').fetchall() for name in tables}
    source.close()
    target = Path(tempfile.mkdtemp()) / "floor.sqlite3"
    start = time.perf_counter()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("BEGIN")  # one transaction, as the demo is built
    for sql in schema:
        conn.execute(sql)
    for name, rows in data.items():
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start, sum(len(rows) for rows in data.values())


# --- the database benchmarks ---------------------------------------------------------

LIST_SQL = """
SELECT d.id, d.number, d.delivery_date, d.arrived_at, h.name, s.code, s.name, d.status,
       d.driver_name, d.vehicle_plate, count(l.id),
       sum(CASE WHEN l.rejected_qty > 0 THEN 1 ELSE 0 END), coalesce(sum(l.amount), 0)
FROM (SELECT id FROM delivery ORDER BY delivery_date DESC, id DESC LIMIT 200 OFFSET ?) w
JOIN delivery d ON d.id = w.id
JOIN hotel h ON h.id = d.hotel_id
JOIN supplier s ON s.id = d.supplier_id
LEFT JOIN delivery_line l ON l.delivery_id = d.id
GROUP BY d.id, d.number, d.delivery_date, d.arrived_at, h.name, s.code, s.name, d.status,
         d.driver_name, d.vehicle_plate
ORDER BY d.delivery_date DESC, d.id DESC
"""
STOCK_TODAY_SQL = """
SELECT p.code, p.name, p.unit, sum(l.on_hand)
FROM stock_lot l JOIN product p ON p.id = l.product_id
WHERE l.hotel_id = ? AND l.on_hand <> 0
GROUP BY p.code, p.name, p.unit
"""
STOCK_PAST_SQL = """
SELECT p.code, p.name, p.unit, sum(m.quantity)
FROM stock_movement m JOIN product p ON p.id = m.product_id
WHERE m.hotel_id = ? AND m.movement_date <= ?
GROUP BY p.code, p.name, p.unit
"""


def raw(db: Database, sql: str, *params: object) -> Sample:
    """The same rows fetched by hand-written SQL through the driver, no ORM."""
    if not db.is_sqlite:
        sql = sql.replace("?", "%s")

    def run() -> object:
        conn = db.engine.raw_connection()
        try:
            cursor = conn.cursor()
            cursor.execute(sql, params)
            return cursor.fetchall()
        finally:
            conn.close()

    return run


def bench_database(url: str, today: dt.date, runs: int, label: str) -> None:
    from hotel_supply.services import accounts, alerts, replenishment, stock_levels
    from hotel_supply.services.delivery_list import (
        DeliveryQuery,
        count_deliveries,
        delivery_rows,
    )
    from hotel_supply.services.stock_levels import StockQuery

    db = open_database(url)
    accounts.sign_in(db, username=USER, password=PASSWORD, record=False)
    try:
        everything = DeliveryQuery()
        total = count_deliveries(db, query=everything)
        last = max(0, total - 200)
        first_app, first_floor = interleaved(
            lambda: delivery_rows(db, query=everything, offset=0, limit=200),
            raw(db, LIST_SQL, 0), runs)
        report(f"deliveries list, first 200 rows{label}", first_app, first_floor, 2.0)
        end_app, end_floor = interleaved(
            lambda: delivery_rows(db, query=everything, offset=last, limit=200),
            raw(db, LIST_SQL, last), runs)
        report(f"deliveries list, 200 rows at the end{label}", end_app, end_floor, 2.0)
        report(f"deliveries list, end window ÷ first window{label}", end_app, first_app, 2.0)
        search = DeliveryQuery(text="kopi")

        def find() -> None:
            count_deliveries(db, query=search)
            delivery_rows(db, query=search, offset=0, limit=200)

        report(f"text search, rows and count shown{label}", interleaved(find, None, runs)[0],
               None, 0.1)
        hotel = 1
        today_app, today_floor = interleaved(
            lambda: stock_levels.stock_rows(db, query=StockQuery(hotel_id=hotel, day=today)),
            raw(db, STOCK_TODAY_SQL, hotel), runs)
        report(f"stock of one hotel today{label}", today_app, today_floor, 1.5)
        past = today - dt.timedelta(days=730)
        past_app, past_floor = interleaved(
            lambda: stock_levels.stock_rows(db, query=StockQuery(hotel_id=hotel, day=past)),
            raw(db, STOCK_PAST_SQL, hotel, past), runs)
        report(f"stock of one hotel two years back{label}", past_app, past_floor, 1.5)
        window = stock_levels.expiry_window_days(db)

        def hari_ini_alerts() -> None:
            replenishment.reorder_suggestions(db, day=today, hotel_id=None)
            alerts.expiring_lots(db, day=today, within_days=window, hotel_id=None)
            alerts.expiring_certificates(db, day=today, within_days=60)

        report(f"Hari Ini with all alerts, all hotels{label}",
               interleaved(hari_ini_alerts, None, runs)[0], None, 0.15)
    finally:
        db.dispose()


# --- the run -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="the smallest run, once each")
    parser.add_argument("--demo", type=Path, help="an existing demo SQLite file to measure")
    parser.add_argument("--database", help="an empty database URL to build and measure too")
    parser.add_argument("--runs", type=int, help="interleaved runs per benchmark")
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--hotels", type=int, default=5)
    parser.add_argument("--suppliers", type=int, default=120)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    runs = args.runs or (1 if args.tiny else 5)
    today = dt.date.today()
    scale: dict[str, object] = (
        {"days": 2, "hotels": 2, "suppliers": 6, "seed": 7, "today": today} if args.tiny else
        {"days": args.days, "hotels": args.hotels, "suppliers": args.suppliers, "today": today})
    print(f"# bench/run_all.py: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"{runs} interleaved run(s) each, medians; ratio = app ÷ floor (or ÷ target)")
    if not args.tiny:
        compile_bytecode()

    floor: float | None = None
    if args.demo:
        path = args.demo.resolve()
        print(f"# measured on {path}")
    else:
        path = Path(tempfile.mkdtemp()) / "hotel-supply-demo.sqlite3"
        seconds = build(sqlite_url(path), scale)
        floor, rows = executemany_floor(path)
        print(f"# demo built: {rows:,} rows, {scale}")
        report("building the demo database", seconds, floor, 3.0, "s")
    url = sqlite_url(path)
    if args.demo:
        today = _demo_today(url)

    bench_start(url, runs, warm=not args.tiny)
    bench_invoice(runs if not args.tiny else 1)
    bench_database(url, today, runs, "")
    if args.database:
        db_path = sqlite_path(args.database)
        if db_path is None:
            seconds = build(args.database, scale)
            report("building the demo database [PostgreSQL]", seconds, floor, 3.0, "s")
            bench_database(args.database, today, runs, " [PostgreSQL]")
    print("# not measured yet: printing a whole month on both cores; memory growth scrolling "
          "the deliveries list to its end")
    return 0


def _demo_today(url: str) -> dt.date:
    """The day a demo was built for: its latest expected (open) order's date."""
    db = open_database(url, create=False, writes=False)
    try:
        from sqlalchemy import func, select

        from hotel_supply.models import Order

        with db.reader() as session:
            return session.scalar(select(func.max(Order.order_date))) or dt.date.today()
    finally:
        db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
