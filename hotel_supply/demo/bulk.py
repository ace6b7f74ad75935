"""Rows written in bulk: the scale demo's way to the database.

A row is a dict made by :meth:`BulkRows.add` (its id handed out here), kept until
:meth:`BulkRows.flush` writes each table's rows at once. On SQLite that is one
``executemany`` of the driver: each column's values converted by the very bind
processor SQLAlchemy would use, once per distinct value (a month repeats its dates,
enum members and quantities many times over), the rows made into tuples in C.
Elsewhere it is a Core ``insert`` of the dicts, ``CHUNK`` at a time.

On SQLite the secondary indexes of the tables written in bulk, and the triggers that
fire when a row is inserted into one, are dropped first (:meth:`BulkRows.hold_upkeep`)
and made again, from their own ``CREATE`` statements, once every row is in
(:meth:`BulkRows.resume_upkeep`): sorting a finished table is much faster than
keeping seven indexes of two million stock movements in order row by row, and the
deliveries' search text (written by such triggers) is better written once per
delivery than once per line. ``held_triggers`` says which tables' insert triggers
were held back: what they would have written is the builder's to write. It all
happens in the build's one transaction, so a failed or cancelled build leaves the
schema as it was.

``PLAIN`` (for tests) writes every row through SQLAlchemy's Core inserts instead,
every index and trigger in place: the same database, the slow way.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from hotel_supply.models import NumberSeries

__all__ = ["CHUNK", "BulkRows"]

CHUNK = 5000  # rows per Core insert (PostgreSQL)
PLAIN = False  # every row through SQLAlchemy, no index or trigger held back (tests)
_ON_INSERT = re.compile(r"\b(BEFORE|AFTER)\s+INSERT\s+ON\b", re.IGNORECASE)

Row = dict[str, Any]


class BulkRows:
    """Rows waiting to be written, by table, with the ids they were given."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.sqlite = session.get_bind().dialect.name == "sqlite" and not PLAIN
        self.rows: dict[str, list[Row]] = defaultdict(list)
        self.written: dict[str, int] = defaultdict(int)
        self.ids: dict[str, Iterator[int]] = {}
        self.held: list[str] = []  # CREATE INDEX and CREATE TRIGGER statements held back
        self.held_triggers: set[str] = set()  # tables whose insert triggers were held back

    def add(self, model: Any, **row: Any) -> Row:
        """A row for ``model``'s table (with a new id), written at the next ``flush``."""
        table: Table = model.__table__
        name = table.name
        ids = self.ids.get(name)
        if ids is None:
            last = self.session.scalar(select(func.max(table.c.id)))
            ids = self.ids[name] = itertools.count((last or 0) + 1)
        row["id"] = next(ids)
        self.rows[name].append(row)
        return row

    def pending(self) -> dict[str, int]:
        """Rows per table waiting to be written."""
        return {name: len(rows) for name, rows in self.rows.items() if rows}

    def flush(self, models: Iterable[Any]) -> None:
        """Write the waiting rows of ``models``' tables, in that order."""
        for model in models:
            table: Table = model.__table__
            rows = self.rows.pop(table.name, [])
            if not rows:
                continue
            if self.sqlite:
                self._executemany(table, rows)
            else:
                for n in range(0, len(rows), CHUNK):
                    self.session.execute(insert(table), rows[n:n + CHUNK])
            self.written[table.name] += len(rows)

    def _executemany(self, table: Table, rows: list[Row]) -> None:
        """The rows in one ``executemany`` of the driver, as SQLAlchemy would bind them."""
        dialect = self.session.get_bind().dialect
        plain: list[str] = []
        converted: list[tuple[str, Callable[[Any], Any]]] = []
        for key in rows[0]:
            process = _bind_processor(table.c[key].type, dialect)
            if process is None:
                plain.append(key)
            else:
                converted.append((key, process))
        tuples: Iterable[tuple[Any, ...]] = map(_getter(plain), rows)
        if converted:
            columns = [list(map(_Bound(process).__getitem__, map(itemgetter(key), rows)))
                       for key, process in converted]
            tuples = map(tuple.__add__, tuples, zip(*columns, strict=True))
        keys = plain + [key for key, _process in converted]
        statement = (f"INSERT INTO {table.name} ({', '.join(keys)}) "
                     f"VALUES ({', '.join('?' * len(keys))})")
        self.session.connection().exec_driver_sql(statement, list(tuples))

    # --- indexes and insert triggers (SQLite)

    def hold_upkeep(self, models: Iterable[Any]) -> None:
        """Drop the secondary indexes of ``models``' tables, and their triggers that fire on
        an insert, until ``resume_upkeep``."""
        if not self.sqlite:
            return
        marks = ", ".join(f"'{model.__table__.name}'" for model in models)
        found = self.session.execute(text(
            "SELECT type, name, tbl_name, sql FROM sqlite_master "
            f"WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ({marks}) "
            "ORDER BY type, name")).all()
        connection = self.session.connection()
        for kind, name, table, sql in found:
            if kind == "trigger":
                if not _ON_INSERT.search(sql):
                    continue
                self.held_triggers.add(table)
            connection.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
            self.held.append(sql)

    def resume_upkeep(self) -> None:
        """Make the dropped indexes, then the triggers, again from their own statements."""
        connection = self.session.connection()
        for sql in self.held:  # the indexes come first (ORDER BY type)
            connection.exec_driver_sql(sql)
        self.held = []

    # --- what the app takes over

    def write_number_series(self, numbers: dict[tuple[str, int], int]) -> None:
        """The counters of the numbers handed out, so the app goes on from the last one."""
        rows = [{"series": s, "year": y, "last_number": n}
                for (s, y), n in sorted(numbers.items())]
        if rows:
            self.session.execute(insert(NumberSeries), rows)

    def advance_sequences(self) -> None:
        """On PostgreSQL, the id sequences continue after the ids written here."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for name in self.ids:
            self.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {name}))"))


def _bind_processor(column_type: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """What SQLAlchemy does to a value of ``column_type`` before the driver gets it; for a
    SQLite date and time (in its default text form) the same done by ``isoformat``."""
    impl = column_type.dialect_impl(dialect)
    process: Callable[[Any], Any] | None = impl.bind_processor(dialect)
    if process is not None and isinstance(impl, sqlite.DATETIME):
        probe = dt.datetime(2001, 2, 3, 4, 5, 6, 7)
        if process(probe) == _datetime_text(probe):
            slow = process

            def process(value: Any) -> Any:
                if value is None or value.tzinfo is not None:
                    return slow(value)
                return _datetime_text(value)

    return process


def _datetime_text(value: dt.datetime) -> str:
    return value.isoformat(" ", "microseconds")


def _getter(keys: list[str]) -> Callable[[Row], tuple[Any, ...]]:
    """A row's values of ``keys``, as a tuple."""
    if len(keys) == 1:
        key = keys[0]
        return lambda row: (row[key],)
    if not keys:
        return lambda row: ()
    return itemgetter(*keys)


class _Bound(dict[Any, Any]):
    """A column's values as the driver takes them, each converted once."""

    def __init__(self, process: Callable[[Any], Any]) -> None:
        super().__init__()
        self.process = process

    def __missing__(self, value: Any) -> Any:
        bound = self[value] = self.process(value)
        return bound
