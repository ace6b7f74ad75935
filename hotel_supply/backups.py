"""Backups that restore (no Qt); whether a file is sound is ``soundness.py``'s.

A SQLite database is copied with SQLite's online backup API, so a copy taken
while another PC writes is one consistent moment. Backups go into a folder
beside the database file (``office-backups/`` for ``office.sqlite3``) unless
this PC chose another one in Settings (a USB disk, a synced folder). Each
file's name says when and why it was made::

    office_2026-11-30_081500_daily.sqlite3

One is taken before every upgrade of the schema, one a day by the app or any
batch command, and one whenever asked; the newest ``keep`` of each kind stay.

Restoring checks the backup first (``PRAGMA integrity_check`` and a schema
this version knows), refuses while another process has the database open,
keeps the current file with its ``-wal`` and ``-shm`` aside under a new name
(never deleted), and leaves no journal beside the restored file.

PostgreSQL goes through ``pg_dump`` / ``pg_restore`` (see ``backups_pg``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from hotel_supply import clock, config
from hotel_supply.db import Database, describe_url, known_revisions, sqlite_path
from hotel_supply.i18n import N_, _
from hotel_supply.services.errors import DomainError
from hotel_supply.soundness import damaged_message, first_problem, looks_like_sqlite, read_only

DAILY = "daily"
MANUAL = "manual"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"  # PostgreSQL: the database as it was before a restore
REASONS = {
    DAILY: N_("daily"),
    MANUAL: N_("by hand"),
    BEFORE_UPGRADE: N_("before an upgrade"),
    BEFORE_RESTORE: N_("before a restore"),
}
DAILY_EVERY_HOURS = 20  # a PC started a little earlier tomorrow still takes tomorrow's
SQLITE_SUFFIX = ".sqlite3"
STAMP = "%Y-%m-%d_%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)_(?P<stamp>\d{4}-\d\d-\d\d_\d{6})_(?P<reason>[a-z-]+?)"
                   r"(?:_(?P<n>\d+))?(?P<suffix>\.sqlite3|\.dump)$")
# SQLite's locks (os_unix.c, os_win.c): every connection holds a read lock on this range
# of the database file for as long as it is open in WAL mode.
_SHARED_FIRST = 0x40000000 + 2
_SHARED_SIZE = 510


class BackupError(DomainError):
    """A backup could not be made or used; the message says why and what to do."""


class DatabaseInUse(BackupError):
    """Another program has the database open; it is not replaced under it."""


@dataclass(frozen=True)
class Contents:
    """What a backup holds, read from the backup itself."""

    revision: str
    deliveries: int
    invoices: int
    last_delivery: dt.date | None


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int  # bytes
    contents: Contents | None  # None: not readable (see ``problem``) or not known
    problem: str = ""

    @property
    def reason_label(self) -> str:
        return _(REASONS.get(self.reason, self.reason))


@dataclass(frozen=True)
class Restored:
    database: str  # the URL or file restored into
    backup: Path
    kept_aside: tuple[Path, ...]  # the replaced file and its journal, renamed
    contents: Contents | None


# --- where and what -----------------------------------------------------------


def backup_folder(url: str) -> Path:
    """Where the backups of ``url`` go: the folder chosen on this PC, else beside the file.

    A PostgreSQL database has no file to stand beside: its backups go into the
    chosen folder or this PC's data folder.
    """
    chosen = config.Preferences.load().backup_folder.strip()
    if chosen:
        return Path(chosen).expanduser()
    path = sqlite_path(url)
    if path is None:
        return config.data_dir() / "backups"
    return path.resolve().parent / f"{path.stem}-backups"


def folder_is_chosen() -> bool:
    return bool(config.Preferences.load().backup_folder.strip())


def backups_to_keep() -> int:
    return max(1, config.Preferences.load().backups_to_keep)


def database_stem(url: str) -> str:
    """The name a database's backups start with: the file's stem, or the server database's."""
    path = sqlite_path(url)
    if path is not None:
        return path.stem
    from sqlalchemy import make_url

    return make_url(url).database or "postgresql"


def backup_name(stem: str, when: dt.datetime, reason: str, suffix: str, n: int = 0) -> str:
    return f"{stem}_{when.strftime(STAMP)}_{reason}" + (f"_{n}" if n else "") + suffix


