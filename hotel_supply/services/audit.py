"""The audit log: who did what, and when, on every write (SPEC rule 9)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from hotel_supply import clock
from hotel_supply.models import AuditEntry
from hotel_supply.services import audit_chain

# Rows whose changes are bookkeeping, not acts: a lot's running balance follows its
# movements (each in the ledger), a series' counter its documents, the chain's head
# its entries.
# The settings service records each changed field itself (the row is one JSON text).
UNAUDITED_TABLES = frozenset({"audit_entry", "audit_chain_head", "stock_lot", "number_series",
                              "setting"})
UNAUDITED_COLUMNS = frozenset({"version", "updated_at", "failed_logins", "last_login_at",
                               "locked_until"})
SECRET_COLUMNS = frozenset({"password_hash"})
_written = itertools.count()


def current_user(session: Session) -> str:
    """The user the unit of work acts for."""
    return str(session.info.get("user") or "system")


def record(
    session: Session,
    *,
    action: str,
    entity: str,
    entity_id: int | None,
    **details: Any,
) -> None:
    """Add an audit entry to the current unit of work (written with it, or not at all)."""
    entry = AuditEntry(
        at=clock.now(),
        username=current_user(session),
        action=action,
        entity=entity,
        entity_id=entity_id,
        summary=json.dumps(details, default=str, ensure_ascii=False, sort_keys=True),
    )
    entry.written = next(_written)  # type: ignore[attr-defined]  # the chain keeps this order
    session.add(entry)
    session.info.setdefault("recorded", set()).add((entity, entity_id))


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    username: str
    action: str
    entity: str
    entity_id: int | None
    summary: str


def history(session: Session, *, entity: str, entity_id: int) -> list[AuditRow]:
    """Every audit entry of one record, oldest first."""
    rows = session.execute(
        select(
            AuditEntry.at,
            AuditEntry.username,
            AuditEntry.action,
            AuditEntry.entity,
            AuditEntry.entity_id,
            AuditEntry.summary,
        )
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id)
    ).all()
    return [AuditRow(*row) for row in rows]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def _changes(obj: Any) -> dict[str, list[Any]]:
    """Old and new value of every column ``obj`` changes in this flush."""
    state = inspect(obj)
    found: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in UNAUDITED_COLUMNS:
            continue
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        if key in SECRET_COLUMNS:
            found[key] = ["***", "***"]
        else:
            found[key] = [_plain(old), _plain(new)]
    return found


def _key(obj: Any) -> tuple[str, int | None, str]:
    """(table, id, key): rows without an integer id (a setting) are named by their key."""
    table = getattr(obj, "__tablename__", "")
    ident = getattr(obj, "id", None)
    if isinstance(ident, int):
        return table, ident, ""
    identity = inspect(obj).identity or ()
    return table, None, "/".join(str(part) for part in identity)


def before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Keep the old and new values of every changed row; record deletions; seal new entries.

    Registered on every unit of work (``Database``). Changes are gathered over the
    unit of work's flushes and written at commit (``before_commit``) for each row the
    service did not record itself, so whatever a service changes is in the audit log.
    """
    pending: dict[tuple[str, int | None, str], dict[str, list[Any]]] = session.info.setdefault(
        "changes", {})
    for obj in list(session.dirty):
        table = getattr(obj, "__tablename__", "")
        if not table or table in UNAUDITED_TABLES:
            continue
        changes = _changes(obj)
        if not changes:
            continue
        known = pending.setdefault(_key(obj), {})
        for column, (old, new) in changes.items():
            known[column] = [known[column][0] if column in known else old, new]
    for obj in list(session.deleted):
        table = getattr(obj, "__tablename__", "")
        if not table or table in UNAUDITED_TABLES:
            continue
        state = inspect(obj)
        values = {attr.key: _plain(getattr(obj, attr.key)) for attr in state.mapper.column_attrs
                  if attr.key not in SECRET_COLUMNS}
        table, ident, key = _key(obj)
        record(session, action="delete", entity=table, entity_id=ident, values=values,
               **({"key": key} if key else {}))
    entries = [obj for obj in session.new if isinstance(obj, AuditEntry)]
    entries.sort(key=lambda entry: getattr(entry, "written", 0))
    audit_chain.seal(session, entries)


def before_commit(session: Session) -> None:
    """Record the changes of rows the service did not record itself (then flushed, sealed)."""
    session.flush()  # what is still unflushed is gathered by before_flush first
    pending = session.info.pop("changes", {})
    recorded = session.info.get("recorded", set())
    for (table, ident, key), changes in pending.items():
        changes = {column: pair for column, pair in changes.items() if pair[0] != pair[1]}
        if not changes or (ident is not None and (table, ident) in recorded):
            continue
        record(session, action="change", entity=table, entity_id=ident, changes=changes,
               **({"key": key} if key else {}))
    session.info.pop("recorded", None)
