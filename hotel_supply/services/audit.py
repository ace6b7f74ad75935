"""The audit log: who did what, and when, on every write (SPEC rule 9)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotel_supply import clock
from hotel_supply.models import AuditEntry


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
    session.add(
        AuditEntry(
            at=clock.now(),
            username=current_user(session),
            action=action,
            entity=entity,
            entity_id=entity_id,
            summary=json.dumps(details, default=str, ensure_ascii=False, sort_keys=True),
        )
    )


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
