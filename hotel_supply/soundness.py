"""Is the database file sound? SQLite's own check of a file, run before anything reads it
(no Qt).

``ensure_sound`` runs SQLite's ``quick_check`` over the whole file — seconds for five
years of data — unless this PC's app closed the file cleanly last time and nothing
has touched it since (``closed-cleanly.json`` in the user's data folder records the
size and modification time it left). Backups (``backups.py``) use the same reading
helpers to check a copy before it counts.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hotel_supply import config
from hotel_supply.db import check_url, sqlite_path
from hotel_supply.i18n import _
from hotel_supply.services.errors import DatabaseUnavailable


class DamagedDatabase(DatabaseUnavailable):
    """SQLite's own check found the database file damaged."""

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(message)
        self.path = path



@contextmanager
def read_only(path: Path, *, immutable: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection that never writes ``path`` (``immutable``: nobody else writes it either)."""
    uri = path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True)
    try:
        yield conn
    finally:
        conn.close()



def first_problem(conn: sqlite3.Connection, pragma: str) -> str | None:
    rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}").fetchmany(5)]
    return None if rows == ["ok"] else "; ".join(str(r) for r in rows)


_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def quick_check(path: Path) -> str | None:
    """None when SQLite's ``quick_check`` finds ``path`` sound, else what it found.

    Read-only: the file and a journal left beside it are looked at as SQLite would
    use them, and nothing is written. A file that cannot be looked at for another
    reason (no access, a read-only folder with a journal in it) raises the
    ``sqlite3.Error`` that says why.
    """
    # in a read-only folder SQLite cannot keep its shared-memory file; with no write-ahead
    # log beside the file nobody has it open, so it can be read as it is
    immutable = (not os.access(path.parent, os.W_OK)
                 and not Path(str(path) + "-wal").exists())
    try:
        with read_only(path, immutable=immutable) as conn:
            return first_problem(conn, "quick_check")
    except sqlite3.DatabaseError as exc:
        if _is_damage(exc):
            return str(exc)
        raise


def damaged_message(path: Path) -> str:
    return _(
        "The database file {path} is damaged: SQLite's own check found errors in it. Nothing "
        "was changed; restore the latest good backup (hotel-supply restore FILE, or File › "
        "Restore… in the app)."
    ).format(path=path)


# --- closed cleanly: the check at open is skipped for a file nobody touched since -------

CLOSED_CLEANLY_FILE = "closed-cleanly.json"


def _stamp(path: Path) -> list[int] | None:
    """Size and modification time of a file with no write-ahead log beside it, else None.

    A log left beside the file means a process still has it open, or one ended without
    closing it (a crash, a hand copy): then the file is checked whatever the stamp says.
    """
    try:
        wal = Path(str(path) + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return None
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _closed_cleanly_record() -> Path:
    return config.data_dir() / CLOSED_CLEANLY_FILE


def _read_record() -> dict[str, list[int]]:
    try:
        record = json.loads(_closed_cleanly_record().read_text(encoding="utf-8"))
    except (OSError, ValueError, config.DataFolderError):
        return {}
    return record if isinstance(record, dict) else {}


def remember_closed_cleanly(url: str) -> None:
    """Note that this process closed the SQLite file at ``url`` (every connection disposed):
    as long as nothing changes the file, the next start need not read all of it again."""
    path = sqlite_path(url)
    if path is None or not path.exists():
        return
    stamp = _stamp(path)
    record = _read_record()
    key = str(path.resolve())
    if stamp is None:
        record.pop(key, None)
    else:
        record[key] = stamp
    with contextlib.suppress(OSError, config.DataFolderError):  # only a saving of time
        target = _closed_cleanly_record()
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temporary, target)


def closed_cleanly(path: Path) -> bool:
    """True when this PC's app last closed ``path`` itself and the file is byte for byte
    as it left it (same size and modification time, no log beside it)."""
    stamp = _stamp(path)
    return stamp is not None and _read_record().get(str(path.resolve())) == stamp


def ensure_sound(url: str) -> None:
    """Refuse a SQLite file SQLite finds damaged (``DamagedDatabase``); a server is left be.

    The whole file is read (seconds for five years of data) unless the app closed it
    cleanly last time and nothing has touched it since: a file copied over it by hand,
    a crash, another program or a log left beside it all bring the check back.
    """
    path = sqlite_path(check_url(url))
    if path is None or not path.exists() or path.stat().st_size == 0:
        return
    if closed_cleanly(path):
        return
    try:
        problem = quick_check(path)
    except sqlite3.Error:
        return  # not for want of soundness: opening it says why, in its own words
    if problem is not None and looks_like_sqlite(path):
        raise DamagedDatabase(damaged_message(path), path=path)
    # a file that is not SQLite at all is told by opening it, as before


def looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
