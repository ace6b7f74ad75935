"""Monthly periods: a closed month accepts no posting dated inside it (SPEC rule 7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.formatting import format_date, format_month
from hotel_supply.i18n import _
from hotel_supply.models import Period
from hotel_supply.models.enums import PeriodStatus
from hotel_supply.services import audit
from hotel_supply.services.errors import ClosedPeriodError, DomainError, ValidationError


def is_closed(session: Session, day: dt.date) -> bool:
    status = session.scalar(
        select(Period.status).where(Period.year == day.year, Period.month == day.month)
    )
    return status == PeriodStatus.CLOSED


def ensure_open(session: Session, day: dt.date) -> None:
    """Refuse a posting dated in a closed month, with a message that says what to do."""
    if is_closed(session, day):
        raise ClosedPeriodError(
            _(
                "{month} is closed: nothing dated {date} can be posted. "
                "Post the correction in an open month and mention the document it corrects."
            ).format(month=format_month(day.year, day.month), date=format_date(day))
        )


@dataclass(frozen=True)
class PeriodView:
    year: int
    month: int
    status: PeriodStatus
    closed_at: dt.datetime | None
    closed_by: str
    reopened_at: dt.datetime | None
    reopened_by: str
    reopen_reason: str


def period_view(db: Database, *, year: int, month: int) -> PeriodView:
    with db.reader() as session:
        row = session.scalar(select(Period).where(Period.year == year, Period.month == month))
        if row is None:
            return PeriodView(year, month, PeriodStatus.OPEN, None, "", None, "", "")
        return PeriodView(row.year, row.month, row.status, row.closed_at, row.closed_by,
                          row.reopened_at, row.reopened_by, row.reopen_reason)


def close_period(db: Database, *, year: int, month: int, exceptions_seen: int) -> None:
    """Close a month once the user has seen its exceptions (``exceptions_seen`` is how many
    the reconciliation showed them; if that changed meanwhile, they must look again)."""
    from hotel_supply.services.reconciliation import reconcile

    current = len(reconcile(db, year=year, month=month).exceptions)
    if current != exceptions_seen:
        raise DomainError(_("The exceptions of {month} changed since you reviewed them "
                            "({seen} then, {now} now): review them again before closing.")
                          .format(month=format_month(year, month), seen=exceptions_seen,
                                  now=current))
    with db.unit_of_work() as session:
        row = session.scalar(select(Period).where(Period.year == year, Period.month == month)
                             .with_for_update())
        if row is None:
            row = Period(year=year, month=month)
            session.add(row)
        elif row.status == PeriodStatus.CLOSED:
            raise DomainError(_("{month} is already closed.").format(
                month=format_month(year, month)))
        row.status = PeriodStatus.CLOSED
        row.closed_at = clock.now()
        row.closed_by = db.user
        session.flush()
        audit.record(session, action="close", entity="period", entity_id=row.id, year=year,
                     month=month, exceptions_seen=exceptions_seen)


def reopen_period(db: Database, *, year: int, month: int, reason: str) -> None:
    """Reopen a closed month: an administrator only, with a reason; recorded."""
    from hotel_supply.services.users import require_admin

    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for reopening the month.")]})
    with db.unit_of_work() as session:
        require_admin(session)
        row = session.scalar(select(Period).where(Period.year == year, Period.month == month)
                             .with_for_update())
        if row is None or row.status != PeriodStatus.CLOSED:
            raise DomainError(_("{month} is not closed.").format(month=format_month(year, month)))
        row.status = PeriodStatus.OPEN
        row.reopened_at = clock.now()
        row.reopened_by = db.user
        row.reopen_reason = reason.strip()
        audit.record(session, action="reopen", entity="period", entity_id=row.id, year=year,
                     month=month, reason=reason.strip())
