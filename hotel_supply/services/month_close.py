"""Closing and reopening a month (SPEC section 5 and rule 7).

A month closes only when the user has seen its reconciliation's exceptions and the
month's check (``month_check``) finds every figure in agreement; both are recorded.
Reopening is for an administrator, with a reason. This module sits above the
reconciliation and the check: they never import it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.formatting import format_month
from hotel_supply.i18n import _
from hotel_supply.models import Period
from hotel_supply.models.enums import PeriodStatus, Role
from hotel_supply.services import audit
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.services.month_check import CheckReport, check_month
from hotel_supply.services.reconciliation import reconcile


class CheckFailedError(DomainError):
    """The month's figures disagree: it cannot be closed until they are put right."""

    def __init__(self, report: CheckReport) -> None:
        self.report = report
        listed = "\n".join(f"• {d}" for d in report.disagreements[:10])
        more = len(report.disagreements) - 10
        if more > 0:
            listed += "\n" + _("… and {n} more").format(n=more)
        super().__init__(
            _("{month} cannot be closed: the check found {n} figures that disagree. Put them "
              "right first (hotel-supply check --month {ym} lists them all):").format(
                month=format_month(report.year, report.month), n=len(report.disagreements),
                ym=f"{report.year}-{report.month:02d}") + "\n" + listed)


def close_period(db: Database, *, year: int, month: int, exceptions_seen: int,
                 today: dt.date | None = None) -> CheckReport:
    """Close a month once the user has seen its exceptions (``exceptions_seen`` is how many
    the reconciliation showed them; if that changed meanwhile, they must look again) and
    the month's check is clean. Returns the check's report."""
    current = len(reconcile(db, year=year, month=month, today=today).exceptions)
    if current != exceptions_seen:
        raise DomainError(_("The exceptions of {month} changed since you reviewed them "
                            "({seen} then, {now} now): review them again before closing.")
                          .format(month=format_month(year, month), seen=exceptions_seen,
                                  now=current))
    report = check_month(db, year=year, month=month, today=today)
    if not report.ok:
        raise CheckFailedError(report)
    with db.unit_of_work(Role.FINANCE) as session:
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
        row.closed_by = audit.current_user(session)
        session.flush()
        audit.record(session, action="close", entity="period", entity_id=row.id, year=year,
                     month=month, exceptions_seen=exceptions_seen,
                     checked=sum(report.checked.values()))
    return report


def reopen_period(db: Database, *, year: int, month: int, reason: str) -> None:
    """Reopen a closed month: an administrator only, with a reason; recorded."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for reopening the month.")]})
    with db.unit_of_work(Role.ADMIN) as session:
        row = session.scalar(select(Period).where(Period.year == year, Period.month == month)
                             .with_for_update())
        if row is None or row.status != PeriodStatus.CLOSED:
            raise DomainError(_("{month} is not closed.").format(month=format_month(year, month)))
        row.status = PeriodStatus.OPEN
        row.reopened_at = clock.now()
        row.reopened_by = audit.current_user(session)
        row.reopen_reason = reason.strip()
        audit.record(session, action="reopen", entity="period", entity_id=row.id, year=year,
                     month=month, reason=reason.strip())
