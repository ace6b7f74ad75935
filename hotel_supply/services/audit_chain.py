"""The audit log as a hash chain: each entry seals the one before it.

Every entry's ``hash`` is the SHA-256 of its own fields and of ``prev_hash``,
the hash of the entry before it in ``seq`` order. Editing, deleting or inserting
an entry anywhere (with the database triggers dropped) breaks the link after it,
and ``verify`` names the first entry that no longer matches.

The text hashed is fixed for ever (the migration that chained older entries
computes the same): changing ``entry_hash`` would break every existing chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hotel_supply import clock
from hotel_supply.models import AuditChainHead, AuditEntry

GENESIS = "0" * 64
CHUNK = 5000


def entry_hash(*, prev_hash: str, seq: int, at: dt.datetime, username: str, action: str,
               entity: str, entity_id: int | None, summary: str) -> str:
    text = json.dumps(
        [seq, at.isoformat(sep=" "), username, action, entity, entity_id, summary, prev_hash],
        ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _locked_head(session: Session) -> AuditChainHead | None:
    return session.scalars(
        select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update()
        .execution_options(populate_existing=True)).one_or_none()


def seal(session: Session, entries: list[AuditEntry]) -> None:
    """Give new entries their place in the chain, holding the chain's head until commit.

    The head row is locked (``FOR UPDATE`` on PostgreSQL; SQLite writers are already
    one at a time), so two PCs writing at once never fork the chain.
    """
    if not entries:
        return
    head = _locked_head(session)
    if head is None:  # a database whose head row is gone: made once, whoever comes first
        dialect = session.get_bind().dialect.name
        make = pg_insert if dialect == "postgresql" else sqlite_insert
        session.execute(make(AuditChainHead).values(id=1, seq=0, hash=GENESIS)
                        .on_conflict_do_nothing())
        head = _locked_head(session)
        assert head is not None
    for entry in entries:
        if entry.at is None:
            entry.at = clock.now()
        if entry.summary is None:
            entry.summary = ""
        entry.seq = head.seq + 1
        entry.prev_hash = head.hash
        entry.hash = entry_hash(prev_hash=entry.prev_hash, seq=entry.seq, at=entry.at,
                                username=entry.username, action=entry.action,
                                entity=entry.entity, entity_id=entry.entity_id,
                                summary=entry.summary)
        head.seq, head.hash = entry.seq, entry.hash


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None  # the first entry that does not match, None when the chain holds
    broken_id: int | None
    problem: str  # "", "edited", "missing", "head"

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify(session: Session, *, progress: Callable[[int], None] | None = None) -> ChainReport:
    """Walk the chain from its start; report the first entry that does not match."""
    prev, expected_seq, checked, last_id = GENESIS, 1, 0, 0
    while True:
        rows = session.execute(
            select(AuditEntry.id, AuditEntry.seq, AuditEntry.prev_hash, AuditEntry.hash,
                   AuditEntry.at, AuditEntry.username, AuditEntry.action, AuditEntry.entity,
                   AuditEntry.entity_id, AuditEntry.summary)
            .where(AuditEntry.seq >= expected_seq).order_by(AuditEntry.seq).limit(CHUNK)
        ).all()
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return ChainReport(checked, expected_seq, None, "missing")
            computed = entry_hash(prev_hash=prev, seq=row.seq, at=row.at, username=row.username,
                                  action=row.action, entity=row.entity,
                                  entity_id=row.entity_id, summary=row.summary)
            if row.prev_hash != prev or row.hash != computed:
                return ChainReport(checked, row.seq, row.id, "edited")
            prev, expected_seq, checked, last_id = row.hash, row.seq + 1, checked + 1, row.id
        if progress is not None:
            progress(checked)
    head = session.get(AuditChainHead, 1)
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        # entries were removed from the end: the head still remembers the last one
        return ChainReport(checked, expected_seq, last_id or None, "head")
    return ChainReport(checked, None, None, "")
