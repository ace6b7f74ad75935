"""The whole-file check at open is skipped only for a file this PC's app closed cleanly and
nothing touched since; any change, a log left beside it, or another file brings it back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hotel_supply import soundness
from hotel_supply.config import sqlite_url
from hotel_supply.db import Database, open_database
from tests.factories import make_supplier
from tests.test_backups import damage


@pytest.fixture
def checks(monkeypatch) -> list[Path]:
    """Every file SQLite's quick_check is run on (the check still runs)."""
    seen: list[Path] = []
    real = soundness.quick_check

    def counting(path: Path) -> str | None:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(soundness, "quick_check", counting)
    return seen


def closed(db: Database) -> str:
    url = db.url
    db.dispose()
    soundness.remember_closed_cleanly(url)
    return url


def test_a_file_closed_cleanly_is_not_read_again_at_the_next_open(sqlite_db, checks):
    make_supplier(sqlite_db, name="Kopi Pak Darto")
    url = closed(sqlite_db)
    soundness.ensure_sound(url)
    assert checks == []


def test_a_file_changed_since_it_was_closed_is_checked(sqlite_db, checks):
    url = closed(sqlite_db)
    again = open_database(url)
    with again.engine.begin() as conn:  # a process that did not note its close wrote to it
        conn.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
    again.dispose()
    soundness.ensure_sound(url)
    assert len(checks) == 1


def test_a_damaged_file_is_still_found_after_a_clean_close(sqlite_db, checks):
    make_supplier(sqlite_db, name="Kopi Pak Darto")
    url = closed(sqlite_db)
    path = Path(sqlite_db.engine.url.database or "")
    with sqlite_db.engine.begin() as conn:  # enough pages for a stretch of bad bytes to hit
        conn.exec_driver_sql("CREATE TABLE filler (t TEXT)")
        conn.exec_driver_sql("INSERT INTO filler SELECT hex(randomblob(500)) FROM "
                             "(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c "
                             "WHERE n < 2000) SELECT n FROM c)")
    url = closed(sqlite_db)
    info = path.stat()
    damage(path)
    with pytest.raises(soundness.DamagedDatabase):
        soundness.ensure_sound(url)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # bytes changed, time kept
    assert path.stat().st_size == info.st_size
    # a disk that changes bytes without a new modification time is not seen at open: the
    # daily backup's own check of its copy is what finds it then
    assert soundness.closed_cleanly(path)


def test_a_log_left_beside_the_file_brings_the_check_back(sqlite_db, checks):
    url = closed(sqlite_db)
    path = Path(sqlite_db.engine.url.database or "")
    Path(str(path) + "-wal").write_bytes(b"\0" * 32)  # a crash, or a hand copy with its log
    assert not soundness.closed_cleanly(path)
    soundness.ensure_sound(url)
    assert len(checks) == 1


def test_another_file_copied_over_it_by_hand_is_checked(sqlite_db, tmp_path, checks):
    url = closed(sqlite_db)
    path = Path(sqlite_db.engine.url.database or "")
    other = open_database(sqlite_url(tmp_path / "other.sqlite3"))
    other.dispose()
    path.write_bytes((tmp_path / "other.sqlite3").read_bytes())
    soundness.ensure_sound(url)
    assert len(checks) == 1


def test_a_batch_command_notes_its_clean_close(sqlite_db, checks, capsys):
    from hotel_supply.cli import main

    url = sqlite_db.url
    sqlite_db.dispose()
    assert main(["--database", url, "users", "list"]) == 0
    assert len(checks) == 1  # first time: checked, then noted at the end
    assert main(["--database", url, "users", "list"]) == 0
    assert len(checks) == 1  # nothing touched it since