def parse_backup_name(path: Path) -> tuple[str, dt.datetime, str] | None:
    """(stem, when, reason) of a backup's file name, or None when it is not one."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        when = dt.datetime.strptime(match["stamp"], STAMP)
    except ValueError:
        return None
    return match["stem"], when, match["reason"]


def make_folder(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(_(
            "The backup folder {folder} cannot be created ({error}): plug in the disk, or choose "
            "another folder in Settings."
        ).format(folder=folder, error=exc.strerror or exc)) from exc
    if not os.access(folder, os.W_OK):
        raise BackupError(_(
            "The backup folder {folder} is read-only: choose another folder in Settings."
        ).format(folder=folder))
    return folder


def free_name(folder: Path, stem: str, reason: str, suffix: str) -> Path:
    when = clock.now()
    n = 0
    while (target := folder / backup_name(stem, when, reason, suffix, n)).exists():
        n += 1
    return target


def _backups_of(url: str, folder: Path) -> list[tuple[Path, dt.datetime, str]]:
    stem = database_stem(url)
    suffix = SQLITE_SUFFIX if sqlite_path(url) is not None else ".dump"
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            parsed = parse_backup_name(path)
            if parsed and parsed[0] == stem and path.suffix == suffix and path.is_file():
                found.append((path, parsed[1], parsed[2]))
    return sorted(found, key=lambda item: (item[1], item[0].name))


def rotate(url: str, folder: Path, reason: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups of ``reason``; the ones deleted."""
    same = [path for path, _when, why in _backups_of(url, folder) if why == reason]
    stale = same[:-keep] if keep > 0 else []
    for path in stale:
        path.unlink(missing_ok=True)
        Path(str(path) + ".json").unlink(missing_ok=True)
    return stale


# --- reading a SQLite file ------------------------------------------------------


def read_contents(conn: sqlite3.Connection) -> Contents:
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    deliveries = conn.execute("SELECT count(*) FROM delivery").fetchone()[0]
    invoices = conn.execute("SELECT count(*) FROM invoice").fetchone()[0]
    last = conn.execute("SELECT max(delivery_date) FROM delivery").fetchone()[0]
    return Contents(revision=revision[0] if revision else "", deliveries=deliveries,
                    invoices=invoices,
                    last_delivery=dt.date.fromisoformat(str(last)[:10]) if last else None)


def check_backup(path: Path) -> Contents:
    """What a backup holds, once SQLite's full ``integrity_check`` finds it sound and its
    schema is one this version of the app knows; else a ``BackupError`` saying which."""
    if not path.is_file():
        raise BackupError(_("There is no backup file {path}.").format(path=path))
    if not looks_like_sqlite(path):
        raise BackupError(_("{path} is not a Hotel Supply backup (not a SQLite database).")
                          .format(path=path))
    try:
        with read_only(path, immutable=True) as conn:
            problem = first_problem(conn, "integrity_check")
            if problem is not None:
                raise BackupError(_(
                    "The backup {path} is damaged ({problem}): choose another backup."
                ).format(path=path, problem=problem))
            try:
                contents = read_contents(conn)
            except sqlite3.DatabaseError as exc:
                raise BackupError(_(
                    "{path} is not a Hotel Supply backup: it lacks the app's tables."
                ).format(path=path)) from exc
    except sqlite3.DatabaseError as exc:
        raise BackupError(_("The backup {path} cannot be read ({error}): choose another "
                            "backup.").format(path=path, error=exc)) from exc
    check_revision(path, contents.revision)
    return contents


def check_revision(path: Path, revision: str) -> None:
    if revision not in known_revisions():
        raise BackupError(_(
            "The backup {path} was made by another version of Hotel Supply (schema {revision}), "
            "which this version does not know: restore it with that version."
        ).format(path=path, revision=revision or "?"))


# --- making a backup ----------------------------------------------------------------


