"""Engine, units of work and schema upgrades for SQLite and PostgreSQL.

``Database.unit_of_work()`` is the only way to write: it commits on success and
rolls back on any exception. On SQLite it starts with ``BEGIN IMMEDIATE`` so
that two writers queue behind the busy timeout instead of failing half-way.
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from hotel_supply import clock
from hotel_supply.config import backup_dir
from hotel_supply.i18n import _
from hotel_supply.services.errors import ConflictError, DatabaseUnavailable

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 8000


def normalise_url(url: str) -> str:
    """Let users write ``postgresql://``; we drive PostgreSQL with psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def describe_url(url: str) -> str:
    """The URL without its password, for titles and messages."""
    return make_url(normalise_url(url)).render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _on_sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def _on_sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def default_username() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows service accounts
        return "user"


def translate_db_error(exc: BaseException) -> DatabaseUnavailable | ConflictError | None:
    """Map a driver error to a message a clerk understands, or None if it is a bug."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "database is locked" in text or "could not obtain lock" in text or "lock timeout" in text:
        return ConflictError(
            _(
                "The database is busy: another computer is saving right now. "
                "Nothing was changed; please try again in a moment."
            )
        )
    if "file is not a database" in text or "malformed" in text:
        return DatabaseUnavailable(
            _("The file is not a Hotel Supply database, or it is damaged. Nothing was changed.")
        )
    if "unable to open database" in text or "connection refused" in text or "could not connect" in (
        text
    ):
        return DatabaseUnavailable(
            _("The database cannot be reached. Check the database location in the settings.")
        )
    if "could not serialize" in text or "deadlock detected" in text:
        return ConflictError(
            _("Another computer changed the same data at the same time. Please try again.")
        )
    return None


class Database:
    """One database and the user who writes to it."""

    def __init__(self, url: str, *, user: str | None = None, engine: Engine | None = None) -> None:
        self.url = normalise_url(url)
        self.engine = engine or make_engine(self.url)
        self.user = user or default_username()
        self._writer = self.engine.execution_options(sqlite_immediate=True)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back on any exception."""
        session = self._write_sessions()
        session.info["user"] = self.user
        try:
            yield session
            session.commit()
        except (OperationalError, SADatabaseError) as exc:
            session.rollback()
            mapped = translate_db_error(exc)
            if mapped is not None:
                raise mapped from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A short read-only session; whatever it did is rolled back."""
        session = self._read_sessions()
        session.info["user"] = self.user
        try:
            yield session
        except (OperationalError, SADatabaseError) as exc:
            mapped = translate_db_error(exc)
            if mapped is not None:
                raise mapped from exc
            raise
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


# --- schema -----------------------------------------------------------------


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(path: Path, *, reason: str, keep: int = 20) -> Path:
    """Copy a SQLite database consistently (online backup API) into the backup folder."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir() / f"{path.stem}-{stamp}-{reason}.sqlite3"
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    _rotate(path.stem, reason, keep)
    return target


def _rotate(stem: str, reason: str, keep: int) -> None:
    old = sorted(backup_dir().glob(f"{stem}-*-{reason}.sqlite3"))
    for stale in old[:-keep]:
        stale.unlink(missing_ok=True)


def backup_if_due(db: Database, *, every_hours: int = 20, keep: int = 14) -> Path | None:
    """The automatic daily backup of a SQLite database (rotating: the last ``keep`` stay).

    A PostgreSQL server is backed up by its administrator (pg_dump), not by each PC.
    """
    path = sqlite_path(db.url) if db.is_sqlite else None
    if path is None or not path.exists():
        return None
    done = sorted(backup_dir().glob(f"{path.stem}-*-daily.sqlite3"))
    if done:
        age = clock.now().timestamp() - done[-1].stat().st_mtime
        if age < every_hours * 3600:
            return None
    return backup_sqlite(path, reason="daily", keep=keep)


def upgrade(db: Database) -> bool:
    """Bring the schema to head; back up an existing SQLite file first. True if it changed."""
    try:
        current = current_revision(db.engine)
    except (OperationalError, SADatabaseError) as exc:
        raise translate_db_error(exc) or exc from exc
    head = head_revision()
    if current == head:
        return False
    path = sqlite_path(db.url) if db.is_sqlite else None
    if current is not None and path is not None and path.exists():
        backup_sqlite(path, reason="before-upgrade")
    try:
        with db.engine.begin() as conn:
            cfg = alembic_config(db.engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except (OperationalError, SADatabaseError) as exc:
        raise translate_db_error(exc) or exc from exc
    return True


def open_database(url: str, *, user: str | None = None, backup: bool = False) -> Database:
    """Open (and upgrade) the database at ``url``; with ``backup``, take the daily backup."""
    db = Database(url, user=user)
    upgrade(db)
    if backup:
        backup_if_due(db)
    return db
