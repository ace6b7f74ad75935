"""The benchmarks still run: bench/run_all.py --tiny prints every benchmark with a ratio."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = (
    "building the demo database",
    "start to Hari Ini painted",
    "  of which: start to the sign-in dialog painted",
    "  password typed in 2 s: accepted to Hari Ini painted",
    "peak memory after opening every page",
    "one 30-line invoice rendered",
    "PDF size of that invoice",
    "deliveries list, first 200 rows",
    "deliveries list, 200 rows at the end",
    "deliveries list, end window ÷ first window",
    "text search",
    "memory growth scrolling the deliveries list to its end",
    "printing a whole month on both cores",
    "stock of one hotel today",
    "stock of one hotel two years back",
    "Hari Ini with all alerts, all hotels",
)


def test_every_benchmark_runs_once_on_a_tiny_database_and_ends_in_its_ratio(tmp_path: Path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run_all.py"), "--tiny"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = [x for x in done.stdout.splitlines() if x.strip() and not x.startswith("#")]
    assert len(lines) >= len(BENCHMARKS)
    for name in BENCHMARKS:
        assert any(x.startswith(name) for x in lines), f"{name!r} missing:\n{done.stdout}"
    for line in lines:
        words = line.split()
        assert words[-2] == "ratio" and float(words[-1]) > 0, line
