"""Monthly periods: a closed month accepts no posting dated inside it (SPEC rule 7).

This module only answers whether a day is open; closing and reopening a month live in
``month_close``, which runs the month's check (nothing here imports the services that
post, so every one of them can ask ``ensure_open``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.formatting import format_date, format_month
from hotel_supply.i18n import _
from hotel_supply.models import Period
from hotel_supply.models.enums import PeriodStatus
from hotel_supply.services.errors import ClosedPeriodError


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
                "{month} is closed: nothing dated {date} can be created, changed or posted. "
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
