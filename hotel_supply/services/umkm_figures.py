"""The periods and the figures the programme's reports are made of. Reads only.

A report period is a month (``2026-10``), a quarter (``2026-Q4``) or a year
(``2026``); each knows the period before it and the same period a year before.

Every figure comes from the posted (or invoiced) delivery notes and the issued
invoices, summed in SQL by supplier, hotel and month:

- accepted value: the delivery lines' amounts (accepted quantity × price, before
  PPN), exactly what the invoices bill;
- rejected value: rejected quantity × price, summed exactly and rounded to the
  rupiah once per figure;
- rejection rate: rejected value ÷ (accepted + rejected value), a share of value,
  since quantities of different units are never added together;
- billed: issued invoices of the period's months less the credit notes issued in
  them, before PPN, the PPN, and with PPN.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, extract, func, select
from sqlalchemy.orm import Session

from hotel_supply.formatting import format_month, round_rupiah
from hotel_supply.i18n import _
from hotel_supply.models import Certificate, Delivery, DeliveryLine, Invoice
from hotel_supply.models.base import quantity_value
from hotel_supply.models.enums import (
    CertificateKind,
    DeliveryStatus,
    InvoiceKind,
    InvoiceStatus,
    RejectionReason,
)
from hotel_supply.services.errors import ValidationError

__all__ = [
    "LIVE",
    "Billed",
    "CertificateRow",
    "Flow",
    "Period",
    "billed_by",
    "change_percent",
    "flows_by_month",
    "holds_valid",
    "latest_certificates",
    "month_range",
    "parse_period",
    "percent",
    "rejected_by_reason",
    "total_flow",
]

# Deliveries that count: posted, or posted and since invoiced (never drafts or cancelled).
LIVE = (DeliveryStatus.POSTED, DeliveryStatus.INVOICED)
_PERIOD = re.compile(r"^\s*(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])))?\s*$")
_ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True, order=True)
class Period:
    """A month (``kind`` "month", ``number`` 1–12), a quarter ("quarter", 1–4) or a year
    ("year", ``number`` 0)."""

    year: int
    kind: str
    number: int = 0

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        """"Oktober 2026", "Triwulan IV 2026", "2026" in the current language."""
        if self.kind == "month":
            return format_month(self.year, self.number)
        if self.kind == "quarter":
            return _("Quarter {roman} {year}").format(
                roman=_ROMAN[self.number - 1], year=self.year)
        return str(self.year)

    @property
    def first_month(self) -> tuple[int, int]:
        if self.kind == "month":
            return self.year, self.number
        if self.kind == "quarter":
            return self.year, 3 * self.number - 2
        return self.year, 1

    @property
    def length(self) -> int:
        """How many months the period holds."""
        return {"month": 1, "quarter": 3, "year": 12}[self.kind]

    def months(self) -> list[tuple[int, int]]:
        return list(month_range(self.first_month, self.length))

    @property
    def start(self) -> dt.date:
        year, month = self.first_month
        return dt.date(year, month, 1)

    @property
    def end(self) -> dt.date:
        year, month = self.months()[-1]
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def shifted(self, steps: int) -> Period:
        """The period ``steps`` periods of the same kind later (earlier when negative)."""
        if self.kind == "year":
            return Period(self.year + steps, "year")
        per_year = 12 if self.kind == "month" else 4
        index = self.year * per_year + self.number - 1 + steps
        return Period(index // per_year, self.kind, index % per_year + 1)

    def previous(self) -> Period:
        return self.shifted(-1)

    def year_before(self) -> Period:
        return Period(self.year - 1, self.kind, self.number)


def parse_period(text: str) -> Period:
    """``2026-10``, ``2026-Q4`` or ``2026`` as a period; a ``ValidationError`` saying the
    forms otherwise."""
    match = _PERIOD.match(text or "")
    year = int(match.group(1)) if match else 0
    month = int(match.group(2)) if match and match.group(2) else 0
    if match is None or not 2000 <= year <= 2100 or (match.group(2) and not 1 <= month <= 12):
        raise ValidationError({"period": [_(
            "“{text}” is not a period: write a month (2026-10), a quarter (2026-Q4) or a year "
            "(2026).").format(text=text)]})
    if month:
        return Period(year, "month", month)
    if match.group(3):
        return Period(year, "quarter", int(match.group(3)))
    return Period(year, "year")


def month_range(first: tuple[int, int], count: int) -> Iterator[tuple[int, int]]:
    """``count`` consecutive (year, month) pairs from ``first``."""
    index = first[0] * 12 + first[1] - 1
    for i in range(index, index + count):
        yield i // 12, i % 12 + 1


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal, half-up; ``None`` when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def change_percent(now: int, before: int) -> Decimal | None:
    """The change from ``before`` to ``now`` in percent; ``None`` when there was nothing before."""
    if before <= 0:
        return None
    return percent(now - before, before)


# --------------------------------------------------------------------------- delivery flows


@dataclass
class Flow:
    """What one supplier delivered (to one hotel, in one month): value accepted, value
    rejected exactly (rounded only when read), and the delivery notes."""

    accepted: int = 0
    rejected_exact: Decimal = Decimal(0)
    deliveries: int = 0

    @property
    def rejected(self) -> int:
        return round_rupiah(self.rejected_exact)

    @property
    def delivered(self) -> int:
        return round_rupiah(self.accepted + self.rejected_exact)

    @property
    def rejection_rate(self) -> Decimal | None:
        return percent(self.rejected_exact, self.accepted + self.rejected_exact)

    def add(self, other: Flow) -> None:
        self.accepted += other.accepted
        self.rejected_exact += other.rejected_exact
        self.deliveries += other.deliveries


def total_flow(flows: Iterable[Flow]) -> Flow:
    out = Flow()
    for f in flows:
        out.add(f)
    return out


FlowKey = tuple[int, int, int, int]  # supplier, hotel, year, month


def _live_lines(start: dt.date, end: dt.date) -> list[ColumnElement[bool]]:
    return [Delivery.status.in_(LIVE), Delivery.delivery_date >= start,
            Delivery.delivery_date <= end]


def flows_by_month(session: Session, start: dt.date, end: dt.date, *,
                   supplier_id: int | None = None) -> dict[FlowKey, Flow]:
    """Accepted and rejected value and delivery notes per supplier, hotel and month."""
    year = extract("year", Delivery.delivery_date)
    month = extract("month", Delivery.delivery_date)
    where = _live_lines(start, end)
    if supplier_id is not None:
        where.append(Delivery.supplier_id == supplier_id)
    stmt = (
        select(Delivery.supplier_id, Delivery.hotel_id, year, month,
               func.coalesce(func.sum(DeliveryLine.amount), 0),
               func.coalesce(func.sum(quantity_value(DeliveryLine.rejected_qty,
                                                     DeliveryLine.unit_price)), 0),
               func.count(func.distinct(Delivery.id)))
        .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id)
        .where(*where)
        .group_by(Delivery.supplier_id, Delivery.hotel_id, year, month)
    )
    found: dict[FlowKey, Flow] = {}
    for s, h, y, m, accepted, rejected, count in session.execute(stmt):
        found[(s, h, int(y), int(m))] = Flow(int(accepted), Decimal(rejected), int(count))
    return found


def rejected_by_reason(session: Session, start: dt.date, end: dt.date, *,
                       supplier_id: int | None = None
                       ) -> dict[tuple[int, RejectionReason | None], tuple[int, Decimal]]:
    """Per supplier and reason (``None``: none given): how many lines were rejected and
    their exact value."""
    where = _live_lines(start, end)
    if supplier_id is not None:
        where.append(Delivery.supplier_id == supplier_id)
    stmt = (
        select(Delivery.supplier_id, DeliveryLine.rejection_reason, func.count(),
               func.sum(quantity_value(DeliveryLine.rejected_qty, DeliveryLine.unit_price)))
        .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id)
        .where(*where, DeliveryLine.rejected_qty > 0)
        .group_by(Delivery.supplier_id, DeliveryLine.rejection_reason)
    )
    return {(s, reason): (int(lines), Decimal(value or 0))
            for s, reason, lines, value in session.execute(stmt)}


# --------------------------------------------------------------------------- billing


@dataclass
class Billed:
    """Issued invoices less issued credit notes: before PPN, PPN, and with PPN."""

    subtotal: int = 0
    ppn: int = 0
    total: int = 0

    def add(self, other: Billed) -> None:
        self.subtotal += other.subtotal
        self.ppn += other.ppn
        self.total += other.total


def billed_by(session: Session, months: Iterable[tuple[int, int]], *,
              supplier_id: int | None = None) -> dict[tuple[int, int], Billed]:
    """Per supplier and hotel: what the issued invoices of ``months`` bill, less the
    credit notes issued in those months."""
    wanted = list(months)
    years = {y for y, _m in wanted}
    where: list[ColumnElement[bool]] = [Invoice.status == InvoiceStatus.ISSUED,
                                        Invoice.year.in_(years)]
    if supplier_id is not None:
        where.append(Invoice.supplier_id == supplier_id)
    stmt = (
        select(Invoice.supplier_id, Invoice.hotel_id, Invoice.year, Invoice.month, Invoice.kind,
               func.sum(Invoice.subtotal), func.sum(Invoice.ppn), func.sum(Invoice.total))
        .where(*where)
        .group_by(Invoice.supplier_id, Invoice.hotel_id, Invoice.year, Invoice.month,
                  Invoice.kind)
    )
    found: dict[tuple[int, int], Billed] = defaultdict(Billed)
    keep = set(wanted)
    for s, h, y, m, kind, subtotal, ppn, total in session.execute(stmt):
        if (y, m) not in keep:
            continue
        sign = -1 if kind == InvoiceKind.CREDIT_NOTE else 1
        found[(s, h)].add(Billed(sign * int(subtotal), sign * int(ppn), sign * int(total)))
    return dict(found)


# --------------------------------------------------------------------------- certificates


@dataclass(frozen=True)
class CertificateRow:
    supplier_id: int
    kind: CertificateKind
    number: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    replaced: bool = field(default=False)  # a newer certificate of the same kind exists


def latest_certificates(session: Session, *, supplier_id: int | None = None
                        ) -> list[CertificateRow]:
    """Every certificate, the ones a newer certificate of the same kind replaced marked."""
    stmt = select(Certificate.supplier_id, Certificate.kind, Certificate.number,
                  Certificate.issued_on, Certificate.expires_on)
    if supplier_id is not None:
        stmt = stmt.where(Certificate.supplier_id == supplier_id)
    rows = list(session.execute(stmt))
    newest: dict[tuple[int, CertificateKind], dt.date] = {}
    for s, kind, _n, _i, expires in rows:
        key = (s, kind)
        if expires is None:
            newest[key] = dt.date.max
        elif key not in newest or expires > newest[key]:
            newest[key] = expires
    out = [
        CertificateRow(s, kind, number, issued, expires,
                       replaced=(expires or dt.date.max) < newest[(s, kind)])
        for s, kind, number, issued, expires in rows
    ]
    out.sort(key=lambda c: (c.supplier_id, c.kind.value, c.expires_on or dt.date.max))
    return out


def holds_valid(certificates: Iterable[CertificateRow], kind: CertificateKind,
                day: dt.date) -> set[int]:
    """The suppliers holding a certificate of ``kind`` valid on ``day``."""
    return {c.supplier_id for c in certificates
            if c.kind == kind and (c.expires_on is None or c.expires_on >= day)
            and (c.issued_on is None or c.issued_on <= day)}
