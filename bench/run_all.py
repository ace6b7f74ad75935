"""Every benchmark of issue 10 beside its floor, in one run: one line each, ending in its ratio.

    uv run python bench/run_all.py [--tiny] [--demo FILE] [--database URL] [--runs N]
                                   [--days N | --years N] [--hotels N --suppliers N]
                                   [--products N]

Each area has its module, which runs alone too: ``bench_build.py`` (the scale demo
beside ``executemany`` of its rows), ``app_start.py`` (the start, through the sign-in
dialog), ``bench_printing.py`` (an invoice; a whole month on every core),
``bench_deliveries.py`` (the list's windows, the search, scrolling to the end) and
``bench_stock.py`` (a hotel's stock today and two years back; Hari Ini's alerts).
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
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench" / "floors"))
sys.path.insert(0, str(ROOT / "bench"))

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


def child(argv: Sequence[str], *, until: str | None = None,
          marks: dict[str, float] | None = None) -> tuple[float, float]:
    """Seconds from spawning ``argv`` to its exit (or to the moment it prints the line
    ``until``), and its peak memory in MiB; ``marks`` gets the seconds at which each
    line it printed before that came."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, *argv], env=env, cwd=ROOT,
                               stdout=subprocess.PIPE if until else subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    seconds = None
    if until and process.stdout is not None:
        for raw_line in process.stdout:
            line = raw_line.decode(errors="replace").strip()
            if marks is not None:
                marks[line] = time.perf_counter() - start
            if line == until:
                seconds = time.perf_counter() - start
                break
        process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if seconds is None:
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
    app_s, dialog_s, floor_s, floor_mem = [], [], [], []
    for _ in range(runs):  # from spawning the program to its first page painted
        marks: dict[str, float] = {}
        app_s.append(child(app_argv, until="painted", marks=marks)[0])
        dialog_s.append(marks["sign-in painted"])
        seconds, memory = child(floor_argv, until="painted")
        floor_s.append(seconds)
        floor_mem.append(memory)
    report("start to Hari Ini painted, all hotels", statistics.median(app_s),
           statistics.median(floor_s), 3.0, "s")
    report("  of which: start to the sign-in dialog painted", statistics.median(dialog_s),
           statistics.median(floor_s), 3.0, "s")
    waited = []  # a user who takes two seconds over the password
    for _ in range(runs):
        marks = {}
        child([*app_argv, "--typing", "2"], until="painted", marks=marks)
        waited.append(marks["painted"] - marks["accepted"])
    report("  password typed in 2 s: accepted to Hari Ini painted", statistics.median(waited),
           statistics.median(floor_s), 3.0, "s")
    every = [child([*app_argv, "--every-page"])[1] for _ in range(max(1, runs // 3))]
    report("peak memory after opening every page", statistics.median(every),
           statistics.median(floor_mem), 2.5, "MiB")


# --- the demo build ------------------------------------------------------------------


def build(url: str, scale: dict[str, Any]) -> float:
    """Seconds ``hotel-supply demo`` takes to build the scale demo of ``scale`` at ``url``
    (its own process, as a user runs it)."""
    from bench_build import demo_argv

    argv = demo_argv(Path("unused.sqlite3"), scale)
    argv[argv.index("--database") + 1] = url
    return child(argv)[0]


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
    """The list, search, stock and Hari Ini benchmarks (bench_deliveries, bench_stock)."""
    from bench_deliveries import bench_deliveries
    from bench_stock import bench_stock

    bench_deliveries(url, today, runs, label)
    bench_stock(url, today, runs, label)


# --- the run -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="the smallest run, once each")
    parser.add_argument("--demo", type=Path, help="an existing demo SQLite file to measure")
    parser.add_argument("--database", help="an empty database URL to build and measure too")
    parser.add_argument("--runs", type=int, help="interleaved runs per benchmark")
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--years", type=int)
    parser.add_argument("--products", type=int)
    parser.add_argument("--hotels", type=int, default=5)
    parser.add_argument("--suppliers", type=int, default=120)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    runs = args.runs or (1 if args.tiny else 5)
    today = dt.date.today()
    scale: dict[str, Any] = (
        {"days": 2, "hotels": 2, "suppliers": 6, "seed": 7, "today": today} if args.tiny else
        {"days": None if args.years else args.days, "years": args.years, "hotels": args.hotels,
         "suppliers": args.suppliers, "products": args.products, "today": today})
    print(f"# bench/run_all.py: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"{runs} interleaved run(s) each, medians; ratio = app ÷ floor (or ÷ target)")
    if not args.tiny:
        compile_bytecode()

    if args.demo:
        path = args.demo.resolve()
        print(f"# measured on {path}")
    else:  # built, timed beside the executemany floor of its rows
        from bench_build import Floor

        path = Path(tempfile.mkdtemp()) / "hotel-supply-demo.sqlite3"
        seconds = build(sqlite_url(path), scale)
        floor = Floor(path)
        print(f"# demo built: {floor.rows:,} rows, {scale}")
        report("building the demo database", seconds, floor.run(path.parent), 3.0, "s")
    url = sqlite_url(path)
    today = _demo_today(url)

    from bench_printing import bench_invoice, bench_month

    bench_start(url, runs, warm=not args.tiny)
    bench_invoice(runs if not args.tiny else 1)
    bench_month(url, today, runs if not args.tiny else 1)
    bench_database(url, today, runs, "")
    if args.database:
        db_path = sqlite_path(args.database)
        if db_path is None:
            build(args.database, scale)
            bench_database(args.database, _demo_today(args.database), runs, " [PostgreSQL]")
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
