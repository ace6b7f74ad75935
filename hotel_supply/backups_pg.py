"""Backups of a PostgreSQL database: ``pg_dump`` and ``pg_restore`` in their custom format.

The tools come with PostgreSQL (its client package); they are looked for in
the PATH, then where Debian, Ubuntu and the Windows installer put them. What
a dump holds (counts of deliveries and invoices, last delivery date) is
counted in the very snapshot ``pg_dump`` copies, and written beside the dump
as ``<dump>.json``, so a list of backups says what each holds without
reading every dump.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import make_url, text

from hotel_supply.backups import (
    BEFORE_RESTORE,
    BackupError,
    Contents,
    DatabaseInUse,
    Restored,
    backup_folder,
    backups_to_keep,
    check_revision,
    database_stem,
    free_name,
    in_use_message,
    make_folder,
    rotate,
)
from hotel_supply.db import Database, describe_url
from hotel_supply.i18n import _

PG_SUFFIX = ".dump"


def tool(name: str) -> Path | None:
    """``pg_dump`` or ``pg_restore``: in the PATH, else the newest PostgreSQL's own folder."""
    found = shutil.which(name)
    if found:
        return Path(found)
    patterns = ["/usr/lib/postgresql/*/bin/", "/usr/pgsql-*/bin/",
                "/opt/homebrew/opt/postgresql*/bin/", "/usr/local/opt/postgresql*/bin/"]
    if sys.platform == "win32":  # pragma: no cover
        patterns = [os.path.expandvars(r"%ProgramFiles%\PostgreSQL\*\bin\\")]
    exe = name + (".exe" if sys.platform == "win32" else "")
    candidates = [Path(p) for pattern in patterns for p in glob.glob(pattern + exe)]

    def version(path: Path) -> tuple[int, ...]:
        numbers = re.findall(r"\d+", str(path.parent.parent.name)) or ["0"]
        return tuple(int(n) for n in numbers)

    candidates = [c for c in candidates if os.access(c, os.X_OK)]
    return max(candidates, key=version) if candidates else None


def _need(name: str) -> Path:
    found = tool(name)
    if found is None:
        raise BackupError(_(
            "{tool} is not installed on this computer, so PostgreSQL databases cannot be backed "
            "up or restored from here: install PostgreSQL's client tools (version {version} or "
            "newer), or use a computer that has them."
        ).format(tool=name, version="15"))
    return found


def _connection(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL without its password, and the environment that carries the password."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str], failed: str) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL tool; ``failed`` is the sentence for a failure, with ``{error}``."""
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackupError(failed.format(error=exc)) from exc
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise BackupError(failed.format(error=detail))
    return done


def dump(db: Database, *, reason: str, out: Path | None = None,
         keep: int | None = None) -> Path:
    """``pg_dump`` of ``db`` (custom format) into ``out`` or the backup folder."""
    pg_dump = _need("pg_dump")
    if out is not None:
        if out.exists():
            raise BackupError(_("{path} exists already: a backup never replaces a file; "
                                "name another.").format(path=out))
        target = make_folder(out.parent) / out.name
    else:
        folder = make_folder(backup_folder(db.url))
        target = free_name(folder, database_stem(db.url), reason, PG_SUFFIX)
    part = target.with_name(target.name + ".part")
    url, env = _connection(db.url)
    try:
        # the counts and the dump see one and the same snapshot
        with db.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                contents = _count(conn)
                _run([str(pg_dump), "--format=custom", f"--snapshot={snapshot}",
                      f"--file={part}", f"--dbname={url}"], env,
                     _("The backup failed: {error}"))
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    write_sidecar(target, contents)
    if out is None:
        rotate(db.url, target.parent, reason, keep if keep is not None else backups_to_keep())
    return target


def _count(conn: object) -> Contents:
    from sqlalchemy import Connection

    assert isinstance(conn, Connection)
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    deliveries = conn.execute(text("SELECT count(*) FROM delivery")).scalar_one()
    invoices = conn.execute(text("SELECT count(*) FROM invoice")).scalar_one()
    last = conn.execute(text("SELECT max(delivery_date) FROM delivery")).scalar()
    return Contents(revision=revision or "", deliveries=deliveries, invoices=invoices,
                    last_delivery=last)


def write_sidecar(path: Path, contents: Contents) -> None:
    data = {"revision": contents.revision, "deliveries": contents.deliveries,
            "invoices": contents.invoices,
            "last_delivery": contents.last_delivery.isoformat() if contents.last_delivery
            else None}
    Path(str(path) + ".json").write_text(json.dumps(data), encoding="utf-8")


def read_sidecar(path: Path) -> Contents | None:
    try:
        data = json.loads(Path(str(path) + ".json").read_text(encoding="utf-8"))
        last = data.get("last_delivery")
        return Contents(revision=str(data["revision"]), deliveries=int(data["deliveries"]),
                        invoices=int(data["invoices"]),
                        last_delivery=dt.date.fromisoformat(last) if last else None)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_dump(path: Path) -> tuple[str, set[str]]:
    """The schema revision a dump holds and its tables, once ``pg_restore`` reads it whole."""
    pg_restore = _need("pg_restore")
    if not path.is_file():
        raise BackupError(_("There is no backup file {path}.").format(path=path))
    env = dict(os.environ)
    try:
        failed = _("Reading the backup failed: {error}")
        listing = _run([str(pg_restore), "--list", str(path)], env, failed)
        data = _run([str(pg_restore), "--data-only", "--table=alembic_version", "--file=-",
                     str(path)], env, failed)
    except BackupError as exc:
        raise BackupError(_("{path} is not a PostgreSQL backup that can be read ({error}).")
                          .format(path=path, error=exc.message)) from exc
    tables = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing.stdout, re.MULTILINE))
    match = re.search(r"COPY \S*alembic_version \(version_num\) FROM stdin;\n([^\n\\]+)\n",
                      data.stdout)
    if "delivery" not in tables or match is None:
        raise BackupError(_("{path} is not a Hotel Supply backup: it lacks the app's tables.")
                          .format(path=path))
    revision = match.group(1).strip()
    check_revision(path, revision)
    return revision, tables


def others_connected(db: Database) -> int:
    """How many other sessions are connected to the same database on the server."""
    with db.engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()")).scalar_one())


def restore(url: str, backup: Path) -> Restored:
    """Replace the server database's tables with the dump's, after a dump of it as it was."""
    pg_restore = _need("pg_restore")
    _revision, tables = check_dump(backup)
    db = Database(url, user="")
    try:
        if others_connected(db):
            raise DatabaseInUse(in_use_message(url))
        before = dump(db, reason=BEFORE_RESTORE)
        with db.engine.begin() as conn:  # tables a newer schema added would stay behind
            current = set(conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
                .scalars())
            for extra in sorted(current - tables):
                conn.execute(text(f'DROP TABLE IF EXISTS "{extra}" CASCADE'))
    finally:
        db.dispose()
    plain, env = _connection(url)
    _run([str(pg_restore), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", f"--dbname={plain}", str(backup)], env,
         _("The restore into {database} failed: {error}").replace(
             "{database}", describe_url(url)))
    return Restored(database=describe_url(url), backup=backup, kept_aside=(before,),
                    contents=read_sidecar(backup))