def back_up(db: Database, *, reason: str = MANUAL, out: Path | None = None,
            keep: int | None = None) -> Path:
    """Back ``db`` up now; the file written. With ``out`` into that file (never replaced),
    else into the backup folder, keeping the newest ``keep`` of ``reason``."""
    if not db.is_sqlite:
        from hotel_supply import backups_pg

        return backups_pg.dump(db, reason=reason, out=out, keep=keep)
    path = sqlite_path(db.url)
    if path is None or not path.exists():
        raise BackupError(_("There is no database file to back up."))
    if out is not None:
        if out.exists():
            raise BackupError(_("{path} exists already: a backup never replaces a file; "
                                "name another.").format(path=out))
        make_folder(out.parent)
        target = out
    else:
        folder = make_folder(backup_folder(db.url))
        target = free_name(folder, path.stem, reason, SQLITE_SUFFIX)
    copy_sqlite(path, target)
    if out is None:
        rotate(db.url, target.parent, reason, keep if keep is not None else backups_to_keep())
    return target


def copy_sqlite(source: Path, target: Path) -> Contents:
    """A consistent copy of ``source`` into ``target`` (written whole, or not at all).

    The copy is one file (no write-ahead log), checked by SQLite, and a damaged
    source is refused: a damaged copy must never push a good backup out.
    """
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(part)) as dst:
            src.execute("PRAGMA busy_timeout = 8000")
            src.backup(dst)  # in one step: one read transaction, one moment of the data
            dst.execute("PRAGMA journal_mode = DELETE")
            problem = first_problem(dst, "quick_check")
            if problem is not None:
                raise BackupError(damaged_message(source))
            contents = read_contents(dst)
        os.replace(part, target)
    except sqlite3.DatabaseError as exc:
        raise BackupError(_("The backup into {path} failed ({error}).").format(
            path=target, error=exc)) from exc
    except OSError as exc:
        raise BackupError(_("The backup into {path} failed ({error}): check the disk.").format(
            path=target, error=exc.strerror or exc)) from exc
    finally:
        part.unlink(missing_ok=True)
    return contents


def backup_if_due(db: Database, *, every_hours: int = DAILY_EVERY_HOURS,
                  keep: int | None = None) -> Path | None:
    """The daily backup, when the last one is ``every_hours`` old; None when none was due.

    A PostgreSQL database is dumped daily only on a PC that chose a backup folder:
    one PC of the office keeps the dumps, not every PC that starts the app.
    """
    if db.read_only:
        return None
    if not db.is_sqlite and not folder_is_chosen():
        return None
    path = sqlite_path(db.url)
    if db.is_sqlite and (path is None or not path.exists()):
        return None
    dailies = [when for _p, when, why in _backups_of(db.url, backup_folder(db.url))
               if why == DAILY]
    now = clock.now()
    if dailies and dt.timedelta(0) <= now - dailies[-1] < dt.timedelta(hours=every_hours):
        return None
    return back_up(db, reason=DAILY, keep=keep)


def backup_before_upgrade(db: Database) -> Path | None:
    """The copy taken before the schema changes; on PostgreSQL when ``pg_dump`` is there."""
    if db.is_sqlite:
        return back_up(db, reason=BEFORE_UPGRADE)
    from hotel_supply import backups_pg

    if backups_pg.tool("pg_dump") is None:
        return None  # the server's administrator keeps its backups; the upgrade goes on
    return back_up(db, reason=BEFORE_UPGRADE)


# --- listing ------------------------------------------------------------------------


def list_backups(url: str) -> list[BackupInfo]:
    """The backups of ``url`` in its backup folder, newest first, each with what it holds."""
    infos = []
    for path, when, reason in reversed(_backups_of(url, backup_folder(url))):
        contents: Contents | None = None
        problem = ""
        if path.suffix == SQLITE_SUFFIX:
            try:
                with read_only(path, immutable=True) as conn:
                    contents = read_contents(conn)
            except sqlite3.DatabaseError:
                problem = _("not readable")
        else:
            from hotel_supply import backups_pg

            contents = backups_pg.read_sidecar(path)
        infos.append(BackupInfo(path=path, taken_at=when, reason=reason,
                                size=path.stat().st_size, contents=contents, problem=problem))
    return infos


def latest_good_backup(url: str) -> BackupInfo | None:
    """The newest backup SQLite's ``quick_check`` finds sound, of a schema this version
    knows, or None. (The restore itself runs the full ``integrity_check``.)"""
    for info in list_backups(url):
        if info.contents is None or info.path.suffix != SQLITE_SUFFIX:
            continue
        if info.contents.revision not in known_revisions():
            continue
        try:
            with read_only(info.path, immutable=True) as conn:
                if first_problem(conn, "quick_check") is None:
                    return info
        except sqlite3.DatabaseError:
            continue
    return None


