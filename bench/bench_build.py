"""Building the scale demo, beside ``sqlite3.executemany`` of the same rows.

    uv run python bench/bench_build.py [--years N | --days N] [--hotels N] [--suppliers N]
                                       [--products N] [--runs N]

``bench_build`` is what ``bench/run_all.py`` calls. The app: ``hotel-supply demo`` with
the scale demo's options, run as its own process (as a user runs it, the Python files
compiled) into a new SQLite file in a scratch folder. The floor: the same rows, read
back from the file built, inserted by the bare driver into a new file with the same
schema in one transaction, one ``executemany`` per table, the tables and indexes made
first (as ``executemany_floor`` in ``run_all.py``). A virtual table (the deliveries'
FTS5 search index) is made by its own statement and gets its rows by ``executemany``
too; the tables the module keeps for it, and the triggers, are not copied. The first
build is timed, then the floor; ``--runs`` more than one alternates further builds and
floors, and medians are compared. Five years at fifty hotels take minutes of one core;
on a tiny scale the process's start (imports, migrating the new file, the password
hash: about 3 s here) is most of the build and the ratio means nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

TODAY = dt.date(2026, 11, 30)  # a fixed day: the same rows at every run


def demo_argv(path: Path, scale: dict[str, Any]) -> list[str]:
    """``hotel-supply demo`` building the scale demo of ``scale`` into ``path``."""
    from hotel_supply.config import sqlite_url

    argv = ["-m", "hotel_supply", "demo", "--database", sqlite_url(path),
            "--today", str(scale.get("today", TODAY))]
    for key in ("years", "days", "hotels", "suppliers", "products", "seed"):
        if scale.get(key) is not None:
            argv += [f"--{key}", str(scale[key])]
    if scale.get("products") is None and scale.get("years") is None:
        argv += ["--products", str(10 * int(scale.get("suppliers", 120)))]
    return argv


class Floor:
    """The rows of a built database and its schema, ready to be inserted again."""

    def __init__(self, built: Path) -> None:
        source = sqlite3.connect(built)
        objects = source.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'index') "
            "AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index'").fetchall()
        virtual = [name for kind, name, sql in objects
                   if kind == "table" and sql.upper().startswith("CREATE VIRTUAL TABLE")]
        shadow = tuple(f"{name}_" for name in virtual)  # kept by the virtual table's module
        self.schema = [sql for kind, name, sql in objects if not name.startswith(shadow)]
        self.inserts: list[tuple[str, list[tuple[Any, ...]]]] = []
        for kind, name, _sql in objects:
            if kind != "table" or name.startswith(shadow):
                continue
            cursor = source.execute(
                f'SELECT rowid, * FROM "{name}"' if name in virtual else f'SELECT * FROM "{name}"')
            rows = cursor.fetchall()
            if rows:
                columns = ", ".join(f'"{c[0]}"' for c in cursor.description)
                marks = ", ".join("?" * len(rows[0]))
                self.inserts.append((f'INSERT INTO "{name}" ({columns}) VALUES ({marks})', rows))
        source.close()
        self.rows = sum(len(rows) for _sql, rows in self.inserts)

    def run(self, folder: Path) -> float:
        """Seconds to create the schema and insert every row into a new file in ``folder``."""
        target = folder / "floor.sqlite3"
        start = time.perf_counter()
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("BEGIN")  # one transaction, as the demo is built
        for sql in self.schema:
            conn.execute(sql)
        for sql, rows in self.inserts:
            conn.executemany(sql, rows)
        conn.execute("COMMIT")
        conn.close()
        seconds = time.perf_counter() - start
        target.unlink()
        return seconds


def bench_build(scale: dict[str, Any], runs: int) -> None:
    """Time building the scale demo of ``scale`` against the executemany floor of its rows,
    and print it through ``run_all.report`` (target ≤ 3)."""
    from run_all import child, report

    folder = Path(tempfile.mkdtemp(prefix="hotel-supply-build-"))
    try:
        built = folder / "demo.sqlite3"
        app_s = [child(demo_argv(built, scale))[0]]
        floor = Floor(built)
        floor_s = [floor.run(folder)]
        for _ in range(runs - 1):
            again = folder / "again.sqlite3"
            app_s.append(child(demo_argv(again, scale))[0])
            for stale in folder.glob("again.sqlite3*"):
                stale.unlink()
            floor_s.append(floor.run(folder))
        shown = {k: v for k, v in scale.items() if k != "today"}
        print(f"# scale demo built: {floor.rows:,} rows, {shown}", flush=True)
        report("building the demo database", statistics.median(app_s),
               statistics.median(floor_s), 3.0, "s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int)
    parser.add_argument("--days", type=int)
    parser.add_argument("--hotels", type=int, default=50)
    parser.add_argument("--suppliers", type=int, default=500)
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    from run_all import compile_bytecode

    compile_bytecode()
    scale = {"years": args.years if args.days is None else None, "days": args.days,
             "hotels": args.hotels, "suppliers": args.suppliers, "products": args.products}
    if args.years is None and args.days is None:
        scale["years"] = 5
    bench_build(scale, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
