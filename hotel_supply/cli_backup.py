"""``hotel-supply backup [--out FILE]`` and ``hotel-supply restore FILE``.

A backup needs any signed-in account (like printing or exporting); a restore is
an administrator's act. When the database to replace is damaged or missing, the
administrator signs in against the backup being restored instead.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from hotel_supply import backups, config, soundness
from hotel_supply.config import sqlite_url
from hotel_supply.db import Database, check_url, describe_url, open_database, sqlite_path
from hotel_supply.formatting import format_date
from hotel_supply.i18n import _
from hotel_supply.services.errors import DomainError


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                common: argparse.ArgumentParser) -> None:
    backup = sub.add_parser("backup", parents=[common],
                            help=_("back the database up now (SQLite: a copy of the file; "
                                   "PostgreSQL: pg_dump)"))
    backup.add_argument("--out", type=Path, metavar="FILE",
                        help=_("write the backup into this file (default: the backup folder)"))
    restore = sub.add_parser("restore", parents=[common],
                             help=_("replace the database with a backup (administrators only; "
                                    "the current file is kept aside)"))
    restore.add_argument("file", type=Path, metavar="FILE", help=_("the backup to restore"))


def describe_contents(contents: backups.Contents | None) -> str:
    if contents is None:
        return _("contents not known")
    last = format_date(contents.last_delivery) if contents.last_delivery else "–"
    return _("{deliveries} deliveries, {invoices} invoices, last delivery {last}").format(
        deliveries=contents.deliveries, invoices=contents.invoices, last=last)


def cmd_backup(args: argparse.Namespace) -> int:
    from hotel_supply.cli_accounts import sign_in_from

    url = check_url(config.resolve_database_url(getattr(args, "database", None)))
    soundness.ensure_sound(url)
    db = open_database(url, create=False, writes=False)
    try:
        sign_in_from(args, db)
        path = backups.back_up(db, out=args.out)
    finally:
        db.dispose()
    print(_("Backup written: {path}").format(path=path))
    return 0


def _signed_in_admin(args: argparse.Namespace, db: Database) -> str:
    from hotel_supply.cli_accounts import sign_in_from
    from hotel_supply.models.enums import Role
    from hotel_supply.services import accounts
    from hotel_supply.services.errors import NotAllowed

    sign_in_from(args, db)
    account = accounts.current(db)
    if account is None or not account.holds(Role.ADMIN):
        raise NotAllowed(_("Only an administrator may restore a backup: nothing was changed."))
    return account.username


def _check_administrator(args: argparse.Namespace, url: str, backup: Path) -> str:
    """The person restoring is an administrator of the database, or, when that is damaged
    or gone, of the backup."""
    path = sqlite_path(url)
    try:
        usable = path is None or (path.exists() and soundness.quick_check(path) is None)
    except sqlite3.Error:
        usable = False
    if usable:
        db = open_database(url, create=False, writes=False)
    else:
        backups.check_backup(backup)
        db = Database(sqlite_url(backup), read_only=True, immutable=True)
    try:
        return _signed_in_admin(args, db)
    finally:
        db.dispose()


def cmd_restore(args: argparse.Namespace) -> int:
    url = check_url(config.resolve_database_url(getattr(args, "database", None)))
    backup: Path = args.file
    if not backup.is_file():
        raise DomainError(_("There is no backup file {path}.").format(path=backup))
    admin = _check_administrator(args, url, backup)
    restored = backups.restore(url, backup)
    reopened = open_database(url, create=False, user=admin)  # a schema from before: upgraded
    try:
        backups.record_restore(reopened, restored)  # in the audit trail of the restored data
        if reopened.is_sqlite:  # leave the file whole, with no journal beside it
            raw = reopened.engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA journal_mode = DELETE")  # type: ignore[union-attr]
            finally:
                raw.close()
    finally:
        reopened.dispose()
    print(_("Restored {backup} into {database}: {contents}.").format(
        backup=backup, database=describe_url(url), contents=describe_contents(restored.contents)))
    for kept in restored.kept_aside:
        print(_("The replaced data is kept in {path}.").format(path=kept))
    return 0


def daily_backup(db: Database) -> None:
    """The day's automatic backup for a batch command; a failure is told, the command goes on."""
    try:
        backups.backup_if_due(db)
    except backups.BackupError as exc:
        print(_("No daily backup was made: {reason}").format(reason=exc.message),
              file=sys.stderr)