# --- restoring ----------------------------------------------------------------------


def in_use_by_another_process(path: Path) -> bool:
    """True while another process has the SQLite file open (in WAL mode, as the app does).

    Every SQLite connection in WAL mode holds a read lock on a range of the file's
    bytes for as long as it is open; a process that ended holds none. The probe
    asks for a write lock on that range and lets go at once.
    """
    if not path.exists():
        return False
    if sys.platform == "win32":  # pragma: no cover - the office's Windows PCs
        return _locked_on_windows(path)
    import fcntl

    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, _SHARED_SIZE, _SHARED_FIRST)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, _SHARED_SIZE, _SHARED_FIRST)
        return False
    finally:
        os.close(fd)


def _locked_on_windows(path: Path) -> bool:  # pragma: no cover
    import msvcrt

    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        return True
    try:
        os.lseek(fd, _SHARED_FIRST, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, _SHARED_SIZE)  # type: ignore[attr-defined]
        except OSError:
            return True
        os.lseek(fd, _SHARED_FIRST, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, _SHARED_SIZE)  # type: ignore[attr-defined]
        return False
    finally:
        os.close(fd)


def in_use_message(url: str) -> str:
    return _(
        "The database {database} is open in another window or on another computer: close Hotel "
        "Supply everywhere else, then restore again."
    ).format(database=describe_url(url))


JOURNALS = ("-wal", "-shm", "-journal")


def restore(url: str, backup: Path) -> Restored:
    """Replace the database at ``url`` with ``backup`` (see the module's docstring).

    The caller closes its own connections to the database first.
    """
    path = sqlite_path(url)
    if path is None:
        from hotel_supply import backups_pg

        return backups_pg.restore(url, backup)
    contents = check_backup(backup)
    if path.exists() and backup.resolve() == path.resolve():
        raise BackupError(_("{path} is the database itself, not a backup of it.").format(
            path=backup))
    if in_use_by_another_process(path):
        raise DatabaseInUse(in_use_message(url))
    make_folder(path.parent)
    incoming = path.with_name(path.name + ".restoring")
    copy_sqlite(backup, incoming)
    try:
        base, kept = _set_aside(path)
        if base.exists() and in_use_by_another_process(base):  # opened in the meantime
            _put_back(path, base, kept)
            raise DatabaseInUse(in_use_message(url))
        os.replace(incoming, path)
    finally:
        incoming.unlink(missing_ok=True)
    return Restored(database=str(path), backup=backup, kept_aside=tuple(kept), contents=contents)


def _set_aside(path: Path) -> tuple[Path, list[Path]]:
    """Rename the current file and its journals as one set, so they still open together
    (a journal with no file beside it is kept too); the new name and what was renamed."""
    stamp = clock.now().strftime(STAMP)
    n = 0
    while True:
        base = path.with_name(f"{path.stem}_replaced_{stamp}" + (f"_{n}" if n else "")
                              + path.suffix)
        if not any(Path(str(base) + s).exists() for s in ("", *JOURNALS)):
            break
        n += 1
    kept = []
    for journal in ("", *JOURNALS):
        current = Path(str(path) + journal)
        if current.exists():
            target = Path(str(base) + journal)
            os.replace(current, target)
            kept.append(target)
    return base, kept


def _put_back(path: Path, base: Path, kept: list[Path]) -> None:
    for moved in kept:
        os.replace(moved, Path(str(path) + str(moved)[len(str(base)):]))


def record_restore(db: Database, restored: Restored) -> bool:
    """Write into the restored database which backup an administrator restored, and where
    the replaced data went; False when the account is no administrator in the restored data."""
    from hotel_supply.models.enums import Role
    from hotel_supply.services import audit

    try:
        with db.unit_of_work(Role.ADMIN) as session:
            audit.record(session, action="restore", entity="database", entity_id=None,
                         backup=str(restored.backup),
                         kept_aside=[str(path) for path in restored.kept_aside])
    except DomainError:
        return False
    return True
