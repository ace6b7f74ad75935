"""Monthly periods: a closed month accepts no posting dated inside it (SPEC rule 7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

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
                "{month} is closed: nothing dated {date} can be posted. "
                "Post the correction in an open month and mention the document it corrects."
            ).format(month=format_month(day.year, day.month), date=format_date(day))
        )
