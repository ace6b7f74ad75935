"""Engine, units of work and schema upgrades for SQLite and PostgreSQL.

``Database.unit_of_work()`` is the only way to write: it commits on success and
rolls back on any exception. On SQLite it starts with ``BEGIN IMMEDIATE`` so
that two writers queue behind the busy timeout instead of failing half-way.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from hotel_supply.i18n import _
from hotel_supply.models.enums import Role
from hotel_supply.services.errors import ConflictError, DatabaseUnavailable

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 8000
PG_CONNECT_TIMEOUT_S = 10  # an unknown or silent server is reported, not waited for


class DatabaseUrlError(DatabaseUnavailable):
    """The URL cannot name a database Hotel Supply can use."""


class NoDatabase(DatabaseUnavailable):
    """There is no database where a batch command was pointed (it never creates one)."""


class NewerDatabase(DatabaseUnavailable):
    """The database was made by a newer version of the app; it is left untouched."""


class ReadOnlyDatabase(DatabaseUnavailable):
    """The SQLite file or its folder may not be written, and writing was asked for."""


def _url_hint() -> str:
    return _("use sqlite:///path or postgresql://user@server/name.")


def normalise_url(url: str) -> str:
    """Let users write ``postgresql://``; we drive PostgreSQL with psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def check_url(url: str) -> str:
    """``url`` normalised if Hotel Supply can use it; else a ``DatabaseUrlError`` saying why."""
    if not url.strip():
        raise DatabaseUrlError(_("The database URL is empty: {hint}").format(hint=_url_hint()))
    try:
        parsed = make_url(normalise_url(url))
    except (ArgumentError, ValueError) as exc:
        raise DatabaseUrlError(_("The database URL “{url}” is not understood: {hint}").format(
            url=url, hint=_url_hint())) from exc
    backend, _plus, driver = parsed.drivername.partition("+")
    if backend not in ("sqlite", "postgresql"):
        if backend in ("mysql", "mariadb", "mssql", "oracle"):
            raise DatabaseUrlError(_(
                "Hotel Supply works with SQLite and PostgreSQL only, not “{backend}”: {hint}"
            ).format(backend=backend, hint=_url_hint()))
        raise DatabaseUrlError(_("The database URL “{url}” is not understood: {hint}").format(
            url=url, hint=_url_hint()))
    if driver not in ("", "pysqlite", "psycopg"):
        raise DatabaseUrlError(_(
            "The database URL “{url}” asks for the driver “{driver}”, which Hotel Supply does "
            "not use: {hint}"
        ).format(url=describe_url(url), driver=driver, hint=_url_hint()))
    if backend == "sqlite" and not parsed.database:
        raise DatabaseUrlError(_("The database URL “{url}” names no file: {hint}").format(
            url=url, hint=_url_hint()))
    return normalise_url(url)


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


