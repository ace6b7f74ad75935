"""What the backup tests run in a second process: plain sqlite3, quick to start under spawn.

Each opens the file as the app does (write-ahead log), so the parent sees a real other
process holding, writing or abandoning the database.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


def crash_with_a_journal(path: str) -> None:
    """Write, then end without closing: the write-ahead log stays, as after a crash."""
    conn = _connect(path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE supplier SET name = 'written, then the PC crashed'")
    os._exit(0)


def write_in_batches(path: str, started: Any, stop: Any) -> None:
    """Transactions of 200 rows of one batch each, until told to stop."""
    conn = _connect(path)
    batch = 0
    while not stop.is_set():
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO writer_probe (batch, n) VALUES (?, ?)",
                         [(batch, n) for n in range(200)])
        conn.execute("COMMIT")
        batch += 1
        if batch == 3:
            started.set()
    conn.close()


def hold_open(path: str, ready: Any, release: Any) -> None:
    """Open the database, read from it, and keep it open until released."""
    conn = _connect(path)
    conn.execute("SELECT count(*) FROM supplier").fetchone()
    ready.set()
    release.wait(60)
    conn.close()
