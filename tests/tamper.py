"""Changing the database behind the app's back, as someone with the file or the server's
superuser could: the guarding triggers are switched off for the block, then restored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from hotel_supply.db import Database

GUARDED = ("audit_entry", "stock_movement", "invoice", "invoice_line")


@contextmanager
def tampering(db: Database) -> Iterator[Session]:
    """A session in which the append-only and frozen-invoice triggers do not fire."""
    with db.unit_of_work(anyone=True) as session:
        if db.is_sqlite:
            saved = session.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
            for name, _sql in saved:
                session.execute(text(f'DROP TRIGGER "{name}"'))
            yield session
            session.flush()
            for _name, sql in saved:
                session.execute(text(sql))
        else:
            for table in GUARDED:
                session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            yield session
            session.flush()
            for table in GUARDED:
                session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