def _on_sqlite_connect_read_only(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # no journal mode is set: that would be a write
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _on_sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, read_only: bool = False, immutable: bool = False,
                **kwargs: Any) -> Engine:
    """An engine for ``url``; a SQLite file with ``read_only`` is opened so nothing is written.

    ``immutable`` tells SQLite that nobody writes the file meanwhile (a file in a
    read-only folder, where SQLite cannot keep its shared-memory file).
    """
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if read_only and path is not None:
            uri = path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
            kwargs["creator"] = lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
        engine = create_engine(url, **kwargs)
        on_connect = _on_sqlite_connect_read_only if read_only else _on_sqlite_connect
        event.listen(engine, "connect", on_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    if "connect_timeout" not in parsed.query:
        kwargs["connect_args"] = {"connect_timeout": PG_CONNECT_TIMEOUT_S,
                                  **kwargs.get("connect_args", {})}
    return create_engine(url, pool_pre_ping=True, **kwargs)


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
    if "readonly database" in text or "read-only transaction" in text:
        return DatabaseUnavailable(
            _(
                "The database is read-only for this computer: nothing was changed. "
                "Ask whoever manages it for write access."
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
    """One database and the account signed in to it.

    ``user`` is the signed-in account's name (``services.accounts.sign_in`` sets it;
    ``None`` until then). What it may write is read from its account row at each
    write, so an administrator's change of roles holds at once on every PC.
    """

    def __init__(self, url: str, *, user: str | None = None, engine: Engine | None = None,
                 read_only: bool = False, immutable: bool = False) -> None:
        self.url = normalise_url(url)
        self.read_only = read_only  # a SQLite file opened for reading only
        self.engine = engine or make_engine(self.url, read_only=read_only, immutable=immutable)
        self.user: str | None = user
        self._writer = self.engine.execution_options(sqlite_immediate=True)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        from hotel_supply.services import audit  # the audit trail seals every write

        event.listen(self._write_sessions, "before_flush", audit.before_flush)
        event.listen(self._write_sessions, "before_commit", audit.before_commit)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def unit_of_work(self, *roles: Role, anyone: bool = False) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back on any exception.

        ``roles`` are the roles allowed to make this write: the signed-in account must
        hold one of them, or ``NotAllowed`` is raised before anything is read.
        ``anyone`` is for the few writes that need no role (signing in, changing one's
        own password, creating the first administrator); they check for themselves.
        """
        if not roles and not anyone:
            raise TypeError("a unit of work names the roles allowed to make it")
        session = self._write_sessions()
        session.info["user"] = self.user or ""
        try:
            if roles:
                from hotel_supply.services.permissions import require_role

                require_role(session, self.user, roles)
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

    def require(self, *roles: Role) -> None:
        """Refuse (``NotAllowed``) unless the signed-in account holds one of ``roles`` now:
        for a batch of writes that must be refused whole rather than one by one."""
        from hotel_supply.services.permissions import require_role

        with self.reader() as session:
            require_role(session, self.user, roles)

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A short read-only session; whatever it did is rolled back."""
        session = self._read_sessions()
        session.info["user"] = self.user or ""
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
    from alembic.config import Config  # Alembic is loaded only when an upgrade is due

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


_REVISION_LINE = re.compile(
    r"""^(revision|down_revision)\b[^=\n]*=\s*(?:["']([^"'\n]+)["']|None)\s*$""", re.M)


def _revision_chain() -> dict[str, str | None]:
    """Each migration's revision and the one it follows, read from the revision files' text.

    Reading a handful of small files costs nothing; importing Alembic to ask it costs a
    third of a second at every start, when an upgrade is seldom due.
    """
    chain: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("[0-9]*.py")):
        found = {m.group(1): m.group(2) for m in _REVISION_LINE.finditer(path.read_text("utf-8"))}
        if revision := found.get("revision"):
            chain[revision] = found.get("down_revision")
    return chain


def head_revision() -> str | None:
    """The newest schema revision this version of the app knows."""
    chain = _revision_chain()
    heads = set(chain) - {down for down in chain.values() if down}
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory  # a branched history: Alembic decides

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def known_revisions() -> set[str]:
    """Every schema revision this version of the app knows."""
    return set(_revision_chain())


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database says it has (None for a database with no schema)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_if_due(db: Database, **kwargs: Any) -> Path | None:
    """The daily backup; see ``hotel_supply.backups`` (kept here for older callers)."""
    from hotel_supply import backups

    return backups.backup_if_due(db, **kwargs)


def _server_name(url: str) -> str:
    parsed = make_url(url)
    host = parsed.host or "localhost"
    return f"{host}:{parsed.port}" if parsed.port else host


def _cannot_open(db: Database, exc: BaseException) -> DatabaseUnavailable | ConflictError:
    """One sentence for a database that cannot be opened, naming the file or the server."""
    text = str(getattr(exc, "orig", exc)).strip()
    low = text.lower()
    path = sqlite_path(db.url)
    if path is not None:
        if db.read_only and "unable to open" in low:
            return ReadOnlyDatabase(_read_only_folder_message(path))
        return translate_db_error(exc) or DatabaseUnavailable(
            _("The database file {path} cannot be opened ({error}).").format(
                path=path, error=text))
    parsed = make_url(db.url)
    server = _server_name(db.url)
    if match := re.search(r'database "([^"]*)" does not exist', text):
        return DatabaseUnavailable(_(
            "The database “{name}” does not exist on the server {server}: check its name in "
            "the URL, or ask the administrator to create it."
        ).format(name=match.group(1), server=server))
    if (re.search(r'role "[^"]*" does not exist', text) or "password" in low
            or "pg_hba.conf" in low):
        return DatabaseUnavailable(_(
            "The database server {server} refused the user “{user}”: check the user name and "
            "password in the URL."
        ).format(server=server, user=parsed.username or ""))
    if any(sign in low for sign in ("resolve host", "translate host name",
                                    "name or service not known", "nodename nor servname")):
        return DatabaseUnavailable(_(
            "The database server “{server}” cannot be found: check the server's name in the URL "
            "and the network connection."
        ).format(server=parsed.host or "localhost"))
    if any(sign in low for sign in ("connection refused", "timeout expired", "timed out",
                                    "no route to host", "network is unreachable",
                                    "could not connect", "connection failed")):
        return DatabaseUnavailable(_(
            "The database server {server} does not answer: check that it is running and that "
            "this computer can reach it over the network."
        ).format(server=server))
    return translate_db_error(exc) or DatabaseUnavailable(
        _("The database {url} cannot be opened: {error}").format(
            url=describe_url(db.url), error=text.splitlines()[0] if text else type(exc).__name__))


def _read_only_file_message(path: Path) -> str:
    return _(
        "The database file {path} is read-only: ask whoever manages this computer for write "
        "access, or work on a copy in a folder of your own."
    ).format(path=path)


def _read_only_folder_message(path: Path) -> str:
    return _(
        "The folder of the database file {path} is read-only, and the database needs to write "
        "beside its file: ask whoever manages this computer for write access, or work on a copy "
        "in a folder of your own."
    ).format(path=path)


def _usable_revision(db: Database, *, create: bool) -> str | None:
    """The schema revision of ``db``, refusing one this version does not know.

    Without ``create`` a database with no schema yet is refused as well.
    """
    try:
        current = current_revision(db.engine)
    except (OperationalError, SADatabaseError) as exc:
        raise _cannot_open(db, exc) from exc
    if current is not None and current not in known_revisions():
        raise NewerDatabase(_(
            "This database was made by a newer version of Hotel Supply (revision {revision}): "
            "install the newer version."
        ).format(revision=current))
    if current is None and not create:
        raise NoDatabase(_(
            "The database {url} holds no Hotel Supply data: a batch command does not create "
            "one; start the app once, or check the URL."
        ).format(url=describe_url(db.url)))
    return current


def upgrade(db: Database, *, create: bool = True) -> bool:
    """Bring the schema to head; back up an existing database first. True if it changed.

    Refuses, before any backup is taken, a database made by a newer version of the
    app, and (without ``create``) a database that holds no schema yet.
    """
    current = _usable_revision(db, create=create)
    if current == head_revision():
        return False
    path = sqlite_path(db.url) if db.is_sqlite else None
    if db.read_only:
        raise ReadOnlyDatabase(_(
            "The database file {path} must be upgraded for this version of Hotel Supply, but it "
            "is read-only: ask whoever manages this computer for write access."
        ).format(path=path))
    if current is not None and (path is None or path.exists()):
        from hotel_supply import backups  # it needs this module: imported when used

        backups.backup_before_upgrade(db)
    from alembic import command  # only now: an upgrade is due

    try:
        with db.engine.begin() as conn:
            cfg = alembic_config(db.engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except (OperationalError, SADatabaseError) as exc:
        raise translate_db_error(exc) or exc from exc
    return True


def _sqlite_access(path: Path, *, create: bool, writes: bool) -> tuple[bool, bool]:
    """Check a SQLite file can be used as asked: (open read-only?, immutable?).

    Without ``create`` a missing file is refused and nothing is created; with it
    the folders are made. A file that may not be written is opened read-only when
    only ``writes`` is false, and refused otherwise.
    """
    if path.is_dir():
        raise DatabaseUnavailable(
            _("“{path}” is a folder, not a database file: add the file's name to the URL.").format(
                path=path))
    if not path.exists():
        if not create:
            raise NoDatabase(_(
                "No database at {path}: a batch command does not create one; start the app "
                "once, or check the path."
            ).format(path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(_(
                "The folder {folder} cannot be created ({error}): check the path, or choose a "
                "folder you may write to."
            ).format(folder=path.parent, error=exc.strerror or exc)) from exc
        if not os.access(path.parent, os.W_OK):
            raise ReadOnlyDatabase(_(
                "The folder {folder} is read-only, so no database can be created there: choose "
                "a folder you may write to."
            ).format(folder=path.parent))
        return False, False
    if not os.access(path, os.R_OK):
        raise DatabaseUnavailable(_(
            "Hotel Supply may not read the database file {path}: ask whoever manages this "
            "computer for access."
        ).format(path=path))
    file_writable = os.access(path, os.W_OK)
    folder_writable = os.access(path.parent, os.W_OK)
    if file_writable and folder_writable:
        return False, False
    if writes:
        raise ReadOnlyDatabase(_read_only_file_message(path) if not file_writable
                               else _read_only_folder_message(path))
    # In a read-only folder SQLite cannot keep its shared-memory file; with no
    # write-ahead log beside the file nobody has it open, so it can be read as it is.
    in_use = path.with_name(path.name + "-wal").exists()
    return True, not folder_writable and not in_use


def open_database(url: str, *, user: str | None = None, backup: bool = False,
                  create: bool = True, writes: bool = True) -> Database:
    """Open (and upgrade) the database at ``url``; with ``backup``, take the daily backup.

    Each way this fails is a ``DatabaseUnavailable`` whose message says what to do:
    a URL that names no usable database; without ``create``, a database that does
    not exist (nothing is created); a SQLite file or folder that may not be
    written (read-only is enough when ``writes`` is false); a database made by a
    newer version (no backup is taken); a server that cannot be reached.
    """
    url = check_url(url)
    read_only = immutable = False
    path = sqlite_path(url)
    if path is not None:
        read_only, immutable = _sqlite_access(path, create=create, writes=writes)
        if not create and not read_only:
            # a first look that cannot write: a file that is refused stays exactly as it was
            probe = Database(url, user=user, read_only=True)
            try:
                _usable_revision(probe, create=False)
            finally:
                probe.dispose()
    db = Database(url, user=user, read_only=read_only, immutable=immutable)
    try:
        upgrade(db, create=create)
        if backup and not read_only:
            backup_if_due(db)
    except BaseException:
        db.dispose()
        raise
    return db
